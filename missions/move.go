package missions

import (
	"context"
	"time"

	"passerelle"
	"passerelle/scheduling"
	"passerelle/store"
)

// Slots returns the programme's meeting times (their starts, UTC), the mission's days
// cut as the scheduler cuts them: the day's hours in meetings of the mission's length,
// less the lunch break. A hand move chooses one of them, so that a re-plan finds the
// meeting at a slot of its own and can keep it there.
func Slots(m *passerelle.Mission) ([]time.Time, *scheduling.Clock, error) {
	req := &scheduling.Request{}
	setting(m, req)
	c := &req.Clock
	if err := c.Prepare(); err != nil {
		return nil, nil, err
	}
	out := make([]time.Time, 0, c.Slots())
	for s := 1; s <= c.Slots(); s++ {
		a, _ := c.Span(s)
		out = append(out, a)
	}
	return out, c, nil
}

// Move puts one meeting of the mission's programme at start (one of Slots) and pins it
// or not, as the context's actor. It is refused, with the reason and nothing changed,
// at a time that is not one of the programme's (outside the mission's days or hours),
// when a target met is not available then, when a participant has another meeting then
// (store.MissionService.MoveMissionMeeting), and when a participant's meeting before
// or after, at another venue, leaves less than the travel time between them, counted
// as the scheduler does (whole free slots; a break is not travel time).
func Move(ctx context.Context, db *store.DB, ref string, meetingID int64, start time.Time, pinned bool) (*store.MissionMoved, error) {
	svc := store.NewMissionService(db)
	m, err := svc.FindMission(ctx, ref)
	if err != nil {
		return nil, err
	}
	req := &scheduling.Request{}
	setting(m, req)
	c := &req.Clock
	if err := c.Prepare(); err != nil {
		return nil, err
	}
	loc := c.Location()
	local := start.In(loc)
	day := local.Format(time.DateOnly)
	if day < m.StartDate || day > m.EndDate {
		return nil, passerelle.FieldError("start", "%s is not a day of the mission (%s to %s)", day, m.StartDate, m.EndDate)
	}
	slot := c.SlotAt(start)
	if slot == 0 {
		return nil, passerelle.FieldError("start", "%s is not a meeting time of the programme (from %s to %s, meetings of %d minutes, lunch 12:00–13:30)",
			local.Format("2006-01-02 15:04"), m.DayStart, m.DayEnd, m.MeetingMinutes)
	}
	from, to := c.Span(slot)
	ms, err := svc.MissionMeetings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var cur *passerelle.Meeting
	for _, x := range ms {
		if x.ID == meetingID {
			cur = x
		}
	}
	if cur == nil {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", "meeting")
	}
	// A target's availability: the meeting's targets must all be free then.
	if !cur.Start.Equal(from) {
		for _, t := range m.Targets {
			if !contains(cur.OrganizationIDs, t.OrganizationID) {
				continue
			}
			un, err := Unavailable(m, t, loc)
			if err != nil {
				return nil, err
			}
			for _, u := range un {
				if u.From.Before(to) && from.Before(u.To) {
					return nil, passerelle.FieldError("start", "%s is not available then (available: %s)", t.Name, t.Availability)
				}
			}
		}
	}
	travel := travelCheck(req, c)
	return svc.MoveMissionMeeting(ctx, m.ID, store.MissionMove{MeetingID: meetingID, Start: from, End: to, Pinned: pinned, Check: travel})
}

// travelCheck refuses a time at which a participant of the meeting (the delegation's
// lead, an organisation met) comes from, or goes to, a meeting of the programme at
// another venue on the same day with fewer free slots between them than the travel
// time needs (rounded up to slots, as scheduling.Request.Instance does). Nil when the
// mission gives no travel times.
func travelCheck(req *scheduling.Request, c *scheduling.Clock) func(*passerelle.Meeting, []*passerelle.Meeting) error {
	if len(req.Travel) == 0 {
		return nil
	}
	need := map[[2]string]int{}
	for _, t := range req.Travel {
		n := (t.Minutes + c.SlotMinutes - 1) / c.SlotMinutes
		need[[2]string{t.From, t.To}], need[[2]string{t.To, t.From}] = n, n
	}
	venue := func(x *passerelle.Meeting) string {
		if v := req.VenueOfTable(x.Room); v != nil {
			return v.Name
		}
		return ""
	}
	loc := c.Location()
	dayOf := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	// free counts the programme's slots wholly between two instants.
	free := func(a, b time.Time) int {
		n := 0
		for s := 1; s <= c.Slots(); s++ {
			x, y := c.Span(s)
			if !x.Before(a) && !y.After(b) {
				n++
			}
		}
		return n
	}
	return func(m *passerelle.Meeting, others []*passerelle.Meeting) error {
		v := venue(m)
		if v == "" {
			return nil
		}
		type who struct {
			name   string
			person bool
			id     int64
		}
		var ws []who
		for _, p := range m.People {
			ws = append(ws, who{p.Name, true, p.ID})
		}
		for _, o := range m.Organizations {
			ws = append(ws, who{o.Name, false, o.ID})
		}
		for _, w := range ws {
			var before, after *passerelle.Meeting
			for _, x := range others {
				if dayOf(x.Start) != dayOf(m.Start) {
					continue
				}
				if (w.person && !contains(x.PersonIDs, w.id)) || (!w.person && !contains(x.OrganizationIDs, w.id)) {
					continue
				}
				if !x.End.After(m.Start) && (before == nil || x.End.After(before.End)) {
					before = x
				}
				if !x.Start.Before(m.End) && (after == nil || x.Start.Before(after.Start)) {
					after = x
				}
			}
			for _, p := range [][2]*passerelle.Meeting{{before, m}, {m, after}} {
				a, b := p[0], p[1]
				if a == nil || b == nil {
					continue
				}
				va, vb := venue(a), venue(b)
				n := need[[2]string{va, vb}]
				if va == "" || vb == "" || va == vb || n == 0 {
					continue
				}
				if got := free(a.End, b.Start); got < n {
					return passerelle.FieldError("start", "travel: %s needs %d free meeting slot(s) from %s to %s (the travel time), and would have %d between %s and %s",
						w.name, n, va, vb, got, a.End.In(loc).Format("15:04"), b.Start.In(loc).Format("15:04"))
				}
			}
		}
		return nil
	}
}

func contains(xs []int64, x int64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
