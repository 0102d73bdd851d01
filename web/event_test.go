package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"passerelle"
	"passerelle/events"
	"passerelle/interchange"
	"passerelle/jobs"
	"passerelle/store"
	"passerelle/store/storetest"
	"passerelle/web"
)

const webEvent = `{"slug": "web-ev", "name": "Web partnering", "time_zone": "Asia/Tokyo", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00", "breaks": [{"start": "11:00", "end": "11:30"}]}],
 "participants": [{"ref": "a", "name": "Aiko", "organization": {"name": "Kansai Bio", "country": "JP"}}, {"ref": "b", "name": "Jean"},
  {"ref": "c", "name": "Carla"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"}, {"from": "b", "to": "c", "status": "accepted"}]}`

// TestEventPages: the organiser creates an event from the form (a bad day line named,
// nothing saved), schedules an imported one from its page, sees the meetings in the
// event's zone and what was not placed, publishes; a viewer reads but may not schedule;
// another workspace finds nothing; a participant's feed holds their meetings only.
func TestEventPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventPages(t, db) })
	}
}

func testEventPages(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	alice, viewer, other := w.client(t, "alice"), w.client(t, "viewer"), w.client(t, "otheradmin")
	form := url.Values{"name": {"Bio-Japan"}, "slug": {"bio-japan"}, "time_zone": {"Asia/Tokyo"}, "meeting_minutes": {"30"},
		"tables": {"3"}, "days": {"2027-10-15 10:00-17:00 12:30-13:30\n2027-10-16 10:00-09:00"}}
	res, body := alice.do("POST", "/events", formType, form.Encode(), false)
	if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "days[1].end") {
		t.Fatalf("bad day: %d %s", res.StatusCode, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
	}
	form.Set("days", "2027-10-15 10:00-17:00 12:30-13:30")
	res, _ = alice.do("POST", "/events", formType, form.Encode(), false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	eid := id(r.Event.ID)
	if res, _ := viewer.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer schedule: %d", res.StatusCode)
	}
	if res, _ := other.get("/events/" + eid); res.StatusCode != http.StatusNotFound {
		t.Errorf("other workspace: %d", res.StatusCode)
	}
	res, _ = alice.do("POST", "/events/"+eid+"/schedule", formType, "", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	_, body = viewer.get("/events/" + eid)
	// Three meetings among three people in three slots: each at its own time, 10:00,
	// 10:30 and 11:30 in Tokyo, none in the break.
	for _, want := range []string{"2027-10-15 10:00", "2027-10-15 10:30", "2027-10-15 11:30"} {
		if !strings.Contains(body, want) {
			t.Errorf("event page lacks a meeting at %s", want)
		}
	}
	if res, _ := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("publish: %d", res.StatusCode)
	}
	// The floor staff's check-in: one tap marks a meeting held, and the statistics count it.
	res, body = alice.get("/events/" + eid + "/checkin?day=2027-10-15")
	mid := regexp.MustCompile(`id="held-(\d+)"`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || mid == nil {
		t.Fatalf("check-in: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", "/meetings/"+mid[1]+"/status", formType, url.Values{"status": {"held"}, "return": {"/events/" + eid + "/checkin"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Errorf("held: %d", res.StatusCode)
	}
	if _, body := viewer.get("/events/" + eid + "/checkin?day=2027-10-15"); strings.Contains(body, `id="held-`) {
		t.Errorf("a viewer gets the check-in taps")
	}
	// The printable table plan: each slot of the day, every table, the two sides with
	// their organisations or "free".
	res, body = viewer.get("/events/" + eid + "/tableplan?day=2027-10-15")
	if res.StatusCode != http.StatusOK || strings.Count(body, `class="plan-slot"`) != 3 || !strings.Contains(body, "Aiko (Kansai Bio)") ||
		strings.Count(body, "free") < 3 || !strings.Contains(body, "11:30–12:00") {
		t.Errorf("table plan: %d %s", res.StatusCode, between(body, "<main", "</main>"))
	}
	if res, _ := other.get("/events/" + eid + "/tableplan"); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace's table plan: %d", res.StatusCode)
	}
	res, body = viewer.get("/events/" + eid + "/stats")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<svg") || !strings.Contains(body, "100 %") {
		t.Errorf("stats: %d", res.StatusCode)
	}
	if tl := between(body, `id="event-timeline"`, "</section>"); strings.Count(tl, "<polyline") != 2 || !strings.Contains(tl, `points="40,170 40,12 510,12"`) {
		t.Errorf("the run-up chart: %q", tl)
	}
	if res, _ := viewer.get("/events/" + eid + "/export.xlsx"); res.StatusCode != http.StatusOK {
		t.Errorf("export: %d", res.StatusCode)
	}
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	res, body = other.get("/event-feeds/" + ps[0].FeedSecret + ".ics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d", res.StatusCode)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	must(t, err)
	if n := len(cal.Events()); n != 2 {
		t.Errorf("a's feed has %d meetings, want 2", n)
	}
	for _, bad := range []string{"evf_nope.ics", ps[0].FeedSecret, "cal_x.ics"} {
		if res, _ := other.get("/event-feeds/" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("feed %s: %d", bad, res.StatusCode)
		}
	}
}

// TestEventScheduleJob: with a jobs runner, the event page's Schedule queues an
// event.schedule job and opens its page (progress, cancel); the job places the meetings;
// a job cancelled before it runs changes nothing.
func TestEventScheduleJob(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			r := jobs.NewRunner(store.NewJobService(db), map[string]jobs.Handler{events.ScheduleKind: events.ScheduleHandler(db, nil)})
			r.Logger = slog.New(slog.DiscardHandler)
			h, err := web.NewServer(db, web.Options{Version: "test", Jobs: r})
			must(t, err)
			srv := httptest.NewServer(h)
			defer srv.Close()
			alice := w.client(t, "alice")
			alice.base = srv.URL
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			svc := store.NewEventService(db)
			imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
			must(t, err)
			ir, err := svc.ImportEvent(ctx, imp)
			must(t, err)
			schedule := func() int64 {
				t.Helper()
				res, _ := alice.do("POST", "/events/"+id(ir.Event.ID)+"/schedule", formType, "", false)
				loc := res.Header.Get("Location")
				if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/") {
					t.Fatalf("schedule: %d %s", res.StatusCode, loc)
				}
				n, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/jobs/"), 10, 64)
				return n
			}
			// Cancelled while queued: nothing placed.
			j1 := schedule()
			if res, _ := alice.do("POST", "/jobs/"+id(j1)+"/cancel", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("cancel: %d", res.StatusCode)
			}
			if ms, _ := svc.EventMeetings(ctx, ir.Event.ID); len(ms) != 0 {
				t.Errorf("a cancelled job placed %d meetings", len(ms))
			}
			j2 := schedule()
			if _, page := alice.get("/jobs/" + id(j2)); !strings.Contains(page, `id="job-progress"`) {
				t.Errorf("the job's page has no progress bar")
			}
			done, err := r.RunInline(context.Background(), j2)
			must(t, err)
			if done.State != passerelle.JobDone || !strings.Contains(string(done.Result), `"placed":3`) {
				t.Fatalf("job: %s %s %q", done.State, done.Result, done.Error)
			}
			if ms, _ := svc.EventMeetings(ctx, ir.Event.ID); len(ms) != 3 {
				t.Errorf("the job placed %d meetings", len(ms))
			}
		})
	}
}

