package web

import (
	"context"
	"fmt"
	"net/http"

	"passerelle"
)

// eventRemove takes a participant off the event at the organiser's word (a spam
// registration, one who will not come): their meetings to come are cancelled, the
// other sides and they themselves mailed, their place given to the waiting list.
func (s *Server) eventRemove(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	pid, err := idParam(r, "participant")
	if err != nil {
		return err
	}
	// The row's box says the organiser means it: a bare post removes no one.
	if r.PostFormValue("confirm") != "yes" {
		return passerelle.FieldError("confirm", "tick the box to confirm the removal")
	}
	em := s.eventMail(r)
	mails, err := s.eventService().RemoveParticipant(r.Context(), e.ID, pid, em.Mailer != nil)
	if err != nil {
		return err
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	return s.redirect(w, r, fmt.Sprintf("/events/%d#participants", e.ID), "flash.event_participant_removed")
}
