package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/store"
)

type checkinSlot struct {
	Start    time.Time // in the event's zone
	Meetings []*store.EventMeeting
}

type eventCheckinData struct {
	Event *passerelle.Event
	Slots []checkinSlot
	Names map[string]string
	Orgs  map[string]string // participant ref -> organisation name
	Day   string
	Days  []string
}

// eventCheckin is the floor staff's page on a phone: one day's meetings slot by slot,
// each with its table and both sides, and one tap to mark it held or no-show (the
// meeting's status form, which comes back here).
func (s *Server) eventCheckin(w http.ResponseWriter, r *http.Request) error {
	d, err := s.eventDay(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "")
	p.TitleText = d.Event.Name
	p.Data = d
	return s.render(w, r, "event_checkin.html", p)
}

// eventDay reads one day of the page's event (?day=, else today if it is one of the
// event's days, else the first): its meetings that are not cancelled, slot by slot,
// each slot's by table.
func (s *Server) eventDay(r *http.Request) (eventCheckinData, error) {
	id, err := idParam(r, "event")
	if err != nil {
		return eventCheckinData{}, err
	}
	svc := s.eventService()
	e, err := svc.FindEventByID(r.Context(), id)
	if err != nil {
		return eventCheckinData{}, err
	}
	ms, err := svc.EventMeetings(r.Context(), e.ID)
	if err != nil {
		return eventCheckinData{}, err
	}
	ps, err := svc.EventParticipants(r.Context(), e.ID)
	if err != nil {
		return eventCheckinData{}, err
	}
	d := eventCheckinData{Event: e, Names: map[string]string{}, Orgs: map[string]string{}, Day: r.URL.Query().Get("day")}
	for _, p := range ps {
		d.Names[p.Ref], d.Orgs[p.Ref] = p.Name, p.Organization.Name
	}
	for _, x := range e.Days {
		d.Days = append(d.Days, x.Date)
	}
	if d.Day == "" && len(d.Days) > 0 {
		d.Day = d.Days[0]
		today := s.db.Now().In(e.Zone()).Format(time.DateOnly)
		for _, x := range d.Days {
			if x == today {
				d.Day = x
			}
		}
	}
	bySlot := map[int64]*checkinSlot{}
	for _, m := range ms {
		st := m.Meeting.Start.In(e.Zone())
		if st.Format(time.DateOnly) != d.Day || m.Meeting.Status == passerelle.MeetingCancelled {
			continue
		}
		k := st.Unix()
		if bySlot[k] == nil {
			bySlot[k] = &checkinSlot{Start: st}
		}
		bySlot[k].Meetings = append(bySlot[k].Meetings, m)
	}
	for _, sl := range bySlot {
		sort.Slice(sl.Meetings, func(a, b int) bool { return tableLess(sl.Meetings[a].Meeting.Room, sl.Meetings[b].Meeting.Room) })
		d.Slots = append(d.Slots, *sl)
	}
	sort.Slice(d.Slots, func(a, b int) bool { return d.Slots[a].Start.Before(d.Slots[b].Start) })
	return d, nil
}

// tableLess orders tables by number when they are numbers, else by name.
func tableLess(a, b string) bool {
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	if err1 == nil && err2 == nil {
		return x < y
	}
	return a < b
}

type statBar struct {
	Label string // whole, for the bar's tooltip
	Short string // what fits left of the bars
	N     int
	Width int // of 300
	Y     int
}

type eventStatsData struct {
	Event    *passerelle.Event
	Charts   []statChart
	Accepted int
	Requests int
	Rate     string
	Answered int // meetings with at least one survey answer right after the event
	// AnsweredLater: meetings with one in the survey's second round, months later.
	AnsweredLater int
	Themes        themeChart // requests, meetings held and meetings that led further by theme
	Timeline      *timelineChart
	Scales        []scaleLink // the run-up's scales, the one shown marked
}

// scaleLink offers one scale of the run-up chart: a plain link, no script.
type scaleLink struct {
	Label, Href string
	Current     bool
}

