package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
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
			_, body := bob.get("/people/" + pid)
			if !strings.Contains(body, "BIO 2026 form") || !strings.Contains(body, "bob@example.org") || strings.Contains(body, `id="person-erase"`) {
				t.Errorf("bob's view of the person: consent, owner, and no erasure expected")
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
