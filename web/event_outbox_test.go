package web_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// flakyMailer is a mail server that refuses every mail while down, as a server that is
// unreachable or rejects the sender would.
type flakyMailer struct {
	mu    sync.Mutex
	down  bool
	tries int
	sent  map[string][]string // to -> bodies, in order
}

func (m *flakyMailer) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tries++
	if m.down {
		return errors.New("451 mail server unavailable")
	}
	if strings.ContainsAny(to+subject, "\r\n") {
		return errors.New("a line break in the recipient or the subject")
	}
	m.sent[to] = append(m.sent[to], subject+"\n"+body)
	return nil
}

func (m *flakyMailer) set(down bool) (sent map[string][]string, tries int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down = down
	sent, tries, m.sent, m.tries = m.sent, m.tries, map[string][]string{}, 0
	return sent, tries
}

// TestEventChangeMailsOutbox: the mails telling the participants of a published event
// that their meeting moved are written to the outbox with the move. When the mail server
// fails, the move is saved and its mails wait; a sender started later (another process:
// nothing held in memory) tries again only when each retry is due, with a growing delay,
// sends them once the server is back, and never sends a sent mail again. A mail the
// server refuses at every attempt is marked failed after the last one and the event's
// page shows it to the organiser. The serve loop (RunOutbox) sends what is due.
func TestEventChangeMailsOutbox(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventChangeMailsOutbox(t, db) })
	}
}

