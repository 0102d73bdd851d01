package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestOpportunityAPI: a member records an opportunity from a meeting, moves it to won,
// and the figures change; a bad stage names its field; another member cannot move it.
func TestOpportunityAPI(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			kpi := func() map[string]any {
				res, b := bob.do("GET", "/api/v1/kpis", "", "", true)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("kpis: %d %s", res.StatusCode, b)
				}
				var m map[string]any
				json.Unmarshal([]byte(b), &m)
				return m
			}
			before := kpi()
			res, b := bob.do("POST", "/api/v1/opportunities", "application/json",
				fmt.Sprintf(`{"title": "Horizon 2020 letter of intent", "stage": "letter_of_intent", "programme": "Horizon 2020", "meeting_ids": [%d]}`, w.meetShr.ID), true)
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("create: %d %s", res.StatusCode, b)
			}
			var o struct {
				ID       int64 `json:"id"`
				MemberID int64 `json:"member_id"`
			}
			json.Unmarshal([]byte(b), &o)
			if o.MemberID != w.beta.ID {
				t.Errorf("member %d, want bob's %d", o.MemberID, w.beta.ID)
			}
			path := fmt.Sprintf("/api/v1/opportunities/%d", o.ID)
			if res, b := bob.do("PATCH", path, "application/json", `{"stage": "signed"}`, true); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, `"stage"`) {
				t.Errorf("bad stage: %d %s", res.StatusCode, b)
			}
			if res, _ := alice.do("PATCH", path, "application/json", `{"stage": "lost"}`, true); res.StatusCode != http.StatusForbidden {
				t.Errorf("alice moves bob's opportunity: %d", res.StatusCode)
			}
			if res, b := bob.do("PATCH", path, "application/json", `{"stage": "won"}`, true); res.StatusCode != http.StatusOK || !strings.Contains(b, `"won_on"`) {
				t.Errorf("won: %d %s", res.StatusCode, b)
			}
			after := kpi()
			if after["opportunities_won"].(float64) != before["opportunities_won"].(float64)+1 || after["opportunities"].(float64) != before["opportunities"].(float64)+1 {
				t.Errorf("kpis before %v, after %v", before, after)
			}
			if res, b := bob.do("GET", fmt.Sprintf("/api/v1/opportunities?meeting_id=%d&stage=won", w.meetShr.ID), "", "", true); res.StatusCode != http.StatusOK || !strings.Contains(b, "Horizon 2020 letter") {
				t.Errorf("list: %d %s", res.StatusCode, b)
			}
		})
	}
}

// TestPipelinePages: the board, the projects and the figures render; Alpha's private
// letter of intent shows on Alice's board of her member, never on the network's (the
// shared records) nor on Bob's.
func TestPipelinePages(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newWorld(t, db)
	alice, bob := w.client(t, "alice"), w.client(t, "bob")
	for _, path := range []string{"/pipeline?member_id=0", "/pipeline?member_id=" + id(w.alpha.ID), "/projects", "/kpis?year=2027", "/kpis"} {
		for name, c := range map[string]*client{"alice": alice, "bob": bob} {
			res, b := c.do("GET", path, "", "", false)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s GET %s: %d %s", name, path, res.StatusCode, b)
			}
			if want := name == "alice" && !strings.HasSuffix(path, "=0"); strings.Contains(path, "pipeline") && strings.Contains(b, privateOppTitle) != want {
				t.Errorf("%s GET %s: private letter of intent shown: %v", name, path, !want)
			}
			if strings.HasSuffix(path, "member_id=0") && !strings.Contains(b, "Shared Visible Lead") {
				t.Errorf("%s GET %s: shared lead missing", name, path)
			}
			if strings.HasPrefix(path, "/kpis") && !strings.Contains(b, `href="/api/v1/meetings?`) {
				t.Errorf("%s GET %s: no link to the meetings", name, path)
			}
		}
	}
}

