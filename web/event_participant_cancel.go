package web

import (
	"context"
	"net/http"

	"passerelle"
)

// participantCancel cancels a meeting of the signed-in participant's published agenda
// that is yet to start; the other side is mailed (docs/events.md).
func (s *Server) participantCancel(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	mid, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	em := s.eventMail(r)
	mails, err := s.eventService().CancelOwnMeeting(r.Context(), v.Event.WorkspaceID, v.Me.ID, mid, em.Mailer != nil)
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	s.log.Info("event meeting cancelled by a participant", "event", v.Event.ID, "participant", v.Me.ID, "meeting", mid)
	return s.redirect(w, r, "/e/"+r.PathValue("workspace")+"/"+v.Event.Slug+"#agenda", "flash.event_meeting_cancelled")
}

// participantWithdraw takes back a request the signed-in participant sent, while it
// waits for an answer.
func (s *Server) participantWithdraw(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	rid, err := idParam(r, "request")
	if err != nil {
		return err
	}
	if err := s.eventService().WithdrawRequest(r.Context(), v.Event.WorkspaceID, v.Me.ID, rid); err != nil {
		if passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	return s.redirect(w, r, "/e/"+r.PathValue("workspace")+"/"+v.Event.Slug+"#sent", "flash.event_request_withdrawn")
}
