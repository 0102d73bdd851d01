package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMissionTargetWishes: a writer says on a target's form which members taking part
// want to meet it, each with its reason; the mission's page shows them and the
// member's debrief lists the targets it asked for; another member's private target has
// no form (404), nor a viewer (403).
func TestMissionTargetWishes(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob := w.client(t, "alice"), w.client(t, "bob")
			path := "/missions/cph/targets/" + id(w.shared.ID) + "/edit"
			res, body := bob.get(path)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="wish-`+id(w.alpha.ID)+`"`) || !strings.Contains(body, `name="reason-`+id(w.beta.ID)+`"`) {
				t.Fatalf("the target's form: %d, no box per member", res.StatusCode)
			}
			res, _ = bob.do("POST", path, formType, form("wish-"+id(w.alpha.ID), "1", "reason-"+id(w.alpha.ID), "their imaging platform",
				"reason-"+id(w.beta.ID), "a cluster partner", "why", "the shared note"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("bob saves the wishes: %d", res.StatusCode)
			}
			_, body = bob.get("/missions/cph")
			for _, want := range []string{"target-wanted", "their imaging platform", "a cluster partner", "the shared note"} {
				if !strings.Contains(body, want) {
					t.Errorf("the mission's page does not show %q", want)
				}
			}
			_, body = alice.get("/missions/cph/debriefs/" + id(w.debPriv.ID))
			if !strings.Contains(body, `id="debrief-asked"`) || !strings.Contains(body, "their imaging platform") {
				t.Error("alpha's debrief does not list the target it asked for")
			}
			if res, _ := bob.get("/missions/cph/targets/" + id(w.private.ID) + "/edit"); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob opens alice's private target: %d", res.StatusCode)
			}
			if res, _ := w.client(t, "viewer").get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer opens the target's form: %d", res.StatusCode)
			}
			res, body = bob.do("POST", path, formType, form("wish-"+id(w.alpha.ID), "1", "availability", "2030-01-01"), false)
			if res.StatusCode == http.StatusSeeOther || !strings.Contains(body, "is not a day of the mission") || !strings.Contains(body, `id="wish-`+id(w.alpha.ID)+`" checked`) {
				t.Errorf("a bad availability: %d, not explained or the boxes lost", res.StatusCode)
			}
		})
	}
}
