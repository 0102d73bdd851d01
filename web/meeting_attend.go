package web

import (
	"net/http"
	"strconv"
)

// meetingAttend adds the signed-in user to the meeting's attendees, or takes them off
// (attend=0), and comes back to the meeting's page: a colleague joining a meeting gets
// it in their agenda and calendar feed in one click (store.SetAttending).
func (s *Server) meetingAttend(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	attend := r.PostForm.Get("attend") != "0"
	if _, err := s.meetings.SetAttending(r.Context(), id, attend); err != nil {
		return err
	}
	flash := "flash.meeting_attending"
	if !attend {
		flash = "flash.meeting_not_attending"
	}
	return s.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10), flash)
}
