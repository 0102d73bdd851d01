package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle/store"
)

// TestEventWaitingList: the organiser caps an event at its three imported participants
// and names an address for the registrations; Dana, who registers then, is told on the
// page that the event is full, confirms onto the waiting list (the organiser mailed),
// sees no one and requests no one. Ana leaves (a bare post leaves nothing): Dana has
// her place and is mailed, the organiser too. Ana comes back onto the waiting list and
// the organiser admits her from the event's page; a viewer and another workspace
// cannot. A maximum that is not a number is refused naming the field.
func TestEventWaitingList(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventWaitingList(t, db) })
	}
}

func testEventWaitingList(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	alice, viewer, other := f.member(t, "alice"), f.member(t, "viewer"), f.member(t, "otheradmin")
	form := url.Values{"name": {"Request partnering"}, "slug": {"req-ev"}, "time_zone": {"Europe/Paris"}, "meeting_minutes": {"30"},
		"tables": {"2"}, "days": {"2030-03-12 09:00-12:00"}, "max_participants": {"lots"}, "notify_email": {"orga@example.org"}}
	if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "between 0 (no maximum) and 100000") {
		t.Fatalf("a maximum that is no number: %d", res.StatusCode)
	}
	form.Set("max_participants", "3")
	if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the maximum: %d %s", res.StatusCode, body)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/registration", formType, "open=1", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening the registration: %d", res.StatusCode)
	}
	if _, body := alice.get("/events/" + f.eid); !strings.Contains(between(body, `id="event-capacity"`, "</dd>"), "3 taken of 3") ||
		!strings.Contains(body, "orga@example.org") {
		t.Errorf("the event's page lacks its capacity or address")
	}

	browser := func() *client {
		jar, _ := cookiejar.New(nil)
		return &client{t: t, base: f.srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}
	anon := browser()
	if _, body := anon.get(f.base + "/register"); !strings.Contains(body, `id="register-full"`) {
		t.Errorf("the registration page does not say the event is full")
	}
	reg := url.Values{"name": {"Dana Vole"}, "email": {"dana@example.org"}, "organization": {"Dana GmbH"}, "country": {"DE"}}
	if res, body := anon.do("POST", f.base+"/register", formType, reg.Encode(), false); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="register-sent"`) {
		t.Fatalf("registration: %d", res.StatusCode)
	}
	sent, _ := f.mailer.set(false)
	link := signinLink.FindString(strings.Join(sent["dana@example.org"], "\n"))
	if link == "" {
		t.Fatalf("no sign-in link mailed to Dana: %v", sent)
	}
	dana := browser()
	if res, _ := dana.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Dana's link: %d", res.StatusCode)
	}
	sent, _ = f.mailer.set(false)
	if m := strings.Join(sent["orga@example.org"], "\n"); !strings.Contains(m, "Waiting list: Dana Vole (Dana GmbH, DE)") || !strings.Contains(m, "Places taken: 3 of 3.") {
		t.Errorf("the organiser's notice of Dana: %q", m)
	}
	_, body := dana.get(f.base)
	if !strings.Contains(body, `id="participant-waiting"`) || !strings.Contains(body, "(place 1)") || strings.Contains(body, `id="others"`) {
		t.Errorf("Dana's page does not say she waits, or shows the others")
	}
	if res, _ := dana.do("POST", f.base+"/requests", formType, "to=a", false); res.StatusCode != http.StatusConflict {
		t.Errorf("a request from the waiting list: %d", res.StatusCode)
	}
	if _, body := alice.get("/events/" + f.eid); !strings.Contains(between(body, `id="waiting-list"`, "</table>"), "Dana Vole") {
		t.Errorf("the event's page does not list Dana as waiting")
	}
	// The workbook says who waits, in its column "status".
	_, xbody := viewer.get("/events/" + f.eid + "/export.xlsx")
	x, err := excelize.OpenReader(strings.NewReader(xbody))
	must(t, err)
	rows, err := x.GetRows("participants")
	must(t, err)
	statusOf := map[string]string{}
	for _, row := range rows[1:] {
		for len(row) < 8 {
			row = append(row, "")
		}
		statusOf[row[1]] = row[7]
	}
	if rows[0][7] != "status" || statusOf["Dana Vole"] != "waiting" || statusOf["Ana Ruiz"] != "" {
		t.Errorf("the workbook's participants: %v", rows)
	}

	ana := f.participant(t, "ana@example.org", false)
	if res, _ := ana.do("POST", f.base+"/leave", formType, "", false); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bare post to leave: %d", res.StatusCode)
	}
	if res, _ := ana.do("POST", f.base+"/leave", formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ana leaves: %d", res.StatusCode)
	}
	sent, _ = f.mailer.set(false)
	if m := strings.Join(sent["dana@example.org"], "\n"); !strings.Contains(m, "A place is yours") || !strings.Contains(m, f.srv.URL+f.base) {
		t.Errorf("Dana's mail: %q", m)
	}
	if m := strings.Join(sent["orga@example.org"], "\n"); !strings.Contains(m, "Withdrawal: Ana Ruiz (Ana Labs, ES)") {
		t.Errorf("the organiser's notice of Ana: %q", m)
	}
	if _, body := dana.get(f.base); strings.Contains(body, `id="participant-waiting"`) || !strings.Contains(body, `id="others"`) {
		t.Errorf("Dana's page after Ana left still says she waits")
	}
	_, body = ana.get(f.base)
	if !strings.Contains(body, `id="participant-left"`) || strings.Contains(body, `id="leave-form"`) {
		t.Errorf("Ana's page does not say she left")
	}
	if res, _ := ana.do("POST", f.base+"/rejoin", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ana comes back: %d", res.StatusCode)
	}
	if _, body := ana.get(f.base); !strings.Contains(body, `id="participant-waiting"`) {
		t.Errorf("Ana, back at a full event, is not on the waiting list")
	}

	var anaID string
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Ref == "a" {
			anaID = id(p.ID)
		}
	}
	admit := "/events/" + f.eid + "/participants/" + anaID + "/admit"
	if _, body := viewer.get("/events/" + f.eid); strings.Contains(body, `id="admit-a"`) {
		t.Errorf("a viewer is offered to admit")
	}
	if res, _ := viewer.do("POST", admit, formType, "", false); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer admits: %d", res.StatusCode)
	}
	if res, _ := other.do("POST", admit, formType, "", false); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace admits: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/999999/admit", formType, "", false); res.StatusCode != http.StatusNotFound {
		t.Errorf("admitting no one: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", admit, formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the organiser admits Ana: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", admit, formType, "", false); res.StatusCode != http.StatusConflict {
		t.Errorf("admitting twice: %d", res.StatusCode)
	}
	sent, _ = f.mailer.set(false)
	if m := strings.Join(sent["ana@example.org"], "\n"); !strings.Contains(m, "A place is yours") {
		t.Errorf("Ana's mail: %q", m)
	}
	if _, body := alice.get("/events/" + f.eid); !strings.Contains(between(body, `id="event-capacity"`, "</dd>"), "4 taken of 3") {
		t.Errorf("the event's page after the admission: %q", between(body, `id="event-capacity"`, "</dd>"))
	}
}
