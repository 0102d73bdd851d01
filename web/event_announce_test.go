package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"passerelle/store"
	"passerelle/web"
)

// TestEventAnnounce: the organiser writes to the participants of an event: each with an
// email (or only those with a meeting) gets the message through the outbox, with the
// event in the subject and their page in their language below it; the audit log keeps
// who wrote what to how many. A form without a subject or text, a subject on two lines
// or past 200 characters is refused as typed with nothing written; a viewer may not
// write, another workspace finds no event, and without a mail server nothing is sent.
func TestEventAnnounce(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventAnnounce(t, db) })
	}
}

func testEventAnnounce(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "c", "status": "accepted"}`))
	w, mailer, srv, ctx, svc, r, eid := f.w, f.mailer, f.srv, f.ctx, f.svc, f.r, f.eid
	on := func(user string) *client { return f.member(t, user) }
	alice, viewer, other := on("alice"), on("viewer"), on("otheradmin")
	outbox := func() int {
		t.Helper()
		st, err := svc.EventMailStatus(ctx, r.Event.ID)
		must(t, err)
		return st.Pending + st.Sent + len(st.Failed)
	}
	send := func(c *client, form url.Values) (int, string) {
		t.Helper()
		res, body := c.do("POST", "/events/"+eid+"/announce", formType, form.Encode(), false)
		return res.StatusCode, html.UnescapeString(body)
	}
	if res, body := alice.get("/events/" + eid); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="event-announce"`) {
		t.Errorf("the event's page offers no message: %d", res.StatusCode)
	}
	// The form says how many each audience holds before anything is sent (Carl has no
	// email; nothing is scheduled yet).
	if _, body := alice.get("/events/" + eid + "/announce"); !strings.Contains(body, `id="announce-count-all">(2)`) ||
		!strings.Contains(body, `id="announce-count-meetings">(0)`) || !strings.Contains(body, `id="announce-count-nomeetings">(2)`) {
		t.Errorf("the form's counts: %s", regexp.MustCompile(`announce-count[^<]*`).FindAllString(body, -1))
	}
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"subject": {""}, "body": {"Hello"}}, "subject"},
		{url.Values{"subject": {"Hello"}, "body": {"  "}}, "body"},
		{url.Values{"subject": {"Hello\nBcc: x@example.org"}, "body": {"Hi"}}, "one line"},
		{url.Values{"subject": {strings.Repeat("é", 201)}, "body": {"Hi"}}, "at most 200 characters"},
		{url.Values{"subject": {"Hi"}, "body": {strings.Repeat("a", 10001)}}, "at most 10000 characters"},
	} {
		code, body := send(alice, tc.form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) || !strings.Contains(body, `id="announce-form"`) {
			t.Errorf("%v: %d, want 422 with %q", tc.form, code, tc.want)
		}
	}
	if code, _ := send(viewer, url.Values{"subject": {"Hi"}, "body": {"From a viewer"}}); code != http.StatusForbidden {
		t.Errorf("a viewer wrote: %d", code)
	}
	if code, _ := send(other, url.Values{"subject": {"Hi"}, "body": {"From outside"}}); code != http.StatusNotFound {
		t.Errorf("another workspace wrote: %d", code)
	}
	if n := outbox(); n != 0 {
		t.Fatalf("%d mails written by refused forms", n)
	}

	if code, body := send(alice, url.Values{"subject": {"Hi"}, "body": {"Hi"}, "to": {"everyone"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "without_meetings") {
		t.Errorf("an unknown audience: %d", code)
	}
	// To those with a meeting: none is standing yet (not scheduled).
	if code, body := send(alice, url.Values{"subject": {"Hi"}, "body": {"Nobody"}, "to": {"with_meetings"}}); code != http.StatusConflict || !strings.Contains(body, "no participant") {
		t.Errorf("to those with a meeting, before any: %d", code)
	}
	res, _ := alice.do("POST", "/events/"+eid+"/announce", formType, url.Values{"subject": {"Venue change"},
		"body": {"The partnering moves to hall B.\nSee you there."}}.Encode(), false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", res.StatusCode)
	}
	if _, body := alice.get("/events/" + eid); !strings.Contains(body, "Your message goes out to 2 participants.") {
		t.Error("the flash does not count the recipients")
	}
	sender := web.NewEventMail(db, mailer, srv.URL, slog.New(slog.DiscardHandler))
	if n, err := sender.SendDue(context.Background()); err != nil || n != 2 {
		t.Fatalf("sender: %d %v, want 2 (Carl has no email)", n, err)
	}
	sent, _ := mailer.set(false)
	got := strings.Join(sent["ana@example.org"], "")
	for _, want := range []string{"[Request partnering] Venue change\n", "The partnering moves to hall B.\nSee you there.", srv.URL + "/e/" + w.ws.Slug + "/req-ev"} {
		if !strings.Contains(got, want) {
			t.Errorf("Ana's mail lacks %q:\n%s", want, got)
		}
	}
	if len(sent["ben@example.org"]) != 1 {
		t.Errorf("Ben got %d", len(sent["ben@example.org"]))
	}
	if res, body := on("coord").get("/audit"); res.StatusCode != 200 || !strings.Contains(html.UnescapeString(body), "Request partnering: Venue change") {
		t.Errorf("the audit log does not keep the message: %d %s", res.StatusCode, regexp.MustCompile(`(?s)<main.{0,900}`).FindString(body))
	}
	// Scheduled: to those without a meeting, Ben only (Ana and Carl meet; Carl has no
	// email anyway).
	if res, body := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, body)
	}
	if code, _ := send(alice, url.Values{"subject": {"Still time"}, "body": {"Request your meetings."}, "to": {"without_meetings"}}); code != http.StatusSeeOther {
		t.Fatalf("to those without a meeting: %d", code)
	}
	if n, _ := sender.SendDue(context.Background()); n != 1 {
		t.Errorf("to those without a meeting: %d sent, want Ben's", n)
	}
	if sent, _ := mailer.set(false); len(sent["ben@example.org"]) != 1 || len(sent) != 1 {
		t.Errorf("to those without a meeting: %v", sent)
	}
	// Without a mail server: the form says so, and a post sends nothing.
	plain := w.client(t, "alice")
	if _, body := plain.get("/events/" + eid + "/announce"); !strings.Contains(body, `id="announce-no-mail"`) {
		t.Error("the form does not say that nothing can be sent")
	}
	res, _ = plain.do("POST", "/events/"+eid+"/announce", formType, url.Values{"subject": {"Hi"}, "body": {"Again"}}.Encode(), false)
	if res.StatusCode != http.StatusConflict || outbox() != 3 {
		t.Errorf("without a mail server: %d, outbox %d", res.StatusCode, outbox())
	}
}