// TestEventUnplacedInReadersLanguage: the reason a request was left out is kept with its
// arguments and shown in the page's language: one participant with three meetings
// requested and two slots in the day.
func TestEventUnplacedInReadersLanguage(t *testing.T) {
	const ev = `{"slug": "tight", "name": "Tight day", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 5,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}],
 "participants": [{"ref": "a", "name": "Aiko"}, {"ref": "b", "name": "Jean"}, {"ref": "c", "name": "Carla"}, {"ref": "d", "name": "Dora"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "a", "to": "c", "status": "accepted"}, {"from": "a", "to": "d", "status": "accepted"}]}`
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			imp, err := interchange.ReadEvent(strings.NewReader(ev))
			must(t, err)
			r, err := store.NewEventService(db).ImportEvent(ctx, imp)
			must(t, err)
			eid := id(r.Event.ID)
			if res, _ := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("schedule: %d", res.StatusCode)
			}
			for _, tc := range []struct{ lang, want string }{
				{"en", "has 3 requested meetings, more than the distinct slots"},
				{"fr", "a 3 rendez-vous demandés, plus que de créneaux distincts"},
			} {
				alice.do("POST", "/lang", formType, form("lang", tc.lang), false)
				_, body := alice.get("/events/" + eid)
				if got := between(body, `id="event-unplaced"`, "</ul>"); !strings.Contains(got, tc.want) {
					t.Errorf("%s: unplaced %q, want %q", tc.lang, got, tc.want)
				}
			}
		})
	}
}

