package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/events"
	"passerelle/interchange"
	"passerelle/jobs"
	"passerelle/store"
	"passerelle/web"
)

// TestEventScheduleChangesMailed: once the schedule is published, a schedule run that
// moves or cancels meetings (a participant became unavailable, a request was declined)
// mails each participant concerned what changed, old and new time and table; before
// publication nobody is mailed; the background job mails the same way.
func TestEventScheduleChangesMailed(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventScheduleChangesMailed(t, db) })
	}
}

func testEventScheduleChangesMailed(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	mail, base, _ := mailServer(t, db)
	alice := w.client(t, "alice")
	alice.base = base
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	importFile := func(doc string) *store.EventImportResult {
		t.Helper()
		imp, err := interchange.ReadEvent(strings.NewReader(doc))
		must(t, err)
		r, err := svc.ImportEvent(ctx, imp)
		must(t, err)
		return r
	}
	r := importFile(moveEvent)
	eid := id(r.Event.ID)
	schedule := func() {
		t.Helper()
		if res, body := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("schedule: %d %s", res.StatusCode, body)
		}
	}
	sent := func() map[string]string {
		mail.mu.Lock()
		defer mail.mu.Unlock()
		out := mail.sent
		mail.sent = map[string]string{}
		return out
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	meetings := func() map[string]*store.EventMeeting {
		ms, err := svc.EventMeetings(ctx, r.Event.ID)
		must(t, err)
		out := map[string]*store.EventMeeting{}
		for _, m := range ms {
			out[m.From+m.To] = m
		}
		return out
	}
	local := func(tm time.Time) string { return tm.In(tokyo).Format("2006-01-02 15:04") }
	// d unavailable during their meeting's slot, and a declining b: the repair must move
	// de and cancel ab.
	changed := func(de *store.EventMeeting) string {
		f := `"2006-01-02T15:04"`
		doc := strings.Replace(moveEvent, `{"ref": "d", "name": "Dora", "email": "d@example.org"}`,
			`{"ref": "d", "name": "Dora", "email": "d@example.org", "unavailable": [{"start": `+de.Meeting.Start.In(tokyo).Format(f)+
				`, "end": `+de.Meeting.End.In(tokyo).Format(f)+`}]}`, 1)
		return strings.Replace(doc, `{"from": "a", "to": "b", "status": "accepted"}`, `{"from": "a", "to": "b", "status": "declined"}`, 1)
	}

	schedule()
	before := meetings()
	// Not published: a run that changes meetings mails nobody.
	importFile(changed(before["de"]))
	schedule()
	if got := sent(); len(got) != 0 {
		t.Errorf("mails before publication: %q", got)
	}
	importFile(moveEvent)
	schedule()
	if res, _ := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	sent()
	ms := meetings()
	de, ab := ms["de"], ms["ab"]
	importFile(changed(de))
	schedule()
	after := meetings()
	if after["de"].Meeting.Status == passerelle.MeetingCancelled || after["de"].Meeting.Start.Equal(de.Meeting.Start) {
		t.Fatalf("the repair did not move de: %s %s", local(after["de"].Meeting.Start), after["de"].Meeting.Status)
	}
	if after["ab"].Meeting.Status != passerelle.MeetingCancelled {
		t.Fatalf("ab: %s, want cancelled", after["ab"].Meeting.Status)
	}
	got := sent()
	d, e := got["d@example.org"], got["e@example.org"]
	for _, want := range []string{local(de.Meeting.Start), "table " + de.Meeting.Room, local(after["de"].Meeting.Start), "Emil", "/e/net/move-ev"} {
		if !strings.Contains(d, want) {
			t.Errorf("Dora's mail lacks %q:\n%s", want, d)
		}
	}
	if !strings.Contains(e, "Dora") || !strings.Contains(e, local(after["de"].Meeting.Start)) {
		t.Errorf("Emil's mail:\n%s", e)
	}
	if a := got["a@example.jp"]; !strings.Contains(a, "cancelled") || !strings.Contains(a, "Jean") || !strings.Contains(a, local(ab.Meeting.Start)) {
		t.Errorf("Aiko's mail:\n%s", a)
	}
	if b := got["b@example.fr"]; !strings.Contains(b, "Aiko") {
		t.Errorf("Jean's mail:\n%s", b)
	}
	// A run that changes nothing mails nobody.
	schedule()
	if got := sent(); len(got) != 0 {
		t.Errorf("mails of a run that changed nothing: %q", got)
	}

	// The background job mails the same way: ab accepted again comes back.
	importFile(strings.Replace(changed(de), `"status": "declined"`, `"status": "accepted"`, 1))
	runner := jobs.NewRunner(store.NewJobService(db), map[string]jobs.Handler{
		events.ScheduleKind: events.ScheduleHandler(db, web.NewEventMail(db, mail, "https://events.example.org", slog.New(slog.DiscardHandler)).Deliverer())})
	runner.Logger = slog.New(slog.DiscardHandler)
	params, _ := json.Marshal(events.ScheduleParams{Slug: "move-ev", TimeLimitMS: 5000})
	j := &passerelle.Job{Kind: events.ScheduleKind, Params: params, Visibility: passerelle.VisibilityShared}
	must(t, store.NewJobService(db).CreateJob(ctx, j))
	done, err := runner.RunInline(context.Background(), j.ID)
	must(t, err)
	var res events.ScheduleResult
	if err := json.Unmarshal(done.Result, &res); done.State != passerelle.JobDone || err != nil || res.Told < 2 {
		t.Fatalf("job: %s %s %q", done.State, done.Result, done.Error)
	}
	got = sent()
	if a := got["a@example.jp"]; !strings.Contains(a, "new meeting with Jean") || !strings.Contains(a, "https://events.example.org/e/net/move-ev") {
		t.Errorf("Aiko's mail from the job:\n%s", a)
	}
}

