package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestMeetingOpportunities: a meeting's page lists the opportunities recorded from it
// that the reader may read, each linked with its stage; another member's private one is
// not named. The page said nothing of them, and a second one was recorded for the same
// lead.
func TestMeetingOpportunities(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			// Alpha's private lead from the shared meeting, beside Beta's shared one.
			must(t, store.NewPipelineService(db).CreateOpportunity(sys, &passerelle.Opportunity{Title: "Alpha's quiet lead", MemberID: w.alpha.ID,
				Visibility: passerelle.VisibilityPrivate, MeetingIDs: []int64{w.meetShr.ID}}))
			page := "/meetings/" + id(w.meetShr.ID)
			shared := `<a href="/pipeline/` + id(w.oppShr.ID) + `">Shared Visible Lead</a> <span class="badge">`
			for _, c := range []struct {
				who, lang, label string
				seesPrivate      bool
			}{
				{"alice", "en", "Opportunities from this meeting: ", true},
				{"bob", "fr", "Opportunités issues de ce rendez-vous\u00a0: ", false},
				{"viewer", "en", "Opportunities from this meeting: ", false},
			} {
				cl := w.client(t, c.who)
				if res, _ := cl.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang: %d", res.StatusCode)
				}
				res, body := cl.get(page)
				list := between(body, `id="meeting-opportunities">`, "</p>")
				if res.StatusCode != http.StatusOK || !strings.Contains(list, c.label) || !strings.Contains(list, shared) {
					t.Errorf("%s: %d, the meeting's opportunities: %q", c.who, res.StatusCode, list)
				}
				if got := strings.Contains(body, "Alpha&#39;s quiet lead"); got != c.seesPrivate {
					t.Errorf("%s sees Alpha's private lead: %v, want %v", c.who, got, c.seesPrivate)
				}
			}
			if _, body := w.client(t, "bob").get("/meetings/" + id(w.meetPriv.ID)); strings.Contains(body, "meeting-opportunities") {
				t.Error("bob reads alice's private meeting")
			}
		})
	}
}
