package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestDashboardComingUp: the dashboard lists the reader's own meetings of the next two
// weeks (not cancelled ones, not those of others or further off) and the missions and
// events not over yet (neither cancelled nor done); another member never sees the
// reader's private meeting there. The events' list marks an event over.
func TestDashboardComingUp(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			// Dates from the store's clock: the sessions' expiry reads it too.
			now := db.Now().UTC().Truncate(24 * time.Hour)
			day := func(n int) string { return now.AddDate(0, 0, n).Format(time.DateOnly) }
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			meetings := store.NewMeetingService(db)
			alice := w.users["alice"].ID
			for _, m := range []struct {
				title  string
				days   int // from today
				status passerelle.MeetingStatus
			}{
				{"Call in four days", 4, passerelle.MeetingPlanned},
				{"Call called off", 6, passerelle.MeetingCancelled},
				{"Call in three weeks", 22, passerelle.MeetingPlanned},
			} {
				start := now.AddDate(0, 0, m.days).Add(14 * time.Hour)
				mt := &passerelle.Meeting{Title: m.title, Start: start, End: start.Add(time.Hour), TimeZone: "Asia/Tokyo",
					Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID, AttendeeIDs: []int64{alice}, Status: m.status}
				must(t, meetings.CreateMeeting(sys, mt))
			}
			past := now.AddDate(0, 0, -9)
			must(t, meetings.CreateMeeting(sys, &passerelle.Meeting{Title: "Call last month", Start: past, End: past.Add(time.Hour),
				TimeZone: "Europe/Paris", AttendeeIDs: []int64{alice}}))
			missions := store.NewMissionService(db)
			for _, m := range []*passerelle.Mission{
				{Slug: "kobe", Name: "Kobe mission", StartDate: day(20), EndDate: day(22), TimeZone: "Asia/Tokyo", MeetingMinutes: 60, Status: passerelle.MissionPlanned},
				{Slug: "seoul", Name: "Seoul mission under way", StartDate: day(-1), EndDate: day(1), TimeZone: "Asia/Seoul", MeetingMinutes: 60, Status: passerelle.MissionUnderWay},
				{Slug: "osaka", Name: "Osaka mission called off", StartDate: day(30), EndDate: day(32), TimeZone: "Asia/Tokyo", MeetingMinutes: 60, Status: passerelle.MissionCancelled},
				{Slug: "boston", Name: "Boston mission of last year", StartDate: day(-300), EndDate: day(-298), TimeZone: "America/New_York", MeetingMinutes: 60, Status: passerelle.MissionDone},
				{Slug: "lima", Name: "Lima mission never closed", StartDate: day(-30), EndDate: day(-28), TimeZone: "America/Lima", MeetingMinutes: 60, Status: passerelle.MissionPlanned},
			} {
				must(t, missions.CreateMission(sys, m))
			}
			events := store.NewEventService(db)
			for _, e := range []*passerelle.Event{
				{Slug: "bio-kyoto", Name: "Bio Kyoto partnering", TimeZone: "Asia/Tokyo", MeetingMinutes: 30, Days: []passerelle.EventDay{{Date: day(40), Start: "10:00", End: "17:00"}}, Tables: []string{"1"}},
				{Slug: "bio-lyon", Name: "Bio Lyon partnering of last year", TimeZone: "Europe/Paris", MeetingMinutes: 30, Days: []passerelle.EventDay{{Date: day(-40), Start: "10:00", End: "17:00"}}, Tables: []string{"1"}},
			} {
				_, err := events.SaveEvent(sys, e, false)
				must(t, err)
			}

			_, body := w.client(t, "alice").get("/")
			section := between(body, `id="coming-up"`, "</section>")
			// Its time in its own zone, 14:00 UTC being 23:00 in Tokyo.
			when := now.AddDate(0, 0, 4).Format("2 January 2006") + ", 23:00"
			for _, want := range []string{"Call in four days", when, "Asia/Tokyo", "Kobe mission", "Seoul mission under way", "Bio Kyoto partnering"} {
				if !strings.Contains(section, want) {
					t.Errorf("alice's dashboard lacks %q", want)
				}
			}
			for _, absent := range []string{"Call called off", "Call in three weeks", "Call last month", "Osaka mission", "Boston mission", "Lima mission", "Bio Lyon"} {
				if strings.Contains(section, absent) {
					t.Errorf("alice's dashboard shows %q", absent)
				}
			}
			_, body = w.client(t, "bob").get("/")
			section = between(body, `id="coming-up"`, "</section>")
			if strings.Contains(body, "Call in four days") || !strings.Contains(section, "No meeting of yours in the next 14 days.") {
				t.Error("bob's dashboard shows alice's private meeting, or not that he has none")
			}
			if !strings.Contains(section, "Kobe mission") {
				t.Error("bob's dashboard lacks the mission")
			}
			// The events' list marks the one whose last day has ended.
			_, body = w.client(t, "bob").get("/events")
			if row := between(body, "Bio Lyon partnering", "</tr>"); !strings.Contains(row, `class="badge event-over"`) {
				t.Errorf("last year's event is not marked over: %s", row)
			}
			if row := between(body, "Bio Kyoto partnering", "</tr>"); strings.Contains(row, "event-over") {
				t.Errorf("an event ahead is marked over: %s", row)
			}
		})
	}
}
