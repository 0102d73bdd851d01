package web

import (
	"net/http"
	"strings"

	ics "github.com/arran4/golang-ical"

	"passerelle"
)

// calendarURL is the address of the actor's feed, absolute so that a calendar program
// can subscribe to it; the secret in it is the only credential.
func (s *Server) calendarURL(r *http.Request) (string, error) {
	secret, err := s.meetings.CalendarSecret(r.Context())
	if err != nil {
		return "", err
	}
	return s.baseURL(r) + "/calendar/" + secret + ".ics", nil
}

// calendarFeed serves a user's meetings as an RFC 5545 calendar. The path's secret is
// the credential: an unknown or rotated one is 404 like any missing page.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	secret, found := strings.CutSuffix(r.PathValue("secret"), ".ics")
	if !found || !strings.HasPrefix(secret, "cal_") {
		return errNotFound
	}
	a, err := s.meetings.ActorForCalendar(r.Context(), secret)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			return errNotFound
		}
		return err
	}
	ms, err := s.meetings.CalendarMeetings(passerelle.NewContextWithActor(r.Context(), a))
	if err != nil {
		return err
	}
	cal := buildCalendar(s.baseURL(r), ms)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// The URL is a credential: keep it and the feed out of shared caches and referrers.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return cal.SerializeTo(w)
}

// buildCalendar turns meetings into a calendar. Times are written in UTC, which every
// calendar program accepts without a VTIMEZONE; the place's zone is named in the
// description. DTSTAMP and LAST-MODIFIED are the meeting's last change, SEQUENCE its
// count of changes a calendar shows, so that a program replaces its copy. URL is the
// meeting's page on base, the server's address.
func buildCalendar(base string, ms []*passerelle.Meeting) *ics.Calendar {
	cal := ics.NewCalendarFor("passerelle")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("passerelle")
	cal.SetXWRCalName("passerelle")
	cal.SetRefreshInterval("PT1H")
	for _, m := range ms {
		e := cal.AddEvent(m.UID)
		e.SetSummary(m.Title)
		e.SetStartAt(m.Start)
		e.SetEndAt(m.End)
		e.SetDtStampTime(m.UpdatedAt)
		e.SetCreatedTime(m.CreatedAt)
		e.SetModifiedAt(m.UpdatedAt)
		e.SetSequence(m.Sequence)
		switch m.Status {
		case passerelle.MeetingCancelled:
			e.SetStatus(ics.ObjectStatusCancelled)
		case passerelle.MeetingPlanned:
			e.SetStatus(ics.ObjectStatusTentative)
		default:
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
		if loc := strings.TrimSpace(strings.Join(nonEmpty(m.Location, m.Room), ", ")); loc != "" {
			e.SetLocation(loc)
		} else if m.VideoURL != "" {
			e.SetLocation(m.VideoURL)
		}
		e.SetDescription(meetingDescription(m))
		e.SetURL(meetingURL(base, m))
	}
	return cal
}

// meetingDescription is the plain text of a feed entry: who, which organisations, the
// video link and the place's local time. Feeds carry no catalogue language (one URL
// serves every program), so the labels are English.
func meetingDescription(m *passerelle.Meeting) string {
	var b strings.Builder
	names := func(rs []passerelle.NamedRef) string {
		s := make([]string, len(rs))
		for i, r := range rs {
			s[i] = r.Name
		}
		return strings.Join(s, ", ")
	}
	line := func(label, v string) {
		if v != "" {
			b.WriteString(label + ": " + v + "\n")
		}
	}
	line("Organisations", names(m.Organizations))
	line("People", names(m.People))
	line("Attending", strings.Join(m.Attendees, ", "))
	line("Video", m.VideoURL)
	loc := m.MeetingLocation()
	line("Local time", m.Start.In(loc).Format("Mon 2 Jan 2006 15:04")+"–"+m.End.In(loc).Format("15:04")+" ("+m.TimeZone+")")
	return strings.TrimSpace(b.String())
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// accountCalendar gives the user a new feed URL; calendars subscribed to the old one
// stop receiving updates.
func (s *Server) accountCalendar(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.meetings.RotateCalendarSecret(r.Context()); err != nil {
		return err
	}
	a := passerelle.ActorFromContext(r.Context())
	s.log.Info("calendar feed rotated", "user", a.UserID, "workspace", a.WorkspaceID, "addr", clientAddr(r))
	return s.redirect(w, r, "/account", "flash.calendar_rotated")
}
