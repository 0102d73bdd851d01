package web

import (
	"net/http"
	"strconv"
	"time"

	"passerelle"
)

type meetingShowData struct {
	Meeting    *passerelle.Meeting
	Start, End time.Time // in the meeting's zone
	FollowUp   time.Time // zero when none
}

// meetingShow is a meeting's page. Another member's private meeting is not found: the
// store scopes the read.
func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	loc := m.MeetingLocation()
	p := s.newPage(r, "")
	p.TitleText = m.Title
	d := meetingShowData{Meeting: m, Start: m.Start.In(loc), End: m.End.In(loc)}
	if m.FollowUp != "" {
		d.FollowUp, _ = time.Parse(time.DateOnly, m.FollowUp) // validated on write
	}
	p.Data = d
	return s.render(w, r, "meeting_show.html", p)
}

// meetingURL is the absolute address of a meeting's page, for calendar programs.
func meetingURL(base string, m *passerelle.Meeting) string {
	return base + "/meetings/" + strconv.FormatInt(m.ID, 10)
}

// MeetingWhen is a meeting's date and times in its own zone, as on its page and in the
// histories: "10 March 2027, 09:00–10:00"; the end's date is given when it differs.
func (l *Localizer) MeetingWhen(m *passerelle.Meeting) string {
	loc := m.MeetingLocation()
	start, end := m.Start.In(loc), m.End.In(loc)
	s := l.Date(start) + ", " + start.Format("15:04") + "–"
	if y1, m1, d1 := start.Date(); y1 != end.Year() || m1 != end.Month() || d1 != end.Day() {
		s += l.Date(end) + ", "
	}
	return s + end.Format("15:04")
}

// MeetingStatus, MeetingOutcome and MeetingOrigin name a meeting's codes in the
// language.
func (l *Localizer) MeetingStatus(s passerelle.MeetingStatus) string {
	return l.T("meeting.status." + string(s))
}

func (l *Localizer) MeetingOutcome(o passerelle.MeetingOutcome) string {
	if o == passerelle.OutcomeNone {
		return l.T("meeting.outcome.none")
	}
	return l.T("meeting.outcome." + string(o))
}

func (l *Localizer) MeetingOrigin(o passerelle.MeetingOrigin) string {
	if o == passerelle.OriginNone {
		return l.T("meeting.origin.none")
	}
	return l.T("meeting.origin." + string(o))
}
