// Command load measures a running passerelle under concurrent clients: it requests
// URLs built from a template and a list of search terms, and prints throughput and
// latency percentiles. It is how the load figures of docs/benchmarks-log.md (Web) were made:
//
//	go run ./e2e/load -url 'http://127.0.0.1:8080/api/v1/organizations?q=%s' -c 100 -d 20s -H 'Authorization: Bearer TOKEN'
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var terms = []string{"univ", "paris", "institut", "hospital", "tokyo", "max planck", "cnrs", "medical", "research", "pasteur",
	"cancer", "berlin", "national", "college", "science", "technology", "health", "london", "copenhagen", "kyoto",
	"biotech", "centre", "school", "foundation", "societe", "munchen", "sao paulo", "inserm", "lyon", "toulouse"}

type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

func main() {
	tmpl := flag.String("url", "", "URL with %s where the search term goes")
	conc := flag.Int("c", 100, "concurrent clients")
	dur := flag.Duration("d", 20*time.Second, "duration")
	var hs headers
	flag.Var(&hs, "H", "header 'Name: value' (repeatable)")
	flag.Parse()
	if *tmpl == "" {
		flag.Usage()
		os.Exit(2)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var (
		mu      sync.Mutex
		lat     []time.Duration
		errs    atomic.Int64
		non2xx  atomic.Int64
		n       atomic.Int64
		wg      sync.WaitGroup
		stop    = time.Now().Add(*dur)
		started = time.Now()
	)
	for c := 0; c < *conc; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			for i := c; time.Now().Before(stop); i++ {
				u := strings.Replace(*tmpl, "%s", url.QueryEscape(terms[i%len(terms)]), 1)
				req, _ := http.NewRequest("GET", u, nil)
				for _, h := range hs {
					k, v, _ := strings.Cut(h, ":")
					req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					if errs.Add(1) == 1 {
						fmt.Fprintln(os.Stderr, "first error:", err)
					}
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mine = append(mine, time.Since(t0))
				n.Add(1)
				if res.StatusCode/100 != 2 {
					non2xx.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	el := time.Since(started)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	fmt.Printf("%d requests in %.1fs, %d clients: %.0f req/s; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d errors, %d non-2xx\n",
		n.Load(), el.Seconds(), *conc, float64(n.Load())/el.Seconds(),
		ms(pct(.50)), ms(pct(.90)), ms(pct(.99)), ms(pct(1)), errs.Load(), non2xx.Load())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