var surveyLink = regexp.MustCompile(`/e/signin/evs_[A-Za-z0-9_-]+`)

// TestEventSurveyReminders: the organiser sends the outcome survey's reminders: each
// participant with an email and a meeting over without their answer gets one, with a
// sign-in link that opens their page; one who answered every meeting gets none; sending
// again sends nothing (never twice). The mails go through the outbox, which holds no
// link. Before publication it is refused; a viewer may not send them,
// another workspace finds nothing, a participant's session is not a writer's.
func TestEventSurveyReminders(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventSurveyReminders(t, db) })
	}
}

func testEventSurveyReminders(t *testing.T, db *store.DB) {
	// The same event, held ten days ago: its meetings are over, the survey's second
	// round (months later) not open yet.
	f := newMailedEvent(t, db, strings.ReplaceAll(moveEvent, "2027-10-15", time.Now().AddDate(0, 0, -10).Format("2006-01-02")))
	w, mail, anon, alice, viewer, other, ctx, svc, r, eid := f.w, f.mail, f.anon, f.alice, f.viewer, f.other, f.ctx, f.svc, f.r, f.eid
	remind := func(c *client) (*http.Response, string) {
		return c.do("POST", "/events/"+eid+"/survey-reminders", formType, "", false)
	}
	sent := func() map[string]string {
		mail.mu.Lock()
		defer mail.mu.Unlock()
		out := mail.sent
		mail.sent = map[string]string{}
		return out
	}
	if res, _ := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	if res, body := remind(alice); res.StatusCode != http.StatusConflict || !strings.Contains(body, "not published") {
		t.Errorf("reminders before publication: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	// Emil answers the survey of his only meeting: nothing to remind him of.
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	pid := map[string]int64{}
	for _, p := range ps {
		pid[p.Ref] = p.ID
	}
	ms, err := svc.EventMeetings(ctx, r.Event.ID)
	must(t, err)
	for _, m := range ms {
		if m.To == "e" {
			must(t, svc.SaveOutcome(ctx, w.ws.ID, pid["e"], m.Meeting.ID, passerelle.OutcomeFurtherTalks))
		}
	}
	if res, _ := remind(viewer); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer sends the reminders: %d", res.StatusCode)
	}
	if res, _ := remind(other); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's administrator sends the reminders: %d", res.StatusCode)
	}
	if got := sent(); len(got) != 0 {
		t.Fatalf("refused attempts sent mail: %q", got)
	}
	if res, body := remind(alice); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reminders: %d %s", res.StatusCode, body)
	}
	got := sent()
	for _, to := range []string{"a@example.jp", "b@example.fr", "d@example.org"} {
		if !surveyLink.MatchString(got[to]) || !strings.Contains(got[to], "1 of your meetings") && !strings.Contains(got[to], "2 of your meetings") {
			t.Errorf("reminder to %s:\n%s", to, got[to])
		}
	}
	if _, ok := got["e@example.org"]; ok || len(got) != 3 {
		t.Errorf("reminders sent to %d addresses (Emil answered everything): %q", len(got), got)
	}
	if _, page := alice.get("/events/" + eid); !strings.Contains(page, `id="event-reminded"`) || !strings.Contains(page, ": 3 / 5") {
		t.Errorf("the event's page does not count the reminders")
	}
	// The link signs Dora in, on her page with the survey.
	p := anon()
	res, _ := p.do("POST", surveyLink.FindString(got["d@example.org"]), formType, "", false)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/e/net/move-ev" {
		t.Fatalf("the reminder's link: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := p.get("/e/net/move-ev"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Emil") {
		t.Errorf("Dora's page: %d", res.StatusCode)
	}
	// A participant's session is not the organiser's.
	if res, _ := p.do("POST", "/events/"+eid+"/survey-reminders", formType, "", false); res.StatusCode < 300 || res.StatusCode == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("a participant sends the reminders: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Never twice.
	if res, _ := remind(alice); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reminders again: %d", res.StatusCode)
	}
	if got := sent(); len(got) != 0 {
		t.Errorf("reminders sent twice: %q", got)
	}
	// Through the outbox, holding no link (TestSurveyRemindersOutbox for its retries).
	box, _, err := svc.OutboxMails(ctx, store.OutboxFilter{EventID: r.Event.ID})
	must(t, err)
	reminders := 0
	for _, m := range box {
		if m.Kind == store.MailEventSurvey {
			reminders++
			if m.Status != store.MailSent || strings.Contains(string(m.Data), "evs_") {
				t.Errorf("a reminder in the outbox: %+v %s", m, m.Data)
			}
		}
	}
	if reminders != 3 {
		t.Errorf("%d reminders in the outbox, want 3", reminders)
	}
}

