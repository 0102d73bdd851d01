package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// TestContactsCount: the contact book's count agrees with its number ("1 person",
// "1 personne", "0 personne"); it said "1 people", "1 personnes".
func TestContactsCount(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			count := regexp.MustCompile(`id="contact-count">(\d+) (\S+)</p>`)
			seen := map[string]bool{}
			for _, c := range []struct{ who, lang, one, other string }{
				{"alice", "en", "person", "people"}, {"alice", "fr", "personne", "personnes"},
				{"bob", "en", "person", "people"}, {"bob", "fr", "personne", "personnes"},
			} {
				cl := w.client(t, c.who)
				if res, _ := cl.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang: %d", res.StatusCode)
				}
				for _, q := range []string{"/contacts", "/contacts?q=Sharedperson", "/contacts?q=Nobodyatall"} {
					res, body := cl.get(q)
					g := count.FindStringSubmatch(body)
					if res.StatusCode != http.StatusOK || g == nil {
						t.Fatalf("%s %s %s: %d, no count: %s", c.who, c.lang, q, res.StatusCode, between(body, `id="contact-count"`, "</p>"))
					}
					n, _ := strconv.Atoi(g[1])
					want := c.other
					if n == 1 || n == 0 && c.lang == "fr" {
						want = c.one
					}
					if g[2] != want {
						t.Errorf("%s %s %s: %q, want %q", c.who, c.lang, q, g[0], want)
					}
					seen[g[1]] = true
				}
			}
			if !seen["1"] {
				t.Errorf("no reader has one contact: %v; the test checks no singular", seen)
			}
		})
	}
}
