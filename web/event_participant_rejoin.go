package web

import (
	"context"
	"net/http"

	"passerelle"
)

// participantRejoin brings back a participant who left: a place, or one on the waiting
// list when the event is full.
func (s *Server) participantRejoin(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	em := s.eventMail(r)
	mails, err := s.eventService().RejoinEvent(r.Context(), v.Event.WorkspaceID, v.Me.ID, em.Mailer != nil)
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	return s.redirect(w, r, "/e/"+r.PathValue("workspace")+"/"+v.Event.Slug, "flash.event_rejoined")
}
