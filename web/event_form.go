package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

type eventFormData struct {
	Event                *passerelle.Event
	Tables, Days, Phases string // the text fields as typed
}

// eventFormText writes an event's days, tables and phases as the form's text fields:
// one day per line ("2027-10-15 09:00-17:30 12:30-13:30", breaks after the hours), the
// number of tables or their names, one phase per line ("registration 2027-09-01 2027-09-30").
func eventFormText(e *passerelle.Event) eventFormData {
	d := eventFormData{Event: e}
	var days, phases []string
	for _, x := range e.Days {
		line := x.Date + " " + x.Start + "-" + x.End
		for _, b := range x.Breaks {
			line += " " + b.Start + "-" + b.End
		}
		days = append(days, line)
	}
	for _, p := range e.Phases {
		phases = append(phases, p.Phase+" "+p.Start+" "+p.End)
	}
	d.Days, d.Phases = strings.Join(days, "\n"), strings.Join(phases, "\n")
	numbered := true
	for i, t := range e.Tables {
		numbered = numbered && t == strconv.Itoa(i+1)
	}
	if numbered && len(e.Tables) > 0 {
		d.Tables = strconv.Itoa(len(e.Tables))
	} else {
		d.Tables = strings.Join(e.Tables, ", ")
	}
	return d
}

// parseEventForm reads the form into e; problems name the form's fields.
func parseEventForm(r *http.Request, e *passerelle.Event) (eventFormData, error) {
	e.Name, e.Slug = strings.TrimSpace(r.PostFormValue("name")), strings.TrimSpace(r.PostFormValue("slug"))
	e.Location, e.TimeZone = strings.TrimSpace(r.PostFormValue("location")), strings.TrimSpace(r.PostFormValue("time_zone"))
	e.VideoURL = strings.TrimSpace(r.PostFormValue("video_url"))
	e.MeetingMinutes, e.MaxMeetings = atoi(r.PostFormValue("meeting_minutes")), atoi(r.PostFormValue("max_meetings"))
	// The organiser's notices are written in the language of the page that sets the address.
	e.NotifyEmail, e.NotifyLang = strings.TrimSpace(r.PostFormValue("notify_email")), info(r).lang
	e.FollowUpMonths, e.MaxParticipants = optionalCount(r.PostFormValue("followup_months")), optionalCount(r.PostFormValue("max_participants"))
	e.Approval = r.PostFormValue("approval") == "1"
	d := eventFormData{Event: e, Tables: r.PostFormValue("tables"), Days: r.PostFormValue("days"), Phases: r.PostFormValue("phases")}
	p := passerelle.Problems{}
	e.Tables = nil
	if n, err := strconv.Atoi(strings.TrimSpace(d.Tables)); err == nil {
		if n < 0 || n > 10000 {
			p.Add("tables", "between 0 and 10000")
		}
		for i := 1; i <= n && i <= 10000; i++ {
			e.Tables = append(e.Tables, strconv.Itoa(i))
		}
	} else {
		e.Tables = splitList(d.Tables)
	}
	e.Days = nil
	for i, line := range strings.Split(strings.ReplaceAll(d.Days, "\r", ""), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var day passerelle.EventDay
		day.Date = f[0]
		var spans [][2]string
		for _, x := range f[1:] {
			if a, b, ok := strings.Cut(x, "-"); ok {
				spans = append(spans, [2]string{a, b})
			}
		}
		if len(spans) == 0 {
			p.Add("days", "line %d: a date, then the hours (09:00-17:30), then the breaks (12:30-13:30)", i+1)
			continue
		}
		day.Start, day.End = spans[0][0], spans[0][1]
		for _, s := range spans[1:] {
			day.Breaks = append(day.Breaks, passerelle.EventBreak{Start: s[0], End: s[1]})
		}
		e.Days = append(e.Days, day)
	}
	e.Phases = nil
	for i, line := range strings.Split(strings.ReplaceAll(d.Phases, "\r", ""), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			p.Add("phases", "line %d: a phase, its first and its last day", i+1)
			continue
		}
		e.Phases = append(e.Phases, passerelle.EventPhase{Phase: f[0], Start: f[1], End: f[2]})
	}
	if err := p.Err(); err != nil {
		return d, err
	}
	return d, e.Validate()
}

// optionalCount reads a number input whose empty value is the default, 0; anything else
// not a number is -1, which Validate refuses naming the field.
func optionalCount(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// eventFormErrors puts the errors of nested fields (days[0].breaks[1].start) on the form
// field that holds them, keeping the path in the message.
func eventFormErrors(pg *page, err error) map[string]string {
	out := map[string]string{}
	for k, v := range pg.L.FormErrors(err, "_") {
		field := k
		if i := strings.IndexAny(k, "[."); i > 0 {
			field = k[:i]
			v = k + ": " + v
		}
		if old, ok := out[field]; ok {
			v = old + "; " + v
		}
		out[field] = v
	}
	return out
}

// eventNew is the form for a new event, with a one-day example.
func (s *Server) eventNew(w http.ResponseWriter, r *http.Request) error {
	e := &passerelle.Event{TimeZone: "Europe/Paris", MeetingMinutes: 30, Tables: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}}
	pg := s.newPage(r, "event.new")
	pg.Data = eventFormText(e)
	return s.render(w, r, "event_form.html", pg)
}

// eventEdit is the form of an existing event.
func (s *Server) eventEdit(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	pg := s.newPage(r, "event.edit")
	pg.Data = eventFormText(e)
	return s.render(w, r, "event_form.html", pg)
}

// eventSave creates (no {event}) or updates an event from the form; a refused form
// comes back with what was typed and each field's problem, nothing saved.
func (s *Server) eventSave(w http.ResponseWriter, r *http.Request) error {
	e := &passerelle.Event{}
	if r.PathValue("event") != "" {
		id, err := idParam(r, "event")
		if err != nil {
			return err
		}
		if e, err = s.eventService().FindEventByID(r.Context(), id); err != nil {
			return err
		}
	}
	d, err := parseEventForm(r, e)
	em := s.eventMail(r)
	var mails []int64
	if err == nil {
		mails, err = s.eventService().SaveEvent(r.Context(), e, em.Mailer != nil)
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		pg := s.newPage(r, "event.new")
		pg.Data = d
		pg.Errors = eventFormErrors(pg, err)
		return s.renderStatus(w, r, status(err), "event_form.html", pg)
	}
	// Those a raised maximum admitted from the waiting list are told.
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	return s.redirect(w, r, fmt.Sprintf("/events/%d", e.ID), "flash.event_saved")
}
