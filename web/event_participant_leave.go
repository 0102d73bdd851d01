package web

import (
	"context"
	"net/http"

	"passerelle"
)

// participantLeave withdraws the signed-in participant from their event: their meetings
// still to come are cancelled (the other sides mailed once the agenda is published),
// their place goes to the waiting list, the organiser's address is told
// (docs/events.md, "Capacity and waiting list").
func (s *Server) participantLeave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	// The form's box says they mean it: a bare post (a stray click, a crawler) leaves nothing.
	if r.PostFormValue("confirm") != "yes" {
		return s.renderParticipantHome(w, r, v, passerelle.FieldError("confirm", "tick the box to confirm that you leave the event"))
	}
	em := s.eventMail(r)
	mails, err := s.eventService().LeaveEvent(r.Context(), v.Event.WorkspaceID, v.Me.ID, em.Mailer != nil)
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	s.log.Info("event participant left", "event", v.Event.ID, "participant", v.Me.ID, "mails", len(mails))
	return s.redirect(w, r, "/e/"+r.PathValue("workspace")+"/"+v.Event.Slug, "flash.event_left")
}
