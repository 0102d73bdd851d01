package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"runtime"
	"slices"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// 'passerelle bench events' (issue 15): a BIO-Europe-size partnering event (3,500
// participants, 110,000 requests of which 18,000 accepted, 3 days of 16 half-hour slots,
// 450 tables) imported, scheduled and published on a database of its own; then, through
// the real server on loopback, the participant agenda page under concurrent signed-in
// participants (each their own page) and the participants' calendar feeds under as many
// anonymous clients, each for a while. It prints the requests per second, p50 and p99
// of each, with the load average before and after.
func runBenchEvents(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench events", &cfg)
	participants := fs.Int("participants", 3500, "participants")
	requests := fs.Int("requests", 110000, "meeting requests")
	accepted := fs.Int("accepted", 18000, "of which accepted (at most 14 per participant)")
	clients := fs.Int("clients", 200, "concurrent clients, each a participant signed in (agenda) or anonymous (feeds)")
	dur := fs.Duration("duration", 30*time.Second, "load time of each page")
	limit := fs.Duration("time-limit", 10*time.Second, "the schedule's search time")
	seed := fs.Uint64("seed", 1, "random seed")
	profiles := fs.Bool("profiles", true, "give each participant a made-up profile (themes, offers and requests)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *clients < 1 || *clients > *participants || *accepted > *requests || *accepted > 7**participants {
		return fmt.Errorf("%w: need 1 ≤ clients ≤ participants, accepted ≤ requests and ≤ 7 × participants", errUsage)
	}
	db, closeDB, err := openBenchDB(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(a.Stdout, "%s, %d participants, %d requests (%d accepted), %d clients, %s each, Go %s, %d CPUs, load %s\n", db.Dialect,
		*participants, *requests, *accepted, *clients, *dur, runtime.Version(), runtime.NumCPU(), loadAverage())
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "bench", Name: "bench"}
	if err := store.NewWorkspaceService(db).CreateWorkspace(root, ws); err != nil {
		return err
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	svc := store.NewEventService(db)
	imp := store.GenerateEventImport(*participants, *requests, *accepted, *seed, *profiles)
	t0 := time.Now()
	if _, err := svc.ImportEvent(sys, imp); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "import: %s\n", time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	res, err := events.Schedule(sys, svc, imp.Event.Slug, events.ScheduleOptions{TimeLimit: *limit, Seed: *seed}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "schedule: %d of %d placed in %s\n", res.Placed, res.Requested, time.Since(t0).Round(time.Millisecond))
	e, err := svc.FindEventBySlug(sys, imp.Event.Slug)
	if err != nil {
		return err
	}
	// Published as with a mail server: every participant's agenda goes to the outbox in
	// the publication's transaction, which is what the organiser's click waits for.
	t0 = time.Now()
	agendas, err := svc.PublishEventMailed(sys, e.ID, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "publish, %d agendas written to the outbox: %s\n", agendas, time.Since(t0).Round(time.Millisecond))
	ps, err := svc.EventParticipants(sys, e.ID)
	if err != nil {
		return err
	}
	// The clients are the participants with the most accepted requests first: the
	// fullest agendas.
	n := map[string]int{}
	for _, r := range imp.Requests {
		if r.Status == passerelle.RequestAccepted {
			n[r.From]++
			n[r.To]++
		}
	}
	slices.SortStableFunc(ps, func(x, y *passerelle.EventParticipant) int { return n[y.Ref] - n[x.Ref] })
	chosen := ps[:*clients]
	t0 = time.Now()
	for _, p := range chosen {
		if _, err := svc.SetParticipantPassword(sys, ws.ID, p.ID, "", benchPassword, true); err != nil {
			return err
		}
	}
	srv, err := benchServer(db)
	if err != nil {
		return err
	}
	defer srv.Close()
	page := "/e/" + ws.Slug + "/" + e.Slug
	signed := make([]*http.Client, len(chosen))
	for i, p := range chosen {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r, err := c.PostForm(srv.URL+page+"/signin", url.Values{"email": {p.Email}, "password": {benchPassword}})
		if err != nil {
			return err
		}
		r.Body.Close()
		if r.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("sign in %s: %s", p.Email, r.Status)
		}
		signed[i] = c
	}
	fmt.Fprintf(a.Stdout, "%d participants signed in with a password: %s\n", len(signed), time.Since(t0).Round(time.Millisecond))
	report := func(name string, lat []time.Duration, errs, bad int, before string) {
		slices.Sort(lat)
		fmt.Fprintf(a.Stdout, "%s, %d clients, %s: %d answered (%.1f/s), p50 %s, p99 %s, max %s, errors %d, non-200 %d; load %s → %s\n",
			name, *clients, *dur, len(lat), float64(len(lat))/dur.Seconds(), quantile(lat, 0.5), quantile(lat, 0.99),
			quantile(lat, 1), errs, bad, before, loadAverage())
	}
	before := loadAverage()
	lat, errs, bad := loadPage(ctx, srv.URL, signed, func(*rand.Rand) string { return page }, *dur, *seed)
	report("participant agenda page", lat, errs, bad, before)
	anon := make([]*http.Client, *clients)
	for i := range anon {
		anon[i] = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
	}
	before = loadAverage()
	lat, errs, bad = loadPage(ctx, srv.URL, anon, func(r *rand.Rand) string {
		return "/event-feeds/" + ps[r.IntN(len(ps))].FeedSecret + ".ics"
	}, *dur, *seed)
	report("participant feed (.ics)", lat, errs, bad, before)
	fmt.Fprintf(a.Stdout, "RSS %d MiB\n", rssMiB())
	return nil
}
