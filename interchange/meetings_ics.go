package interchange

import (
	"strconv"
	"strings"

	ics "github.com/arran4/golang-ical"

	"passerelle"
)

// MeetingURL is the absolute address of a meeting's page on base, the server's address.
func MeetingURL(base string, m *passerelle.Meeting) string {
	return strings.TrimRight(base, "/") + "/meetings/" + strconv.FormatInt(m.ID, 10)
}

// MeetingCalendar turns meetings into an RFC 5545 calendar (the feed and the export). Times are written in UTC, which every
// calendar program accepts without a VTIMEZONE; the place's zone is named in the
// description. DTSTAMP and LAST-MODIFIED are the meeting's last change, SEQUENCE its
// count of changes a calendar shows, so that a program replaces its copy. URL is the
// meeting's page on base, the server's address.
func MeetingCalendar(base string, ms []*passerelle.Meeting) *ics.Calendar {
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
		e.SetURL(MeetingURL(base, m))
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
