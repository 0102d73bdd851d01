package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMissionPrintAdviserLabel: the printed programme labels each meeting's adviser as
// its other facts are labelled ("Adviser", "Conseiller"); it printed the word of the
// running text, in lower case ("adviser").
func TestMissionPrintAdviserLabel(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			// Alice attends her member's meeting of the programme: she is its adviser.
			if res, _ := alice.do("POST", "/meetings/"+id(w.meetPriv.ID)+"/attend", formType, form("attend", "1"), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("attend: %d", res.StatusCode)
			}
			for _, c := range []struct{ lang, want string }{{"en", "<dt>Adviser</dt>"}, {"fr", "<dt>Conseiller</dt>"}} {
				if res, _ := alice.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang: %d", res.StatusCode)
				}
				if res, body := alice.get("/missions/cph/print"); res.StatusCode != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s: %d, lacks %s: %s", c.lang, res.StatusCode, c.want, between(body, `class="print-meeting"`, "</section>"))
				}
			}
		})
	}
}
