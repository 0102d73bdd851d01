package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

const requestMailEvent = `{"slug": "req-ev", "name": "Request partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "12:00"}],
 "participants": [{"ref": "a", "name": "Ana Ruiz", "email": "ana@example.org", "organization": {"name": "Ana Labs", "country": "ES"}},
  {"ref": "b", "name": "Ben Okafor", "email": "ben@example.org", "profile": {"offers": [{"type": "technology_offer", "title": "Vaccine adjuvant"}]}},
  {"ref": "c", "name": "Carl", "organization": {"name": "No Mail GmbH", "country": "DE"}}]}`

// reqEvent is a world with an event of requestMailEvent's shape imported, served again
// with a test mail server (srv; the world's own server has none).
type reqEvent struct {
	w         *world
	mailer    *flakyMailer
	srv       *httptest.Server
	svc       *store.EventService
	ctx       context.Context
	r         *store.EventImportResult
	eid, base string
}

// withRequests is requestMailEvent with these requests (JSON objects, comma-separated).
func withRequests(requests string) string {
	return strings.TrimSuffix(requestMailEvent, "}") + `, "requests": [` + requests + `]}`
}

func newReqEvent(t *testing.T, db *store.DB, ev string) *reqEvent {
	t.Helper()
	w := newWorld(t, db)
	f := &reqEvent{w: w, mailer: &flakyMailer{sent: map[string][]string{}}, svc: store.NewEventService(db),
		ctx: passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))}
	h, err := web.NewServer(db, web.Options{Version: "test", Mailer: f.mailer})
	must(t, err)
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	imp, err := interchange.ReadEvent(strings.NewReader(ev))
	must(t, err)
	f.r, err = f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	f.eid, f.base = id(f.r.Event.ID), "/e/"+w.ws.Slug+"/"+f.r.Event.Slug
	return f
}

// participant signs the participant with that email in on the mail server's server, or
// on the world's (no mail server) when plain.
func (f *reqEvent) participant(t *testing.T, email string, plain bool) *client {
	t.Helper()
	on := f.srv.URL
	if plain {
		on = f.w.srv.URL
	}
	return signInParticipant(t, f.svc, f.ctx, on, f.base, f.w.ws.ID, f.r.Event.ID, email)
}

// member signs a user of the world in on the mail server's server.
func (f *reqEvent) member(t *testing.T, user string) *client {
	t.Helper()
	c := f.w.client(t, user)
	c.base = f.srv.URL
	return c
}

// TestEventRequestMails: a meeting request mails its recipient who asks (and of which
// organisation), the offer it is about, the slot asked, the message and the page to
// answer on; the answer mails the requester: accepted, with the meeting it booked at
// the slot asked, or declined. Each mail is in its recipient's language (a participant
// who registered in French reads French). The mails go through the outbox: with the
// mail server down the request is sent and its mail waits for the sender. A participant
// without an email is mailed nothing, and without a mail server nothing is written.
func TestEventRequestMails(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventRequestMails(t, db) })
	}
}

