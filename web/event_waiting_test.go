package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
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
	if res, _ := alice.do("POST", "/events/"+f.eid+"/registration", formType, "open=1", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening the registration: %d", res.StatusCode)
	}
	// The registration page says how many places are left, then that the event is full.
	for _, tc := range []struct{ max, want string }{{"5", `id="register-left">2 places left.`}, {"3", `id="register-full"`}} {
		form.Set("max_participants", tc.max)
		if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the maximum: %d %s", res.StatusCode, body)
		}
		if _, body := f.member(t, "alice").get(f.base + "/register"); !strings.Contains(body, tc.want) {
			t.Errorf("maximum %s: the registration page lacks %s", tc.max, tc.want)
		}
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
	if _, body := alice.get("/events"); !strings.Contains(between(body, `id="places-`+f.eid+`"`, "</td>"), "3 / 3 · 1 on the waiting list") {
		t.Errorf("the list of events: %q", between(body, `id="places-`+f.eid+`"`, "</td>"))
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

// TestEventRemoveParticipant: the organiser takes Ben off a published event (a bare post
// removes no one; a viewer and another workspace cannot): his meeting with Ana is
// cancelled and she is mailed, he is mailed, and his place goes to Dana who waited. His
// page says so and offers no way back; the organiser's Restore brings him back.
func TestEventRemoveParticipant(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventRemoveParticipant(t, db) })
	}
}

