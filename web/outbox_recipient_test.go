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

	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// TestOutboxResendRecipient: "Send again" goes to the participant as they are now. The
// outbox's page says beforehand, in both languages, that a failed mail's participant now
// has another address, left, or was taken off the event (and offers no button for the
// last two); the mail to a corrected address is received there and not at the old one,
// and the audit log shows both; the mails of one who left or was removed are refused
// (409, why, in both languages), skipped by "Send all failed again" (the flash counts
// them) and stay failed; an older mail naming no participant goes as written. Another
// workspace's administrator still finds nothing and a viewer is still refused.
func TestOutboxResendRecipient(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testOutboxResendRecipient(t, db) })
	}
}

func testOutboxResendRecipient(t *testing.T, db *store.DB) {
	f := newOutboxWorld(t, db)
	alice, viewer, other := f.member(t, "alice"), f.member(t, "viewer"), f.member(t, "otheradmin")
	ana1, ben1 := f.mails["ana@example.org"], f.mails["ben@example.org"]
	bg := context.Background()
	// The organiser corrects Ana's address and adds Dora; a second message fails for all.
	corrected := strings.Replace(requestMailEvent, `"email": "ana@example.org"`, `"email": "ana.new@example.org"`, 1)
	corrected = strings.TrimSuffix(corrected, `]}`) + `, {"ref": "d", "name": "Dora Lind", "email": "dora@example.org"}]}`
	imp, err := interchange.ReadEvent(strings.NewReader(corrected))
	must(t, err)
	_, err = f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	_, err = f.svc.Announce(f.ctx, f.r.Event.ID, "Second note", "Hall C.", store.AnnounceAll)
	must(t, err)
	second := map[string]int64{}
	ms, _, err := f.svc.OutboxMails(f.ctx, store.OutboxFilter{EventID: f.r.Event.ID, Status: store.MailPending})
	must(t, err)
	ob := store.NewOutboxService(db)
	for _, m := range ms {
		second[m.Recipient] = m.ID
		must(t, ob.MailNotSent(bg, m.ID, "550 mailbox unavailable", 0))
	}
	if len(second) != 3 || second["ana.new@example.org"] == 0 {
		t.Fatalf("second message: %v", second)
	}
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	pid := map[string]int64{}
	for _, p := range ps {
		pid[p.Name] = p.ID
	}
	_, err = f.svc.RemoveParticipant(f.ctx, f.r.Event.ID, pid["Ben Okafor"], false)
	must(t, err)
	// Dora leaves: the organiser's desk is told, by a mail naming no participant, which
	// fails too.
	e := f.r.Event
	e.NotifyEmail = "desk@example.org"
	_, err = f.svc.SaveEvent(f.ctx, e, false)
	must(t, err)
	notice, err := f.svc.LeaveEvent(bg, f.w.ws.ID, pid["Dora Lind"], true)
	must(t, err)
	if len(notice) != 1 {
		t.Fatalf("mails of Dora's leaving: %v", notice)
	}
	must(t, ob.MailNotSent(bg, notice[0], "550 mailbox unavailable", 0))
	failed := func(what string, ids ...int64) {
		t.Helper()
		for _, mid := range ids {
			if m := f.status(t, f.ctx, mid); m.Status != store.MailFailed {
				t.Errorf("%s: mail %d to %s is %s", what, mid, m.Recipient, m.Status)
			}
		}
	}

	// The page says it beforehand.
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{`id="now-` + id(ana1) + `">now: ana.new@example.org`, `id="gone-` + id(ben1) + `">taken off the event: not sent again`,
			`id="gone-` + id(second["dora@example.org"]) + `">left the event: not sent again`}},
		{"fr", []string{`id="now-` + id(ana1) + `">désormais : ana.new@example.org`, `id="gone-` + id(ben1) + `">retiré de l’événement : pas de renvoi`,
			`id="gone-` + id(second["dora@example.org"]) + `">a quitté l’événement : pas de renvoi`}},
	} {
		_, body := alice.lang(c.lang).get("/outbox?status=failed")
		body = html.UnescapeString(body)
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s /outbox lacks %s", c.lang, w)
			}
		}
		for _, tok := range shownWords(body) {
			if strings.HasPrefix(tok, "outbox.") {
				t.Errorf("%s /outbox shows the key %q", c.lang, tok)
			}
		}
		for _, none := range []string{`id="resend-` + id(ben1) + `"`, `id="resend-` + id(second["dora@example.org"]) + `"`, `id="now-` + id(second["ana.new@example.org"]) + `"`} {
			if strings.Contains(body, none) {
				t.Errorf("%s /outbox shows %s", c.lang, none)
			}
		}
	}
	alice.lang("en")
	post := func(c *client, path string) (*http.Response, string) {
		t.Helper()
		res, body := c.do("POST", path, formType, url.Values{}.Encode(), false)
		return res, html.UnescapeString(body)
	}

	// Outsiders still get nothing, and change nothing.
	for _, c := range []struct {
		who  string
		c    *client
		path string
		code int
	}{
		{"viewer", viewer, "/outbox/" + id(ana1) + "/resend", http.StatusForbidden},
		{"viewer", viewer, "/events/" + f.eid + "/mails/resend", http.StatusForbidden},
		{"otheradmin", other, "/outbox/" + id(ana1) + "/resend", http.StatusNotFound},
		{"otheradmin", other, "/outbox/" + id(ben1) + "/resend", http.StatusNotFound},
		{"otheradmin", other, "/events/" + f.eid + "/mails/resend", http.StatusNotFound},
		{"alice", alice, "/outbox/" + f.otherMID + "/resend", http.StatusNotFound},
	} {
		if res, body := post(c.c, c.path); res.StatusCode != c.code || strings.Contains(body, "ana.new@example.org") {
			t.Errorf("%s POST %s: %d, want %d", c.who, c.path, res.StatusCode, c.code)
		}
	}
	// A participant of the event, signed in on its page, is no user of the workspace.
	ana := f.participant(t, "ana.new@example.org", false)
	for _, path := range []string{"/outbox/" + id(ana1) + "/resend", "/events/" + f.eid + "/mails/resend"} {
		if res, _ := post(ana, path); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusUnauthorized &&
			!strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("a participant's POST %s: %d → %s", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res, body := ana.get("/outbox"); res.StatusCode == 200 || strings.Contains(body, "dora@example.org") {
		t.Errorf("a participant reads the outbox: %d", res.StatusCode)
	}
	if res, body := other.get("/outbox"); res.StatusCode != 200 || strings.Contains(body, "ana.new@example.org") || strings.Contains(body, `id="gone-`) {
		t.Errorf("the other workspace's page: %d", res.StatusCode)
	}
	failed("outsiders", ana1, ben1)
	if m := f.status(t, f.otherCtx, f.otherMail); m.Status != store.MailFailed {
		t.Errorf("the other workspace's mail: %s", m.Status)
	}

	// The removed and the one who left: refused, saying why.
	for _, c := range []struct {
		lang string
		mail int64
		why  string
	}{
		{"en", ben1, "the participant this mail is for was taken off the event: it is not sent again"},
		{"fr", ben1, "le participant à qui ce courriel est destiné a été retiré de l’événement : il n’est pas renvoyé"},
		{"en", second["dora@example.org"], "the participant this mail is for has left the event: it is not sent again"},
		{"fr", second["dora@example.org"], "le participant à qui ce courriel est destiné a quitté l’événement : il n’est pas renvoyé"},
	} {
		if res, body := post(alice.lang(c.lang), "/outbox/"+id(c.mail)+"/resend"); res.StatusCode != http.StatusConflict || !strings.Contains(body, c.why) {
			t.Errorf("mail %d sent again: %d, want 409 saying %q", c.mail, res.StatusCode, c.why)
		}
	}
	alice.lang("en")
	failed("refusals", ben1, second["ben@example.org"], second["dora@example.org"])
	if sent, tries := f.mailer.set(false); len(sent) != 0 || tries != 0 {
		t.Errorf("refusals mailed: %v", sent)
	}

	// Ana's first mail goes to her address now.
	if res, _ := post(alice, "/outbox/"+id(ana1)+"/resend"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Ana's mail sent again: %d", res.StatusCode)
	}
	if sent, _ := f.mailer.set(false); len(sent["ana.new@example.org"]) != 1 || !strings.Contains(sent["ana.new@example.org"][0], "Hall B.") || len(sent) != 1 {
		t.Errorf("Ana's mail sent again reached %v", sent)
	}
	if m := f.status(t, f.ctx, ana1); m.Status != store.MailSent || m.Recipient != "ana.new@example.org" {
		t.Errorf("Ana's mail: %s to %s", m.Status, m.Recipient)
	}
	if _, body := alice.get("/outbox"); !strings.Contains(body, "The mail to ana.new@example.org was sent again.") {
		t.Error("the flash does not name the address it went to")
	}
	if _, body := f.member(t, "coord").get("/audit"); !strings.Contains(body, "<del>ana@example.org</del> → <ins>ana.new@example.org</ins>") {
		t.Error("the audit log does not show the old and the new recipient")
	}

	// All at once: Ana's second mail, and the desk's notice of Dora's leaving, naming no
	// participant (as the mails written before they did), as written; Ben's and
	// Dora's stay failed, counted.
	if _, body := alice.get("/outbox?status=failed"); strings.Contains(body, `id="gone-`+id(notice[0])+`"`) || strings.Contains(body, `id="now-`+id(notice[0])+`"`) {
		t.Error("a mail naming no participant is noted")
	}
	res, _ := post(alice, "/events/"+f.eid+"/mails/resend")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send all again: %d", res.StatusCode)
	}
	if _, body := alice.get("/events/" + f.eid); !strings.Contains(html.UnescapeString(body),
		"2 failed mails go out again within a minute. Left failed, as their participants left, were taken off the event or have no email any more: 3.") {
		t.Error("no flash counting the mails sent again and those left failed")
	}
	if n, err := web.NewEventMail(db, f.mailer, f.srv.URL, slog.New(slog.DiscardHandler)).SendDue(bg); err != nil || n != 2 {
		t.Errorf("the sender sent %d (%v), want 2", n, err)
	}
	if sent, _ := f.mailer.set(false); len(sent["ana.new@example.org"]) != 1 || len(sent["desk@example.org"]) != 1 || len(sent) != 2 {
		t.Errorf("sending all again reached %v", sent)
	}
	failed("sending all again", ben1, second["ben@example.org"], second["dora@example.org"])
	if m := f.status(t, f.otherCtx, f.otherMail); m.Status != store.MailFailed {
		t.Errorf("the other workspace's mail: %s", m.Status)
	}
	// Only those left: refused, saying why, in French too.
	if res, body := post(alice.lang("fr"), "/events/"+f.eid+"/mails/resend"); res.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "aucun courriel en échec de cet événement ne peut être renvoyé") {
		t.Errorf("sending all again with only skipped ones: %d", res.StatusCode)
	}
	if _, body := f.member(t, "coord").lang("fr").get("/audit"); !regexp.MustCompile(`<span class="field">Non renvoyés</span>[^<]*<del>∅</del> → <ins>3</ins>`).MatchString(html.UnescapeString(body)) {
		t.Error("the French audit log does not label the mails left failed")
	}
}
