package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestFollowUpDueDates: a follow-up's due date is written as a date of the reader's
// language ("due 20 March 2027", "échéance 20 mars 2027") on the mission's page, the
// debrief, a meeting's page and the dashboard; it was the ISO date.
func TestFollowUpDueDates(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			must(t, store.NewFollowUpService(db).CreateFollowUp(sys, &passerelle.FollowUp{MemberID: w.alpha.ID, Title: "Send the MTA",
				DueDate: "2027-03-20", MissionID: w.mission.ID, MeetingID: w.meetPriv.ID}))
			alice := w.client(t, "alice")
			pages := []string{"/missions/cph", "/missions/cph/debriefs/" + id(w.debPriv.ID), "/meetings/" + id(w.meetPriv.ID), "/"}
			for _, c := range []struct{ lang, want string }{
				{"en", `due <time datetime="2027-03-20">20 March 2027</time>`},
				{"fr", `échéance <time datetime="2027-03-20">20 mars 2027</time>`},
			} {
				if res, _ := alice.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang %s: %d", c.lang, res.StatusCode)
				}
				for _, p := range pages {
					if res, body := alice.get(p); res.StatusCode != http.StatusOK || !strings.Contains(body, c.want) {
						t.Errorf("%s %s: %d, lacks %s", c.lang, p, res.StatusCode, c.want)
					}
				}
			}
		})
	}
}
