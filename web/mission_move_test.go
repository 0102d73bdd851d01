package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMissionMovePage: Alpha's user opens the move form of her private meeting of the
// programme, is refused a day outside the mission with the reason (nothing changed),
// moves and pins it; the programme shows it pinned. Beta's user can neither read nor
// move it (404), and his page does not show it.
func TestMissionMovePage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob := w.client(t, "alice"), w.client(t, "bob")
			path := "/missions/cph/meetings/" + id(w.meetPriv.ID) + "/move"
			res, body := alice.get(path)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="2027-03-11 16:00"`) || !strings.Contains(body, "2027-03-10 09:00–10:00") {
				t.Fatalf("alice's move form: %d %s", res.StatusCode, body)
			}
			if !strings.Contains(body, "When (the mission&#39;s time)") {
				t.Error("the move form of a mission's meeting speaks of an event's time")
			}
			res, body = alice.do("POST", path, formType, form("slot", "2027-03-12 10:00", "pinned", "1"), false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "2027-03-12 is not a day of the mission (2027-03-10 to 2027-03-11)") {
				t.Errorf("a day outside the mission: %d, not explained", res.StatusCode)
			}
			res, body = alice.do("POST", path, formType, form("slot", "2027-03-10 12:00"), false)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a meeting time of the programme") {
				t.Errorf("lunch time: %d, not explained", res.StatusCode)
			}
			if _, body := alice.get("/missions/cph"); !strings.Contains(body, "09:00–10:00") || strings.Contains(body, `class="badge pinned"`) {
				t.Error("a refused move changed the programme")
			}
			for _, m := range []string{"GET", "POST"} {
				if res, _ := bob.do(m, path, formType, form("slot", "2027-03-11 10:00", "pinned", "1"), false); res.StatusCode != http.StatusNotFound {
					t.Errorf("bob %s alice's meeting: %d, want 404", m, res.StatusCode)
				}
			}
			res, _ = alice.do("POST", path, formType, form("slot", "2027-03-11 10:00", "pinned", "1"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("alice moves her meeting: %d", res.StatusCode)
			}
			_, body = alice.get("/missions/cph")
			if !strings.Contains(body, `class="badge pinned"`) || !strings.Contains(body, `id="day-2027-03-11"`) {
				t.Error("the programme does not show the meeting moved and pinned")
			}
			if _, body := bob.get("/missions/cph"); strings.Contains(body, privateMeetTitle) || strings.Contains(body, `class="badge pinned"`) || strings.Contains(body, path) {
				t.Error("bob's programme shows alice's private meeting")
			}
		})
	}
}
