package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
	"passerelle/web"
)

// A BIO-Europe-size event for the participant benchmarks (docs/benchmarks.md, "Events"):
// 3,500 participants with profiles, 110,000 requests of which 18,000 accepted, scheduled
// and published. Building it takes a while, so the benchmarks run it once per database.
const benchParticipants, benchRequests, benchAccepted = 3500, 110000, 18000

type benchEvent struct {
	h      *web.Server
	page   string // the reader's agenda page
	cookie string // the reader's session
	feeds  []string
}

// newBenchEvent imports, schedules and publishes the event, and signs in with a
// password the participant with the most accepted requests (the fullest agenda).
func newBenchEvent(b *testing.B, db *store.DB) *benchEvent {
	b.Helper()
	t0 := time.Now()
	ctx := context.Background()
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "bench", Name: "bench"}
	must(b, store.NewWorkspaceService(db).CreateWorkspace(root, ws))
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	svc := store.NewEventService(db)
	imp := store.GenerateEventImport(benchParticipants, benchRequests, benchAccepted, 1, true)
	_, err := svc.ImportEvent(sys, imp)
	must(b, err)
	res, err := events.Schedule(sys, svc, imp.Event.Slug, events.ScheduleOptions{TimeLimit: 2 * time.Second, Seed: 1}, nil)
	must(b, err)
	e, err := svc.FindEventBySlug(sys, imp.Event.Slug)
	must(b, err)
	must(b, svc.PublishEvent(sys, e.ID))
	ps, err := svc.EventParticipants(sys, e.ID)
	must(b, err)
	n := map[string]int{}
	for _, r := range imp.Requests {
		if r.Status == passerelle.RequestAccepted {
			n[r.From]++
			n[r.To]++
		}
	}
	reader := ps[0]
	be := &benchEvent{}
	for _, p := range ps {
		if n[p.Ref] > n[reader.Ref] {
			reader = p
		}
		be.feeds = append(be.feeds, "/event-feeds/"+p.FeedSecret+".ics")
	}
	_, err = svc.SetParticipantPassword(sys, ws.ID, reader.ID, "", "bench password 15", true)
	must(b, err)
	h, err := web.NewServer(db, web.Options{Version: "bench", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	must(b, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	be.h, be.page = h, "/e/"+ws.Slug+"/"+e.Slug
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.PostForm(srv.URL+be.page+"/signin", url.Values{"email": {reader.Email}, "password": {"bench password 15"}})
	must(b, err)
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign in: %s", r.Status)
	}
	u, _ := url.Parse(srv.URL)
	for _, ck := range jar.Cookies(u) {
		be.cookie += ck.Name + "=" + ck.Value + "; "
	}
	b.Logf("%s: %d of %d placed; reader %s with %d accepted; set up in %s", db.Dialect, res.Placed, res.Requested, reader.Ref, n[reader.Ref],
		time.Since(t0).Round(time.Millisecond))
	return be
}

func (be *benchEvent) get(b *testing.B, path string, cookie bool) int {
	req := httptest.NewRequest("GET", path, nil)
	if cookie {
		req.Header.Set("Cookie", be.cookie)
	}
	w := httptest.NewRecorder()
	be.h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s: %d", path, w.Code)
	}
	return w.Body.Len()
}

// BenchmarkEventParticipant measures one signed-in participant's agenda page (its list's
// rows kept, and rendered anew) and one participant's feed at a BIO-Europe-size event,
// on each database. Run with
// -bench EventParticipant -benchtime 200x (the set-up takes most of a minute).
func BenchmarkEventParticipant(b *testing.B) {
	for name, db := range testDBs(b) {
		be := newBenchEvent(b, db)
		b.Run(name+"/page", func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				size = be.get(b, be.page, true)
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
		// The first view after a change of the directory renders the list's rows anew
		// (event_participant_rows.go); the others take them as kept.
		b.Run(name+"/page-rows-anew", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				be.h.ForgetParticipantRows()
				be.get(b, be.page, true)
			}
		})
		b.Run(name+"/feed", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				be.get(b, be.feeds[i%len(be.feeds)], false)
				i++
			}
		})
	}
}
