package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMissionDates: a mission's dates are written as dates of the reader's language on
// the list, its page and the dashboard ("10 March 2027 – 11 March 2027"), as an
// agreement's are; they were ISO dates.
func TestMissionDates(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			for _, c := range []struct{ lang, from, to string }{
				{"en", "10 March 2027", "11 March 2027"},
				{"fr", "10 mars 2027", "11 mars 2027"},
			} {
				if res, _ := alice.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang %s: %d", c.lang, res.StatusCode)
				}
				for _, p := range []struct{ path, want string }{
					{"/missions", `<span class="nowrap">` + c.from + `</span> – <span class="nowrap">` + c.to + `</span>`},
					{"/missions/cph", `<dd id="mission-dates">` + c.from + ` – ` + c.to + ` · `},
					{"/", `<span class="muted">` + c.from + ` – ` + c.to},
				} {
					if res, body := alice.get(p.path); res.StatusCode != http.StatusOK || !strings.Contains(body, p.want) {
						t.Errorf("%s %s: %d, lacks %s", c.lang, p.path, res.StatusCode, p.want)
					}
				}
			}
		})
	}
}
