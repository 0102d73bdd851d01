package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFeedback (issue 20): the sign-in page says how to get an account and a new
// password, and that one is signed out; every page has a skip link; publishing asks for
// confirmation and says what becomes public; adding an affiliation through htmx says so
// inside the section it swaps.
func TestFeedback(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			anon := w.client(t, "")
			_, body := anon.get("/login")
			if !strings.Contains(body, `id="signin-hint"`) || !strings.Contains(body, "invite you") || !strings.Contains(body, `href="#main"`) {
				t.Errorf("sign-in page lacks the hint or the skip link:\n%s", body)
			}
			bob := w.client(t, "bob")
			res, _ := bob.do("POST", "/logout", "", "", false)
			if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login?signed_out") {
				t.Errorf("sign-out goes to %q", loc)
			}
			if _, body := anon.get("/login?signed_out"); !strings.Contains(body, `id="signed-out"`) {
				t.Error("the sign-in page does not say one is signed out")
			}
			coord := w.client(t, "coord")
			_, body = coord.get("/people/" + id(w.sharedP.ID))
			if !strings.Contains(body, `id="skip-link"`) {
				t.Error("no skip link on a signed-in page")
			}
			req, _ := http.NewRequest("POST", w.srv.URL+"/people/"+id(w.sharedP.ID)+"/affiliations",
				strings.NewReader(url.Values{"organization": {"Second Shared Org"}, "role": {"Adviser"}}.Encode()))
			req.Header.Set("Content-Type", formType)
			req.Header.Set("HX-Request", "true")
			res, err := coord.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			buf := make([]byte, 1<<16)
			for {
				n, err := res.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			sec := b.String()
			if i := strings.Index(sec, `<section id="affiliations">`); i < 0 || !strings.Contains(sec[i:], `id="affiliation-flash"`) {
				t.Errorf("htmx affiliation add: %d, no message in the section", res.StatusCode)
			}
		})
	}
}

// TestPublishAsksFirst: the publish button opens what becomes public and a second button.
func TestPublishAsksFirst(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			_, body := w.client(t, "coord").get("/agreements/" + id(w.plain.ID))
			if !strings.Contains(body, `id="publish-confirm"`) || !strings.Contains(body, `id="agr-publish-confirm"`) || !strings.Contains(body, "never its working notes") {
				t.Errorf("no publish confirmation:\n%s", body)
			}
		})
	}
}

// TestUsersColumns: the users page puts the member and the role each in its column, the
// member's select tied to the role cell's form.
func TestUsersColumns(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	_, body := w.client(t, "coord").get("/users")
	alice := id(w.users["alice"].ID)
	if !strings.Contains(body, `form="role-`+alice+`"`) || !strings.Contains(body, `id="role-`+alice+`"`) || strings.Contains(body, `colspan="2"`) {
		t.Errorf("users page:\n%s", body)
	}
}