type statChart struct {
	Title  string // catalogue key
	Bars   []statBar
	Height int
}

func chart(title string, counts map[string]int, label func(string) string) statChart {
	c := statChart{Title: title}
	keys := make([]string, 0, len(counts))
	max := 0
	for k, n := range counts {
		keys = append(keys, k)
		if n > max {
			max = n
		}
	}
	sort.Slice(keys, func(a, b int) bool {
		if counts[keys[a]] != counts[keys[b]] {
			return counts[keys[a]] > counts[keys[b]]
		}
		return keys[a] < keys[b]
	})
	if len(keys) > 15 {
		keys = keys[:15]
	}
	for i, k := range keys {
		w := 0
		if max > 0 {
			w = counts[k] * 300 / max
		}
		l := label(k)
		c.Bars = append(c.Bars, statBar{Label: l, Short: strings.Join(fitLabel(l, 1), ""), N: counts[k], Width: w, Y: i * 24})
	}
	c.Height = len(c.Bars)*24 + 4
	return c
}

// eventStats shows the event's figures as SVG bar charts: requests by status, meetings
// by status (held, no-show...), participants by country, meetings by outcome, and
// requests, meetings held and meetings that led further by theme.
func (s *Server) eventStats(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	svc := s.eventService()
	e, err := svc.FindEventByID(r.Context(), id)
	if err != nil {
		return err
	}
	// The same figures as the XLSX export's sheet "statistics".
	st, err := svc.EventStatistics(r.Context(), e.ID)
	if err != nil {
		return err
	}
	p := s.newPage(r, "")
	p.TitleText = e.Name
	reqs, meets, countries, outcomes, survey, themeStats := st.Requests, st.Meetings, st.Countries, st.Outcomes, st.Survey, st.Themes
	// ?scale= picks the run-up's buckets (day, week, month); none, the span's default.
	points, scale, err := st.TimelineAt(r.URL.Query().Get("scale"))
	if err != nil {
		return err
	}
	d := eventStatsData{Event: e, Accepted: reqs["accepted"], Requests: st.RequestCount, Answered: survey.AnsweredRight, AnsweredLater: survey.AnsweredLater,
		Timeline: newTimelineChart(points, scale)}
	for _, sc := range []string{store.ScaleDay, store.ScaleWeek, store.ScaleMonth} {
		d.Scales = append(d.Scales, scaleLink{Label: p.L.T("event.scale_" + sc), Current: sc == scale,
			Href: "/events/" + strconv.FormatInt(e.ID, 10) + "/stats?scale=" + sc})
	}
	if st.RequestCount > 0 {
		d.Rate = fmt.Sprintf("%.0f %%", st.AcceptanceRate()*100)
	}
	themes, err := svc.EventThemes(r.Context(), e.WorkspaceID)
	if err != nil {
		return err
	}
	lang := info(r).lang
	d.Themes = newThemeChart(themeStats, func(code string) string {
		if t := themes[code]; t != nil {
			return t.Label(lang)
		}
		return code
	})
	d.Charts = []statChart{
		chart("event.requests", reqs, func(k string) string { return p.L.T("event.request_" + k) }),
		chart("event.meetings", meets, func(k string) string { return p.L.MeetingStatus(passerelle.MeetingStatus(k)) }),
		chart("event.outcomes", outcomes, func(k string) string { return p.L.MeetingOutcome(passerelle.MeetingOutcome(k)) }),
		chart("event.survey_outcomes", survey.Right, func(k string) string { return p.L.MeetingOutcome(passerelle.MeetingOutcome(k)) }),
		chart("event.survey_outcomes_later", survey.Later, func(k string) string { return p.L.MeetingOutcome(passerelle.MeetingOutcome(k)) }),
		chart("event.countries", countries, func(k string) string {
			if k == "?" {
				return "?"
			}
			return p.L.Country(k)
		}),
	}
	p.Data = d
	return s.render(w, r, "event_stats.html", p)
}
