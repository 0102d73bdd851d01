package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"sync"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// 'passerelle bench meetings': a workspace with 200,000 meetings over ten years, on a
// database of its own that it drops after: the calendar feed of a user with 2,000
// meetings, then the agenda page and an organisation's history under concurrent
// signed-in clients, through the real web server on loopback.
func runBenchMeetings(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench meetings", &cfg)
	n := fs.Int("meetings", 200000, "meetings to generate, over ten years")
	users := fs.Int("users", 100, "users (each a client of the load)")
	orgs := fs.Int("orgs", 2000, "organisations")
	feedN := fs.Int("feed", 2000, "meetings of the heavy user's feed (over its last two years)")
	builds := fs.Int("builds", 20, "feed builds to time")
	dur := fs.Duration("duration", 20*time.Second, "load time per page")
	seed := fs.Uint64("seed", 1, "random seed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, closeDB, err := openBenchDB(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(a.Stdout, "%s, %d meetings, %d users, %d organisations, Go %s, %d CPUs\n", db.Dialect, *n, *users, *orgs,
		runtime.Version(), runtime.NumCPU())

	start := time.Now()
	bw, err := newBenchWorkspace(ctx, db, *orgs, 5000, *users, *seed)
	if err != nil {
		return err
	}
	sys, w, orgIDs, personIDs, userIDs, emails := bw.sys, bw.ws, bw.orgIDs, bw.personIDs, bw.userIDs, bw.emails
	acc := store.NewAccountService(db)
	now := db.Now()
	from := now.AddDate(-9, 0, 0)
	span := now.AddDate(1, 0, 0).Sub(from) // nine years back, one ahead
	spec := store.MeetingSpec{N: *n - *feedN, From: from, Span: span, OrgIDs: orgIDs, PersonIDs: personIDs, UserIDs: userIDs,
		Focus: userIDs[0], FocusN: *feedN, FocusSpan: 2 * 365 * 24 * time.Hour, Seed: *seed}
	// The heavy user's meetings fall in the feed's two years (the window ends a year
	// ahead; the feed reads from two years back).
	spec.FocusSpan = span - now.AddDate(-2, 0, 0).Sub(from)
	if err := store.GenerateMeetings(sys, db, spec); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "load: %s (%d meetings, %d organisations, 5000 people, %d users)\n", time.Since(start).Round(time.Millisecond), *n, *orgs, *users)

	// The feed of the heavy user, built as the server builds it.
	heavy, err := acc.ActorFor(ctx, userIDs[0], w.ID)
	if err != nil {
		return err
	}
	hctx := passerelle.NewContextWithActor(ctx, heavy)
	ms := store.NewMeetingService(db)
	var times, reads []time.Duration
	events := 0
	for range *builds {
		t0 := time.Now()
		list, err := ms.CalendarMeetings(hctx)
		if err != nil {
			return err
		}
		reads = append(reads, time.Since(t0))
		if err := interchange.MeetingCalendar("https://passerelle.example.org", list).SerializeTo(io.Discard); err != nil {
			return err
		}
		times = append(times, time.Since(t0))
		events = len(list)
	}
	slices.Sort(times)
	slices.Sort(reads)
	fmt.Fprintf(a.Stdout, "feed of %d meetings (read, built, written): median %s, max %s over %d builds; of which the read: median %s\n", events,
		times[len(times)/2].Round(time.Microsecond), times[len(times)-1].Round(time.Microsecond), *builds, reads[len(reads)/2].Round(time.Microsecond))

	// The pages under load: every user signed in once, one client each.
	srv, err := benchServer(db)
	if err != nil {
		return err
	}
	defer srv.Close()
	clients, err := signInClients(srv.URL, emails)
	if err != nil {
		return err
	}
	pages := []struct {
		name string
		path func(r *rand.Rand) string
	}{
		{"agenda (a random week of the ten years, the user's meetings)", func(r *rand.Rand) string {
			d := from.Add(time.Duration(r.Int64N(int64(span)))).Format(time.DateOnly)
			return "/agenda?view=week&date=" + d
		}},
		{"agenda (the days ahead, all meetings the user may see)", func(r *rand.Rand) string {
			d := from.Add(time.Duration(r.Int64N(int64(span)))).Format(time.DateOnly)
			return "/agenda?whose=all&date=" + d
		}},
		{"organisation page with its meeting history", func(r *rand.Rand) string {
			return fmt.Sprintf("/organizations/%d", orgIDs[r.IntN(len(orgIDs))])
		}},
	}
	for _, p := range pages {
		lat, errs, bad := loadPage(ctx, srv.URL, clients, p.path, *dur, *seed)
		if len(lat) == 0 {
			return fmt.Errorf("%s: no request answered", p.name)
		}
		slices.Sort(lat)
		q := func(f float64) time.Duration {
			return lat[min(len(lat)-1, int(f*float64(len(lat))))].Round(100 * time.Microsecond)
		}
		fmt.Fprintf(a.Stdout, "%s, %d clients, %s: %d requests (%.0f/s), p50 %s, p99 %s, max %s, errors %d, non-200 %d\n",
			p.name, len(clients), *dur, len(lat), float64(len(lat))/dur.Seconds(), q(0.5), q(0.99), lat[len(lat)-1].Round(time.Millisecond), errs, bad)
	}
	return nil
}

