package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMissionProgrammeDays: the programme's days (the mission's page and the printed
// programme) are titled with the weekday and the date in the reader's language, as the
// agenda's are; they were ISO dates ("2027-03-10").
func TestMissionProgrammeDays(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice") // her member's private meeting is the programme's, on 2027-03-10
			for _, c := range []struct{ lang, page, want string }{
				{"en", "/missions/cph", `<h3><time datetime="2027-03-10">Wednesday 10 March 2027</time></h3>`},
				{"en", "/missions/cph/print", `Copenhagen mission — <time datetime="2027-03-10">Wednesday 10 March 2027</time></h1>`},
				{"fr", "/missions/cph", `<h3><time datetime="2027-03-10">mercredi 10 mars 2027</time></h3>`},
				{"fr", "/missions/cph/print", `Copenhagen mission — <time datetime="2027-03-10">mercredi 10 mars 2027</time></h1>`},
			} {
				if res, _ := alice.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang %s: %d", c.lang, res.StatusCode)
				}
				res, body := alice.get(c.page)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s %s: %d, want %s; day titles: %s", c.lang, c.page, res.StatusCode, c.want, between(body, `id="day-`, "</h3>")+between(body, `class="print-day"`, "</h1>"))
				}
			}
		})
	}
}
