package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// outboxWorld is a reqEvent (net, a mail server of the test) whose organiser wrote to
// the participants (Ana and Ben: two mails), both refused at every attempt, and an
// event of the other workspace whose mail to Xena failed too.
type outboxWorld struct {
	*reqEvent
	mails              map[string]int64 // net's mails by recipient
	otherEvent         *passerelle.Event
	otherMail          int64
	otherCtx           context.Context
	otherEID, otherMID string
}

func newOutboxWorld(t *testing.T, db *store.DB) *outboxWorld {
	t.Helper()
	f := &outboxWorld{reqEvent: newReqEvent(t, db, requestMailEvent), mails: map[string]int64{}}
	ows, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{System: true}), "other")
	must(t, err)
	f.otherCtx = passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(ows.ID))
	imp := `{"slug": "secret-ev", "name": "Other Secret Partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "10:00"}],
 "participants": [{"ref": "x", "name": "Xena Hidden", "email": "xena@other.example"}]}`
	ev, err := interchange.ReadEvent(strings.NewReader(imp))
	must(t, err)
	res, err := f.svc.ImportEvent(f.otherCtx, ev)
	must(t, err)
	f.otherEvent, f.otherEID = res.Event, id(res.Event.ID)
	_, err = f.svc.Announce(f.otherCtx, res.Event.ID, "Other hello", "Other body", store.AnnounceAll)
	must(t, err)
	_, err = f.svc.Announce(f.ctx, f.r.Event.ID, "Venue change", "Hall B.", store.AnnounceAll)
	must(t, err)
	ob := store.NewOutboxService(db)
	due, err := ob.DueMails(context.Background(), 100)
	must(t, err)
	for _, mid := range due {
		m, err := ob.ClaimMail(context.Background(), mid, time.Minute)
		must(t, err)
		must(t, ob.MailNotSent(context.Background(), mid, "550 mailbox unavailable", 0))
		if m.WorkspaceID == f.w.ws.ID {
			f.mails[m.Recipient] = mid
		} else {
			f.otherMail, f.otherMID = mid, id(mid)
		}
	}
	if len(f.mails) != 2 || f.otherMail == 0 {
		t.Fatalf("mails: %v, other %d", f.mails, f.otherMail)
	}
	return f
}

func (f *outboxWorld) status(t *testing.T, ctx context.Context, mid int64) *store.OutboxMail {
	t.Helper()
	m, err := f.svc.OutboxMail(ctx, mid)
	must(t, err)
	return m
}

// TestOutboxPage: the organiser's page of the outbox lists the workspace's mails with
// their kind in words, recipient, event, attempts and the server's answer, in English
// and in French, filtered by status and event; another workspace's mails are never
// listed and its event is not found; a viewer and an anonymous visitor are refused; the
// event's page links to it.
func TestOutboxPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testOutboxPage(t, db) })
	}
}