func testEventRequestMails(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	w, mailer, srv, ctx, svc, r, base := f.w, f.mailer, f.srv, f.ctx, f.svc, f.r, f.base
	signIn := func(email string) *client { return f.participant(t, email, false) }
	// A French registration: Dora reads her mails in French.
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	e, _, err := svc.PublicEvent(context.Background(), w.ws.Slug, "req-ev")
	must(t, err)
	token, err := svc.Register(context.Background(), e, &passerelle.EventParticipant{Name: "Dora Martin", Email: "dora@example.fr",
		Organization: passerelle.EventOrg{Name: "Dora SAS", Country: "FR"}}, "fr", "192.0.2.7")
	must(t, err)
	// Her browser reads French (the page she registered and signs in on).
	jar, _ := cookiejar.New(nil)
	su, _ := url.Parse(srv.URL)
	jar.SetCookies(su, []*http.Cookie{{Name: "lang", Value: "fr", Path: "/"}})
	dora := &client{t: t, base: srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if res, _ := dora.do("POST", "/e/signin/"+token, formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Dora's link: %d", res.StatusCode)
	}
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	refOf, offer := map[string]string{}, ""
	for _, p := range ps {
		refOf[p.Email] = p.Ref
		if p.Ref == "b" && p.Profile != nil && len(p.Profile.Offers) > 0 {
			offer = p.Profile.Offers[0].Ref
		}
	}
	ana, ben := signIn("ana@example.org"), signIn("ben@example.org")

	send := func(c *client, form url.Values) {
		t.Helper()
		if res, body := c.do("POST", base+"/requests", formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("request %v: %d %s", form, res.StatusCode, body)
		}
	}
	mails := func(to string) []string {
		t.Helper()
		sent, _ := mailer.set(false)
		for k := range sent {
			if k != to {
				t.Errorf("mailed %s too", k)
			}
		}
		return sent[to]
	}
	// Ana asks Ben about his offer, at 09:30 Paris time, with a message.
	send(ana, url.Values{"to": {"b"}, "offer": {offer}, "slot": {"2030-03-12 09:30"}, "message": {"Our adjuvant trials\nneed a partner."}})
	got := mails("ben@example.org")
	if len(got) != 1 {
		t.Fatalf("Ben got %d mails, want 1: %q", len(got), got)
	}
	for _, want := range []string{"Meeting request from Ana Ruiz – Request partnering", "Ana Ruiz (Ana Labs) asks to meet you at Request partnering.",
		"About your “Vaccine adjuvant”.", "Proposed time: 2030-03-12 09:30 (Europe/Paris).", "Our adjuvant trials\nneed a partner.", srv.URL + base} {
		if !strings.Contains(got[0], want) {
			t.Errorf("Ben's mail lacks %q:\n%s", want, got[0])
		}
	}
	// Ben accepts: the slot is booked and Ana is told when and at which table.
	rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
	must(t, err)
	reqID := func(from, to string) string {
		for _, rq := range rqs {
			if rq.From == from && rq.To == to {
				return id(rq.ID)
			}
		}
		t.Fatalf("no request %s>%s", from, to)
		return ""
	}
	if res, body := ben.do("POST", base+"/requests/"+reqID("a", "b")+"/answer", formType, "answer=accept", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.StatusCode, body)
	}
	got = mails("ana@example.org")
	if len(got) != 1 || !strings.Contains(got[0], "Meeting accepted by Ben Okafor") || !strings.Contains(got[0], "Your meeting: 2030-03-12 09:30–10:00 (Europe/Paris), table 1.") {
		t.Errorf("Ana's mail on the acceptance: %q", got)
	}

	// Ben asks Dora, in French: the mail is French. The server is down: the request is
	// sent all the same and its mail waits in the outbox.
	mailer.set(true)
	send(ben, url.Values{"to": {refOf["dora@example.fr"]}})
	if sent, tries := mailer.set(false); tries != 1 || len(sent) != 0 {
		t.Errorf("with the server down: %d attempts, %d sent", tries, len(sent))
	}
	st, err := svc.EventMailStatus(ctx, r.Event.ID)
	must(t, err)
	if st.Pending != 1 {
		t.Errorf("outbox with the server down: %+v", st)
	}
	sender := web.NewEventMail(db, mailer, srv.URL, slog.New(slog.DiscardHandler))
	now := db.Now
	db.Now = func() time.Time { return now().Add(2 * time.Minute) } // the first retry is due
	if n, err := sender.SendDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("sender: %d %v", n, err)
	}
	db.Now = now
	got = mails("dora@example.fr")
	if len(got) != 1 || !strings.Contains(got[0], "Demande de rendez-vous de Ben Okafor") || !strings.Contains(got[0], "Acceptez-la ou déclinez-la sur votre page") {
		t.Errorf("Dora's mail: %q", got)
	}
	// Dora declines: Ben is told, in English.
	rqs, _, err = svc.EventRequests(ctx, r.Event.ID)
	must(t, err)
	if res, body := dora.do("POST", base+"/requests/"+reqID("b", refOf["dora@example.fr"])+"/answer", formType, "answer=decline", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d %s", res.StatusCode, body)
	}
	got = mails("ben@example.org")
	if len(got) != 1 || !strings.Contains(got[0], "Meeting request declined by Dora Martin") || !strings.Contains(got[0], "Dora Martin (Dora SAS) declined") {
		t.Errorf("Ben's mail on the decline: %q", got)
	}
	// Ana switches her pages to French: her mails follow.
	if res, _ := ana.do("POST", "/lang", formType, "lang=fr&next=/", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language switch: %d", res.StatusCode)
	}
	send(dora, url.Values{"to": {"a"}})
	if got := mails("ana@example.org"); len(got) != 1 || !strings.Contains(got[0], "Demande de rendez-vous de Dora Martin") {
		t.Errorf("Ana's mail after she chose French: %q", got)
	}
	// Carl has no email: Ana's request to him mails nobody.
	send(ana, url.Values{"to": {"c"}})
	if sent, tries := mailer.set(false); tries != 0 || len(sent) != 0 {
		t.Errorf("a request to a participant without an email: %d attempts", tries)
	}
}

