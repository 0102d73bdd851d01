package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"passerelle/demo"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

type mailbox struct {
	mu   sync.Mutex
	sent map[string]string
}

func (m *mailbox) Send(_ context.Context, to, _, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent[to] = body
	return nil
}

func (m *mailbox) link(t *testing.T, to string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := regexp.MustCompile(`https?://\S+/e/signin/evs_\S+`).FindString(m.sent[to])
	if l == "" {
		t.Fatalf("no sign-in link mailed to %s", to)
	}
	return l
}

const e2eEvent = `{"slug": "e2e-partnering", "name": "E2E partnering", "time_zone": "Asia/Tokyo", "location": "Yokohama",
 "meeting_minutes": 30, "tables": 4,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00", "breaks": [{"start": "11:00", "end": "11:30"}]}],
 "participants": [{"ref": "x1", "name": "Imported Person (fictional)"}], "requests": []}`

// TestEventParticipantsInBrowser: two outside participants register, one in English,
// one in French, each confirms by the mailed link; the first requests a meeting with the
// second, who accepts; the organiser schedules and publishes from the event's page; both
// agendas show the meeting at its Tokyo time, and both feeds parse with it at that instant.
func TestEventParticipantsInBrowser(t *testing.T) {
	bin := chromium(t)
	ctx0 := context.Background()
	db, err := store.Open(ctx0, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d, _, err := demo.Load(ctx0, db)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := interchange.ReadEvent(strings.NewReader(e2eEvent))
	if err != nil {
		t.Fatal(err)
	}
	svc := store.NewEventService(db)
	res, err := svc.ImportEvent(d.System, imp)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetRegistrationOpen(d.System, res.Event.ID, true); err != nil {
		t.Fatal(err)
	}
	mail := &mailbox{sent: map[string]string{}}
	h, err := web.NewServer(db, web.Options{Version: "e2e", Mailer: mail})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	a := &app{url: srv.URL, dir: d}
	page := a.url + "/e/" + demo.Slug + "/e2e-partnering"

	register := func(ctx context.Context, name, email, org, country, sent string) {
		run(t, ctx, "register "+name,
			chromedp.Navigate(page+"/register"),
			chromedp.WaitVisible(chromedp.ID("register-form")),
			chromedp.SetValue(chromedp.ID("r-name"), name),
			chromedp.SetValue(chromedp.ID("r-email"), email),
			chromedp.SetValue(chromedp.ID("r-org"), org),
			chromedp.SetValue(chromedp.ID("r-country"), country),
			chromedp.Click(chromedp.ID("register-submit")),
			waitText("#register-sent", sent),
		)
		run(t, ctx, "confirm "+name,
			chromedp.Navigate(mail.link(t, email)),
			chromedp.Click(chromedp.ID("signin-confirm")),
			waitText("#participant-event", "E2E partnering"),
		)
	}
	en := browser(t, bin)
	register(en, "Aiko Tanaka (fictional)", "aiko@example.jp", "Fictional: Kansai Test KK", "JP", "sign-in link")
	fr := browser(t, bin)
	run(t, fr, "French", chromedp.Navigate(page+"/register"), chromedp.Click(chromedp.ID("lang-switch")), poll(`document.documentElement.lang === "fr"`))
	register(fr, "Louise Martin (fictional)", "louise@example.fr", "Fictional: Garonne Test SAS", "FR", "lien de connexion")

	ps, err := svc.EventParticipants(d.System, res.Event.ID)
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string]string{}
	for _, p := range ps {
		ref[p.Email] = p.Ref
	}
	run(t, en, "request a meeting",
		chromedp.Navigate(page),
		chromedp.Click(chromedp.ID("request-"+ref["louise@example.fr"])),
		waitText("#sent", "Louise Martin"),
	)
	run(t, fr, "accept it",
		chromedp.Navigate(page),
		waitText("#received", "Aiko Tanaka"),
		chromedp.Click(chromedp.CSS(`#received button[id^="accept-"]`)),
		waitText("#received", "— acceptée"),
	)
	org := browser(t, bin)
	signIn(t, org, a, "curie@demo.passerelle.test")
	run(t, org, "schedule and publish",
		chromedp.Navigate(a.url+"/events/"+itoa(res.Event.ID)),
		chromedp.Click(chromedp.ID("event-schedule")),
		waitText("#meetings", "2027-10-15 1"),
		chromedp.Click(chromedp.ID("event-publish")),
		waitText("#event-status", "published"),
	)
	ms, err := svc.EventMeetings(d.System, res.Event.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings: %d %v", len(ms), err)
	}
	start := ms[0].Meeting.Start
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, ctx := range []context.Context{en, fr} {
		run(t, ctx, "agenda",
			chromedp.Navigate(page),
			waitText("#participant-agenda", start.In(tokyo).Format("2006-01-02 15:04")),
		)
		feed, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("participant-feed")))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(feed)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := ics.ParseCalendar(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("feed: %v", err)
		}
		if evs := cal.Events(); len(evs) != 1 {
			t.Errorf("feed has %d meetings", len(evs))
		} else if st, err := evs[0].GetStartAt(); err != nil || !st.Equal(start) {
			t.Errorf("feed meeting at %v (%v), want %v", st, err, start)
		}
	}

	// The organiser moves the meeting by hand to another slot: both are mailed the old
	// and new time (through the outbox, which counts them on the event's page), and both
	// agendas show the new time.
	clear(mail.sent)
	slot := "2027-10-15 11:30"
	if start.In(tokyo).Format("15:04") == "11:30" {
		slot = "2027-10-15 10:00"
	}
	run(t, org, "move by hand",
		chromedp.Navigate(a.url+"/events/"+itoa(res.Event.ID)+"/meetings/"+itoa(ms[0].Meeting.ID)+"/move"),
		chromedp.WaitVisible(chromedp.ID("move-form")),
		chromedp.SetValue(chromedp.ID("move-slot"), slot),
		chromedp.Click(chromedp.ID("move-save")),
		waitText("#meetings", slot),
		waitText("#event-mails", "Sent: 4."), // the request and its acceptance were mailed too
	)
	for _, to := range []string{"aiko@example.jp", "louise@example.fr"} {
		mail.mu.Lock()
		body := mail.sent[to]
		mail.mu.Unlock()
		if !strings.Contains(body, start.In(tokyo).Format("2006-01-02 15:04")) || !strings.Contains(body, slot) {
			t.Errorf("the move's mail to %s:\n%s", to, body)
		}
	}
	for _, ctx := range []context.Context{en, fr} {
		run(t, ctx, "agenda after the move", chromedp.Navigate(page), waitText("#participant-agenda", slot))
	}

	// Louise cannot meet at another time: she ticks it, and it stays ticked. The box of
	// her meeting's time is held.
	free, held := "1000", "1130"
	if slot == "2027-10-15 10:00" {
		free, held = "1030", "1000"
	}
	run(t, fr, "availability",
		chromedp.Navigate(page),
		chromedp.Click(chromedp.ID("away-2027-10-15-"+free)),
		chromedp.Click(chromedp.ID("availability-save")),
		waitText("p.flash", "disponibilités sont enregistrées"),
		poll(`document.getElementById("away-2027-10-15-`+free+`").checked && document.getElementById("away-2027-10-15-`+held+`").disabled`),
	)
	// Aiko calls the meeting off: Louise's agenda shows it cancelled, and she is mailed.
	clear(mail.sent)
	run(t, en, "cancel the meeting",
		chromedp.Navigate(page),
		chromedp.Click(chromedp.ID("cancel-"+itoa(ms[0].Meeting.ID))),
		waitText("p.flash", "other participant is told"),
	)
	run(t, fr, "agenda after the cancellation", chromedp.Navigate(page), waitText("#agenda-"+itoa(ms[0].Meeting.ID), "nnulé"))
	mail.mu.Lock()
	body := mail.sent["louise@example.fr"]
	mail.mu.Unlock()
	if !strings.Contains(body, "a annulé votre rendez-vous") {
		t.Errorf("Louise's mail on the cancellation:\n%s", body)
	}
	// Louise leaves the event: the browser holds the form until she ticks the box; then
	// her page says she left and offers to come back.
	run(t, fr, "leave without the box",
		chromedp.Navigate(page),
		chromedp.Click(chromedp.ID("leave-submit")),
		poll(`document.getElementById("leave-confirm").matches(":invalid") && !document.querySelector("p.flash")`),
	)
	run(t, fr, "leave",
		chromedp.Click(chromedp.ID("leave-confirm")),
		chromedp.Click(chromedp.ID("leave-submit")),
		waitText("p.flash", "retiré"),
		chromedp.WaitVisible(chromedp.ID("participant-rejoin")),
		poll(`!document.getElementById("others") && !document.getElementById("leave-form")`),
	)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestEventCheckinOnPhone: the floor staff's check-in on a phone-sized screen. The day's