func testOutboxPage(t *testing.T, db *store.DB) {
	f := newOutboxWorld(t, db)
	alice := f.member(t, "alice")
	secrets := []string{"xena@other.example", "Xena Hidden", "Other Secret Partnering", "Other hello"}
	noSecrets := func(what, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(html.UnescapeString(body), s) {
				t.Errorf("%s shows the other workspace's %q", what, s)
			}
		}
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Outbox: mails to the events' participants", "Organiser's message", "Venue change", "Failed", "Send again",
			"Mail server's last answer", "550 mailbox unavailable", "ana@example.org", "Ben Okafor", "Request partnering", "last attempt on "}},
		{"fr", []string{"Courriels aux participants des événements", "Message de l’organisateur", "En échec", "Renvoyer",
			"Dernière réponse du serveur de courriel", "550 mailbox unavailable", "ana@example.org", "dernier essai le "}},
	} {
		res, body := alice.lang(c.lang).get("/outbox")
		body = html.UnescapeString(body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s /outbox: %d", c.lang, res.StatusCode)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s /outbox lacks %q", c.lang, w)
			}
		}
		for _, tok := range shownWords(body) {
			if strings.HasPrefix(tok, "outbox.") || strings.HasPrefix(tok, "event.announcement") {
				t.Errorf("%s /outbox shows the key %q", c.lang, tok)
			}
		}
		noSecrets(c.lang+" /outbox", body)
	}
	alice.lang("en")
	rows := func(body string) int { return strings.Count(body, `<tr id="mail-`) }
	for _, c := range []struct {
		query string
		code  int
		rows  int
	}{
		{"", 200, 2},
		{"?status=failed", 200, 2},
		{"?status=sent", 200, 0},
		{"?status=pending", 200, 0},
		{"?event=" + f.eid, 200, 2},
		{"?event=" + f.eid + "&status=failed", 200, 2},
		{"?before=9223372036854775807", 200, 2},
		{"?before=" + id(f.mails["ben@example.org"]), 200, 1}, // ids are in the order written: Ana before Ben
		{"?before=1", 200, 0},
		// Refused, naming what they cannot mean.
		{"?status=bounced", 422, 0},
		{"?status=FAILED", 422, 0},
		{"?status=failed%27%20OR%20%271%27=%271", 422, 0},
		{"?before=abc", 422, 0},
		{"?before=-1", 422, 0},
		{"?before=0", 422, 0},
		{"?before=99999999999999999999", 422, 0},
		{"?before=1e3", 422, 0},
		{"?event=abc", 422, 0},
		{"?event=-3", 422, 0},
		// Another workspace's event, or none, is not found.
		{"?event=" + f.otherEID, 404, 0},
		{"?event=" + f.otherEID + "&status=failed", 404, 0},
		{"?event=9223372036854775807", 404, 0},
	} {
		res, body := alice.get("/outbox" + c.query)
		if res.StatusCode != c.code || rows(body) != c.rows {
			t.Errorf("/outbox%s: %d with %d mails, want %d with %d", c.query, res.StatusCode, rows(body), c.code, c.rows)
		}
		noSecrets("/outbox"+c.query, body)
	}
	if _, body := alice.get("/outbox?status=bounced"); !strings.Contains(body, "status") || !strings.Contains(body, "pending, failed or sent") {
		t.Errorf("an unknown status is not named: %s", regexp.MustCompile(`(?s)<main.{0,600}`).FindString(body))
	}
	// The other workspace's administrator lists its own mail only.
	other := f.member(t, "otheradmin")
	if res, body := other.get("/outbox"); res.StatusCode != 200 || rows(body) != 1 || !strings.Contains(body, "xena@other.example") ||
		strings.Contains(body, "ana@example.org") {
		t.Errorf("the other workspace's page: %d, %d mails", res.StatusCode, rows(body))
	}
	if res, _ := other.get("/outbox?event=" + f.eid); res.StatusCode != http.StatusNotFound {
		t.Errorf("the other workspace filters on net's event: %d", res.StatusCode)
	}
	// A viewer reads the event's page but not the outbox; an anonymous visitor signs in first.
	viewer := f.member(t, "viewer")
	if res, body := viewer.get("/outbox"); res.StatusCode != http.StatusForbidden || strings.Contains(body, "ana@example.org") {
		t.Errorf("a viewer lists the outbox: %d", res.StatusCode)
	}
	if res, body := viewer.get("/events/" + f.eid); res.StatusCode != 200 || strings.Contains(body, "/outbox") || strings.Contains(body, "mails/resend") {
		t.Errorf("the event's page offers a viewer the outbox: %d", res.StatusCode)
	}
	anon := f.member(t, "")
	if res, _ := anon.get("/outbox"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous /outbox: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The event's page links to the failed mails and offers to send them all again;
	// the navigation leads to the page.
	_, body := alice.get("/events/" + f.eid)
	for _, want := range []string{`href="/outbox?status=failed&amp;event=` + f.eid + `"`, `href="/outbox?event=` + f.eid + `"`,
		`action="/events/` + f.eid + `/mails/resend"`, `href="/outbox"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the event's page lacks %s", want)
		}
	}
	if _, body := viewer.get("/"); strings.Contains(body, `href="/outbox"`) {
		t.Error("a viewer's navigation leads to the outbox")
	}
}

// TestOutboxResendPages: "Send again" sends a failed mail at once (with the mail server
// up) or leaves it pending for the sender (still down), comes back where it was asked
// from (a path of this site only), and is audited; a sent mail is 409 with the reason;
// "Send all failed again" sets the event's failed mails back for the sender. Another
// workspace's mail or event is 404 from every route and stays failed, a viewer is 403,
// a cross-site post is 403, ids that are not ids are 404, and without a mail server
// nothing changes (409).
func TestOutboxResendPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testOutboxResendPages(t, db) })
	}
}

func testOutboxResendPages(t *testing.T, db *store.DB) {
	f := newOutboxWorld(t, db)
	alice, viewer, other := f.member(t, "alice"), f.member(t, "viewer"), f.member(t, "otheradmin")
	ana, ben := f.mails["ana@example.org"], f.mails["ben@example.org"]
	post := func(c *client, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		res, body := c.do("POST", path, formType, form.Encode(), false)
		return res, html.UnescapeString(body)
	}
	unchanged := func(what string) {
		t.Helper()
		for _, mid := range []int64{ana, ben} {
			if m := f.status(t, f.ctx, mid); m.Status != store.MailFailed || m.Attempts != 1 {
				t.Errorf("%s changed mail %d: %s, %d attempts", what, mid, m.Status, m.Attempts)
			}
		}
		if m := f.status(t, f.otherCtx, f.otherMail); m.Status != store.MailFailed {
			t.Errorf("%s changed the other workspace's mail: %s", what, m.Status)
		}
	}

	// Refused, nothing changed.
	for _, c := range []struct {
		who  string
		c    *client
		path string
		code int
	}{
		{"viewer", viewer, "/outbox/" + id(ana) + "/resend", http.StatusForbidden},
		{"viewer", viewer, "/events/" + f.eid + "/mails/resend", http.StatusForbidden},
		{"alice", alice, "/outbox/" + f.otherMID + "/resend", http.StatusNotFound},
		{"alice", alice, "/events/" + f.otherEID + "/mails/resend", http.StatusNotFound},
		{"otheradmin", other, "/outbox/" + id(ana) + "/resend", http.StatusNotFound},
		{"otheradmin", other, "/events/" + f.eid + "/mails/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/abc/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/-1/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/0/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/99999999999999999999/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/9223372036854775807/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/1e3/resend", http.StatusNotFound},
		{"alice", alice, "/events/abc/mails/resend", http.StatusNotFound},
		{"alice", alice, "/events/-1/mails/resend", http.StatusNotFound},
		{"alice", alice, "/events/99999999999999999999/mails/resend", http.StatusNotFound},
	} {
		if res, _ := post(c.c, c.path, nil); res.StatusCode != c.code {
			t.Errorf("%s POST %s: %d, want %d", c.who, c.path, res.StatusCode, c.code)
		}
	}
	unchanged("refused posts")
	// A cross-site post with the organiser's session.
	for _, path := range []string{"/outbox/" + id(ana) + "/resend", "/events/" + f.eid + "/mails/resend"} {
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(""))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := alice.http.Do(req)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, res.StatusCode)
		}
	}
	unchanged("cross-site posts")
	// Without a mail server nothing could send it: 409, and another workspace's mail
	// is still 404 there.
	plain := f.w.client(t, "alice")
	if res, body := post(plain, "/outbox/"+id(ana)+"/resend", nil); res.StatusCode != http.StatusConflict || !strings.Contains(body, "no mail server") {
		t.Errorf("without a mail server: %d", res.StatusCode)
	}
	if res, _ := post(plain, "/events/"+f.eid+"/mails/resend", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("all, without a mail server: %d", res.StatusCode)
	}
	if res, _ := post(plain, "/outbox/"+f.otherMID+"/resend", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's mail without a mail server: %d", res.StatusCode)
	}
	if _, body := plain.get("/outbox"); !strings.Contains(body, `id="outbox-no-mail"`) || strings.Contains(body, `id="resend-`) {
		t.Error("without a mail server the page offers Send again")
	}
	unchanged("without a mail server")

	// The server is back: Ana's mail goes at once, and the page comes back where it was.
	f.mailer.set(false)
	res, _ := post(alice, "/outbox/"+id(ana)+"/resend", url.Values{"next": {"/outbox?event=" + f.eid}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/outbox?event="+f.eid {
		t.Fatalf("send again: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if sent, _ := f.mailer.set(true); len(sent["ana@example.org"]) != 1 || !strings.Contains(sent["ana@example.org"][0], "Hall B.") {
		t.Errorf("Ana's mail was not sent again: %v", sent)
	}
	if m := f.status(t, f.ctx, ana); m.Status != store.MailSent || m.Attempts != 1 {
		t.Errorf("Ana's mail after sending again: %s, %d attempts", m.Status, m.Attempts)
	}
	if _, body := alice.get("/outbox?event=" + f.eid); !strings.Contains(body, "The mail to ana@example.org was sent again.") {
		t.Error("no flash after sending again")
	}
	// Sent: not sent again this way.
	if res, body := post(alice, "/outbox/"+id(ana)+"/resend", nil); res.StatusCode != http.StatusConflict || !strings.Contains(body, "this mail was sent: it cannot be sent again") {
		t.Errorf("a sent mail sent again: %d", res.StatusCode)
	}
	if res, body := post(alice.lang("fr"), "/outbox/"+id(ana)+"/resend", nil); res.StatusCode != http.StatusConflict || !strings.Contains(body, "ce courriel a été envoyé : il ne peut pas être renvoyé") {
		t.Errorf("a sent mail sent again, in French: %d", res.StatusCode)
	}
	alice.lang("en")
	// The server still down for Ben: pending again, with the retries of a new mail.
	res, _ = post(alice, "/outbox/"+id(ben)+"/resend", url.Values{"next": {"https://evil.example/x"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/outbox?status=failed" {
		t.Errorf("send again with a next elsewhere: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if m := f.status(t, f.ctx, ben); m.Status != store.MailPending || m.Attempts != 1 || !m.NextAttemptAt.After(db.Now()) {
		t.Errorf("Ben's mail, refused again: %s, %d attempts, next %v", m.Status, m.Attempts, m.NextAttemptAt)
	}
	if _, body := alice.get("/outbox?status=failed"); !strings.Contains(body, "could not be sent now") {
		t.Error("no flash saying the mail waits")
	}
	if res, body := post(alice, "/outbox/"+id(ben)+"/resend", nil); res.StatusCode != http.StatusConflict || !strings.Contains(body, "waiting to be sent") {
		t.Errorf("a pending mail sent again: %d", res.StatusCode)
	}
	if res, _ := post(alice, "/events/"+f.eid+"/mails/resend", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("all again with none failed: %d", res.StatusCode)
	}

	// All the event's failed mails at once: Ben's fails for good again, then goes with
	// the rest for the sender.
	ob := store.NewOutboxService(db)
	must(t, ob.MailNotSent(context.Background(), ben, "550 still", 0))
	res, _ = post(alice, "/events/"+f.eid+"/mails/resend", url.Values{"next": {"//evil.example"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/events/"+f.eid+"#mails" {
		t.Fatalf("send all again: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := alice.get("/events/" + f.eid); !strings.Contains(body, "1 failed mail goes out again within a minute.") {
		t.Error("no flash counting the mails sent again")
	}
	if m := f.status(t, f.ctx, ben); m.Status != store.MailPending || m.Attempts != 0 {
		t.Errorf("Ben's mail after sending all again: %s, %d attempts", m.Status, m.Attempts)
	}
	f.mailer.set(false)
	if n, err := web.NewEventMail(db, f.mailer, f.srv.URL, slog.New(slog.DiscardHandler)).SendDue(context.Background()); err != nil || n != 1 {
		t.Errorf("the sender sent %d (%v), want Ben's", n, err)
	}
	if m := f.status(t, f.otherCtx, f.otherMail); m.Status != store.MailFailed {
		t.Errorf("the other workspace's mail: %s", m.Status)
	}
	// The audit log keeps each, in the reader's language.
	if _, body := f.member(t, "coord").get("/audit"); strings.Count(html.UnescapeString(body), "Request partnering: failed mails sent again, ") != 3 {
		t.Errorf("the audit log: %s", regexp.MustCompile(`Request partnering: failed[^<]*`).FindAllString(html.UnescapeString(body), -1))
	}
	if _, body := f.member(t, "coord").lang("fr").get("/audit"); !strings.Contains(html.UnescapeString(body), "Request partnering : courriels en échec renvoyés, 1") {
		t.Error("the French audit log does not name the resend")
	}
}

// TestOutboxPaging: a page holds 50 mails, newest first; "Older mails" leads to the
// next page with the filters kept, and the last page has no further link. Cursors of
// another workspace's ids change nothing of what is shown.
func TestOutboxPaging(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testOutboxPaging(t, db) })
	}
}

func testOutboxPaging(t *testing.T, db *store.DB) {
	f := newOutboxWorld(t, db)
	for i := range 30 { // 60 more mails, pending
		_, err := f.svc.Announce(f.ctx, f.r.Event.ID, "Note "+id(int64(i)), "Body", store.AnnounceAll)
		must(t, err)
	}
	alice := f.member(t, "alice")
	next := regexp.MustCompile(`id="outbox-next" href="([^"]+)"|href="([^"]+)" rel="next" id="outbox-next"`)
	ids := regexp.MustCompile(`<tr id="mail-(\d+)"`)
	seen := map[string]bool{}
	path, pages := "/outbox?event="+f.eid, 0
	last := int64(1 << 62)
	for path != "" && pages < 5 {
		pages++
		res, body := alice.get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		ms := ids.FindAllStringSubmatch(body, -1)
		if len(ms) > 50 {
			t.Errorf("%s: %d mails on a page", path, len(ms))
		}
		for _, m := range ms {
			if seen[m[1]] {
				t.Errorf("mail %s listed twice", m[1])
			}
			seen[m[1]] = true
			n, _ := strconv.ParseInt(m[1], 10, 64)
			if n >= last {
				t.Errorf("mail %s after %d: not newest first", m[1], last)
			}
			last = n
		}
		path = ""
		if m := next.FindStringSubmatch(body); m != nil {
			path = html.UnescapeString(m[1] + m[2])
			if !strings.Contains(path, "event="+f.eid) {
				t.Errorf("the next page loses the filter: %s", path)
			}
		}
	}
	if pages != 2 || len(seen) != 62 {
		t.Errorf("%d pages, %d mails, want 2 and 62", pages, len(seen))
	}
}
