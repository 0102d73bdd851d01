package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestPeopleListOrganizations: the people list names where each works now, role first,
// as a contact list does; an affiliation that ended is left to the person's page, and
// another member's private organisation is not named to those who may not see it.
func TestPeopleListOrganizations(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			people := store.NewPersonService(db)
			must(t, people.CreateAffiliation(sys, &passerelle.Affiliation{PersonID: w.sharedP.ID, OrganizationID: w.private.ID, Role: "Adviser"}))
			must(t, people.CreateAffiliation(sys, &passerelle.Affiliation{PersonID: w.sharedP.ID, OrganizationID: w.shared2.ID, Role: "Intern",
				StartDate: "2010-01-01", EndDate: "2012-06-30"}))
			shared := fmt.Sprintf(`CEO, <a href="/organizations/%d">`, w.shared.ID)
			private := fmt.Sprintf(`Adviser, <a href="/organizations/%d">`, w.private.ID)
			ended := fmt.Sprintf(`<a href="/organizations/%d">`, w.shared2.ID)
			for _, c := range []struct {
				who         string
				seesPrivate bool
			}{{"alice", true}, {"bob", false}} {
				_, body := w.client(t, c.who).get("/people")
				if !strings.Contains(body, shared) {
					t.Errorf("%s: the list does not name the person's organisation (%s): %.1500s", c.who, shared, body)
				}
				if strings.Contains(body, private) != c.seesPrivate {
					t.Errorf("%s: the private organisation named %v, want %v", c.who, strings.Contains(body, private), c.seesPrivate)
				}
				if strings.Contains(body, ended) || strings.Contains(body, "Intern") {
					t.Errorf("%s: an ended affiliation is listed", c.who)
				}
			}
		})
	}
}
