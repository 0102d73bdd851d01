package web_test

import (
	"context"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// TestEventPhasePages: the phases an organiser dates gate the pages. Before the
// registration phase the open registration page says when it opens and offers no form,
// and a registration posted anyway is refused (409) with nothing saved; after the
// requests phase a participant's page says requests closed and offers no "Request a
// meeting", and a request posted anyway is refused; the organiser's page says of each
// such phase whether it is open now or when it opens or closed.
func TestEventPhasePages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventPhasePages(t, db) })
	}
}

func testEventPhasePages(t *testing.T, db *store.DB) {
	paris, _ := time.LoadLocation("Europe/Paris")
	// Dates around today (sessions live on the real clock): the requests phase ended
	// yesterday, the registration opens in ten days, the event is in two months.
	day := func(d int) string { return time.Now().In(paris).AddDate(0, 0, d).Format("2006-01-02") }
	yesterday, inTen := day(-1), day(10)
	w := newWorld(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	ev := strings.Replace(requestMailEvent, `"days":`, `"phases": [{"phase": "registration", "start": "`+inTen+`", "end": "`+day(20)+`"},
 {"phase": "requests", "start": "`+day(-30)+`", "end": "`+yesterday+`"}], "days":`, 1)
	ev = strings.Replace(ev, "2030-03-12", day(60), 1)
	imp, err := interchange.ReadEvent(strings.NewReader(ev))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	base := "/e/" + w.ws.Slug + "/req-ev"
	anon := func() *client {
		jar, _ := cookiejar.New(nil)
		return &client{t: t, base: w.srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}
	count := func() (participants, requests int) {
		t.Helper()
		ps, err := svc.EventParticipants(ctx, r.Event.ID)
		must(t, err)
		rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
		must(t, err)
		return len(ps), len(rqs)
	}
	p0, r0 := count()

	res, body := anon().get(base + "/register")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "registration opens on "+inTen) || strings.Contains(body, `id="register-form"`) {
		t.Errorf("registration page before its phase: %d, form shown %v", res.StatusCode, strings.Contains(body, `id="register-form"`))
	}
	form := url.Values{"name": {"Eve Early"}, "email": {"eve@example.org"}, "organization": {"Early Ltd"}, "country": {"GB"}}
	res, body = anon().do("POST", base+"/register", formType, form.Encode(), false)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "registration opens on "+inTen) {
		t.Errorf("registration posted before its phase: %d", res.StatusCode)
	}

	c := anon()
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	_, err = svc.SetParticipantPassword(ctx, w.ws.ID, ps[0].ID, "", "Partnering-2030-a", true)
	must(t, err)
	if res, _ := c.do("POST", base+"/signin", formType, url.Values{"email": {ps[0].Email}, "password": {"Partnering-2030-a"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	res, body = c.get(base)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="requests-closed"`) || !strings.Contains(body, "meeting requests closed on "+yesterday) ||
		strings.Contains(body, `id="request-b"`) {
		t.Errorf("participant's page after the requests phase: %d %s, button shown %v", res.StatusCode, res.Header.Get("Location"), strings.Contains(body, `id="request-b"`))
	}
	res, body = c.do("POST", base+"/requests", formType, "to=b", false)
	if res.StatusCode != http.StatusConflict || !strings.Contains(html.UnescapeString(body), "meeting requests closed on "+yesterday) {
		t.Errorf("request posted after its phase: %d", res.StatusCode)
	}
	if p, rq := count(); p != p0 || rq != r0 {
		t.Errorf("refused, yet %d participants and %d requests, were %d and %d", p, rq, p0, r0)
	}

	_, body = w.client(t, "alice").get("/events/" + id(r.Event.ID))
	for _, want := range []string{`id="phase-note-registration">registration opens on ` + inTen, `id="phase-note-requests">meeting requests closed on ` + yesterday} {
		if !strings.Contains(body, want) {
			t.Errorf("organiser's page lacks %s", want)
		}
	}
	// Within both phases: the form, the buttons, and "open now".
	ev = strings.Replace(ev, `"start": "`+inTen+`"`, `"start": "`+day(0)+`"`, 1)
	ev = strings.Replace(ev, `"end": "`+yesterday+`"`, `"end": "`+day(0)+`"`, 1)
	ev = strings.Replace(ev, `"slug": "req-ev"`, `"slug": "req-ev2"`, 1)
	imp, err = interchange.ReadEvent(strings.NewReader(ev))
	must(t, err)
	r2, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, r2.Event.ID, true))
	if _, body := anon().get("/e/" + w.ws.Slug + "/req-ev2/register"); !strings.Contains(body, `id="register-form"`) {
		t.Error("registration page within its phase: no form")
	}
	_, body = w.client(t, "alice").get("/events/" + id(r2.Event.ID))
	if !strings.Contains(body, `id="phase-note-requests">open now`) {
		t.Error("organiser's page: the requests phase is not said open now")
	}
}
