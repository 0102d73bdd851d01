package store_test

import (
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestEventThemeStats: each theme of the participants' profiles counts the requests
// and meetings where either side names it (once, when both do), the meetings held, and
// those that led further (an answer beyond "no further contact" in either round, or a
// member's record); another workspace finds no event, a viewer reads them.
func TestEventThemeStats(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC))
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		doc := strings.NewReplacer(
			`"name": "A",`, `"name": "A", "profile": {"themes": ["health.infectious", "health.biotech"]},`,
			`"name": "B",`, `"name": "B", "profile": {"themes": ["health.infectious"]},`,
			`"name": "C",`, `"name": "C", "profile": {"themes": ["health.biotech"]},`).Replace(pastEvent)
		res, pid, ms := publishPast(t, f, svc, doc)
		ev := res.Event.ID
		for _, m := range ms {
			switch m.From + m.To {
			case "ab", "cd":
				mm, err := f.meetings.FindMeetingByID(f.system, m.Meeting.ID)
				must(t, err)
				mm.Status = passerelle.MeetingHeld
				must(t, f.meetings.UpdateMeeting(f.system, mm))
				if m.From == "c" {
					must(t, svc.SaveOutcome(f.system, f.ws.ID, pid["c"], m.Meeting.ID, passerelle.OutcomeNoFurtherContact))
				}
			case "ae":
				must(t, svc.SaveOutcome(f.system, f.ws.ID, pid["e"], m.Meeting.ID, passerelle.OutcomeFurtherTalks))
			}
		}
		st, err := svc.EventThemeStats(f.viewer, ev)
		must(t, err)
		want := []store.ThemeStat{{Theme: "health.biotech", Requests: 3, Held: 2, Further: 1},
			{Theme: "health.infectious", Requests: 2, Held: 1, Further: 1}}
		if len(st) != len(want) || st[0] != want[0] || st[1] != want[1] {
			t.Errorf("theme statistics %+v, want %+v", st, want)
		}
		if _, err := svc.EventThemeStats(f.otherSystem, ev); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace: %v", err)
		}
	})
}