// TestEventParticipantPassword: a participant signed in by their link sets a password
// (a short or common one refused), then signs in with it on the event's sign-in page
// (email in any case); a wrong password, an unknown email, another event's page are the
// same refusal; changing it from a password session needs the current one; ten failures
// for the email lock it out for a while (429 with Retry-After) even with the right
// password. Without a participant session the password cannot be set.
func TestEventParticipantPassword(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventParticipantPassword(t, db) })
	}
}

func testEventParticipantPassword(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	mail, _, anon := mailServer(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	for _, doc := range []string{moveEvent, webEvent} {
		imp, err := interchange.ReadEvent(strings.NewReader(doc))
		must(t, err)
		r, err := svc.ImportEvent(ctx, imp)
		must(t, err)
		must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	}
	const page = "/e/net/move-ev"
	const good = "Kansai-bio-partnering-27"
	p := anon()
	if res, _ := p.do("POST", page+"/password", formType, url.Values{"password": {good}}.Encode(), false); res.StatusCode < 400 {
		t.Errorf("a password set without a session: %d", res.StatusCode)
	}
	p.do("POST", page+"/register", formType, url.Values{"name": {"Aiko"}, "email": {"a@example.jp"}, "organization": {"Kansai Bio"}, "country": {"JP"}}.Encode(), false)
	if res, _ := p.do("POST", signinLink.FindString(mail.sent["a@example.jp"]), formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("link sign-in: %d", res.StatusCode)
	}
	for _, bad := range []struct{ pw, want string }{{"short", "at least"}, {"password1234", "too common"}} {
		res, body := p.do("POST", page+"/password", formType, url.Values{"password": {bad.pw}}.Encode(), false)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, bad.want) {
			t.Errorf("password %q: %d, want %q", bad.pw, res.StatusCode, bad.want)
		}
	}
	if res, _ := p.do("POST", page+"/password", formType, url.Values{"password": {good}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the password: %d", res.StatusCode)
	}
	signin := func(c *client, path, email, pw string) (*http.Response, string) {
		return c.do("POST", path+"/signin", formType, url.Values{"email": {email}, "password": {pw}}.Encode(), false)
	}
	q := anon()
	if res, body := q.get(page + "/signin"); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="password-signin-form"`) {
		t.Fatalf("sign-in page: %d", res.StatusCode)
	}
	for _, bad := range []struct{ path, email, pw string }{
		{page, "a@example.jp", "Kansai-bio-partnering-28"},
		{page, "nobody@example.jp", good},
		{page, "c@example.org", good},
		{"/e/net/web-ev", "a@example.jp", good}, // another event of the workspace
	} {
		res, body := signin(q, bad.path, bad.email, bad.pw)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "wrong email or password") {
			t.Errorf("sign-in %s %s: %d", bad.path, bad.email, res.StatusCode)
		}
	}
	if res, _ := signin(q, "/e/other/move-ev", "a@example.jp", good); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's sign-in: %d", res.StatusCode)
	}
	if res, _ := q.get("/e/net/move-ev"); res.StatusCode == http.StatusOK {
		t.Fatalf("refused sign-ins opened the page")
	}
	res, _ := signin(q, page, "A@Example.JP", good)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("password sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := q.get(page); res.StatusCode != http.StatusOK || !strings.Contains(body, "Jean") || !strings.Contains(body, `id="pw-current"`) {
		t.Errorf("page after the password sign-in: %d", res.StatusCode)
	}
	// The other event of the workspace is not opened by this session.
	if res, body := q.get("/e/net/web-ev"); res.StatusCode == http.StatusOK || strings.Contains(body, "Carla") && !strings.Contains(body, "register") {
		t.Errorf("another event's page with a password session: %d", res.StatusCode)
	}
	const next = "Yokohama-partnering-28"
	if res, body := q.do("POST", page+"/password", formType, url.Values{"password": {next}}.Encode(), false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "required") {
		t.Errorf("a change without the current password: %d", res.StatusCode)
	}
	if res, body := q.do("POST", page+"/password", formType, url.Values{"current_password": {"not-the-password-1"}, "password": {next}}.Encode(), false); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "wrong password") {
		t.Errorf("a change with a wrong current password: %d", res.StatusCode)
	}
	if res, _ := q.do("POST", page+"/password", formType, url.Values{"current_password": {good}, "password": {next}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a change with the current password: %d", res.StatusCode)
	}
	// Ten failures lock the email out at this event, the right password too.
	z := anon()
	for i := 0; i < 10; i++ {
		signin(z, page, "a@example.jp", "not-the-password-"+id(int64(i)))
	}
	res, body := signin(z, page, "a@example.jp", next)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "too many failed sign-ins") {
		t.Errorf("after ten failures: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

// TestEventCommonSlots: a participant sees the slots at which they and another are both
// free (their meetings and the other's left out), asks for a meeting at one (a busy one
// is refused with the reason); the other's acceptance books it there, pinned, and the
// schedule run again leaves it. Another participant's ref of another event, or their
// own, is not found.
func TestEventCommonSlots(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventCommonSlots(t, db) })
	}
}

func testEventCommonSlots(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	mail, base, anon := mailServer(t, db)
	alice := w.client(t, "alice")
	alice.base = base
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(moveEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	eid := id(r.Event.ID)
	for _, step := range []string{"schedule", "publish"} {
		if res, _ := alice.do("POST", "/events/"+eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", step, res.StatusCode)
		}
	}
	const page = "/e/net/move-ev"
	signin := func(email, name string) *client {
		c := anon()
		c.do("POST", page+"/register", formType, url.Values{"name": {name}, "email": {email}, "organization": {"Org"}, "country": {"FR"}}.Encode(), false)
		if res, _ := c.do("POST", signinLink.FindString(mail.sent[email]), formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in %s: %d", email, res.StatusCode)
		}
		return c
	}
	aiko, dora := signin("a@example.jp", "Aiko"), signin("d@example.org", "Dora")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	busy := map[string]bool{}
	ms, err := svc.EventMeetings(ctx, r.Event.ID)
	must(t, err)
	for _, m := range ms {
		if strings.Contains(m.From+m.To, "a") || strings.Contains(m.From+m.To, "d") {
			busy[m.Meeting.Start.In(tokyo).Format("2006-01-02 15:04")] = true
		}
	}
	res, body := aiko.get(page + "/common?with=d")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("common slots: %d", res.StatusCode)
	}
	var free string
	for _, s := range []string{"2027-10-15 10:00", "2027-10-15 10:30", "2027-10-15 11:30", "2027-10-15 12:00"} {
		shown := strings.Contains(body, `name="slot" value="`+s+`"`)
		if shown == busy[s] {
			t.Errorf("slot %s: shown %v, busy %v", s, shown, busy[s])
		}
		if shown && free == "" {
			free = s
		}
	}
	if free == "" {
		t.Fatalf("no free common slot shown:\n%s", between(body, "<main", "</main>"))
	}
	for busySlot := range busy {
		res, body := aiko.do("POST", page+"/requests", formType, url.Values{"to": {"d"}, "slot": {busySlot}}.Encode(), false)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not free") {
			t.Errorf("a request at the busy %s: %d", busySlot, res.StatusCode)
		}
		break
	}
	if res, _ := aiko.do("POST", page+"/requests", formType, url.Values{"to": {"d"}, "slot": {free}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request at %s: %d", free, res.StatusCode)
	}
	rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
	must(t, err)
	var rq *passerelle.EventRequest
	for _, x := range rqs {
		if x.From == "a" && x.To == "d" {
			rq = x
		}
	}
	if rq == nil || rq.Slot.In(tokyo).Format("2006-01-02 15:04") != free {
		t.Fatalf("the request's slot: %+v", rq)
	}
	if _, body := dora.get(page); !strings.Contains(body, `id="received-slot-`+id(rq.ID)+`"`) {
		t.Errorf("Dora's page does not show the slot asked for")
	}
	res, _ = dora.do("POST", page+"/requests/"+id(rq.ID)+"/answer", formType, "answer=accept", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	booked := func() *store.EventMeeting {
		ms, err := svc.EventMeetings(ctx, r.Event.ID)
		must(t, err)
		for _, m := range ms {
			if m.RequestID == rq.ID {
				return m
			}
		}
		return nil
	}
	m := booked()
	if m == nil || m.Meeting.Start.In(tokyo).Format("2006-01-02 15:04") != free || !m.Pinned || m.Meeting.Status != passerelle.MeetingPlanned {
		t.Fatalf("booked meeting: %+v", m)
	}
	if _, body := aiko.get(page); !strings.Contains(body, `id="agenda-`+id(m.Meeting.ID)+`"`) {
		t.Errorf("Aiko's agenda lacks the booked meeting")
	}
	// One request's status agrees with one request ("acceptée"), where the organiser's
	// counts say "12 acceptées".
	if _, body := aiko.lang("fr").get(page); !strings.Contains(between(body, `id="sent-`+id(rq.ID)+`"`, "</div>"), "— acceptée") ||
		strings.Contains(between(body, `id="sent-`+id(rq.ID)+`"`, "</div>"), "acceptées") {
		t.Errorf("Aiko's sent request in French: %s", between(body, `id="sent-`+id(rq.ID)+`"`, "</div>"))
	}
	aiko.lang("en")
	if res, _ := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule again: %d", res.StatusCode)
	}
	if got := booked(); got.Meeting.Start.In(tokyo).Format("2006-01-02 15:04") != free || got.Meeting.Status == passerelle.MeetingCancelled {
		t.Errorf("the schedule moved the booked meeting: %s %s", got.Meeting.Start.In(tokyo), got.Meeting.Status)
	}
	for _, bad := range []string{page + "/common?with=a", page + "/common?with=zz", "/e/other/move-ev/common?with=d"} {
		if res, _ := aiko.get(bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
	if res, _ := anon().get(page + "/common?with=d"); res.StatusCode == http.StatusOK {
		t.Errorf("common slots without a session: %d", res.StatusCode)
	}
}

// TestEventRegistrationQuestions: the organiser asks questions at registration (a bad
// line refused with its number, nothing saved); the public page asks them; a missing
// required answer or an unknown choice is refused, nothing saved, no link sent; the
// answers show on the organiser's page and in the XLSX export, not to the other
// participants; registering again does not change them. A viewer may not change the
// questions, another workspace finds nothing.
func TestEventRegistrationQuestions(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventRegistrationQuestions(t, db) })
	}
}

func testEventRegistrationQuestions(t *testing.T, db *store.DB) {
	f := newMailedEvent(t, db, moveEvent)
	mail, anon, alice, viewer, other, ctx, svc, r, eid := f.mail, f.anon, f.alice, f.viewer, f.other, f.ctx, f.svc, f.r, f.eid
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	save := func(c *client, text string) (*http.Response, string) {
		return c.do("POST", "/events/"+eid+"/questions", formType, url.Values{"questions": {text}}.Encode(), false)
	}
	if res, body := save(alice, "* Sector = Biotech\nWhat do you look for?"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "line 1") {
		t.Errorf("a choice question with one choice: %d", res.StatusCode)
	}
	const questions = "* Sector = Biotech | Medtech | Other\nWhat do you look for?"
	if res, _ := save(viewer, questions); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer saves questions: %d", res.StatusCode)
	}
	if res, _ := save(other, questions); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace saves questions: %d", res.StatusCode)
	}
	if res, _ := other.get("/events/" + eid + "/questions"); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace reads the questions: %d", res.StatusCode)
	}
	if _, body := anon().get("/e/net/move-ev/register"); strings.Contains(body, `id="r-q0"`) {
		t.Fatalf("refused questions were saved")
	}
	if res, _ := save(alice, questions); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save questions: %d", res.StatusCode)
	}
	if res, body := alice.get("/events/" + eid + "/questions"); res.StatusCode != http.StatusOK || !strings.Contains(body, "* Sector = Biotech | Medtech | Other") {
		t.Errorf("the questions' form: %d", res.StatusCode)
	}
	p := anon()
	if _, body := p.get("/e/net/move-ev/register"); !strings.Contains(body, `id="r-q0"`) || !strings.Contains(body, "Medtech") || !strings.Contains(body, `id="r-q1"`) {
		t.Fatalf("the registration page does not ask the questions")
	}
	register := func(email string, answers ...string) (*http.Response, string) {
		f := url.Values{"name": {"Quentin"}, "email": {email}, "organization": {"Q Bio"}, "country": {"FR"}}
		for i, a := range answers {
			f.Set("q"+id(int64(i)), a)
		}
		return p.do("POST", "/e/net/move-ev/register", formType, f.Encode(), false)
	}
	for _, bad := range []struct {
		answers []string
		want    string
	}{{[]string{"", "partners"}, "required"}, {[]string{"Nope", ""}, "not one of the choices"}} {
		res, body := register("q@example.org", bad.answers...)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, bad.want) {
			t.Errorf("answers %q: %d, want %q", bad.answers, res.StatusCode, bad.want)
		}
		// Named above the form by the question's label, out of sight below a long list.
		if sum := between(body, `id="error-summary"`, "</div>"); !strings.Contains(sum, "Sector") || !strings.Contains(sum, bad.want) {
			t.Errorf("answers %q: the summary above the form: %q", bad.answers, sum)
		}
	}
	if mail.sent["q@example.org"] != "" {
		t.Fatalf("a refused registration sent a link")
	}
	if res, _ := register("q@example.org", "Medtech", "Licensing partners"); res.StatusCode != http.StatusOK || mail.sent["q@example.org"] == "" {
		t.Fatalf("registration: %d", res.StatusCode)
	}
	register("q@example.org", "Other", "Nothing")
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	var q *passerelle.EventParticipant
	for _, x := range ps {
		if x.Email == "q@example.org" {
			q = x
		}
	}
	if q == nil || len(q.Answers) != 2 || q.Answers[0] != (passerelle.EventAnswer{Question: "Sector", Answer: "Medtech"}) ||
		q.Answers[1].Answer != "Licensing partners" {
		t.Fatalf("answers stored: %+v", q)
	}
	if _, body := alice.get("/events/" + eid); !strings.Contains(body, "Sector: Medtech") {
		t.Errorf("the event's page does not show the answers")
	} else if n := strings.Count(body, "data-unanswered"); n != 5 || !strings.Contains(body, "Required, not answered: Sector") {
		// The five imported before the question was asked have no answer to it: marked.
		t.Errorf("the event's page marks %d participants without the required answer, want 5", n)
	}
	res, body := viewer.get("/events/" + eid + "/export.xlsx")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", res.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	must(t, err)
	rows, err := x.GetRows("participants")
	must(t, err)
	found := false
	for _, row := range rows[1:] {
		found = found || slices.Contains(row, "Licensing partners")
	}
	if !slices.Contains(rows[0], "Sector") || !found {
		t.Errorf("the export's participants: %q", rows)
	}
	// Another participant does not see the answers (Quentin, once he confirms by his
	// link, is shown to the others).
	if res, _ := p.do("POST", signinLink.FindString(mail.sent["q@example.org"]), formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Quentin signs in: %d", res.StatusCode)
	}
	a := anon()
	a.do("POST", "/e/net/move-ev/register", formType, url.Values{"name": {"Aiko"}, "email": {"a@example.jp"}, "organization": {"K"}, "country": {"JP"},
		"q0": {"Biotech"}}.Encode(), false)
	if res, _ := a.do("POST", signinLink.FindString(mail.sent["a@example.jp"]), formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	if res, body := a.get("/e/net/move-ev"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Quentin") || strings.Contains(body, "Licensing partners") {
		t.Errorf("another participant's page: %d (shows the answers: %v)", res.StatusCode, strings.Contains(body, "Licensing partners"))
	}
}
