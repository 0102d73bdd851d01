package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// meetingNotes saves the notes form of a meeting's page: the shared notes (when the
// user may edit the meeting) and the member's private notes, with the outcome and its
// follow-up date, written right after the meeting.
func (s *Server) meetingNotes(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	// The meeting must be one the user may read, whatever the form holds: an empty
	// form answers like the meeting's page would.
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	f := r.PostForm
	n := store.MeetingNotes{}
	if v, ok := f["notes"]; ok {
		n.Shared = &v[0]
	}
	if v, ok := f["private_notes"]; ok {
		n.Private = &v[0]
	}
	if _, ok := f["outcome"]; ok {
		m.Outcome, m.FollowUp = passerelle.MeetingOutcome(f.Get("outcome")), f.Get("follow_up")
		if err := s.meetings.UpdateMeeting(r.Context(), m); err != nil {
			return s.meetingShowFailed(w, r, id, err, f)
		}
	}
	if n.Shared != nil || n.Private != nil {
		if _, err := s.meetings.SetMeetingNotes(r.Context(), id, n); err != nil {
			return s.meetingShowFailed(w, r, id, err, f)
		}
	}
	return s.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"#notes", "flash.saved")
}
