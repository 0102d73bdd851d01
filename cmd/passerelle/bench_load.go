package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"passerelle/store"
)

// loadKind is one kind of request of the mixed workload, with its share (weight) and how
// to make one.
type loadKind struct {
	name   string
	weight int
	req    func(r *rand.Rand, base, token string) *http.Request
}

// 'passerelle bench load' (issue 18): a workspace of its own with a directory and
// meetings, and one signed-in client per user (200 by default) running a mixed workload
// through the real server on loopback for a while (10 minutes by default): page and API
// reads and 10 % writes. It prints each kind's count, p50, p99, errors, and the process's
// memory every 10 seconds (the server and the clients share the process).
func runBenchLoad(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench load", &cfg)
	users := fs.Int("clients", 200, "concurrent clients, each a user signed in")
	orgs := fs.Int("orgs", 2000, "organisations")
	meetings := fs.Int("meetings", 20000, "meetings over ten years")
	dur := fs.Duration("duration", 10*time.Minute, "load time")
	every := fs.Duration("sample", 10*time.Second, "memory sampling period")
	seed := fs.Uint64("seed", 1, "random seed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, closeDB, err := openBenchDB(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(a.Stdout, "%s, %d clients, %d organisations, %d meetings, %s, Go %s, %d CPUs\n", db.Dialect, *users, *orgs, *meetings, *dur,
		runtime.Version(), runtime.NumCPU())
	start := time.Now()
	bw, err := newBenchWorkspace(ctx, db, *orgs, 5000, *users, *seed)
	if err != nil {
		return err
	}
	now := db.Now()
	from := now.AddDate(-9, 0, 0)
	span := now.AddDate(1, 0, 0).Sub(from)
	if err := store.GenerateMeetings(bw.sys, db, store.MeetingSpec{N: *meetings, From: from, Span: span, OrgIDs: bw.orgIDs,
		PersonIDs: bw.personIDs, UserIDs: bw.userIDs, Seed: *seed}); err != nil {
		return err
	}
	acc := store.NewAccountService(db)
	tokens := make([]string, len(bw.userIDs))
	for i, id := range bw.userIDs {
		if _, tokens[i], err = acc.CreateAPIToken(bw.sys, id, "load"); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.Stdout, "set-up: %s\n", time.Since(start).Round(time.Millisecond))

	srv, err := benchServer(db)
	if err != nil {
		return err
	}
	defer srv.Close()
	clients, err := signInClients(srv.URL, bw.emails)
	if err != nil {
		return err
	}
	org := func(r *rand.Rand) int64 { return bw.orgIDs[r.IntN(len(bw.orgIDs))] }
	term := func(r *rand.Rand) string {
		return url.QueryEscape([]string{"bench", "company 1", "company 42", "compan", "bench 7", "zzz"}[r.IntN(6)])
	}
	day := func(r *rand.Rand) time.Time { return from.Add(time.Duration(r.Int64N(int64(span)))) }
	get := func(u string) *http.Request { req, _ := http.NewRequest("GET", u, nil); return req }
	api := func(method, u, token, body string) *http.Request {
		req, _ := http.NewRequest(method, u, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		return req
	}
	kinds := []loadKind{
		{"page: organisations live search (htmx fragment)", 25, func(r *rand.Rand, base, _ string) *http.Request {
			req := get(base + "/organizations?q=" + term(r))
			req.Header.Set("HX-Request", "true")
			return req
		}},
		{"page: agenda, a random week", 15, func(r *rand.Rand, base, _ string) *http.Request {
			return get(base + "/agenda?view=week&date=" + day(r).Format(time.DateOnly))
		}},
		{"page: organisation with its history", 15, func(r *rand.Rand, base, _ string) *http.Request {
			return get(fmt.Sprintf("%s/organizations/%d", base, org(r)))
		}},
		{"page: contact book search", 10, func(r *rand.Rand, base, _ string) *http.Request {
			return get(base + "/people?q=" + url.QueryEscape([]string{"a", "mar", "jean", "li"}[r.IntN(4)]))
		}},
		{"api: organisations search", 10, func(r *rand.Rand, base, tok string) *http.Request {
			return api("GET", base+"/api/v1/organizations?q="+term(r), tok, "")
		}},
		{"api: meetings of a month", 10, func(r *rand.Rand, base, tok string) *http.Request {
			d := day(r)
			return api("GET", fmt.Sprintf("%s/api/v1/meetings?from=%s&to=%s", base, d.Format(time.DateOnly), d.AddDate(0, 1, 0).Format(time.DateOnly)), tok, "")
		}},
		{"api: one organisation", 5, func(r *rand.Rand, base, tok string) *http.Request {
			return api("GET", fmt.Sprintf("%s/api/v1/organizations/%d", base, org(r)), tok, "")
		}},
		{"write: change an organisation's city (PATCH)", 5, func(r *rand.Rand, base, tok string) *http.Request {
			return api("PATCH", fmt.Sprintf("%s/api/v1/organizations/%d", base, org(r)), tok, fmt.Sprintf(`{"city": "City %d"}`, r.IntN(1000)))
		}},
		{"write: log a meeting (POST)", 5, func(r *rand.Rand, base, tok string) *http.Request {
			s := day(r).Truncate(time.Hour)
			return api("POST", base+"/api/v1/meetings", tok, fmt.Sprintf(`{"title": "Load meeting", "start": %q, "end": %q, "time_zone": "Europe/Paris", "organization_ids": [%d]}`,
				s.Format(time.RFC3339), s.Add(time.Hour).Format(time.RFC3339), org(r)))
		}},
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	type tally struct {
		lat       []time.Duration
		errs, bad int
		codes     map[int]int // the refusals' statuses
	}
	var mu sync.Mutex
	tallies := make([]tally, len(kinds))
	lctx, cancel := context.WithTimeout(ctx, *dur)
	defer cancel()
	// Memory over time: the process's resident set and Go's heap.
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t0 := time.Now()
		tick := time.NewTicker(*every)
		defer tick.Stop()
		for {
			select {
			case <-lctx.Done():
				return
			case <-tick.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				mu.Lock()
				n := 0
				for _, t := range tallies {
					n += len(t.lat) + t.errs + t.bad
				}
				mu.Unlock()
				fmt.Fprintf(a.Stdout, "t=%4.0fs requests %7d  RSS %4d MiB  heap in use %4d MiB  goroutines %d\n", time.Since(t0).Seconds(), n,
					rssMiB(), ms.HeapInuse>>20, runtime.NumGoroutine())
			}
		}
	}()
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(*seed, uint64(i)))
			for lctx.Err() == nil {
				pick, k := r.IntN(total), 0
				for pick >= kinds[k].weight {
					pick -= kinds[k].weight
					k++
				}
				req := kinds[k].req(r, srv.URL, tokens[i]).WithContext(lctx)
				t0 := time.Now()
				res, err := c.Do(req)
				var code int
				if err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					code = res.StatusCode
				}
				el := time.Since(t0)
				if lctx.Err() != nil {
					return // cut by the end of the run, not an error
				}
				mu.Lock()
				switch {
				case err != nil:
					tallies[k].errs++
				case code >= 300:
					tallies[k].bad++
					if tallies[k].codes == nil {
						tallies[k].codes = map[int]int{}
					}
					tallies[k].codes[code]++
				default:
					tallies[k].lat = append(tallies[k].lat, el)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	<-sampled
	fmt.Fprintf(a.Stdout, "%-50s %9s %7s %9s %9s %9s %6s %7s\n", "kind", "requests", "per s", "p50", "p99", "max", "errors", "non-2xx")
	var all []time.Duration
	errs := 0
	for k, t := range tallies {
		slices.Sort(t.lat)
		all = append(all, t.lat...)
		errs += t.errs + t.bad
		fmt.Fprintf(a.Stdout, "%-50s %9d %7.1f %9s %9s %9s %6d %7d\n", kinds[k].name, len(t.lat), float64(len(t.lat))/dur.Seconds(),
			quantile(t.lat, 0.5), quantile(t.lat, 0.99), quantile(t.lat, 1), t.errs, t.bad)
	}
	for k, t := range tallies {
		if len(t.codes) > 0 {
			var parts []string
			for _, c := range slices.Sorted(maps.Keys(t.codes)) {
				parts = append(parts, fmt.Sprintf("%d × %d", t.codes[c], c))
			}
			fmt.Fprintf(a.Stdout, "refused, %s: %s\n", kinds[k].name, strings.Join(parts, ", "))
		}
	}
	slices.Sort(all)
	fmt.Fprintf(a.Stdout, "%-50s %9d %7.1f %9s %9s %9s %6d\n", "all", len(all), float64(len(all))/dur.Seconds(),
		quantile(all, 0.5), quantile(all, 0.99), quantile(all, 1), errs)
	if errs > 0 {
		return fmt.Errorf("%d requests failed or were refused", errs)
	}
	return nil
}

// quantile of sorted latencies, rounded for reading; "-" when there are none.
func quantile(lat []time.Duration, q float64) string {
	if len(lat) == 0 {
		return "-"
	}
	return lat[min(len(lat)-1, int(q*float64(len(lat))))].Round(100 * time.Microsecond).String()
}

// rssMiB reads the process's resident set from /proc (Linux); 0 elsewhere.
func rssMiB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			var kb int
			fmt.Sscanf(string(v), "%d", &kb)
			return kb >> 10
		}
	}
	return 0
}