// page of a scheduled demo event fits the screen; one tap marks a meeting held, another
// a meeting no-show, and the page comes back with both; the printable table plan of the
// same day is one tap away and fits too.
func TestEventCheckinOnPhone(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	e, err := store.NewEventService(a.db).FindEventBySlug(a.dir.System, "bio-japan-2008")
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, bin)
	run(t, ctx, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	page := a.url + "/events/" + itoa(e.ID) + "/checkin?day=2008-10-15"
	run(t, ctx, "check-in page",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(`button[id^="held-"]`)),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button[id^="held-"]')].slice(0, 2).map(b => b.id.slice(5))`))
	if err != nil || len(ids) != 2 {
		t.Fatalf("meetings on the check-in page: %v %v", ids, err)
	}
	run(t, ctx, "one tap: held",
		chromedp.Click(chromedp.ID("held-"+ids[0])),
		waitText("#checkin-"+ids[0]+" .badge", "held"),
		poll(`location.pathname.endsWith("/checkin")`),
	)
	run(t, ctx, "one tap: no-show",
		chromedp.Click(chromedp.ID("noshow-"+ids[1])),
		waitText("#checkin-"+ids[1]+" .badge", "no"),
		waitText("#checkin-"+ids[0]+" .badge", "held"),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
	run(t, ctx, "table plan",
		chromedp.Click(chromedp.ID("checkin-tableplan")),
		chromedp.WaitVisible(chromedp.CSS(`section.plan-slot`)),
		waitText("section.plan-slot", "10:00–10:30"),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
}
