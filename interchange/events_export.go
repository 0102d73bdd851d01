package interchange

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/locales"
)

// EventFeedURL is the address of a participant's calendar feed on base, the server's
// address; the secret in it is the only credential.
func EventFeedURL(base, secret string) string {
	return strings.TrimRight(base, "/") + "/event-feeds/" + secret + ".ics"
}

// ExportedMeeting is one meeting of an event in the export.
type ExportedMeeting struct {
	Participants []string `json:"participants"` // refs, requester first
	Start        string   `json:"start"`        // RFC 3339 with the event zone's offset
	End          string   `json:"end"`
	Table        string   `json:"table"`
	Status       string   `json:"status"`
	VideoURL     string   `json:"video_url,omitempty"`
	UID          string   `json:"uid"`
}

// ExportedParticipant is one participant in the export.
type ExportedParticipant struct {
	Ref          string                   `json:"ref"`
	Name         string                   `json:"name"`
	Email        string                   `json:"email,omitempty"`
	Organization passerelle.EventOrg      `json:"organization"`
	Profile      *passerelle.EventProfile `json:"profile,omitempty"`
	ICSURL       string                   `json:"ics_url"`
	Answers      []passerelle.EventAnswer `json:"answers,omitempty"` // to the registration questions
	// Status is empty for one who takes part, else unconfirmed, waiting or left.
	Status passerelle.ParticipantStatus `json:"status,omitempty"`
}

// EventExport is the JSON export of an event (docs/events.md).
type EventExport struct {
	Slug         string                `json:"slug"`
	Name         string                `json:"name"`
	TimeZone     string                `json:"time_zone"`
	Meetings     []ExportedMeeting     `json:"meetings"`
	Participants []ExportedParticipant `json:"participants"`
	// Statistics, when set, are written as the XLSX export's sheet "statistics" (the
	// figures of the event's statistics page; store.EventStatistics.Sheet).
	Statistics []EventStatRow `json:"-"`
}

// EventStatRow is one figure of the sheet "statistics": its section (requests,
// meetings, outcomes_recorded, survey_after_event, survey_months_later, countries,
// themes...), its item (a status, outcome, country or theme code, "total",
// "acceptance_rate", "meetings_answered") and its value; a theme's row has its label,
// its requests as Value, and its meetings held and meetings that led further.
type EventStatRow struct {
	Section, Item, Label string
	Value                float64
	Held, Further        int
	Theme                bool
}

// EventMeetingRow is what the export needs of one meeting.
type EventMeetingRow struct {
	Meeting  *passerelle.Meeting
	From, To string
}

// NewEventExport builds the export: times in the event's zone, each participant's feed
// address on base.
func NewEventExport(e *passerelle.Event, ps []*passerelle.EventParticipant, ms []EventMeetingRow, base string) *EventExport {
	loc := e.Zone()
	x := &EventExport{Slug: e.Slug, Name: e.Name, TimeZone: e.TimeZone, Meetings: []ExportedMeeting{}, Participants: []ExportedParticipant{}}
	for _, r := range ms {
		m := r.Meeting
		x.Meetings = append(x.Meetings, ExportedMeeting{Participants: []string{r.From, r.To}, Start: m.Start.In(loc).Format(time.RFC3339),
			End: m.End.In(loc).Format(time.RFC3339), Table: m.Room, Status: string(m.Status), VideoURL: m.VideoURL, UID: m.UID})
	}
	for _, p := range ps {
		x.Participants = append(x.Participants, ExportedParticipant{Ref: p.Ref, Name: p.Name, Email: p.Email, Organization: p.Organization,
			Profile: p.Profile, ICSURL: EventFeedURL(base, p.FeedSecret), Answers: p.Answers, Status: p.Status})
	}
	return x
}

// WriteJSON writes the export as indented JSON.
func (x *EventExport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(x)
}

