package web_test

import (
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"syscall"

	"passerelle"
	"passerelle/store"
	"passerelle/store/storetest"
)

// BenchmarkCalendarFeed measures what a calendar program's poll of a feed of 2,000
// meetings costs, through HTTP on loopback: read, built and written, on each database.
// The workspace holds 20,000 other meetings so that the feed's query has to choose.
// The aim in docs/benchmarks.md (Meetings) is under 100 ms.
func BenchmarkCalendarFeed(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := benchDB(b, name)
			w := newWorld(b, db)
			sys := passerelle.NewContextWithActor(b.Context(), passerelle.SystemActor(w.ws.ID))
			alice := w.users["alice"].ID
			var others []int64
			for k, u := range w.users {
				if k != "alice" {
					others = append(others, u.ID)
				}
			}
			now := db.Now()
			from := now.AddDate(-3, 0, 0)
			spec := store.MeetingSpec{N: 20000, From: from, Span: now.AddDate(1, 0, 0).Sub(from),
				OrgIDs: []int64{w.shared.ID, w.shared2.ID}, PersonIDs: []int64{w.sharedP.ID}, UserIDs: others,
				Focus: alice, FocusN: 2000, FocusSpan: 2 * 365 * 24 * time.Hour, Seed: 1}
			must(b, store.GenerateMeetings(sys, db, spec))
			c := w.client(b, "alice")
			url := calendarURLOf(b, c)
			if i := strings.Index(url, "/calendar/"); i > 0 { // the test server's address, whatever the base URL
				url = w.srv.URL + url[i:]
			}
			events := 0
			cpu0 := cpuTime()
			for b.Loop() {
				res, err := http.Get(url)
				if err != nil {
					b.Fatal(err)
				}
				data, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
				events = strings.Count(string(data), "BEGIN:VEVENT")
			}
			b.ReportMetric(float64(events), "meetings")
			// The process's CPU per feed: the wall time above counts whatever else the
			// machine runs; on SQLite this is the whole cost, on PostgreSQL the client's.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// benchDB is a database of the benchmark's own, "sqlite" or "postgres" (skipped
// without a server); a new one for each run, since -count runs the function again.
func benchDB(b *testing.B, name string) *store.DB {
	b.Helper()
	u := os.Getenv(storetest.EnvPostgres)
	switch {
	case name == "sqlite":
		return storetest.SQLite(b)
	case u == "":
		b.Skip(storetest.EnvPostgres + " is not set")
	}
	return storetest.Postgres(b, u)
}

// cpuTime is the user and system CPU the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
