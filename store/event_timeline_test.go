package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestEventTimeline: the statistics' run-up counts by day in the event's zone (Tokyo:
// 16:00 UTC is the next day there) the participants who came, a registration on the day
// its link confirmed it and not the day it was typed, one on the waiting list not at
// all, and the requests on the day they were sent.
func TestEventTimeline(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		clock := time.Date(2027, 9, 1, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		bg := context.Background()
		res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "tl", "name": "Timeline", "time_zone": "Asia/Tokyo",
			"meeting_minutes": 30, "tables": 2, "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
			"participants": [{"ref": "p1", "name": "One"}, {"ref": "p2", "name": "Two"}]}`))
		must(t, err)
		e := res.Event
		e.MaxParticipants = 3
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		must(t, svc.SetRegistrationOpen(f.system, e.ID, true))
		register := func(name string, typed, confirmed time.Time) int64 {
			t.Helper()
			clock = typed
			token, err := svc.Register(bg, e, &passerelle.EventParticipant{Name: name, Email: name + "@example.org",
				Organization: passerelle.EventOrg{Name: name + " SAS", Country: "FR"}}, "en", "192.0.2.1")
			must(t, err)
			clock = confirmed
			p, _, err := svc.Signin(bg, token, false)
			must(t, err)
			return p.ID
		}
		// Typed on the 4th (19:00 in Tokyo), confirmed at 16:00 UTC: the 5th in Tokyo.
		ana := register("ana", time.Date(2027, 9, 4, 10, 0, 0, 0, time.UTC), time.Date(2027, 9, 4, 16, 0, 0, 0, time.UTC))
		// Full from here: Ben waits and is not counted.
		register("ben", time.Date(2027, 9, 6, 1, 0, 0, 0, time.UTC), time.Date(2027, 9, 6, 2, 0, 0, 0, time.UTC))
		ids := participantIDs(f.system, t, svc, e.ID)
		clock = time.Date(2027, 9, 6, 14, 59, 0, 0, time.UTC) // the 6th, 23:59 in Tokyo
		must(t, svc.SendRequest(bg, f.ws.ID, ids["p1"], "p2", "", ""))
		clock = time.Date(2027, 9, 6, 15, 0, 0, 0, time.UTC) // the 7th, 00:00 in Tokyo
		must(t, svc.SendRequest(bg, f.ws.ID, ana, "p2", "", ""))

		st, err := svc.EventStatistics(f.system, e.ID)
		must(t, err)
		got := fmt.Sprint(st.Timeline)
		if want := "[{2027-09-01 2 0} {2027-09-05 1 0} {2027-09-06 0 1} {2027-09-07 0 1}]"; got != want {
			t.Errorf("timeline %s, want %s", got, want)
		}
	})
}
