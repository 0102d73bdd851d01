package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// TestSearchEverything: the search page also finds agreements, missions and
// partnering events by their words, accents and case aside, each as the reader may
// see it: another member's private agreement stays hidden, another workspace finds
// nothing of this one's.
func TestSearchEverything(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
			must(t, err)
			r, err := store.NewEventService(db).ImportEvent(sys, imp)
			must(t, err)
			search := func(c *client, q string) string {
				t.Helper()
				res, body := c.get("/search?q=" + url.QueryEscape(q))
				if res.StatusCode != 200 {
					t.Fatalf("search %q: %d", q, res.StatusCode)
				}
				return body
			}
			alice, bob, other := w.client(t, "alice"), w.client(t, "bob"), w.client(t, "otheradmin")
			for _, tc := range []struct {
				who       *client
				name, q   string
				want, not []string
			}{
				{alice, "alice", "convention", []string{fmt.Sprintf(`href="/agreements/%d"`, w.agrShr.ID), fmt.Sprintf(`href="/agreements/%d"`, w.agrPriv.ID)}, nil},
				{bob, "bob", "CONVENTION", []string{fmt.Sprintf(`href="/agreements/%d"`, w.agrShr.ID)}, []string{fmt.Sprintf(`href="/agreements/%d"`, w.agrPriv.ID), "Secret Alpha"}},
				{bob, "bob", "copenhague mission", nil, []string{`id="hits-missions"`}}, // every word must be there
				{bob, "bob", "Copenhagen", []string{`id="hits-missions"`, `href="/missions/cph"`}, nil},
				{bob, "bob", "web partnéring", []string{`id="hits-events"`, fmt.Sprintf(`href="/events/%d"`, r.Event.ID)}, nil},
				{other, "another workspace", "Copenhagen", []string{"Nothing found."}, []string{`href="/missions/cph"`}},
				{other, "another workspace", "partnering", []string{"Nothing found."}, []string{fmt.Sprintf(`href="/events/%d"`, r.Event.ID)}},
				{other, "another workspace", "convention", nil, []string{fmt.Sprintf(`href="/agreements/%d"`, w.agrShr.ID)}},
				// Hostile: a pasted page, markup: answered, escaped.
				{bob, "bob", strings.Repeat("convention web ", 5000), nil, []string{"<script>"}},
				{bob, "bob", `<script>alert(1)</script>`, []string{"Nothing found."}, []string{"<script>alert"}},
			} {
				body := search(tc.who, tc.q)
				for _, s := range tc.want {
					if !strings.Contains(body, s) {
						t.Errorf("%s searching %q: no %s in %.1500s", tc.name, tc.q, s, between(body, `id="hits"`, "</main>"))
					}
				}
				for _, s := range tc.not {
					if strings.Contains(body, s) {
						t.Errorf("%s searching %q: %s shown", tc.name, tc.q, s)
					}
				}
			}
			// A NUL is refused as everywhere (nul_test.go), not searched for.
			if res, _ := bob.get("/search?q=" + url.QueryEscape("conven\x00tion")); res.StatusCode != 422 {
				t.Errorf("a NUL in the search: %d, want 422", res.StatusCode)
			}
		})
	}
}
