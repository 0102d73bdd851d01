package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"passerelle"
	"passerelle/demo"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// participantEvent is an event two months ahead (so that its slots are still to come
// whenever the tests run): %s is its slug, %s its day. Jean cannot meet at 10:00; Carla
// is there to take a slot from one of the other two (TestEventSlotTakenInBrowser).
const participantEvent = `{"slug": "%s", "name": "E2E participants", "time_zone": "Asia/Tokyo", "location": "Kobe",
 "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "%s", "start": "10:00", "end": "12:00"}],
 "participants": [{"ref": "p1", "name": "Aiko Tanaka (fictional)", "email": "aiko@example.jp"},
  {"ref": "p2", "name": "Jean Dupont (fictional)", "email": "jean@example.fr",
   "unavailable": [{"start": "%sT10:00", "end": "%sT10:30"}]},
  {"ref": "p3", "name": "Carla Rossi (fictional)", "email": "carla@example.it"}],
 "requests": []}`

// eventApp is passerelle with the demo workspace and participantEvent imported, its
// mails caught by a mailbox.
type eventApp struct {
	*app
	svc  *store.EventService
	id   int64
	day  string
	page string // the participants' page of the event
	mail *mailbox
}

// bootEvent boots the app with participantEvent under slug, its registration open or
// not; each setup changes the event before it is imported (a maximum of participants,
// approval), as the organiser's form would.
func bootEvent(t *testing.T, slug string, registration bool, setup ...func(*passerelle.Event)) *eventApp {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d, _, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// The day in Tokyo, the event's zone, two months on.
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	day := time.Now().In(tokyo).AddDate(0, 2, 0).Format("2006-01-02")
	imp, err := interchange.ReadEvent(strings.NewReader(fmt.Sprintf(participantEvent, slug, day, day, day)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range setup {
		f(&imp.Event)
	}
	svc := store.NewEventService(db)
	res, err := svc.ImportEvent(d.System, imp)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetRegistrationOpen(d.System, res.Event.ID, registration); err != nil {
		t.Fatal(err)
	}
	mail := &mailbox{sent: map[string]string{}}
	h, err := web.NewServer(db, web.Options{Version: "e2e", Mailer: mail})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &eventApp{app: &app{url: srv.URL, dir: d, db: db}, svc: svc, id: res.Event.ID, day: day,
		page: srv.URL + "/e/" + demo.Slug + "/" + slug, mail: mail}
}

// linkSignIn signs an imported participant in as they would without a password: the
// event's sign-in page mails them a link, which they open and confirm.
func (a *eventApp) linkSignIn(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	run(t, ctx, "ask for a sign-in link for "+email,
		chromedp.Navigate(a.page+"/signin"),
		chromedp.WaitVisible(chromedp.ID("link-form")),
		chromedp.SetValue(chromedp.ID("link-email"), email),
		chromedp.Click(chromedp.ID("link-submit")),
		chromedp.WaitVisible(chromedp.ID("link-sent")),
	)
	run(t, ctx, "open the link of "+email,
		chromedp.Navigate(a.mail.link(t, email)),
		chromedp.Click(chromedp.ID("signin-confirm")),
		waitText("#participant-event", "E2E participants"),
	)
}

func (a *eventApp) ref(t *testing.T, email string) string {
	t.Helper()
	ps, err := a.svc.EventParticipants(a.dir.System, a.id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Email == email {
			return p.Ref
		}
	}
	t.Fatalf("no participant %s", email)
	return ""
}

// TestEventQuestionsInBrowser: the organiser asks a choice question and a text one; a
// new participant fills the registration form, answering the text only; meanwhile the
// organiser makes the choice required, so the form the participant sends is refused
// with the error beside that question and the text answer kept, and no link is mailed;
// they choose, register, confirm by the mailed link, and the organiser's event page
// shows both answers.
func TestEventQuestionsInBrowser(t *testing.T) {
	bin := chromium(t)
	a := bootEvent(t, "e2e-questions", true)
	org := browser(t, bin)
	signIn(t, org, a.app, "curie@demo.passerelle.test")
	setQuestions := func(text string) {
		t.Helper()
		run(t, org, "questions: "+text,
			chromedp.Navigate(a.url+"/events/"+itoa(a.id)),
			chromedp.Click(chromedp.ID("event-questions")),
			chromedp.WaitVisible(chromedp.ID("questions-form")),
			chromedp.SetValue(chromedp.ID("questions-text"), text),
			chromedp.Click(chromedp.ID("questions-save")),
			waitText("p.flash", "Registration questions saved"),
		)
	}
	setQuestions("Sector = Biotech | Medtech | Other\nWhat do you look for?")

	const email, want = "dana@example.org", "Licensees for a vaccine adjuvant"
	ctx := browser(t, bin)
	run(t, ctx, "fill the registration form",
		chromedp.Navigate(a.page+"/register"),
		chromedp.WaitVisible(chromedp.ID("register-form")),
		chromedp.SetValue(chromedp.ID("r-name"), "Dana Vole (fictional)"),
		chromedp.SetValue(chromedp.ID("r-email"), email),
		chromedp.SetValue(chromedp.ID("r-org"), "Fictional: Dana Labs"),
		chromedp.SetValue(chromedp.ID("r-country"), "NL"),
		waitText("#register-form", "What do you look for?"),
		chromedp.SetValue(chromedp.ID("r-q1"), want),
	)
	// Required once the form was open: the browser let it go without the choice (the
	// select it shows has no required attribute), so this is the server's refusal.
	setQuestions("* Sector = Biotech | Medtech | Other\nWhat do you look for?")
	run(t, ctx, "required question refused",
		chromedp.Click(chromedp.ID("register-submit")),
		poll(`(() => { const l = document.getElementById("r-q0")?.closest("label");
			return !!l && l.innerText.includes("Sector *") && l.querySelector(".error")?.innerText === "required"; })()`),
		poll(`document.getElementById("r-q1").value === `+fmt.Sprintf("%q", want)+` && !document.getElementById("register-sent")`),
	)
	a.mail.mu.Lock()
	mailed := a.mail.sent[email]
	a.mail.mu.Unlock()
	if mailed != "" {
		t.Errorf("a refused registration was mailed:\n%s", mailed)
	}
	run(t, ctx, "register with the answer",
		chromedp.SetValue(chromedp.ID("r-q0"), "Biotech"),
		chromedp.Click(chromedp.ID("register-submit")),
		waitText("#register-sent", "sign-in link"),
	)
	run(t, ctx, "confirm",
		chromedp.Navigate(a.mail.link(t, email)),
		chromedp.Click(chromedp.ID("signin-confirm")),
		waitText("#participant-event", "E2E participants"),
	)
	row := "#row-" + a.ref(t, email)
	run(t, org, "the organiser reads the answers",
		chromedp.Navigate(a.url+"/events/"+itoa(a.id)),
		waitText(row, "Sector: Biotech"),
		waitText(row, "What do you look for?: "+want),
		poll(`!document.querySelector(`+fmt.Sprintf("%q", row+" [data-unanswered]")+`)`),
	)
}

// TestEventPasswordInBrowser: an imported participant, signed in by a mailed link, is
// refused a short password with the rule beside the field, sets one, signs out to the
// event's sign-in page, is refused with a wrong password ("wrong email or password",
// their email kept, no session), and signs in with the right one; from a second
// browser, changing it asks for the current one and signs the first browser out.
func TestEventPasswordInBrowser(t *testing.T) {
	bin := chromium(t)
	a := bootEvent(t, "e2e-password", false)
	ctx := browser(t, bin)
	// Registration closed: the page sends one without a session to the sign-in page.
	run(t, ctx, "the sign-in page",
		chromedp.Navigate(a.page),
		chromedp.WaitVisible(chromedp.ID("password-signin-form")),
	)
	a.linkSignIn(t, ctx, "aiko@example.jp")
	const password = "orchid-lantern-harbour"
	run(t, ctx, "too short a password",
		chromedp.SetValue(chromedp.ID("pw-new"), "short"),
		chromedp.Click(chromedp.ID("password-save")),
		// The label says "at least 10 characters" too: the error beside the field.
		waitText("#password-form .error", "at least 10 characters"),
	)
	run(t, ctx, "set a password",
		chromedp.SetValue(chromedp.ID("pw-new"), password),
		chromedp.Click(chromedp.ID("password-save")),
		waitText("p.flash", "Your password is saved"),
		waitText("#password", "You have a password"),
	)
	run(t, ctx, "sign out",
		chromedp.Click(chromedp.ID("participant-signout")),
		chromedp.WaitVisible(chromedp.ID("password-signin-form")),
	)
	run(t, ctx, "wrong password",
		chromedp.SetValue(chromedp.ID("ps-email"), "aiko@example.jp"),
		chromedp.SetValue(chromedp.ID("ps-password"), "orchid-lantern-harbor"),
		chromedp.Click(chromedp.ID("ps-submit")),
		waitText("p.error", "wrong email or password"),
		poll(`document.getElementById("ps-email").value === "aiko@example.jp" && !document.getElementById("participant-event")`),
	)
	run(t, ctx, "still signed out",
		chromedp.Navigate(a.page),
		chromedp.WaitVisible(chromedp.ID("password-signin-form")),
	)
	run(t, ctx, "right password",
		chromedp.SetValue(chromedp.ID("ps-email"), "aiko@example.jp"),
		chromedp.SetValue(chromedp.ID("ps-password"), password),
		chromedp.Click(chromedp.ID("ps-submit")),
		waitText("#participant-event", "E2E participants"),
		waitText("#password", "You have a password"),
	)
	// From another browser, signed in by the password, a change asks for the current
	// one and ends the first browser's session: its page sends it to the sign-in page.
	other := browser(t, bin)
	const changed = "harbour-lantern-orchid"
	run(t, other, "sign in elsewhere",
		chromedp.Navigate(a.page+"/signin"),
		chromedp.SetValue(chromedp.ID("ps-email"), "aiko@example.jp"),
		chromedp.SetValue(chromedp.ID("ps-password"), password),
		chromedp.Click(chromedp.ID("ps-submit")),
		waitText("#participant-event", "E2E participants"),
	)
	run(t, other, "change without the current password",
		chromedp.SetValue(chromedp.ID("pw-new"), changed),
		chromedp.Click(chromedp.ID("password-save")),
		waitText("#password-form .error", "required"),
	)
	run(t, other, "change the password",
		chromedp.SetValue(chromedp.ID("pw-current"), password),
		chromedp.SetValue(chromedp.ID("pw-new"), changed),
		chromedp.Click(chromedp.ID("password-save")),
		waitText("p.flash", "Your password is saved"),
	)
	run(t, ctx, "the first browser is signed out",
		chromedp.Navigate(a.page),
		chromedp.WaitVisible(chromedp.ID("password-signin-form")),
	)
}

// TestEventCommonSlotsInBrowser: Aiko opens her free common slots with Jean from the
// participants' list (10:00 is not among them: Jean cannot meet then), asks for a
// meeting at 10:30; Jean sees the request with that time and accepts, which books the
// meeting there; the slot is then no longer a free common one.
func TestEventCommonSlotsInBrowser(t *testing.T) {
	bin := chromium(t)
	a := bootEvent(t, "e2e-common", false)
	aiko, jean := browser(t, bin), browser(t, bin)
	a.linkSignIn(t, aiko, "aiko@example.jp")
	a.linkSignIn(t, jean, "jean@example.fr")
	at := a.day + " 10:30"
	button := func(hhmm string) string { return "#slot-" + a.day + "-" + hhmm }
	run(t, aiko, "free common slots",
		chromedp.Navigate(a.page),
		chromedp.Click(chromedp.ID("common-p2")),
		chromedp.WaitVisible(chromedp.ID("common-slots")),
		waitText("main", "Jean Dupont"),
		chromedp.WaitVisible(chromedp.CSS(button("1030"))),
		poll(`!document.querySelector(`+fmt.Sprintf("%q", button("1000"))+`)`),
	)
	run(t, aiko, "ask for a meeting then",
		chromedp.Click(chromedp.CSS(button("1030"))),
		waitText("p.flash", "Request sent"),
		waitText("#sent", "Jean Dupont"),
		waitText("#sent", "time asked for: "+at),
	)
	run(t, jean, "the request with its time",
		chromedp.Navigate(a.page),
		waitText("#received", "Aiko Tanaka"),
		waitText("#received", "time asked for: "+at),
		chromedp.Click(chromedp.CSS(`#received button[id^="accept-"]`)),
		waitText("p.flash", "the meeting is booked at the time asked for"),
	)
	ms, err := a.svc.EventMeetings(a.dir.System, a.id)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings: %d %v", len(ms), err)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if got := ms[0].Meeting.Start.In(tokyo).Format("2006-01-02 15:04"); got != at {
		t.Errorf("meeting booked at %s, want %s", got, at)
	}
	run(t, aiko, "the slot is taken",
		chromedp.Navigate(a.page+"/common?with=p2"),
		chromedp.WaitVisible(chromedp.ID("common-slots")),
		poll(`!document.querySelector(`+fmt.Sprintf("%q", button("1030"))+`)`),
	)
}
