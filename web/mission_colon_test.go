package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMissionPagesFrenchColon: in French a colon has a space before it ("Cible : X");
// the target's form, a mission meeting's origin and the proposals to meet together
// wrote it the English way ("Cible: X").
func TestMissionPagesFrenchColon(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			for _, c := range []struct{ lang, page, want string }{
				{"fr", "/missions/cph/targets/" + id(w.shared.ID) + "/edit", "<h1>Cible\u00a0: <a"},
				{"en", "/missions/cph/targets/" + id(w.shared.ID) + "/edit", "<h1>Target: <a"},
				{"fr", "/meetings/" + id(w.meetPriv.ID), "programme d&#39;une mission\u00a0: <a"},
				{"en", "/meetings/" + id(w.meetPriv.ID), "a mission&#39;s programme: <a"},
				{"fr", "/missions/cph", sharedOrgName + " + " + privateOrgName + "\u00a0: "},
			} {
				if res, _ := alice.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang: %d", res.StatusCode)
				}
				if res, body := alice.get(c.page); res.StatusCode != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s %s: %d, lacks %q", c.lang, c.page, res.StatusCode, c.want)
				}
			}
		})
	}
}
