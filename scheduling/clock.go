// Package scheduling turns requested meetings into stored meetings with the schedule/
// engine: it maps an event's or a mission's clock (days, hours, slot length, breaks,
// time zone) onto the engine's slots and back, runs the engine (or its repair, on a
// re-run), and stores the result in one transaction. Missions and events call it; the
// background job kind "meetings.schedule" (MeetingsHandler) serves issue 13's generic use.
//
// The pieces are exported for other callers (an event's own job kind): Clock maps
// slots to instants, Request.Instance builds the engine's instance from the database's
// records, Run solves or repairs with progress, and Save stores a Plan.
package scheduling

import (
	"fmt"
	"strings"
	"time"

	"passerelle"
)

// Clock is when meetings may take place: the same hours on each day, cut into slots of
// SlotMinutes, minus the breaks, in the place's time zone. Times are local ("09:00"),
// so a meeting at 09:00 stays at 09:00 on the day clocks change.
type Clock struct {
	Days        []string `json:"days"`         // local dates, "2027-03-10", in order
	Start       string   `json:"start"`        // first slot's start, "09:00"
	End         string   `json:"end"`          // no slot ends after it, "18:00"
	SlotMinutes int      `json:"slot_minutes"` // 5 to 480
	Breaks      []Break  `json:"breaks,omitempty"`
	// MorningEnd splits the day into the engine's morning and afternoon sessions: slots
	// starting before it are morning. Default: the first break's start, else 13:00.
	MorningEnd string `json:"morning_end,omitempty"`
	TimeZone   string `json:"time_zone"` // IANA name

	loc     *time.Location
	starts  []int // minutes after midnight of each slot's start in a day
	days    []time.Time
	morning int
}

// Break is a pause in every day (lunch, coffee): no slot overlaps it.
type Break struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// minutes reads "HH:MM".
func minutes(s string) (int, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// Prepare checks the clock and computes its slots. Every problem is reported with its
// field (clock.days[2], clock.breaks[0].end…). A slot whose local start or end does not
// exist on its day (a clock change's gap) or happens twice (its overlap) is refused: the
// meeting's time would be ambiguous.
func (c *Clock) Prepare() error {
	p := passerelle.Problems{}
	c.loc, c.starts, c.days = nil, nil, nil
	c.TimeZone = strings.TrimSpace(c.TimeZone)
	if c.TimeZone == "" || c.TimeZone == "Local" {
		p.Add("clock.time_zone", "required (an IANA name such as Europe/Paris)")
	} else if loc, err := time.LoadLocation(c.TimeZone); err != nil {
		p.Add("clock.time_zone", "unknown time zone %q (use an IANA name such as Europe/Paris)", c.TimeZone)
	} else {
		c.loc = loc
	}
	if len(c.Days) == 0 {
		p.Add("clock.days", "required")
	} else if len(c.Days) > 60 {
		p.Add("clock.days", "at most %d days", 60)
	}
	for i, d := range c.Days {
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(d))
		if err != nil {
			p.Add(fmt.Sprintf("clock.days[%d]", i), "a date such as 2027-03-10")
			continue
		}
		if n := len(c.days); n > 0 && !t.After(c.days[n-1]) {
			p.Add(fmt.Sprintf("clock.days[%d]", i), "days must be in order, each once")
		}
		c.days = append(c.days, t)
	}
	start, ok1 := minutes(c.Start)
	if !ok1 {
		p.Add("clock.start", "a time such as 09:00")
	}
	end, ok2 := minutes(c.End)
	if !ok2 {
		p.Add("clock.end", "a time such as 09:00")
	}
	if c.SlotMinutes < 5 || c.SlotMinutes > 480 {
		p.Add("clock.slot_minutes", "between %d and %d", 5, 480)
	}
	type span struct{ a, b int }
	var breaks []span
	for i, b := range c.Breaks {
		a, okA := minutes(b.Start)
		e, okB := minutes(b.End)
		if !okA || !okB || e <= a {
			p.Add(fmt.Sprintf("clock.breaks[%d]", i), "a start and a later end, such as 12:30 and 14:00")
			continue
		}
		breaks = append(breaks, span{a, e})
	}
	morning := 13 * 60
	if len(breaks) > 0 {
		morning = breaks[0].a
	}
	if c.MorningEnd != "" {
		m, ok := minutes(c.MorningEnd)
		if !ok {
			p.Add("clock.morning_end", "a time such as 09:00")
		}
		morning = m
	}
	if ok1 && ok2 && end <= start {
		p.Add("clock.end", "the end must come after the start")
	}
	if err := p.Err(); err != nil {
		return err
	}
	for s := start; s+c.SlotMinutes <= end; s += c.SlotMinutes {
		free := true
		for _, b := range breaks {
			if s < b.b && s+c.SlotMinutes > b.a {
				free = false
			}
		}
		if free {
			c.starts = append(c.starts, s)
		}
	}
	if len(c.starts) == 0 {
		return passerelle.FieldError("clock.slot_minutes", "no slot fits between the start, the end and the breaks")
	}
	if c.SlotsPerDay()*len(c.days) > 5000 {
		return passerelle.FieldError("clock.days", "at most %d slots in all", 5000)
	}
	// Ambiguous local times: a slot's wall-clock start and end must each exist exactly once.
	for i := range c.days {
		for j := range c.starts {
			for _, m := range []int{c.starts[j], c.starts[j] + c.SlotMinutes} {
				if !c.wallExists(i, m) {
					return passerelle.FieldError(fmt.Sprintf("clock.days[%d]", i),
						"%s at %02d:%02d does not exist or happens twice in %s (the clocks change): move the day's hours", c.Days[i], m/60, m%60, c.TimeZone)
				}
			}
		}
	}
	n := 0
	for _, s := range c.starts {
		if s < morning {
			n++
		}
	}
	c.morning = n
	return nil
}