// loadPage has each client request paths one after another for d, and returns the
// latencies of the answered requests, the failed ones and those not 200.
func loadPage(ctx context.Context, base string, clients []*http.Client, path func(*rand.Rand) string, d time.Duration, seed uint64) ([]time.Duration, int, int) {
	var (
		mu        sync.Mutex
		lat       []time.Duration
		errs, bad int
		wg        sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(i)))
			for time.Now().Before(stop) && ctx.Err() == nil {
				t0 := time.Now()
				res, err := c.Get(base + path(r))
				var code int
				if err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					code = res.StatusCode
				}
				el := time.Since(t0)
				mu.Lock()
				switch {
				case err != nil:
					errs++
				case code != http.StatusOK:
					bad++
				default:
					lat = append(lat, el)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return lat, errs, bad
}

// benchWorkspace is a workspace of its own for a benchmark: one member, organisations,
// people of the contact book, and users of that member (each signs in with
// benchPassword).
type benchWorkspace struct {
	sys                        context.Context
	ws                         *passerelle.Workspace
	member                     *passerelle.Member
	orgIDs, personIDs, userIDs []int64
	emails                     []string
}

const benchPassword = "bench-meetings-password-1"

func newBenchWorkspace(ctx context.Context, db *store.DB, orgs, people, users int, seed uint64) (*benchWorkspace, error) {
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	bw := &benchWorkspace{ws: &passerelle.Workspace{Slug: "bench", Name: "bench"}}
	if err := store.NewWorkspaceService(db).CreateWorkspace(root, bw.ws); err != nil {
		return nil, err
	}
	bw.sys = passerelle.NewContextWithActor(ctx, passerelle.SystemActor(bw.ws.ID))
	bw.member = &passerelle.Member{Name: "Bench member"}
	if err := store.NewWorkspaceService(db).CreateMember(bw.sys, bw.member); err != nil {
		return nil, err
	}
	orgSvc := store.NewOrganizationService(db)
	for i := range orgs {
		o := &passerelle.Organization{Name: fmt.Sprintf("Bench Company %d", i), Kind: passerelle.KindCompany, Country: "DK"}
		if err := orgSvc.CreateOrganization(bw.sys, o); err != nil {
			return nil, err
		}
		bw.orgIDs = append(bw.orgIDs, o.ID)
	}
	if err := store.GeneratePeople(bw.sys, db, people, seed); err != nil {
		return nil, err
	}
	ps, _, err := store.NewPersonService(db).FindPeople(bw.sys, passerelle.PersonFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		bw.personIDs = append(bw.personIDs, p.ID)
	}
	userSvc, acc := store.NewUserService(db), store.NewAccountService(db)
	for i := range users {
		u := &passerelle.User{Email: fmt.Sprintf("user%d@bench.passerelle.test", i), Name: fmt.Sprintf("User %d", i)}
		if err := userSvc.CreateUser(bw.sys, u); err != nil {
			return nil, err
		}
		if err := acc.SetPassword(bw.sys, u.ID, benchPassword); err != nil {
			return nil, err
		}
		if err := userSvc.SetMembership(bw.sys, &passerelle.Membership{UserID: u.ID, MemberID: bw.member.ID, Role: passerelle.RoleMember}); err != nil {
			return nil, err
		}
		bw.userIDs, bw.emails = append(bw.userIDs, u.ID), append(bw.emails, u.Email)
	}
	return bw, nil
}

// benchServer serves the web application on a local port for a benchmark's clients,
// with its log discarded.
func benchServer(db *store.DB) (*httptest.Server, error) {
	h, err := web.NewServer(db, web.Options{Version: "bench", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	return httptest.NewServer(h), nil
}

// signInClients signs each user in with its own cookie jar: one browser-like client per
// user, redirects not followed.
func signInClients(base string, emails []string) ([]*http.Client, error) {
	clients := make([]*http.Client, len(emails))
	for i, e := range emails {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(base+"/login", url.Values{"email": {e}, "password": {benchPassword}})
		if err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("sign in %s: %s", e, res.Status)
		}
		clients[i] = c
	}
	return clients, nil
}
