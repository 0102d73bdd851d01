package report_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/report"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestMissionAcrossNewYear: a mission over the new year is in both years' reports, each
// with its meetings of that year (by their day where they take place). Each report
// counted every meeting of the programme, so the meetings of one were counted in both.
func TestMissionAcrossNewYear(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, f.sys)
			m := &passerelle.Mission{Slug: "seoul-new-year", Name: "Mission du Nouvel An", Destination: "Seoul, KR", StartDate: "2020-12-30",
				EndDate: "2021-01-02", TimeZone: "Asia/Seoul", MeetingMinutes: 60}
			must(t, store.NewMissionService(db).CreateMission(sys, m))
			// 31 December 23:30 UTC is already 1 January in Seoul.
			for i, at := range []time.Time{time.Date(2020, 12, 30, 1, 0, 0, 0, time.UTC), time.Date(2020, 12, 31, 23, 30, 0, 0, time.UTC),
				time.Date(2021, 1, 2, 2, 0, 0, 0, time.UTC)} {
				must(t, store.NewMeetingService(db).CreateMeeting(sys, &passerelle.Meeting{Title: "rendez-vous " + string(rune('A'+i)), Start: at, End: at.Add(time.Hour),
					TimeZone: "Asia/Seoul", Origin: passerelle.OriginMission, OriginID: m.ID}))
			}
			for _, tc := range []struct{ year, meetings int }{{2020, 1}, {2021, 2}} {
				d, err := report.Gather(ctx, db, f.sys, tc.year, "", figures)
				must(t, err)
				var got *report.Mission
				for i := range d.Missions {
					if d.Missions[i].Slug == m.Slug {
						got = &d.Missions[i]
					}
				}
				if got == nil || got.Meetings != tc.meetings {
					t.Errorf("%d: %+v, want %d meetings", tc.year, got, tc.meetings)
				}
			}
		})
	}
}

// TestEventAcrossNewYear: the same for a partnering event over the new year: each
// year's row counts the meetings of its days.
func TestEventAcrossNewYear(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, f.sys)
			events := store.NewEventService(db)
			p := func(ref, name string) *passerelle.EventParticipant {
				return &passerelle.EventParticipant{Ref: ref, Name: name, Organization: passerelle.EventOrg{Name: name + " KK", Country: "JP"}}
			}
			_, err := events.ImportEvent(sys, &passerelle.EventImport{Event: passerelle.Event{Slug: "new-year-fair", Name: "New Year Fair", TimeZone: "Asia/Tokyo",
				MeetingMinutes: 30, Tables: []string{"T1", "T2"}, Days: []passerelle.EventDay{{Date: "2020-12-31", Start: "09:00", End: "12:00"},
					{Date: "2021-01-01", Start: "09:00", End: "12:00"}}},
				Participants: []*passerelle.EventParticipant{p("a", "Aoki"), p("b", "Baba"), p("c", "Chiba")},
				Requests: []*passerelle.EventRequest{{From: "a", To: "b", Status: passerelle.RequestAccepted}, {From: "a", To: "c", Status: passerelle.RequestAccepted},
					{From: "b", To: "c", Status: passerelle.RequestAccepted}}})
			must(t, err)
			e, err := events.FindEventBySlug(sys, "new-year-fair")
			must(t, err)
			rqs, _, err := events.EventRequests(sys, e.ID)
			must(t, err)
			if len(rqs) != 3 {
				t.Fatalf("%d requests", len(rqs))
			}
			tokyo, _ := time.LoadLocation("Asia/Tokyo")
			var placed []store.EventPlacement
			for i, day := range []int{31, 32, 32} { // one meeting on 31 December, two on 1 January, Tokyo time
				at := time.Date(2020, 12, day, 9, 0, 0, 0, tokyo).Add(time.Duration(i) * 30 * time.Minute)
				placed = append(placed, store.EventPlacement{RequestID: rqs[i].ID, Start: at, End: at.Add(30 * time.Minute), Table: "T1"})
			}
			_, err = events.SaveSchedule(sys, e.ID, -1, placed, nil, false)
			must(t, err)
			for _, tc := range []struct{ year, meetings int }{{2020, 1}, {2021, 2}} {
				d, err := report.Gather(ctx, db, f.sys, tc.year, "", figures)
				must(t, err)
				var got *report.Event
				for i := range d.Events {
					if d.Events[i].Slug == e.Slug {
						got = &d.Events[i]
					}
				}
				if got == nil || got.Meetings != tc.meetings {
					t.Errorf("%d: %+v, want %d meetings", tc.year, got, tc.meetings)
				}
			}
		})
	}
}
