package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"passerelle"
)

// TestPersonRightsPages: a writer records a lawful basis and becomes the contact owner;
// only who answers for the person's data (a manager for a shared person, the member's
// writers for its private one) sees and uses the access export and the erasure; another
// workspace finds nothing.
func TestPersonRightsPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			pid := fmt.Sprint(w.sharedP.ID)
			bob, coord := w.client(t, "bob"), w.client(t, "coord")
			res, _ := bob.do("POST", "/people/"+pid+"/consents", formType, form("basis", "consent", "purpose", "event invitations", "given_on", "2026-05-01"), false)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a consent without its source: %d", res.StatusCode)
			}
			res, _ = bob.do("POST", "/people/"+pid+"/consents", formType, form("basis", "consent", "purpose", "event invitations", "source", "BIO 2026 form", "given_on", "2026-05-01"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("record a consent: %d", res.StatusCode)
			}
			if res, _ := bob.do("POST", "/people/"+pid+"/owner", formType, form("owner", "me", "note", "met him twice"), false); res.StatusCode != http.StatusSeeOther {
				t.Errorf("contact owner: %d", res.StatusCode)
			}
			// Dates in the reader's language, as elsewhere.
			if _, body := w.client(t, "bob").lang("fr").get("/people/" + pid); !strings.Contains(body, "1 mai 2026") || strings.Contains(body, "2026-05-01") {
				t.Errorf("the consent's date is not written in French")
			}
			_, body := bob.get("/people/" + pid)
			if !strings.Contains(body, "BIO 2026 form") || !strings.Contains(body, "bob@example.org") || strings.Contains(body, `id="person-erase"`) ||
				!strings.Contains(body, `id="owner-remove"`) {
				t.Errorf("bob's view of the person: consent, owner and his button to let go, and no erasure expected")
			}
			// Bob's claim is his: alice (another member) is not offered to remove it, nor
			// allowed to; the coordinator may.
			alice := w.client(t, "alice")
			if _, body := alice.get("/people/" + pid); strings.Contains(body, `id="owner-remove"`) || strings.Contains(body, `id="owner-clear"`) || strings.Contains(body, `id="owner-me"`) {
				t.Errorf("alice is offered to change bob's claim")
			}
			if res, _ := alice.do("POST", "/people/"+pid+"/owner", formType, form("owner", ""), false); res.StatusCode != http.StatusForbidden {
				t.Errorf("alice removes bob's claim: %d", res.StatusCode)
			}
			if _, body := coord.get("/people/" + pid); !strings.Contains(body, `id="owner-clear"`) {
				t.Errorf("the coordinator is not offered to remove bob's claim")
			}
			for _, path := range []string{"/people/" + pid + "/data", "/people/" + pid + "/erase"} {
				if res, _ := bob.get(path); res.StatusCode != http.StatusForbidden {
					t.Errorf("bob GET %s: %d", path, res.StatusCode)
				}
				if res, _ := w.client(t, "otheradmin").get(path); res.StatusCode != http.StatusNotFound {
					t.Errorf("another workspace GET %s: %d", path, res.StatusCode)
				}
			}
			if res, _ := bob.do("POST", "/people/"+pid+"/erase", formType, "", false); res.StatusCode != http.StatusForbidden {
				t.Errorf("bob erases: %d", res.StatusCode)
			}
			res, body = coord.get("/people/" + pid + "/data?format=json")
			var d struct {
				Person struct {
					LastName string `json:"last_name"`
				}
				Consents []struct{ Source string }
			}
			if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &d) != nil || d.Person.LastName != "Sharedperson" || len(d.Consents) != 1 {
				t.Fatalf("coordinator's export: %d %.300s", res.StatusCode, body)
			}
			if strings.Contains(body, privateNotesText) || strings.Contains(body, privateMeetTitle) {
				t.Error("the coordinator's export holds alice's private notes or meeting")
			}
			// The readable answer says what the file says: the owner's note, the missions and
			// opportunities that name the person.
			if res, body := coord.get("/people/" + pid + "/data"); res.StatusCode != http.StatusOK || !strings.Contains(body, "met him twice") ||
				!strings.Contains(body, `id="person-data-missions"`) || !strings.Contains(body, `id="person-data-opportunities"`) {
				t.Errorf("coordinator's readable answer: %d, owner's note, missions or opportunities missing", res.StatusCode)
			}
			if res, body := coord.get("/people/" + pid + "/erase"); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="confirm-erase"`) {
				t.Fatalf("erase form: %d", res.StatusCode)
			}
			if res, _ := coord.do("POST", "/people/"+pid+"/erase", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("erase: %d", res.StatusCode)
			}
			if _, body := bob.get("/people/" + pid); !strings.Contains(body, "Erased person") || strings.Contains(body, "Sharedperson") {
				t.Error("the person page after the erasure still names them")
			}
			// Alice's private person: hers to export, not bob's to see.
			priv := fmt.Sprint(w.privateP.ID)
			if res, _ := w.client(t, "alice").get("/people/" + priv + "/data"); res.StatusCode != http.StatusOK {
				t.Errorf("alice exports her private person: %d", res.StatusCode)
			}
			if res, _ := bob.get("/people/" + priv + "/data"); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob exports alice's private person: %d", res.StatusCode)
			}
		})
	}
}

// TestPersonErasePageCounts: the erasure page counts what stays of the person with
// each language's plural ("1 affiliations" and "ses 1 rattachements" were written).
func TestPersonErasePageCounts(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	coord := w.client(t, "coord")
	res, _ := coord.do("POST", "/people", formType, form("first_name", "Ona", "last_name", "Countable"), false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	pid := strings.TrimPrefix(res.Header.Get("Location"), "/people/")
	if res, _ := coord.do("POST", "/people/"+pid+"/affiliations", formType, form("organization", fmt.Sprint(w.shared.ID)), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("affiliate: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		lang      string
		want, not []string
	}{
		{"en", []string{"1 affiliation keeps", "0 meetings keep", "0 agreements keep"}, []string{"1 affiliations"}},
		{"fr", []string{"1 rattachement garde", "0 rendez-vous garde", "0 convention garde"}, []string{"1 rattachements", "accords"}},
	} {
		_, body := coord.lang(tc.lang).get("/people/" + pid + "/erase")
		for _, s := range tc.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the erasure page lacks %q", tc.lang, s)
			}
		}
		for _, s := range tc.not {
			if strings.Contains(body, s) {
				t.Errorf("%s: the erasure page says %q", tc.lang, s)
			}
		}
	}
}

// TestErasedPersonNamedInFrench: an erased person reads "Personne effacée" on the French
// pages (their page, the contact book, their organisation's people, the history), not
// the English name the record keeps.
func TestErasedPersonNamedInFrench(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	coord := w.client(t, "coord")
	pid := fmt.Sprint(w.sharedP.ID)
	if res, _ := coord.do("POST", "/people/"+pid+"/erase", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.StatusCode)
	}
	coord.lang("fr")
	for _, path := range []string{"/people/" + pid, "/people", fmt.Sprintf("/organizations/%d", w.shared.ID)} {
		_, body := coord.get(path)
		if strings.Contains(body, passerelle.ErasedPersonName) || !strings.Contains(body, "Personne effacée") {
			t.Errorf("%s: the erased person is not named in French", path)
		}
	}
}
