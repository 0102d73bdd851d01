package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestDebriefFrenchWording: the French debrief and mission pages name a member as "le
// membre Institut Alpha", which reads right before any name; they wrote "Compte rendu de
// Institut Alpha" (and "que Institut Alpha a demandé à rencontrer", "Rédiger le compte
// rendu de …"), and "Heures de Europe/Copenhagen".
func TestDebriefFrenchWording(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			if res, _ := alice.do("POST", "/lang", formType, form("lang", "fr"), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("lang: %d", res.StatusCode)
			}
			debrief := "/missions/cph/debriefs/" + id(w.debPriv.ID)
			for _, c := range []struct{ page, want string }{
				{debrief, `<h1 id="debrief-title">Compte rendu du membre Institut Alpha : Copenhagen mission`},
				{debrief, `<title>Compte rendu du membre Institut Alpha`},
				{"/missions/cph", `Heures du fuseau Europe/Copenhagen, celui de la mission.`},
			} {
				res, body := alice.get(c.page)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s: %d, lacks %q", c.page, res.StatusCode, c.want)
				}
				for _, bad := range []string{"de Institut", "que Institut", "Heures de Europe"} {
					if strings.Contains(body, bad) {
						t.Errorf("%s says %q", c.page, bad)
					}
				}
			}
		})
	}
}
