package web

import (
	"net/http"
	"strconv"

	"passerelle"
)

// meetingStatus is the agenda's one tap: mark a meeting held, no-show, confirmed or
// cancelled, and go back where the user was (the agenda on a phone).
func (s *Server) meetingStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	m.Status = passerelle.MeetingStatus(r.PostForm.Get("status"))
	if err := s.meetings.UpdateMeeting(r.Context(), m); err != nil {
		return err
	}
	to := localReturn(r.PostForm.Get("return"))
	if to == "" {
		to = "/meetings/" + strconv.FormatInt(id, 10)
	}
	return s.redirect(w, r, to, "flash.saved")
}
