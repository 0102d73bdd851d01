package store

import (
	"context"
	"sort"

	"passerelle"
	"passerelle/interchange"
)

// EventStatistics are the figures of an event's statistics page, which its XLSX export
// writes too (sheet "statistics"), read in one place so that both say the same.
type EventStatistics struct {
	Participants int
	Requests     map[string]int // meeting requests by status
	RequestCount int
	Meetings     map[string]int // meetings by status (planned, held, no_show, cancelled)
	Outcomes     map[string]int // meetings by the outcome a member of the workspace recorded
	Survey       *SurveyStats   // the participants' answers, each round
	Countries    map[string]int // participants by country code, "?" when unknown
	Themes       []ThemeStat
	// Timeline is the run-up by day: participants arrived, requests sent.
	Timeline []TimelineDay
}

// AcceptanceRate is the share of the requests accepted, 0 without requests.
func (st *EventStatistics) AcceptanceRate() float64 {
	if st.RequestCount == 0 {
		return 0
	}
	return float64(st.Requests[string(passerelle.RequestAccepted)]) / float64(st.RequestCount)
}

// EventStatistics reads the event's figures. Readers of the event's workspace; another
// workspace's event is ENOTFOUND.
func (s *EventService) EventStatistics(ctx context.Context, eventID int64) (*EventStatistics, error) {
	e, err := s.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, err
	}
	st := &EventStatistics{Requests: map[string]int{}, Meetings: map[string]int{}, Outcomes: map[string]int{}, Countries: map[string]int{}}
	ps, err := s.EventParticipants(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		// Those who take part: not a registration unconfirmed, one waiting or gone.
		if p.Status != "" {
			continue
		}
		st.Participants++
		c := p.Organization.Country
		if c == "" {
			c = "?"
		}
		st.Countries[c]++
	}
	rqs, _, err := s.EventRequests(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	st.RequestCount = len(rqs)
	for _, rq := range rqs {
		st.Requests[string(rq.Status)]++
	}
	ms, err := s.EventMeetings(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		st.Meetings[string(m.Meeting.Status)]++
		if m.Meeting.Outcome != "" {
			st.Outcomes[string(m.Meeting.Outcome)]++
		}
	}
	if st.Survey, err = s.EventSurvey(ctx, e.ID); err != nil {
		return nil, err
	}
	if st.Themes, err = s.EventThemeStats(ctx, e.ID); err != nil {
		return nil, err
	}
	if st.Timeline, err = eventTimeline(ctx, s.db.read, e); err != nil {
		return nil, err
	}
	return st, nil
}

// Sheet is the statistics as rows of the XLSX export's sheet "statistics": section,
// item (a status, outcome, country or theme code) and count, in the order of the page;
// a theme's row also has its label (label gives it) and its meetings held and led further.
func (st *EventStatistics) Sheet(label func(theme string) string) []interchange.EventStatRow {
	var out []interchange.EventStatRow
	add := func(section, item string, v float64) {
		out = append(out, interchange.EventStatRow{Section: section, Item: item, Value: v})
	}
	counts := func(section string, m map[string]int, order []string) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		rank := map[string]int{}
		for i, k := range order {
			rank[k] = i + 1
		}
		sort.Slice(keys, func(a, b int) bool {
			ra, rb := rank[keys[a]], rank[keys[b]]
			if ra == 0 {
				ra = len(order) + 1
			}
			if rb == 0 {
				rb = len(order) + 1
			}
			if ra != rb {
				return ra < rb
			}
			if m[keys[a]] != m[keys[b]] {
				return m[keys[a]] > m[keys[b]]
			}
			return keys[a] < keys[b]
		})
		for _, k := range keys {
			add(section, k, float64(m[k]))
		}
	}
	outcomes := []string{"no_further_contact", "further_talks", "negotiation", "agreement_reached"}
	add("participants", "total", float64(st.Participants))
	add("requests", "total", float64(st.RequestCount))
	counts("requests", st.Requests, []string{"accepted", "pending", "declined", "cancelled"})
	add("requests", "acceptance_rate", float64(int(st.AcceptanceRate()*10000+0.5))/10000)
	counts("meetings", st.Meetings, []string{"held", "no_show", "planned", "cancelled"})
	counts("outcomes_recorded", st.Outcomes, outcomes)
	if st.Survey != nil {
		add("survey_after_event", "meetings_answered", float64(st.Survey.AnsweredRight))
		counts("survey_after_event", st.Survey.Right, outcomes)
		add("survey_months_later", "meetings_answered", float64(st.Survey.AnsweredLater))
		counts("survey_months_later", st.Survey.Later, outcomes)
	}
	counts("countries", st.Countries, nil)
	for _, t := range st.Themes {
		r := interchange.EventStatRow{Section: "themes", Item: t.Theme, Value: float64(t.Requests), Held: t.Held, Further: t.Further, Theme: true}
		if label != nil {
			r.Label = label(t.Theme)
		}
		out = append(out, r)
	}
	for _, d := range st.Timeline {
		if d.Participants > 0 {
			add("participants_by_day", d.Day, float64(d.Participants))
		}
	}
	for _, d := range st.Timeline {
		if d.Requests > 0 {
			add("requests_by_day", d.Day, float64(d.Requests))
		}
	}
	return out
}

// EventStatisticsSheet is the event's sheet "statistics" for its XLSX export, the themes
// named in lang.
func (s *EventService) EventStatisticsSheet(ctx context.Context, e *passerelle.Event, lang string) ([]interchange.EventStatRow, error) {
	st, err := s.EventStatistics(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	themes, err := s.EventThemes(ctx, e.WorkspaceID)
	if err != nil {
		return nil, err
	}
	return st.Sheet(func(code string) string {
		if t := themes[code]; t != nil {
			return t.Label(lang)
		}
		return code
	}), nil
}
