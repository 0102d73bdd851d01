package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestEventPasswordEndsSessions: a participant's password change ends their other
// sessions (a browser signed in by the link, another by the old password), which then
// go to the sign-in page and can do nothing; the session that changed it stays, and the
// new password opens a new one.
func TestEventPasswordEndsSessions(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventPasswordEndsSessions(t, db) })
	}
}

func testEventPasswordEndsSessions(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	mail, _, anon := mailServer(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(moveEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	const page = "/e/net/move-ev"
	const first, second = "Kansai-bio-partnering-27", "Yokohama-partnering-28"
	byLink, byPassword, changer := anon(), anon(), anon()
	byLink.do("POST", page+"/register", formType, url.Values{"name": {"Aiko"}, "email": {"a@example.jp"}, "organization": {"Kansai Bio"}, "country": {"JP"}}.Encode(), false)
	if res, _ := byLink.do("POST", signinLink.FindString(mail.sent["a@example.jp"]), formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("link sign-in: %d", res.StatusCode)
	}
	if res, _ := byLink.do("POST", page+"/password", formType, url.Values{"password": {first}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the password: %d", res.StatusCode)
	}
	if res, _ := byLink.get(page); res.StatusCode != http.StatusOK {
		t.Fatalf("the session that set the password: %d", res.StatusCode)
	}
	signin := func(c *client, pw string) int {
		res, _ := c.do("POST", page+"/signin", formType, url.Values{"email": {"a@example.jp"}, "password": {pw}}.Encode(), false)
		return res.StatusCode
	}
	for _, c := range []*client{byPassword, changer} {
		if code := signin(c, first); code != http.StatusSeeOther {
			t.Fatalf("password sign-in: %d", code)
		}
	}
	if res, _ := changer.do("POST", page+"/password", formType, url.Values{"current_password": {first}, "password": {second}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change the password: %d", res.StatusCode)
	}
	if res, body := changer.get(page); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="pw-current"`) {
		t.Errorf("the session that changed the password: %d", res.StatusCode)
	}
	for name, c := range map[string]*client{"link": byLink, "old password": byPassword} {
		if res, _ := c.get(page); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"/signin" {
			t.Errorf("%s session after the change: %d %s", name, res.StatusCode, res.Header.Get("Location"))
		}
		if res, _ := c.do("POST", page+"/password", formType, url.Values{"password": {"Someone-else-took-it-29"}}.Encode(), false); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s session sets a password after the change: %d", name, res.StatusCode)
		}
		if res, _ := c.do("POST", page+"/profile", formType, url.Values{"summary": {"Taken over"}}.Encode(), false); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s session saves a profile after the change: %d", name, res.StatusCode)
		}
	}
	if code := signin(byPassword, first); code != http.StatusUnauthorized {
		t.Errorf("the old password: %d", code)
	}
	if code := signin(byPassword, second); code != http.StatusSeeOther {
		t.Errorf("the new password: %d", code)
	}
	if res, _ := byPassword.get(page); res.StatusCode != http.StatusOK {
		t.Errorf("a new session with the new password: %d", res.StatusCode)
	}
	if res, _ := changer.get(page); res.StatusCode != http.StatusOK {
		t.Errorf("the changing session after a new sign-in elsewhere: %d", res.StatusCode)
	}
}

// TestEventSigninLink: once the organiser closes the registration, a participant
// without a password (every imported one) still gets a one-time link from the event's
// sign-in page; they had no way in, and the page told them to register again. The
// answer is the same for an email that is no participant's (no mail then), and the
// registration's limits apply.
func TestEventSigninLink(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			mail, _, anon := mailServer(t, db)
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			svc := store.NewEventService(db)
			ev := strings.Replace(webEvent, `{"ref": "c", "name": "Carla"}`, `{"ref": "c", "name": "Carla", "email": "carla@example.org"}`, 1)
			imp, err := interchange.ReadEvent(strings.NewReader(ev))
			must(t, err)
			_, err = svc.ImportEvent(ctx, imp)
			must(t, err)
			base := "/e/" + w.ws.Slug + "/web-ev"
			c := anon()
			if _, body := c.get(base + "/signin"); !strings.Contains(body, `id="link-form"`) || strings.Contains(body, "Register again") {
				t.Errorf("the sign-in page of a closed registration: %s", between(body, `id="password-signin-form"`, "</main>"))
			}
			var link string
			for _, tc := range []struct {
				email  string
				status int
				mailed string // who gets a link
			}{
				{"nobody@example.org", http.StatusOK, ""},
				{" Carla@Example.org ", http.StatusOK, "carla@example.org"},
				{"", http.StatusUnprocessableEntity, ""},
			} {
				clear(mail.sent)
				res, body := c.do("POST", base+"/link", formType, url.Values{"email": {tc.email}}.Encode(), false)
				if res.StatusCode != tc.status || (tc.status == http.StatusOK) != strings.Contains(body, `id="link-sent"`) {
					t.Errorf("link for %q: %d", tc.email, res.StatusCode)
				}
				want := 0
				if tc.mailed != "" {
					want = 1
				}
				if len(mail.sent) != want || (tc.mailed != "" && signinLink.FindString(mail.sent[tc.mailed]) == "") {
					t.Errorf("link for %q: mailed %v", tc.email, mail.sent)
				}
				if tc.mailed != "" {
					link = signinLink.FindString(mail.sent[tc.mailed])
				}
			}
			if res, _ := c.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther ||
				res.Header.Get("Location") != base {
				t.Fatalf("the link: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if res, body := c.get(base); res.StatusCode != http.StatusOK || !strings.Contains(body, "Carla") {
				t.Errorf("Carla's page: %d", res.StatusCode)
			}
			// At most 5 links to an email within the window, as by the registration.
			for i := range 4 {
				if res, _ := anon().do("POST", base+"/link", formType, "email=carla@example.org", false); res.StatusCode != http.StatusOK {
					t.Fatalf("link %d: %d", i+2, res.StatusCode)
				}
			}
			if res, _ := anon().do("POST", base+"/link", formType, "email=carla@example.org", false); res.StatusCode != http.StatusTooManyRequests ||
				res.Header.Get("Retry-After") == "" {
				t.Errorf("sixth link: %d", res.StatusCode)
			}
			// As an outsider: Carlo, a participant of another event of the workspace, gets
			// nothing from this event's page; another workspace's address is no event.
			other := strings.Replace(strings.Replace(webEvent, `"slug": "web-ev"`, `"slug": "web-ev2"`, 1), `"name": "Carla"`, `"name": "Carlo", "email": "carlo@example.org"`, 1)
			imp2, err := interchange.ReadEvent(strings.NewReader(other))
			must(t, err)
			_, err = svc.ImportEvent(ctx, imp2)
			must(t, err)
			clear(mail.sent)
			if res, body := anon().do("POST", base+"/link", formType, "email=carlo@example.org", false); res.StatusCode != http.StatusOK ||
				!strings.Contains(body, `id="link-sent"`) || len(mail.sent) != 0 {
				t.Errorf("another event's participant: %d, mailed %v", res.StatusCode, mail.sent)
			}
			if res, _ := anon().do("POST", "/e/no-such-workspace/web-ev/link", formType, "email=carla@example.org", false); res.StatusCode != http.StatusNotFound || len(mail.sent) != 0 {
				t.Errorf("another workspace's address: %d, mailed %v", res.StatusCode, mail.sent)
			}
		})
	}
}

// TestParticipantSignoutReturns: a participant who signs out lands on their event's
// sign-in page, not on the members' sign-in page ("/" sent them there); the return
// address is a participant's page of this site or nothing.
func TestParticipantSignoutReturns(t *testing.T) {
	db := storetest.SQLite(t)
	w := newWorld(t, db)
	_, _, anon := mailServer(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	ev := strings.Replace(webEvent, `{"ref": "c", "name": "Carla"}`, `{"ref": "c", "name": "Carla", "email": "carla@example.org"}`, 1)
	imp, err := interchange.ReadEvent(strings.NewReader(ev))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Ref == "c" {
			_, err = svc.SetParticipantPassword(ctx, w.ws.ID, p.ID, "", "Carla-partnering-2027", true)
			must(t, err)
		}
	}
	base := "/e/" + w.ws.Slug + "/web-ev"
	for _, tc := range []struct {
		form, location string // form "": the page's own sign-out form
	}{
		{"", base + "/signin"},
		{"return=//evil.example/x", "/"},
		{"return=https://evil.example/x", "/"},
		{"return=/events/1", "/"},
	} {
		c := anon()
		if res, _ := c.do("POST", base+"/signin", formType, url.Values{"email": {"carla@example.org"}, "password": {"Carla-partnering-2027"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		form := tc.form
		if form == "" {
			_, body := c.get(base)
			m := regexp.MustCompile(`<form method="post" action="/e/signout"[^>]*>(.*?)</form>`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no sign-out form")
			}
			v := url.Values{}
			for _, in := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(m[1], -1) {
				v.Set(in[1], html.UnescapeString(in[2]))
			}
			form = v.Encode()
		}
		res, _ := c.do("POST", "/e/signout", formType, form, false)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.location {
			t.Errorf("sign-out with %q: %d to %q, want %q", form, res.StatusCode, res.Header.Get("Location"), tc.location)
		}
		if res, _ := c.get(base); res.StatusCode == http.StatusOK {
			t.Errorf("sign-out with %q: the page still opens", form)
		}
	}
}
