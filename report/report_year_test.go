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
