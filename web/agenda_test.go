package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestAgendaListPages walks a busy network's agenda page by page: each page shows at
// most its share of meetings and ends on a complete day, and following "Later" shows
// every meeting exactly once, whatever its zone (Tokyo's and Buenos Aires's days begin
// half a day apart).
func TestAgendaListPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
			from := time.Date(2031, 5, 1, 0, 0, 0, 0, time.UTC)
			const n = 400
			must(t, store.GenerateMeetings(sys, db, store.MeetingSpec{N: n, From: from, Span: 10 * 24 * time.Hour,
				OrgIDs: []int64{w.shared.ID}, PersonIDs: []int64{w.sharedP.ID}, UserIDs: []int64{w.users["bob"].ID}, Seed: 4}))
			c := w.client(t, "alice")
			article := regexp.MustCompile(`id="agenda-meeting-(\d+)"`)
			next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
			seen := map[string]int{}
			path := "/agenda?whose=all&date=2031-04-30&tz=UTC"
			for pages := 0; pages < 20; pages++ {
				res, body := c.get(path)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", path, res.StatusCode)
				}
				ids := article.FindAllStringSubmatch(body, -1)
				if len(ids) > 150 {
					t.Fatalf("%s shows %d meetings", path, len(ids))
				}
				for _, m := range ids {
					seen[m[1]]++
				}
				nx := next.FindStringSubmatch(body)
				if nx == nil {
					t.Fatalf("%s has no next link", path)
				}
				path = html.UnescapeString(nx[1])
				if d := regexp.MustCompile(`date=([0-9-]+)`).FindStringSubmatch(path); d != nil && d[1] > "2031-05-12" {
					break
				}
			}
			if len(seen) != n {
				t.Errorf("the pages showed %d distinct meetings, want %d", len(seen), n)
			}
			for id, k := range seen {
				if k != 1 {
					t.Errorf("meeting %s shown on %d pages", id, k)
				}
			}
		})
	}
}

// TestAgendaZoneRemembered: the zone a user picks on the agenda is this browser's from
// then on; a bad one is refused and not remembered; another browser keeps the default.
func TestAgendaZoneRemembered(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "alice")
	if _, body := c.get("/agenda?tz=Asia/Tokyo"); !strings.Contains(body, `name="tz" value="Asia/Tokyo"`) {
		t.Fatal("the zone asked for is not shown")
	}
	if _, body := c.get("/agenda"); !strings.Contains(body, `name="tz" value="Asia/Tokyo"`) {
		t.Error("the zone is not remembered on this browser")
	}
	// A bad zone or date is named beside its field, the zone as typed kept in it.
	for _, tc := range []struct{ q, want string }{
		{"tz=Mars/Olympus", `unknown time zone &#34;Mars/Olympus&#34;`},
		{"tz=Mars/Olympus", `name="tz" value="Mars/Olympus"`},
		{"date=10/03/2027", "a date such as 2027-03-10"},
	} {
		if res, body := c.get("/agenda?" + tc.q); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, the page lacks %s", tc.q, res.StatusCode, tc.want)
		}
	}
	if _, body := c.get("/agenda"); !strings.Contains(body, `name="tz" value="Asia/Tokyo"`) {
		t.Error("a bad zone replaced the remembered one")
	}
	if _, body := w.client(t, "bob").get("/agenda"); strings.Contains(body, `name="tz" value="Asia/Tokyo"`) {
		t.Error("another browser has alice's zone")
	}
}