// WriteXLSX writes the export as a workbook: sheet "meetings", sheet "participants" and,
// with Statistics, sheet "statistics" (numbers as numbers).
// Text cells that a spreadsheet would run as formulas are neutralised.
func (x *EventExport) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, head []string, rows [][]string) error {
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		all := append([][]string{head}, rows...)
		for i, r := range all {
			vals := make([]any, len(r))
			for j, v := range r {
				vals[j] = NeutralizeCell(v)
			}
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	if _, err := f.NewSheet("meetings"); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "participants"); err != nil {
		return err
	}
	names := map[string]string{}
	// A column per registration question, in the order first answered.
	var questions []string
	col := map[string]int{}
	for _, p := range x.Participants {
		for _, a := range p.Answers {
			if _, ok := col[a.Question]; !ok {
				col[a.Question] = len(questions)
				questions = append(questions, a.Question)
			}
		}
	}
	var prow [][]string
	for _, p := range x.Participants {
		names[p.Ref] = p.Name
		row := []string{p.Ref, p.Name, p.Email, p.Organization.Name, p.Organization.Country, p.Organization.Website, p.ICSURL, string(p.Status)}
		answers := make([]string, len(questions))
		for _, a := range p.Answers {
			answers[col[a.Question]] = a.Answer
		}
		prow = append(prow, append(row, answers...))
	}
	var mrow [][]string
	for _, m := range x.Meetings {
		a, b := m.Participants[0], m.Participants[1]
		day, from, to := m.Start, m.Start, m.End
		if t, err := time.Parse(time.RFC3339, m.Start); err == nil {
			day, from = t.Format(time.DateOnly), t.Format("15:04")
		}
		if t, err := time.Parse(time.RFC3339, m.End); err == nil {
			to = t.Format("15:04")
		}
		mrow = append(mrow, []string{day, from, to, m.Table, a, names[a], b, names[b], m.Status, m.VideoURL})
	}
	if err := write("participants", append([]string{"ref", "name", "email", "organization", "country", "website", "ics_url", "status"}, questions...), prow); err != nil {
		return err
	}
	if err := write("meetings", []string{"date", "start", "end", "table", "from", "from_name", "to", "to_name", "status", "video_url"}, mrow); err != nil {
		return err
	}
	if x.Statistics != nil {
		if err := x.writeStatistics(f); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// writeStatistics writes the sheet "statistics": section, item, label, value, and for a
// theme the meetings held and led further.
func (x *EventExport) writeStatistics(f *excelize.File) error {
	if _, err := f.NewSheet("statistics"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("statistics")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"section", "item", "label", "value", "held", "led_further"}); err != nil {
		return err
	}
	for i, r := range x.Statistics {
		row := []any{NeutralizeCell(r.Section), NeutralizeCell(r.Item), NeutralizeCell(r.Label), r.Value}
		if r.Theme {
			row = append(row, r.Held, r.Further)
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// EventCalendar is a participant's feed: their meetings of the event as an RFC 5545
// calendar, times in UTC (every program reads them without a VTIMEZONE) and the event's
// zone named in the description. A cancelled meeting stays, with STATUS:CANCELLED and its
// SEQUENCE raised, so that calendars drop it. pageURL is the participant's agenda page.
func EventCalendar(e *passerelle.Event, p *passerelle.EventParticipant, ms []EventMeetingRow, names map[string]string, pageURL string) *Calendar {
	return EventCalendarIn("en", e, p, ms, names, pageURL)
}

// EventCalendarIn is EventCalendar with the descriptions' words in lang ("en" or "fr"):
// a participant's feed is written in the participant's language.
func EventCalendarIn(lang string, e *passerelle.Event, p *passerelle.EventParticipant, ms []EventMeetingRow, names map[string]string, pageURL string) *Calendar {
	cal := &Calendar{Name: e.Name, TimeZone: e.TimeZone, Events: make([]CalendarEvent, 0, len(ms))}
	loc := e.Zone()
	for _, r := range ms {
		m := r.Meeting
		other := r.To
		if other == p.Ref {
			other = r.From
		}
		ev := CalendarEvent{UID: m.UID, Summary: e.Name + ": " + names[other], Start: m.Start, End: m.End,
			Stamp: m.UpdatedAt, Created: m.CreatedAt, Modified: m.UpdatedAt, Sequence: m.Sequence, Status: statusConfirmed, URL: pageURL}
		if m.Status == passerelle.MeetingCancelled {
			ev.Status = statusCancelled
		}
		ev.Location = strings.Join(nonEmpty(e.Location, tableLabel(lang, m.Room)), ", ")
		if ev.Location == "" {
			ev.Location = m.VideoURL
		}
		var d strings.Builder
		d.WriteString(fmt.Sprintf(locales.Text(lang, "ics.with"), names[other]) + "\n")
		if m.Room != "" {
			d.WriteString(tableLabel(lang, m.Room) + "\n")
		}
		if m.VideoURL != "" {
			d.WriteString(fmt.Sprintf(locales.Text(lang, "ics.video"), m.VideoURL) + "\n")
		}
		d.WriteString(fmt.Sprintf(locales.Text(lang, "ics.local_time"), localTime(lang, m.Start, m.End, loc, e.TimeZone)))
		ev.Description = d.String()
		cal.Events = append(cal.Events, ev)
	}
	return cal
}

func tableLabel(lang, t string) string {
	if t == "" {
		return ""
	}
	if _, err := strconv.Atoi(t); err == nil {
		return fmt.Sprintf(locales.Text(lang, "ics.table"), t)
	}
	return t
}
