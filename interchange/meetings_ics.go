package interchange

import (
	"strconv"
	"strings"

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
func MeetingCalendar(base string, ms []*passerelle.Meeting) *Calendar {
	cal := &Calendar{Name: "passerelle", Events: make([]CalendarEvent, len(ms))}
	for i, m := range ms {
		e := &cal.Events[i]
		e.UID, e.Summary, e.Start, e.End, e.Sequence = m.UID, m.Title, m.Start, m.End, m.Sequence
		e.Stamp, e.Created, e.Modified = m.UpdatedAt, m.CreatedAt, m.UpdatedAt
		switch m.Status {
		case passerelle.MeetingCancelled:
			e.Status = statusCancelled
		case passerelle.MeetingPlanned:
			e.Status = statusTentative
		default:
			e.Status = statusConfirmed
		}
		if loc := strings.TrimSpace(strings.Join(nonEmpty(m.Location, m.Room), ", ")); loc != "" {
			e.Location = loc
		} else {
			e.Location = m.VideoURL
		}
		e.Description = meetingDescription(m)
		e.URL = MeetingURL(base, m)
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
