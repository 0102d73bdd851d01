package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFollowUpMissionName: a follow-up names its mission by its name on the dashboard
// and on its form (refused or edited), and the API gives the name beside the slug; the
// pages showed the slug ("cph"), which the adviser never typed.
func TestFollowUpMissionName(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			link := `<a href="/missions/cph">Copenhagen mission</a>`
			_, refused := alice.do("POST", "/follow-ups", formType, url.Values{"mission": {"cph"}, "member_id": {id(w.alpha.ID)}, "title": {"Call"},
				"owner": {"nobody@example.test"}}.Encode(), false)
			for _, c := range []struct{ page, body string }{
				{"dashboard", func() string { _, b := alice.get("/"); return b }()},
				{"edit form", func() string { _, b := alice.get("/follow-ups/" + id(w.fuPriv.ID) + "/edit"); return b }()},
				{"refused form", refused},
			} {
				if !strings.Contains(c.body, link) {
					t.Errorf("%s: the mission is not named by its name", c.page)
				}
			}
			res, body := alice.do("GET", "/api/v1/follow-ups?mission_id="+id(w.mission.ID), "", "", true)
			var out struct {
				Items []struct {
					Mission     string `json:"mission"`
					MissionName string `json:"mission_name"`
				} `json:"items"`
			}
			if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil || len(out.Items) == 0 ||
				out.Items[0].Mission != "cph" || out.Items[0].MissionName != "Copenhagen mission" {
				t.Errorf("API: %d %.300s", res.StatusCode, body)
			}
		})
	}
}
