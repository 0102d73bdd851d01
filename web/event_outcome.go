package web

import (
	"net/http"
	"strings"

	"passerelle"
)

// participantOutcome records the signed-in participant's answer to the outcome survey
// of one of their meetings, once it is over (docs/events.md).
func (s *Server) participantOutcome(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	mid, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	o := passerelle.MeetingOutcome(strings.TrimSpace(r.PostFormValue("outcome")))
	if err := s.eventService().SaveOutcome(r.Context(), v.Event.WorkspaceID, v.Me.ID, mid, o); err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	return s.redirect(w, r, "/e/"+r.PathValue("workspace")+"/"+v.Event.Slug+"#agenda", "flash.event_outcome_saved")
}
