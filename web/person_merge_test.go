package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestPersonMergePage: the people's duplicates page shows a pair side by side with its
// reasons; a writer merges one into the other and undoes it from the kept person's
// page, or marks a pair "not a duplicate"; a viewer, another member (with a private
// person) and another workspace cannot, nor see the private person through the page.
func TestPersonMergePage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			people := store.NewPersonService(db)
			dup := &passerelle.Person{FirstName: "SHAREDPERSON", LastName: "Ada", Phones: []string{"45 5555"}}
			twin := &passerelle.Person{FirstName: "Zebulon", LastName: "Secretperson"} // alice's private one's namesake
			for _, p := range []*passerelle.Person{dup, twin} {
				must(t, people.CreatePerson(sys, p))
				must(t, people.CreateAffiliation(sys, &passerelle.Affiliation{PersonID: p.ID, OrganizationID: w.shared.ID}))
			}
			bob := w.client(t, "bob")
			res, body := bob.get("/people/duplicates")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`action="/people/%d/merge"`, w.sharedP.ID)) ||
				!strings.Contains(body, "same name at the same organisation") {
				t.Fatalf("duplicates page: %d %.800s", res.StatusCode, body)
			}
			if strings.Contains(body, fmt.Sprintf(`/people/%d"`, w.privateP.ID)) {
				t.Error("bob's duplicates page shows alice's private person")
			}
			if _, body := w.client(t, "alice").get("/people/duplicates"); !strings.Contains(body, fmt.Sprintf(`/people/%d"`, w.privateP.ID)) {
				t.Error("alice's duplicates page does not show her private person's namesake")
			}
			if _, body := bob.get("/people"); !strings.Contains(body, `href="/people/duplicates"`) {
				t.Error("the people list does not link to the duplicates")
			}
			merge := func(c *client, kept, gone int64) int {
				res, _ := c.do("POST", fmt.Sprintf("/people/%d/merge", kept), formType, form("gone", fmt.Sprint(gone)), false)
				return res.StatusCode
			}
			for who, tc := range map[string]struct {
				c          *client
				kept, gone int64
				want       int
			}{
				"viewer":                     {w.client(t, "viewer"), w.sharedP.ID, dup.ID, http.StatusForbidden},
				"bob, alice's private one":   {bob, twin.ID, w.privateP.ID, http.StatusNotFound},
				"bob, into alice's private":  {bob, w.privateP.ID, twin.ID, http.StatusNotFound},
				"another workspace":          {w.client(t, "otheradmin"), w.sharedP.ID, dup.ID, http.StatusNotFound},
				"alice, shared into private": {w.client(t, "alice"), w.privateP.ID, twin.ID, http.StatusUnprocessableEntity},
			} {
				if got := merge(tc.c, tc.kept, tc.gone); got != tc.want {
					t.Errorf("%s: %d, want %d", who, got, tc.want)
				}
			}
			if res, _ := bob.do("POST", "/people/duplicates/not", formType, form("a", fmt.Sprint(twin.ID), "b", fmt.Sprint(w.privateP.ID)), false); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob marks a pair with alice's private person: %d", res.StatusCode)
			}
			if got := merge(bob, w.sharedP.ID, dup.ID); got != http.StatusSeeOther {
				t.Fatalf("merge: %d", got)
			}
			_, body = bob.get(fmt.Sprintf("/people/%d", w.sharedP.ID))
			undo := regexp.MustCompile(`action="(/people/\d+/merges/\d+/undo)"`).FindStringSubmatch(body)
			if undo == nil || !strings.Contains(body, "45 5555") {
				t.Fatalf("the kept person's page after the merge: %s", body[strings.Index(body, "<main"):])
			}
			if res, _ := w.client(t, "viewer").do("POST", undo[1], formType, "", false); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer undoes: %d", res.StatusCode)
			}
			if res, _ := w.client(t, "otheradmin").do("POST", undo[1], formType, "", false); res.StatusCode != http.StatusNotFound {
				t.Errorf("another workspace undoes: %d", res.StatusCode)
			}
			res, _ = bob.do("POST", undo[1], formType, "", false)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/people/%d", dup.ID) {
				t.Fatalf("undo: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if res, body := bob.get(fmt.Sprintf("/people/%d", dup.ID)); res.StatusCode != http.StatusOK || !strings.Contains(body, "45 5555") {
				t.Errorf("the person merged away after the undo: %d", res.StatusCode)
			}
			res, _ = bob.do("POST", "/people/duplicates/not", formType, form("a", fmt.Sprint(w.sharedP.ID), "b", fmt.Sprint(dup.ID)), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("not a duplicate: %d", res.StatusCode)
			}
			if _, body := bob.get("/people/duplicates"); strings.Contains(body, fmt.Sprintf(`action="/people/%d/merge"`, dup.ID)) {
				t.Error("a pair marked not a duplicate is still listed")
			}
		})
	}
}
