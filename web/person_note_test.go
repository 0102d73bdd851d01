package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestPersonNoteAccess: a member's private note on a person of the contact book is shown
// and edited on the person's page, and found in the book, for that member's users only.
// Another member (its writer, viewer or coordinator) and another workspace neither read
// it nor change it through any route, page or API: what they write is their own
// member's note, or refused.
func TestPersonNoteAccess(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			// The shared person is met on the mission's programme: in the book.
			start := w.meetShr.Start
			must(t, store.NewMeetingService(db).CreateMeeting(sys, &passerelle.Meeting{Title: "Book meeting", Start: start, End: start.Add(3600e9),
				TimeZone: "Europe/Copenhagen", Origin: passerelle.OriginMission, OriginID: w.mission.ID, PersonIDs: []int64{w.sharedP.ID}}))
			alice := w.client(t, "alice")
			person := "/people/" + id(w.sharedP.ID)
			if _, body := alice.get(person); !strings.Contains(body, `id="member-note-form"`) || !strings.Contains(body, privatePersonNote) {
				t.Fatal("alice's person page does not show her member's note")
			}
			if _, body := alice.get("/contacts?q=" + url.QueryEscape("alpha person note")); !strings.Contains(body, "Sharedperson") || !strings.Contains(body, privatePersonNote) {
				t.Error("alice's contact book does not find the person by her note")
			}
			res, body := alice.do("GET", "/api/v1/people/"+id(w.sharedP.ID)+"/note", "", "", true)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, privatePersonNote) {
				t.Errorf("alice's API read: %d %s", res.StatusCode, body)
			}
			for _, who := range []string{"bob", "viewer", "coord", "otheradmin"} {
				c := w.client(t, who)
				for _, path := range []string{person, "/contacts", "/contacts?q=" + url.QueryEscape("Secret Alpha"), "/api/v1/people/" + id(w.sharedP.ID) + "/note",
					"/api/v1/contacts", "/api/v1/contacts?q=Secret"} {
					res, body := c.do("GET", path, "", "", strings.HasPrefix(path, "/api/"))
					if strings.Contains(body, privatePersonNote) {
						t.Errorf("%s GET %s shows alpha's note", who, path)
					}
					if who == "otheradmin" && res.StatusCode == http.StatusOK && strings.Contains(path, "/people/") {
						t.Errorf("%s GET %s: 200", who, path)
					}
				}
				c.do("POST", person+"/note", formType, form("note", "written by "+who), false)
				c.do("PUT", "/api/v1/people/"+id(w.sharedP.ID)+"/note", "application/json", `{"note": "put by `+who+`"}`, true)
			}
			// Alice's note is as it was; bob's member (beta) has its own, which alice does not see.
			_, body = alice.get(person)
			if !strings.Contains(body, privatePersonNote) || strings.Contains(body, "written by") || strings.Contains(body, "put by") {
				t.Errorf("alice's note was changed or another member's shows: %.300s", body[strings.Index(body, "member-note"):])
			}
			_, body = w.client(t, "viewer").get(person)
			if !strings.Contains(body, "put by coord") || strings.Contains(body, `id="member-note-form"`) {
				t.Error("beta's viewer does not read beta's note, or is offered its form")
			}
			if res, _ := w.client(t, "viewer").do("POST", person+"/note", formType, form("note", "x"), false); res.StatusCode != http.StatusForbidden {
				t.Errorf("a viewer writes a note: %d", res.StatusCode)
			}
			if res, _ := w.client(t, "bob").do("POST", "/people/"+id(w.privateP.ID)+"/note", formType, form("note", "x"), false); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob notes alpha's private person: %d", res.StatusCode)
			}
		})
	}
}
