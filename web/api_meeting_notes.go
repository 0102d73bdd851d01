package web

import (
	"net/http"

	"passerelle"
	"passerelle/store"
)

// meetingNotesBody is what PUT /api/v1/meetings/{meeting}/notes takes: the shared notes,
// the caller's member's private notes, or both; a field left out is left as it is.
type meetingNotesBody struct {
	Notes        *string `json:"notes"`
	PrivateNotes *string `json:"private_notes"`
}

func (s *Server) apiMeetingNotes(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	b := &meetingNotesBody{}
	if err := decode(r, b); err != nil {
		return err
	}
	m, err := s.meetings.SetMeetingNotes(r.Context(), id, store.MeetingNotes{Shared: b.Notes, Private: b.PrivateNotes})
	if err != nil {
		return err
	}
	return ok(w, m)
}

// meetingOutcomeBody is what PUT /api/v1/meetings/{meeting}/outcome takes: what came of
// the meeting, the date to follow it up, and optionally its status (held, no_show).
type meetingOutcomeBody struct {
	Outcome  passerelle.MeetingOutcome `json:"outcome"`
	FollowUp string                    `json:"follow_up"`
	Status   *passerelle.MeetingStatus `json:"status"`
}

func (s *Server) apiMeetingOutcome(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	b := &meetingOutcomeBody{}
	if err := decode(r, b); err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	m.Outcome, m.FollowUp = b.Outcome, b.FollowUp
	if b.Status != nil {
		m.Status = *b.Status
	}
	if err := s.meetings.UpdateMeeting(r.Context(), m); err != nil {
		return err
	}
	return ok(w, m)
}
