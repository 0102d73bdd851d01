package interchange

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/locales"
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
	return MeetingCalendarIn("en", base, ms)
}

// MeetingCalendarIn is MeetingCalendar with the descriptions' words in lang ("en" or
// "fr"): a user's feed is written in the user's language.
func MeetingCalendarIn(lang, base string, ms []*passerelle.Meeting) *Calendar {
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
		e.Description = meetingDescription(lang, m)
		e.URL = MeetingURL(base, m)
	}
	return cal
}

// meetingDescription is the plain text of a feed entry: who, which organisations, the
// video link and the place's local time, labelled in lang.
func meetingDescription(lang string, m *passerelle.Meeting) string {
	var b strings.Builder
	names := func(rs []passerelle.NamedRef) string {
		s := make([]string, len(rs))
		for i, r := range rs {
			s[i] = r.Name
			if r.Name == passerelle.ErasedPersonName {
				s[i] = locales.Text(lang, "person.erased")
			}
		}
		return strings.Join(s, ", ")
	}
	line := func(key, v string) {
		if v != "" {
			b.WriteString(fmt.Sprintf(locales.Text(lang, key), v) + "\n")
		}
	}
	line("ics.organisations", names(m.Organizations))
	line("ics.people", names(m.People))
	line("ics.attending", strings.Join(m.Attendees, ", "))
	line("ics.video", m.VideoURL)
	line("ics.local_time", localTime(lang, m.Start, m.End, m.MeetingLocation(), m.TimeZone))
	return strings.TrimSpace(b.String())
}

// localTime writes a meeting's day and hours in the place's zone as people of lang
// write them: "Wed 10 Mar 2027 09:00–10:00 (Europe/Copenhagen)",
// "10/03/2027 09:00–10:00 (Europe/Copenhagen)".
func localTime(lang string, start, end time.Time, loc *time.Location, zone string) string {
	layout := "Mon 2 Jan 2006 15:04"
	if lang == "fr" {
		layout = "02/01/2006 15:04"
	}
	return start.In(loc).Format(layout) + "–" + end.In(loc).Format("15:04") + " (" + zone + ")"
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