func testEventRemoveParticipant(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}`))
	alice, viewer, other := f.member(t, "alice"), f.member(t, "viewer"), f.member(t, "otheradmin")
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	e, err := f.svc.FindEventByID(f.ctx, f.r.Event.ID)
	must(t, err)
	e.MaxParticipants = 3
	_, err = f.svc.SaveEvent(f.ctx, e, false)
	must(t, err)
	must(t, f.svc.SetRegistrationOpen(f.ctx, e.ID, true))
	token, err := f.svc.Register(context.Background(), e, &passerelle.EventParticipant{Name: "Dana Vole", Email: "dana@example.org",
		Organization: passerelle.EventOrg{Name: "Dana GmbH", Country: "DE"}}, "en", "192.0.2.9")
	must(t, err)
	if _, _, err := f.svc.Signin(context.Background(), token, false); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	ps, err := f.svc.EventParticipants(f.ctx, e.ID)
	must(t, err)
	for _, p := range ps {
		ids[p.Ref] = id(p.ID)
	}
	ben := f.participant(t, "ben@example.org", false)
	f.mailer.set(false)

	remove := "/events/" + f.eid + "/participants/" + ids["b"] + "/remove"
	for _, tc := range []struct {
		who  *client
		form string
		want int
	}{
		{alice, "", http.StatusUnprocessableEntity},
		{viewer, "confirm=yes", http.StatusForbidden},
		{other, "confirm=yes", http.StatusNotFound},
	} {
		if res, _ := tc.who.do("POST", remove, formType, tc.form, false); res.StatusCode != tc.want {
			t.Errorf("%q: %d, want %d", tc.form, res.StatusCode, tc.want)
		}
	}
	if _, body := ben.get(f.base); strings.Contains(body, `id="participant-removed"`) {
		t.Fatalf("Ben removed by a refused post")
	}
	if res, _ := alice.do("POST", remove, formType, "confirm=yes", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing Ben: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", remove, formType, "confirm=yes", false); res.StatusCode != http.StatusConflict {
		t.Errorf("removing Ben twice: %d", res.StatusCode)
	}
	sent, _ := f.mailer.set(false)
	if m := strings.Join(sent["ana@example.org"], "\n"); !strings.Contains(m, "Ben Okafor") || !strings.Contains(m, "cancelled") {
		t.Errorf("Ana's mail: %q", m)
	}
	if m := strings.Join(sent["ben@example.org"], "\n"); !strings.Contains(m, "Your participation was cancelled") {
		t.Errorf("Ben's mail: %q", m)
	}
	if m := strings.Join(sent["dana@example.org"], "\n"); !strings.Contains(m, "A place is yours") {
		t.Errorf("Dana's mail: %q", m)
	}
	ms, err := f.svc.EventMeetings(f.ctx, e.ID)
	must(t, err)
	if len(ms) != 1 || ms[0].Meeting.Status != passerelle.MeetingCancelled {
		t.Errorf("Ana and Ben's meeting after his removal: %+v", ms)
	}
	_, body := ben.get(f.base)
	if !strings.Contains(body, `id="participant-removed"`) || strings.Contains(body, `id="participant-rejoin"`) || strings.Contains(body, `id="leave-form"`) {
		t.Errorf("Ben's page after his removal")
	}
	if res, _ := ben.do("POST", f.base+"/rejoin", formType, "", false); res.StatusCode != http.StatusConflict {
		t.Errorf("Ben comes back by himself: %d", res.StatusCode)
	}
	_, body = alice.get("/events/" + f.eid)
	if row := between(body, `id="row-b"`, "</tr>"); !strings.Contains(row, `data-status="removed"`) || !strings.Contains(row, `id="restore-b"`) {
		t.Errorf("Ben's row on the event's page: %q", row)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/"+ids["b"]+"/admit", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restoring Ben: %d", res.StatusCode)
	}
	if _, body := ben.get(f.base); strings.Contains(body, `id="participant-removed"`) || !strings.Contains(body, `id="others"`) {
		t.Errorf("Ben's page after he was restored")
	}
}

// TestEventApprovalPages: the organiser ticks "Registrations approved by the organiser";
// the registration page says so, Dana's confirmed registration waits for approval (her
// page says so, the organiser is mailed "To approve"), the event's page lists her under
// "Awaiting approval" with "Approve", which gives her a place and mails her that her
// registration is approved.
func TestEventApprovalPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventApprovalPages(t, db) })
	}
}

func testEventApprovalPages(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	alice := f.member(t, "alice")
	form := url.Values{"name": {"Request partnering"}, "slug": {"req-ev"}, "time_zone": {"Europe/Paris"}, "meeting_minutes": {"30"},
		"tables": {"2"}, "days": {"2030-03-12 09:00-12:00"}, "approval": {"1"}, "notify_email": {"orga@example.org"}}
	if res, body := alice.do("POST", "/events/"+f.eid, formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving approval: %d %s", res.StatusCode, body)
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/registration", formType, "open=1", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening the registration: %d", res.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	dana := &client{t: t, base: f.srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if _, body := dana.get(f.base + "/register"); !strings.Contains(body, `id="register-approval"`) {
		t.Errorf("the registration page does not say registrations are approved")
	}
	reg := url.Values{"name": {"Dana Vole"}, "email": {"dana@example.org"}, "organization": {"Dana GmbH"}, "country": {"DE"}}
	if res, _ := dana.do("POST", f.base+"/register", formType, reg.Encode(), false); res.StatusCode != http.StatusOK {
		t.Fatalf("registration: %d", res.StatusCode)
	}
	sent, _ := f.mailer.set(false)
	link := signinLink.FindString(strings.Join(sent["dana@example.org"], "\n"))
	if res, _ := dana.do("POST", link, formType, "", false); link == "" || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Dana's link %q: %d", link, res.StatusCode)
	}
	sent, _ = f.mailer.set(false)
	if m := strings.Join(sent["orga@example.org"], "\n"); !strings.Contains(m, "To approve: Dana Vole (Dana GmbH, DE)") {
		t.Errorf("the organiser's notice: %q", m)
	}
	if _, body := dana.get(f.base); !strings.Contains(body, `id="participant-approval"`) || strings.Contains(body, `id="others"`) {
		t.Errorf("Dana's page does not say she awaits approval")
	}
	_, body := alice.get("/events/" + f.eid)
	if !strings.Contains(between(body, `id="waiting"`, "</section>"), "Awaiting approval") || !strings.Contains(body, `id="event-approval"`) {
		t.Errorf("the event's page does not list Dana as awaiting approval")
	}
	var danaID string
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Email == "dana@example.org" {
			danaID = id(p.ID)
		}
	}
	if res, _ := alice.do("POST", "/events/"+f.eid+"/participants/"+danaID+"/admit", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving Dana: %d", res.StatusCode)
	}
	// Approved, not a place freed up: her mail says what happened.
	sent, _ = f.mailer.set(false)
	if m := strings.Join(sent["dana@example.org"], "\n"); !strings.Contains(m, "Your registration is approved") ||
		!strings.Contains(m, "The organiser has approved your registration to Request partnering") || strings.Contains(m, "freed up") ||
		!strings.Contains(m, f.srv.URL+f.base) {
		t.Errorf("Dana's mail on her approval: %q", m)
	}
	if _, body := dana.get(f.base); strings.Contains(body, `id="participant-approval"`) || !strings.Contains(body, `id="others"`) {
		t.Errorf("Dana's page after her approval")
	}
}
