package web_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
	"passerelle/web"
)

// pickyMailer is a mail server that refuses the addresses it is told to (all of them
// with "*"), and keeps what it sent.
type pickyMailer struct {
	mu     sync.Mutex
	refuse map[string]bool
	sent   map[string][]string // to -> bodies, in order
}

func (m *pickyMailer) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.refuse["*"] || m.refuse[to] {
		return errors.New("451 try again later")
	}
	m.sent[to] = append(m.sent[to], subject+"\n"+body)
	return nil
}

// set refuses these addresses from now on and returns what was sent since the last call.
func (m *pickyMailer) set(refuse ...string) map[string][]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refuse = map[string]bool{}
	for _, a := range refuse {
		m.refuse[a] = true
	}
	sent := m.sent
	m.sent = map[string][]string{}
	return sent
}

// TestSurveyRemindersOutbox: the survey's reminders go through the outbox. With the mail
// server down the page answers and the mails wait, holding no sign-in link; the
// outbox's retry sends them, each with a link made then, which signs its participant
// in. A failed one sent again from the outbox's page goes with a new link that works;
// one whose participant left the event meanwhile is not sent (the sender fails it at
// once, "Send again" refuses it). Another workspace neither reads nor sends them again;
// without a mail server nothing is claimed.
func TestSurveyRemindersOutbox(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testSurveyRemindersOutbox(t, db) })
	}
}

