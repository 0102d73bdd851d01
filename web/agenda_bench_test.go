package web_test

import (
	"net/http"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// BenchmarkAgendaPage measures the agenda of the days ahead with every meeting the user
// may see (the heaviest agenda page: up to its limit of meetings, rendered), through
// HTTP on loopback, on each database, in a workspace of 20,000 meetings.
func BenchmarkAgendaPage(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := benchDB(b, name)
			w := newWorld(b, db)
			sys := passerelle.NewContextWithActor(b.Context(), passerelle.SystemActor(w.ws.ID))
			var users []int64
			for _, u := range w.users {
				users = append(users, u.ID)
			}
			now := db.Now()
			from := now.AddDate(-3, 0, 0)
			spec := store.MeetingSpec{N: 20000, From: from, Span: now.AddDate(1, 0, 0).Sub(from),
				OrgIDs: []int64{w.shared.ID, w.shared2.ID}, PersonIDs: []int64{w.sharedP.ID}, UserIDs: users, Seed: 1}
			must(b, store.GenerateMeetings(sys, db, spec))
			c := w.client(b, "alice")
			path := "/agenda?whose=all&date=" + now.AddDate(0, 1, 0).Format(time.DateOnly)
			// The process's CPU per page (on SQLite the whole cost, on PostgreSQL the
			// client's). Profiled in session 16 on SQLite: about 10 ms, half reading the
			// meetings and their participants, half executing the template.
			cpu0 := cpuTime()
			for b.Loop() {
				if res, _ := c.get(path); res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
