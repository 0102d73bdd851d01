package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestMissionPlanCounts: the result of planning a programme agrees with its counts in
// French ("1 rendez-vous placé sur 1", "0 déplacé"); it said "placés" and "déplacés"
// whatever the number.
func TestMissionPlanCounts(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			missions := store.NewMissionService(db)
			m, err := missions.FindMission(sys, "cph")
			must(t, err)
			m.LeadPersonID, m.Targets = w.sharedP.ID, nil
			must(t, missions.UpdateMission(sys, m))
			bob := w.client(t, "bob")
			if res, _ := bob.do("POST", "/lang", formType, form("lang", "fr"), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("lang: %d", res.StatusCode)
			}
			result := regexp.MustCompile(`id="plan-result">(\d+) rendez-vous (placés?) sur \d+\.(?: · (\d+) (déplacés?) depuis)?`)
			agrees := func(n, word, one string) bool {
				k, _ := strconv.Atoi(n)
				return k <= 1 && word == one || k > 1 && word == one+"s"
			}
			for run := 1; run <= 2; run++ { // the second plan is a repair, and counts the moves
				if res, body := bob.do("POST", "/missions/cph/plan", formType, "", false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("plan %d: %d %.300s", run, res.StatusCode, between(body, `class="error`, "</"))
				}
				_, body := bob.get("/missions/cph")
				g := result.FindStringSubmatch(body)
				if g == nil {
					t.Fatalf("plan %d: no result: %s", run, between(body, `id="plan-result"`, "</p>"))
				}
				if !agrees(g[1], g[2], "placé") || run == 2 && (g[3] == "" || !agrees(g[3], g[4], "déplacé")) {
					t.Errorf("plan %d: %q", run, g[0])
				}
			}
		})
	}
}