// TestEventRequestWithoutMailServer: without a mail server a request and its answer
// write nothing to the outbox (nobody could send it).
func TestEventRequestWithoutMailServer(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventRequestWithoutMailServer(t, db) })
	}
}

func testEventRequestWithoutMailServer(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	c, base := f.participant(t, "ana@example.org", true), f.base
	if res, body := c.do("POST", base+"/requests", formType, "to=b", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.StatusCode, body)
	}
	st, err := f.svc.EventMailStatus(f.ctx, f.r.Event.ID)
	must(t, err)
	if st.Pending != 0 || st.Sent != 0 {
		t.Errorf("outbox without a mail server: %+v", st)
	}
}

// TestEventAgendaMails: publishing the schedule writes each participant's agenda to the
// outbox (times in the event's zone, tables, who they meet and from which
// organisation; "none was placed for you" to one without meetings), in their language,
// for the sender to send; a participant without an email gets none, and publishing
// again mails nobody. The organiser's flash says how many.
func TestEventAgendaMails(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventAgendaMails(t, db) })
	}
}

func testEventAgendaMails(t *testing.T, db *store.DB) {
	ev := strings.Replace(withRequests(`{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"}`),
		`"participants": [`, `"participants": [{"ref": "d", "name": "Dina Idle", "email": "dina@example.org"}, `, 1)
	f := newReqEvent(t, db, ev)
	w, mailer, srv, ctx, svc, r, eid := f.w, f.mailer, f.srv, f.ctx, f.svc, f.r, f.eid
	alice := f.member(t, "alice")
	if res, body := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, body)
	}
	if res, body := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, body)
	}
	if _, body := alice.get("/events/" + eid); !strings.Contains(body, "agendas being mailed to the participants: 3.") {
		t.Error("the organiser is not told how many agendas go out")
	}
	if sent, tries := mailer.set(false); tries != 0 || len(sent) != 0 {
		t.Errorf("publishing sent %d mails within the request, want the sender to", tries)
	}
	sender := web.NewEventMail(db, mailer, srv.URL, slog.New(slog.DiscardHandler))
	if n, err := sender.SendDue(context.Background()); err != nil || n != 3 {
		t.Fatalf("sender: %d %v, want 3 agendas", n, err)
	}
	sent, _ := mailer.set(false)
	ms, err := svc.EventMeetings(ctx, r.Event.ID)
	must(t, err)
	paris, _ := time.LoadLocation("Europe/Paris")
	var withBen, withCarl string
	for _, m := range ms {
		at := m.Meeting.Start.In(paris).Format("2006-01-02 15:04") + "–" + m.Meeting.End.In(paris).Format("15:04") + ", table " + m.Meeting.Room + ": "
		if m.To == "b" {
			withBen = at + "Ben Okafor"
		} else {
			withCarl = at + "Carl (No Mail GmbH)"
		}
	}
	ana := strings.Join(sent["ana@example.org"], "")
	for _, want := range []string{"Your agenda – Request partnering", "Your agenda (2 meetings, times in Europe/Paris)", withBen, withCarl, srv.URL + "/e/" + w.ws.Slug + "/req-ev"} {
		if !strings.Contains(ana, want) {
			t.Errorf("Ana's agenda lacks %q:\n%s", want, ana)
		}
	}
	if ben := strings.Join(sent["ben@example.org"], ""); !strings.Contains(ben, "(1 meeting, times in") || !strings.Contains(ben, "Ana Ruiz (Ana Labs)") {
		t.Errorf("Ben's agenda:\n%s", ben)
	}
	if dina := strings.Join(sent["dina@example.org"], ""); !strings.Contains(dina, "none was placed for you") {
		t.Errorf("Dina's mail:\n%s", dina)
	}
	if len(sent) != 3 {
		t.Errorf("mailed %d participants, want 3 (Carl has no email)", len(sent))
	}
	// Publishing again mails nobody.
	if res, _ := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish again: %d", res.StatusCode)
	}
	if n, _ := sender.SendDue(context.Background()); n != 0 {
		t.Errorf("publishing again sent %d mails", n)
	}
}

