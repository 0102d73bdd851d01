package web

import (
	"context"
	"fmt"
	"net/http"
)

// eventAdmit takes a participant off the event's waiting list, or back after they left
// or were removed ("Restore"), at the organiser's word, even past the maximum; they are
// mailed that the place is theirs.
func (s *Server) eventAdmit(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	pid, err := idParam(r, "participant")
	if err != nil {
		return err
	}
	em := s.eventMail(r)
	mails, err := s.eventService().AdmitParticipant(r.Context(), e.ID, pid, em.Mailer != nil)
	if err != nil {
		// One admitted already (a second click): the error page says so, 409.
		return err
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	return s.redirect(w, r, fmt.Sprintf("/events/%d#waiting", e.ID), "flash.event_admitted")
}