func testSurveyRemindersOutbox(t *testing.T, db *store.DB) {
	e := newSurveyEnv(t, db)
	skew, w, mailer, signIn, anon, f, svc, ctx, sender := e.skew, e.w, e.mailer, e.signIn, e.anon, e.f, e.svc, e.ctx, e.sender
	// Without a mail server (the world's own): refused, nothing claimed.
	alice, noMail := signIn("alice"), w.client(t, "alice")
	if res, body := noMail.do("POST", "/events/"+f.eid+"/survey-reminders", formType, "", false); res.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "no mail server is configured") {
		t.Errorf("without a mail server: %d", res.StatusCode)
	}
	if n, _, err := svc.SurveyReminded(ctx, f.r.Event.ID); err != nil || n != 0 {
		t.Errorf("without a mail server, %d reminded (%v)", n, err)
	}

	// The server is down: the page answers, the reminders wait in the outbox.
	mailer.set("*")
	if res, body := alice.do("POST", "/events/"+f.eid+"/survey-reminders", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reminders: %d %s", res.StatusCode, body)
	}
	if _, page := alice.get("/events/" + f.eid); !strings.Contains(page, "participants reminded of the survey, mailed now: 0") {
		t.Errorf("the flash does not count the reminders: %s", between(page, `class="flash`, "</"))
	}
	ms, _, err := svc.OutboxMails(ctx, store.OutboxFilter{EventID: f.r.Event.ID, Status: store.MailPending})
	must(t, err)
	mail := map[string]int64{} // address -> the reminder's id
	for _, m := range ms {
		if m.Kind != store.MailEventSurvey {
			continue
		}
		mail[m.Recipient] = m.ID
		if m.ParticipantID == 0 || m.Attempts != 1 || strings.Contains(string(m.Data), "evs_") || strings.Contains(string(m.Data), "signin") {
			t.Errorf("a reminder in the outbox: %+v %s", m, m.Data)
		}
	}
	for _, to := range []string{"a@example.jp", "b@example.fr", "c@example.org"} {
		if mail[to] == 0 {
			t.Fatalf("no reminder to %s: %v", to, mail)
		}
	}
	if res, page := alice.get("/outbox?event=" + f.eid); res.StatusCode != http.StatusOK || !strings.Contains(page, "Survey reminder") || strings.Contains(page, "evs_") {
		t.Errorf("the outbox's page: %d, names the reminder %v", res.StatusCode, strings.Contains(page, "Survey reminder"))
	}
	other := signIn("otheradmin")
	if _, page := other.get("/outbox"); strings.Contains(page, "a@example.jp") {
		t.Error("another workspace reads the reminders")
	}

	// The outbox's retry: Aiko's goes, with a link that signs her in; Jean's and
	// Carla's are refused again and fail (two attempts for this sender).
	skew.Add(int64(61 * time.Second))
	mailer.set("b@example.fr", "c@example.org")
	sender.Attempts = 2
	if _, err := sender.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	sent := mailer.set()
	if len(sent["a@example.jp"]) != 1 || len(sent["b@example.fr"]) != 0 || len(sent["c@example.org"]) != 0 {
		t.Fatalf("the retry sent %q", sent)
	}
	aiko := surveyLink.FindString(sent["a@example.jp"][0])
	if aiko == "" || !strings.Contains(sent["a@example.jp"][0], "https://events.example.org/e/net/move-ev") {
		t.Fatalf("Aiko's reminder:\n%s", sent["a@example.jp"][0])
	}
	signedIn := func(link, who string) {
		t.Helper()
		p := anon()
		if res, _ := p.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/e/net/move-ev" {
			t.Fatalf("%s's link: %d %s", who, res.StatusCode, res.Header.Get("Location"))
		}
		if res, body := p.get("/e/net/move-ev"); res.StatusCode != http.StatusOK || !strings.Contains(body, who) {
			t.Errorf("%s's page: %d", who, res.StatusCode)
		}
	}
	signedIn(aiko, "Aiko")
	for _, to := range []string{"b@example.fr", "c@example.org"} {
		if m, err := svc.OutboxMail(ctx, mail[to]); err != nil || m.Status != store.MailFailed {
			t.Fatalf("%s's reminder: %+v %v", to, m, err)
		}
	}

	// Carla's sent again: a new link, which signs her in.
	if res, _ := other.do("POST", "/outbox/"+id(mail["c@example.org"])+"/resend", formType, "", false); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace sends the reminder again: %d", res.StatusCode)
	}
	if res, body := alice.do("POST", "/outbox/"+id(mail["c@example.org"])+"/resend", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send again: %d %s", res.StatusCode, body)
	}
	sent = mailer.set()
	carla := ""
	if len(sent["c@example.org"]) == 1 {
		carla = surveyLink.FindString(sent["c@example.org"][0])
	}
	if carla == "" || carla == aiko || len(sent) != 1 {
		t.Fatalf("sent again: %q", sent)
	}
	signedIn(carla, "Carla")

	// Jean's sent again while the server is down, then he leaves the event: the outbox
	// does not send it, and fails it at once; "Send again" refuses it.
	mailer.set("*")
	if res, body := alice.do("POST", "/outbox/"+id(mail["b@example.fr"])+"/resend", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send Jean's again: %d %s", res.StatusCode, body)
	}
	ps, err := svc.EventParticipants(ctx, f.r.Event.ID)
	must(t, err)
	i := slices.IndexFunc(ps, func(p *passerelle.EventParticipant) bool { return p.Ref == "b" })
	_, err = svc.LeaveEvent(context.Background(), w.ws.ID, ps[i].ID, false)
	must(t, err)
	skew.Add(int64(2 * time.Minute))
	mailer.set()
	if _, err := sender.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sent := mailer.set(); len(sent) != 0 {
		t.Errorf("mailed after Jean left: %q", sent)
	}
	if m, err := svc.OutboxMail(ctx, mail["b@example.fr"]); err != nil || m.Status != store.MailFailed || !strings.Contains(m.LastError, "left the event") {
		t.Errorf("Jean's reminder once he left: %+v %v", m, err)
	}
	alice = signIn("alice")
	if res, body := alice.do("POST", "/outbox/"+id(mail["b@example.fr"])+"/resend", formType, "", false); res.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "left the event") {
		t.Errorf("sent again to Jean, who left: %d", res.StatusCode)
	}
	if sent := mailer.set(); len(sent) != 0 {
		t.Errorf("mailed after Jean left: %q", sent)
	}
	// Each reminded once in the round, whatever the outbox did.
	if res, _ := alice.do("POST", "/events/"+f.eid+"/survey-reminders", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reminders again: %d", res.StatusCode)
	}
	if sent := mailer.set(); len(sent) != 0 {
		t.Errorf("reminded twice: %q", sent)
	}
}

// surveyEnv is an event held today whose participants have meetings over, scheduled and
// published the day before, its agendas sent: the survey's reminders are due.
type surveyEnv struct {
	skew   *atomic.Int64 // how far the test moved the clock
	w      *world
	mailer *pickyMailer
	signIn func(user string) *client
	anon   func() *client
	f      *mailedEvent
	svc    *store.EventService
	ctx    context.Context // the workspace's system actor
	sender *web.EventMail
}