// TestEventCheckinToday: without ?day=, the check-in page opens on the event's day that
// is today in the event's zone, by the store's clock (15:30 UTC on the first day is the
// second in Tokyo). The days are this week's: sessions signed in at a clock months away
// from the real one do not last.
func TestEventCheckinToday(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			base := time.Now().UTC().Truncate(24 * time.Hour)
			d1, d2 := base.Format(time.DateOnly), base.AddDate(0, 0, 1).Format(time.DateOnly)
			two := strings.Replace(webEvent, `"days": [{"date": "2027-10-15"`, `"days": [{"date": "`+d2+`", "start": "10:00", "end": "12:00"}, {"date": "`+d1+`"`, 1)
			imp, err := interchange.ReadEvent(strings.NewReader(two))
			must(t, err)
			r, err := store.NewEventService(db).ImportEvent(ctx, imp)
			must(t, err)
			clock := db.Now
			defer func() { db.Now = clock }()
			for _, tc := range []struct {
				at  time.Duration // after midnight UTC on the first day
				day string
			}{
				{15*time.Hour + 30*time.Minute, d2},
				{10 * time.Hour, d1},
				{50 * time.Hour, d1}, // not an event day: the first
			} {
				at := base.Add(tc.at)
				db.Now = func() time.Time { return at }
				res, body := w.client(t, "alice").get("/events/" + id(r.Event.ID) + "/checkin")
				if want := `checkin?day=` + tc.day + `" aria-current="page"`; res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
					t.Errorf("%v: %d, the page does not open on %s", at, res.StatusCode, tc.day)
				}
			}
		})
	}
}

// TestEventPageCounts: the organiser's event page counts the requests of every status
// and the meetings that still stand, the cancelled ones apart: after a decline and a
// cancellation it said "Meetings: 3" beside one accepted request, and the cancelled
// requests were in no count.
func TestEventPageCounts(t *testing.T) {
	db := storetest.SQLite(t)
	w := newWorld(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	_, err = events.Schedule(ctx, svc, "web-ev", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
	must(t, err)
	changed := strings.Replace(strings.Replace(webEvent, `{"from": "a", "to": "b", "status": "accepted"}`, `{"from": "a", "to": "b", "status": "declined"}`, 1),
		`{"from": "c", "to": "a", "status": "accepted"}`, `{"from": "c", "to": "a", "status": "cancelled"}`, 1)
	imp, err = interchange.ReadEvent(strings.NewReader(changed))
	must(t, err)
	_, err = svc.ImportEvent(ctx, imp)
	must(t, err)
	_, err = events.Schedule(ctx, svc, "web-ev", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
	must(t, err)
	_, body := w.client(t, "alice").get("/events/" + id(r.Event.ID))
	got := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(between(body, `id="event-counts"`, "</p>"), "")), " ")
	want := "Participants: 3 · Requests: 1 accepted, 0 pending, 1 declined, 1 cancelled · Meetings: 1 (2 cancelled)"
	if !strings.Contains(got, want) {
		t.Errorf("counts: %q, want %q", got, want)
	}
}