func testEventChangeMailsOutbox(t *testing.T, db *store.DB) {
	var skew atomic.Int64 // how far the test moved the clock
	db.Now = func() time.Time { return time.Now().UTC().Add(time.Duration(skew.Load())).Truncate(time.Microsecond) }
	w := newWorld(t, db)
	mailer := &flakyMailer{sent: map[string][]string{}}
	h, err := web.NewServer(db, web.Options{Version: "test", Mailer: mailer})
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	signIn := func() *client {
		c := w.client(t, "alice")
		c.base = srv.URL
		return c
	}
	alice := signIn()
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	f := &mailedEvent{w: w, ctx: ctx, svc: svc}
	importEvent(t, f, `{"slug": "outbox-ev", "name": "Outbox partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}],
 "participants": [{"ref": "a", "name": "Ana", "email": "a@example.org"}, {"ref": "b", "name": "Ben", "email": "b@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}]}`)
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	// Publishing wrote both agendas to the outbox (TestEventAgendaMails): sent here, so
	// that what follows counts the moves' mails, above these two.
	if n, err := web.NewEventMail(db, mailer, "https://events.example.org", slog.New(slog.DiscardHandler)).SendDue(context.Background()); err != nil || n != 2 {
		t.Fatalf("the agendas: %d sent, %v", n, err)
	}
	mailer.set(false)
	paris, _ := time.LoadLocation("Europe/Paris")
	move := func(c *client) {
		t.Helper()
		ms, err := svc.EventMeetings(ctx, f.r.Event.ID)
		must(t, err)
		slot := map[string]string{"10:00": "2027-10-15 10:30", "10:30": "2027-10-15 10:00"}[ms[0].Meeting.Start.In(paris).Format("15:04")]
		form := url.Values{"slot": {slot}, "table": {"1"}}
		if res, body := c.do("POST", "/events/"+f.eid+"/meetings/"+id(ms[0].Meeting.ID)+"/move", formType, form.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move to %s: %d %s", slot, res.StatusCode, body)
		}
	}
	status := func() *store.EventMailStatus {
		t.Helper()
		st, err := svc.EventMailStatus(ctx, f.r.Event.ID)
		must(t, err)
		return st
	}

	// The mail server is down: the move is saved, its two mails wait in the outbox.
	mailer.set(true)
	move(alice)
	if _, tries := mailer.set(true); tries != 2 {
		t.Errorf("the move tried %d mails at once, want 2", tries)
	}
	if st := status(); st.Pending != 2 || st.Sent != 2 || len(st.Failed) != 0 {
		t.Fatalf("outbox after a move with the server down: %+v", st)
	}
	// Another process's sender: nothing is due before the first retry's delay.
	sender := web.NewEventMail(db, mailer, "https://events.example.org", slog.New(slog.DiscardHandler))
	sender.Backoff = time.Minute
	if n, err := sender.SendDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("sent before the retry was due: %d %v", n, err)
	}
	if _, tries := mailer.set(true); tries != 0 {
		t.Errorf("%d attempts before the retry was due", tries)
	}
	skew.Add(int64(61 * time.Second)) // the first retry (after 1 minute) fails again
	if n, _ := sender.SendDue(context.Background()); n != 0 {
		t.Fatalf("%d sent with the server down", n)
	}
	if _, tries := mailer.set(false); tries != 2 {
		t.Errorf("first retry: %d attempts, want 2", tries)
	}
	skew.Add(int64(61 * time.Second)) // the second retry waits 2 minutes: not yet
	if n, _ := sender.SendDue(context.Background()); n != 0 {
		t.Fatalf("%d sent before the second retry was due", n)
	}
	skew.Add(int64(61 * time.Second))
	if n, err := sender.SendDue(context.Background()); err != nil || n != 2 {
		t.Fatalf("server back: %d sent, %v", n, err)
	}
	sent, _ := mailer.set(false)
	for _, to := range []string{"a@example.org", "b@example.org"} {
		if len(sent[to]) != 1 || !strings.Contains(sent[to][0], "2027-10-15 10:") || !strings.Contains(sent[to][0], "https://events.example.org/e/net/outbox-ev") {
			t.Errorf("mails to %s: %q", to, sent[to])
		}
	}
	if !strings.Contains(sent["a@example.org"][0], "Ben") {
		t.Errorf("Ana's mail does not name Ben: %q", sent["a@example.org"])
	}
	if st := status(); st.Pending != 0 || st.Sent != 2+2 {
		t.Errorf("outbox once sent: %+v", st)
	}
	skew.Add(int64(time.Hour)) // a sent mail is never sent again
	if n, _ := sender.SendDue(context.Background()); n != 0 {
		t.Errorf("%d mails sent twice", n)
	}

	// Refused at every attempt: failed after the last one, shown on the event's page.
	alice = signIn() // the clock moved past the session's idle time
	mailer.set(true)
	move(alice)
	for range 10 {
		skew.Add(int64(24 * time.Hour))
		if _, err := sender.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if _, tries := mailer.set(true); tries != 2*6 { // 6 attempts each, the first at the move
		t.Errorf("%d attempts, want 12", tries)
	}
	st := status()
	if st.Pending != 0 || st.Sent != 2+2 || len(st.Failed) != 2 {
		t.Fatalf("outbox after every attempt failed: %+v", st)
	}
	for _, m := range st.Failed {
		if m.Attempts != 6 || !strings.Contains(m.LastError, "451") {
			t.Errorf("failed mail: %+v", m)
		}
	}
	skew.Store(0) // sessions are read on the real clock
	alice = signIn()
	if res, body := alice.get("/events/" + f.eid); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="event-mails-failed"`) ||
		!strings.Contains(body, "b@example.org") || !strings.Contains(body, "451 mail server unavailable") || !strings.Contains(body, "6 attempts, last on") {
		t.Errorf("the event's page does not show the failed mails: %d\n%s", res.StatusCode, body)
	}
	// Another workspace's administrator sees nothing of them.
	other := w.client(t, "otheradmin")
	other.base = srv.URL
	if res, body := other.get("/events/" + f.eid); res.StatusCode != http.StatusNotFound || strings.Contains(body, "b@example.org") {
		t.Errorf("another workspace reads the event's mails: %d", res.StatusCode)
	}
	ows, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{System: true}), "other")
	must(t, err)
	if ost, err := svc.EventMailStatus(passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(ows.ID)), f.r.Event.ID); err != nil ||
		ost.Sent+ost.Pending+len(ost.Failed) != 0 {
		t.Errorf("another workspace's outbox of the event: %+v %v", ost, err)
	}

	// The serve loop sends what is due, without being asked.
	mailer.set(true)
	move(signIn())
	mailer.set(false)
	skew.Add(int64(2 * time.Minute))
	loop := web.NewEventMail(db, mailer, "https://events.example.org", slog.New(slog.DiscardHandler))
	loop.Poll = 20 * time.Millisecond
	lctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { loop.RunOutbox(lctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for status().Pending > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	<-done
	if st := status(); st.Pending != 0 || st.Sent != 2+4 {
		t.Errorf("the sender's loop left: %+v", st)
	}
}

// importEvent imports doc into f's workspace and fills f.r and f.eid.
func importEvent(t *testing.T, f *mailedEvent, doc string) {
	t.Helper()
	imp, err := interchange.ReadEvent(strings.NewReader(doc))
	must(t, err)
	f.r, err = f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	f.eid = id(f.r.Event.ID)
}
