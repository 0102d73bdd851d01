package web_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestErasedPersonInReadersLanguage: a person erased under the right to erasure keeps an
// English name in the database (passerelle.ErasedPersonName); every page that names
// them, and the exports of the directory and of the agreements, name them in the
// reader's language. Meetings, the mission's programme and print view, an agreement's
// contacts, an opportunity's links and the contact book said "Erased person" to a
// French reader.
func TestErasedPersonInReadersLanguage(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newWorld(t, db)
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	ada := w.sharedP
	agr := &passerelle.Agreement{Title: "Convention with a contact", Partners: []passerelle.AgreementPartner{{OrganizationID: w.shared2.ID, Side: passerelle.SideFrench}},
		Contacts: []passerelle.AgreementContact{{PersonID: ada.ID, FirstName: ada.FirstName, LastName: ada.LastName, Role: "Correspondant"}}}
	must(t, store.NewAgreementService(db).CreateAgreement(sys, agr))
	opp := &passerelle.Opportunity{Title: "Lead with a person", MemberID: w.beta.ID, PersonIDs: []int64{ada.ID}}
	must(t, store.NewPipelineService(db).CreateOpportunity(sys, opp))
	start := time.Date(2027, 3, 10, 10, 0, 0, 0, time.UTC)
	must(t, store.NewMeetingService(db).CreateMeeting(sys, &passerelle.Meeting{Title: "Programme meeting", Start: start, End: start.Add(time.Hour),
		TimeZone: "Europe/Copenhagen", OrganizationIDs: []int64{w.shared.ID}, PersonIDs: []int64{ada.ID}, Origin: passerelle.OriginMission, OriginID: w.mission.ID}))
	must(t, store.NewPersonService(db).ErasePerson(sys, ada.ID))

	pid := id(ada.ID)
	pages := []string{"/people", "/people/" + pid, "/people/" + pid + "/edit", "/organizations/" + id(w.shared.ID),
		"/meetings/" + id(w.meetShr.ID), "/meetings/" + id(w.meetShr.ID) + "/edit", "/agreements/" + id(agr.ID),
		"/pipeline/" + id(opp.ID), "/missions/cph", "/missions/cph/print", "/contacts",
		"/people/export?format=csv", "/people/export?format=json", "/agreements/export?format=json"}
	for _, tc := range []struct{ lang, name, other string }{
		{"fr", "Personne effacée", passerelle.ErasedPersonName},
		{"en", passerelle.ErasedPersonName, "Personne effacée"},
	} {
		c := w.client(t, "coord").lang(tc.lang)
		for _, path := range pages {
			res, body := c.get(path)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", tc.lang, path, res.StatusCode)
				continue
			}
			// A form's field keeps the stored name, which saving the form writes back.
			text := html.UnescapeString(valueAttrRE.ReplaceAllString(body, ""))
			if !strings.Contains(text, tc.name) || strings.Contains(text, tc.other) {
				t.Errorf("%s %s: names the erased person %q, want %q", tc.lang, path, between(text, "<main", "</main>"), tc.name)
			}
		}
	}
}