func newSurveyEnv(t *testing.T, db *store.DB) *surveyEnv {
	var skew atomic.Int64 // how far the test moved the clock
	db.Now = func() time.Time { return time.Now().UTC().Add(time.Duration(skew.Load())).Truncate(time.Microsecond) }
	w := newWorld(t, db)
	mailer := &pickyMailer{sent: map[string][]string{}}
	h, err := web.NewServer(db, web.Options{Version: "test", Mailer: mailer})
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	signIn := func(user string) *client {
		c := w.client(t, user)
		c.base = srv.URL
		return c
	}
	anon := func() *client {
		c := w.client(t, "")
		c.base = srv.URL
		return c
	}
	// Sessions are kept on the real clock: the event is held today, in a zone where it
	// is about noon, its three slots of 30 minutes the two before now and the one now.
	// Aiko, Jean and Carla (who has an email here) meet each other, each pair at another
	// slot: each has a meeting over, and the event is not (they may still leave it).
	now := time.Now().UTC().Truncate(time.Minute).Add(-5 * time.Minute)
	zone := "UTC"
	if n := now.Hour() - 12; n != 0 {
		zone = fmt.Sprintf("Etc/GMT%+d", n)
	}
	loc, err := time.LoadLocation(zone)
	must(t, err)
	local := now.In(loc)
	doc := fmt.Sprintf(`{"slug": "move-ev", "name": "Move partnering", "time_zone": %q, "meeting_minutes": 30, "tables": 2,
 "days": [{"date": %q, "start": %q, "end": %q}],
 "participants": [{"ref": "a", "name": "Aiko", "email": "a@example.jp"}, {"ref": "b", "name": "Jean", "email": "b@example.fr"},
  {"ref": "c", "name": "Carla", "email": "c@example.org"}, {"ref": "d", "name": "Dora", "email": "d@example.org"}, {"ref": "e", "name": "Emil", "email": "e@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"},
  {"from": "b", "to": "c", "status": "accepted"}, {"from": "d", "to": "e", "status": "accepted"}]}`,
		zone, local.Format("2006-01-02"), local.Add(-time.Hour).Format("15:04"), local.Add(30*time.Minute).Format("15:04"))
	// Scheduled and published the day before.
	skew.Store(int64(-24 * time.Hour))
	alice := signIn("alice")
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	f := &mailedEvent{w: w, ctx: ctx, svc: svc}
	importEvent(t, f, doc)
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	sender := web.NewEventMail(db, mailer, "https://events.example.org", slog.New(slog.DiscardHandler))
	if _, err := sender.SendDue(context.Background()); err != nil { // the agendas
		t.Fatal(err)
	}
	skew.Store(0)
	return &surveyEnv{skew: &skew, w: w, mailer: mailer, signIn: signIn, anon: anon, f: f, svc: svc, ctx: ctx, sender: sender}
}

// TestSurveyRemindersNowAndLater: of a run's reminders, only the first few go before
// the page answers (a large event's would hold it for minutes); the others wait in the
// outbox for its sender, which sends them all, each once.
func TestSurveyRemindersNowAndLater(t *testing.T) {
	db := testDBs(t)["sqlite"]
	e := newSurveyEnv(t, db)
	e.mailer.set() // the agendas
	n, sent, err := e.sender.SurveyReminders(e.ctx, e.f.r.Event.ID, 1)
	if err != nil || n < 2 || sent != 1 {
		t.Fatalf("reminded %d, sent now %d (%v): want at least 2 reminded, 1 sent", n, sent, err)
	}
	if got := e.mailer.set(); len(got) != 1 {
		t.Fatalf("sent now: %q", got)
	}
	ms, _, err := e.svc.OutboxMails(e.ctx, store.OutboxFilter{EventID: e.f.r.Event.ID, Status: store.MailPending})
	must(t, err)
	waiting := 0
	for _, m := range ms {
		if m.Kind == store.MailEventSurvey {
			waiting++
		}
	}
	if waiting != n-1 {
		t.Errorf("%d reminders wait in the outbox, want %d", waiting, n-1)
	}
	if _, err := e.sender.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := e.mailer.set()
	for to, bodies := range got {
		if len(bodies) != 1 || !surveyLink.MatchString(bodies[0]) {
			t.Errorf("the sender's mail to %s: %q", to, bodies)
		}
	}
	if len(got) != n-1 {
		t.Errorf("the sender sent %d reminders, want %d", len(got), n-1)
	}
}