// signInParticipant signs the event's participant with that email in on the server at
// srvURL (their password set first) and returns their browser.
func signInParticipant(t *testing.T, svc *store.EventService, ctx context.Context, srvURL, base string, ws, eventID int64, email string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: srvURL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	ps, err := svc.EventParticipants(ctx, eventID)
	must(t, err)
	for _, p := range ps {
		if p.Email == email {
			_, err := svc.SetParticipantPassword(ctx, ws, p.ID, "", "Partnering-2030-"+p.Ref, true)
			must(t, err)
			if res, _ := c.do("POST", base+"/signin", formType, url.Values{"email": {email}, "password": {"Partnering-2030-" + p.Ref}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in of %s: %d", email, res.StatusCode)
			}
			return c
		}
	}
	t.Fatalf("no participant %s", email)
	return nil
}

// TestEventDayReminders: the day before a day of a published event, the outbox's sender
// (its serve loop) mails each participant with a meeting that day their meetings of the
// day, once; not before the 24 hours ahead, not to one without an email, and not
// again when it looks again.
func TestEventDayReminders(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventDayReminders(t, db) })
	}
}

func testEventDayReminders(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"}`))
	alice := f.member(t, "alice")
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	outbox := store.NewOutboxService(db)
	paris, _ := time.LoadLocation("Europe/Paris")
	first := time.Date(2030, 3, 12, 9, 0, 0, 0, paris) // the day's first slot
	if n, err := outbox.QueueDayReminders(context.Background(), first.Add(-25*time.Hour)); err != nil || n != 0 {
		t.Errorf("25 hours ahead: %d queued, %v", n, err)
	}
	sender := web.NewEventMail(db, f.mailer, f.srv.URL, slog.New(slog.DiscardHandler))
	if _, err := sender.SendDue(context.Background()); err != nil { // the agendas of the publication
		t.Fatal(err)
	}
	f.mailer.set(false)
	// The serve loop, the evening before.
	sender.Clock = func() time.Time { return first.Add(-14 * time.Hour) }
	sender.Poll = 20 * time.Millisecond
	lctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sender.RunOutbox(lctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if st, _ := f.svc.EventMailStatus(f.ctx, f.r.Event.ID); st != nil && st.Pending == 0 && st.Sent >= 2+2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	<-done
	sent, _ := f.mailer.set(false)
	ana := strings.Join(sent["ana@example.org"], "")
	if !strings.Contains(ana, "Your meetings of") || !strings.Contains(ana, "(2 meetings, times in Europe/Paris)") ||
		!strings.Contains(ana, "Ben Okafor") || !strings.Contains(ana, "Carl (No Mail GmbH)") {
		t.Errorf("Ana's mail of the day before:\n%s", ana)
	}
	if len(sent) != 2 || len(sent["ben@example.org"]) != 1 {
		t.Errorf("mailed %v, want Ana and Ben once each (Carl has no email)", sent)
	}
	if n, err := outbox.QueueDayReminders(context.Background(), first.Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("looking again: %d queued, %v", n, err)
	}
}