// TestBoardMove: Bob moves Beta's lead to won from the board; the figures count it.
func TestBoardMove(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	bob := w.client(t, "bob")
	_, b := bob.get("/pipeline")
	if !strings.Contains(b, fmt.Sprintf(`id="move-%d"`, w.oppShr.ID)) {
		t.Fatalf("no move button on bob's board: %s", b)
	}
	// The card's form comes back to the board as it was filtered.
	board := "/pipeline?member_id=" + id(w.beta.ID) + "&year=" + w.oppShr.OpenedOn[:4]
	_, b = bob.get(board)
	_, back, _ := strings.Cut(between(b, `action="/pipeline/`+id(w.oppShr.ID)+`/stage"`, "</form>"), `name="return" value="`)
	back, _, _ = strings.Cut(back, `"`)
	back = html.UnescapeString(back)
	if back != board {
		t.Errorf("the card's form returns to %q, want the board as filtered, %q", back, board)
	}
	res, _ := bob.do("POST", fmt.Sprintf("/pipeline/%d/stage", w.oppShr.ID), formType, form("stage", "won", "return", back), false)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != board {
		t.Fatalf("move: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, b = bob.do("GET", "/api/v1/kpis", "", "", true)
	if !strings.Contains(b, `"opportunities_won":1`) {
		t.Errorf("kpis after the move: %s", b)
	}
	if res, _ := bob.do("POST", fmt.Sprintf("/pipeline/%d/stage", w.oppPriv.ID), formType, form("stage", "won"), false); res.StatusCode != http.StatusNotFound {
		t.Errorf("bob moves alice's private opportunity: %d", res.StatusCode)
	}
}

// TestBoardOrganization: the figures of one organisation link to the board with it, and
// the board keeps the opportunities linked to that organisation only (it listed them all);
// both filter forms keep the organisation.
func TestBoardOrganization(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	sys := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
	linked := &passerelle.Opportunity{Title: "Lead with the shared organisation", MemberID: w.beta.ID, OrganizationIDs: []int64{w.shared.ID}}
	must(t, store.NewPipelineService(w.db).CreateOpportunity(sys, linked))
	bob := w.client(t, "bob")
	_, k := bob.get("/kpis?member_id=" + id(w.beta.ID) + "&organization_id=" + id(w.shared.ID))
	board := "/pipeline?member_id=" + id(w.beta.ID) + "&amp;organization_id=" + id(w.shared.ID)
	if !strings.Contains(k, `href="`+board+`"`) {
		t.Fatalf("the organisation's figures do not link to its board %s", board)
	}
	if !strings.Contains(k, `name="organization_id" value="`+id(w.shared.ID)+`"`) {
		t.Error("the figures' filter form drops the organisation")
	}
	_, b := bob.get(html.UnescapeString(board))
	if !strings.Contains(b, linked.Title) || strings.Contains(b, "Shared Visible Lead") {
		t.Errorf("the board of the shared organisation: %s", between(b, `id="board"`, "</main>"))
	}
	if !strings.Contains(b, `name="organization_id" value="`+id(w.shared.ID)+`"`) {
		t.Error("the board's filter form drops the organisation")
	}
}

// TestKPIOrganizationAgreements: "agreements signed" of one organisation counts the
// agreements where it is a partner, and links to those (it linked to every agreement).
func TestKPIOrganizationAgreements(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	bob := w.client(t, "bob")
	_, k := bob.get("/kpis?organization_id=" + id(w.shared2.ID))
	_, link, _ := strings.Cut(between(k, "<th>Agreements signed</th>", "</tr>"), `href="/agreements?`)
	link, _, _ = strings.Cut(link, `"`)
	if !strings.Contains(link, "partner="+id(w.shared2.ID)) {
		t.Fatalf("the organisation's agreements link: %q", link)
	}
	_, b := bob.get("/agreements?" + html.UnescapeString(link))
	if !strings.Contains(b, "Shared Visible Convention") {
		t.Error("the organisation's agreements lack its shared one")
	}
}

// TestBoardCardLinks: a card names its organisations and dates its meetings (in the
// meeting's zone) as the reader may see them; it showed "Organisation 36", "Meeting 93".
// Another member's private organisation linked to a shared lead is not on it at all.
func TestBoardCardLinks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			o := &passerelle.Opportunity{Title: "Lead with two partners", MemberID: w.beta.ID, MeetingIDs: []int64{w.meetShr.ID},
				OrganizationIDs: []int64{w.shared.ID, w.private.ID}}
			must(t, store.NewPipelineService(db).CreateOpportunity(sys, o))
			_, b := w.client(t, "bob").get("/pipeline")
			card := between(b, fmt.Sprintf(`id="opp-%d"`, o.ID), "</li>")
			for _, want := range []string{">" + sharedOrgName + "<", "Meeting 10 March 2027<"} {
				if !strings.Contains(card, want) {
					t.Errorf("bob's card lacks %s:\n%s", want, card)
				}
			}
			if strings.Contains(b, privateOrgName) || strings.Contains(card, fmt.Sprintf(`href="/organizations/%d"`, w.private.ID)) {
				t.Error("bob's board shows Alpha's private organisation")
			}
			_, b = w.client(t, "alice").get("/pipeline?member_id=" + id(w.beta.ID))
			if card := between(b, fmt.Sprintf(`id="opp-%d"`, o.ID), "</li>"); !strings.Contains(card, ">"+privateOrgName+"<") {
				t.Errorf("alice's card does not name her member's organisation:\n%s", card)
			}
		})
	}
}
