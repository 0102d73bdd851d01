package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPIMissionMove: the API moves and pins a meeting of the programme as the page
// does: a time that is not the programme's is 422 with the reason, nothing changed; a
// local time or RFC 3339 is taken; another member's private meeting is 404, a viewer 403.
func TestAPIMissionMove(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			path := "/api/v1/missions/cph/meetings/" + id(w.meetPriv.ID) + "/move"
			res, body := alice.do("POST", path, "application/json", `{"start": "2027-03-12 10:00", "pinned": true}`, true)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a day of the mission") {
				t.Errorf("a day outside the mission: %d %s", res.StatusCode, body)
			}
			res, body = alice.do("POST", path, "application/json", `{"start": "2027-03-10 12:00"}`, true)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a meeting time of the programme") {
				t.Errorf("lunch time: %d %s", res.StatusCode, body)
			}
			if res, _ := w.client(t, "bob").do("POST", path, "application/json", `{"start": "2027-03-11 10:00"}`, true); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob moves alice's meeting: %d", res.StatusCode)
			}
			if res, _ := w.client(t, "viewer").do("POST", path, "application/json", `{"start": "2027-03-11 10:00"}`, true); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer moves a meeting: %d", res.StatusCode)
			}
			res, body = alice.do("POST", path, "application/json", `{"start": "2027-03-11T10:00:00+01:00", "pinned": true}`, true)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `"moved":true`) || !strings.Contains(body, `"pinned":true`) {
				t.Fatalf("alice moves her meeting: %d %s", res.StatusCode, body)
			}
			if _, body := alice.get("/missions/cph"); !strings.Contains(body, `class="badge pinned"`) || !strings.Contains(body, `id="day-2027-03-11"`) {
				t.Error("the programme does not show the meeting moved and pinned")
			}
			// Saved where it is, unpinned: only the pin changes.
			res, body = alice.do("POST", path, "application/json", `{"start": "2027-03-11 10:00", "pinned": false}`, true)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `"moved":false`) || !strings.Contains(body, `"pinned":false`) {
				t.Errorf("unpinned: %d %s", res.StatusCode, body)
			}
		})
	}
}
