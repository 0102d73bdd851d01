package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAgendaZoneBreaks: a meeting's time zone in the agenda may break at its slash
// ("Europe/<wbr>Copenhagen"); in the week's narrow columns it was cut inside a word
// ("Europe/Cope" "nhagen"). The name stays escaped.
func TestAgendaZoneBreaks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			for _, view := range []string{"week", "list"} {
				res, body := bob.get("/agenda?whose=all&date=2027-03-10&tz=Europe/Paris&view=" + view)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, `<span class="muted">Europe/<wbr>Copenhagen</span>`) {
					t.Errorf("%s: %d, the zone cannot break at its slash: %s", view, res.StatusCode, between(body, `class="when"`, "</p>"))
				}
			}
		})
	}
}