// wallExists reports whether local time m minutes after midnight on day i happens exactly
// once in the clock's zone.
func (c *Clock) wallExists(i, m int) bool {
	d := c.days[i]
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, m, 0, 0, c.loc)
	if t.Hour()*60+t.Minute() != m%(24*60) {
		return false // in a gap: Go moved it
	}
	// In an overlap the same wall time is also an hour (or the offset change) earlier or later.
	for _, delta := range []time.Duration{-time.Hour, time.Hour, -30 * time.Minute, 30 * time.Minute} {
		u := t.Add(delta)
		if u.Hour() == t.Hour() && u.Minute() == t.Minute() && u.Day() == t.Day() {
			return false
		}
	}
	return true
}

// SlotsPerDay is the number of slots of one day.
func (c *Clock) SlotsPerDay() int { return len(c.starts) }

// Slots is the number of slots in all.
func (c *Clock) Slots() int { return len(c.starts) * len(c.days) }

// MorningSlots is the engine's number of morning slots per day.
func (c *Clock) MorningSlots() int { return c.morning }

// Location is the clock's zone (after Prepare).
func (c *Clock) Location() *time.Location { return c.loc }

// Span returns the start and end instants (UTC) of 1-based slot s.
func (c *Clock) Span(s int) (start, end time.Time) {
	s--
	d, j := c.days[s/len(c.starts)], c.starts[s%len(c.starts)]
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, j, 0, 0, c.loc)
	u := time.Date(d.Year(), d.Month(), d.Day(), 0, j+c.SlotMinutes, 0, 0, c.loc)
	return t.UTC(), u.UTC()
}

// SlotAt returns the 1-based slot starting at instant t, or 0 when no slot starts then.
func (c *Clock) SlotAt(t time.Time) int {
	l := t.In(c.loc)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	m := l.Hour()*60 + l.Minute()
	if l.Second() != 0 || l.Nanosecond() != 0 {
		return 0
	}
	for i, d := range c.days {
		if !d.Equal(day) {
			continue
		}
		for j, s := range c.starts {
			if s == m {
				return i*len(c.starts) + j + 1
			}
		}
	}
	return 0
}

// Overlapping returns the 1-based slots that overlap [from, to).
func (c *Clock) Overlapping(from, to time.Time) []int {
	var out []int
	for s := 1; s <= c.Slots(); s++ {
		a, b := c.Span(s)
		if a.Before(to) && from.Before(b) {
			out = append(out, s)
		}
	}
	return out
}
