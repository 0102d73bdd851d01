package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestCalendarFeedKeepsLatest: a feed past store.CalendarFeedLimit keeps the most recent
// meetings by start, as CalendarMeetings says. It kept the oldest from two years back, so
// that a heavy user's calendar lost the meetings ahead, the ones a feed is for.
func TestCalendarFeedKeepsLatest(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		p := &passerelle.Person{FirstName: "Feed", LastName: "Contact"}
		must(t, store.NewPersonService(db).CreatePerson(n.sys, p))
		now := db.Now()
		from := now.AddDate(-1, 0, 0)
		span := now.AddDate(0, 1, 0).Sub(from)
		must(t, store.GenerateMeetings(n.sys, db, store.MeetingSpec{From: from, Span: span, OrgIDs: []int64{n.x.ID}, PersonIDs: []int64{p.ID},
			UserIDs: []int64{n.bobA.UserID}, Focus: n.aliceA.UserID, FocusN: store.CalendarFeedLimit + 10, FocusSpan: span, Seed: 7}))
		start := now.AddDate(0, 2, 0).Truncate(time.Hour)
		latest := &passerelle.Meeting{Title: "The meeting furthest ahead", Start: start, End: start.Add(time.Hour), TimeZone: "UTC",
			AttendeeIDs: []int64{n.aliceA.UserID}}
		must(t, store.NewMeetingService(db).CreateMeeting(n.sys, latest))
		ms, err := store.NewMeetingService(db).CalendarMeetings(passerelle.NewContextWithActor(context.Background(), n.aliceA))
		must(t, err)
		if len(ms) != store.CalendarFeedLimit {
			t.Errorf("%d meetings in the feed, want %d", len(ms), store.CalendarFeedLimit)
		}
		found := false
		for _, m := range ms {
			found = found || m.ID == latest.ID
		}
		if !found {
			t.Error("the feed lacks the meeting furthest ahead")
		}
	})
}
