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
	"passerelle/events"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// profileEvent was held forty days before the test (its meetings are over) with the
// survey's second round six months after by default; %s is its day, %d followup_months.
// Aiko (fictional) met Jean; Chiara requests what Aiko will offer.
const profileEvent = `{"slug": "e2e-profiles", "name": "E2E profiles", "time_zone": "Europe/Paris", "location": "Lyon",
 "meeting_minutes": 30, "tables": 2, "followup_months": %d,
 "days": [{"date": "%s", "start": "10:00", "end": "11:00"}],
 "participants": [{"ref": "p1", "name": "Aiko Tanaka (fictional)", "email": "aiko@example.jp"},
  {"ref": "p2", "name": "Jean Dupont (fictional)", "email": "jean@example.fr"},
  {"ref": "p3", "name": "Chiara Rossi (fictional)", "email": "chiara@example.it", "organization": {"name": "Fictional: Vaccini Test Srl", "country": "IT"},
   "profile": {"summary": "Fictional profile: vaccine developer", "themes": ["health.infectious"],
     "offers": [{"ref": "o1", "request": true, "type": "technology_request", "title": "mRNA delivery", "themes": ["health.infectious"]}]}}],
 "requests": [{"from": "p1", "to": "p2", "status": "accepted"}]}`

// TestEventProfileSurveyInBrowser: a participant signs in by a mailed link, fills their
// profile with an offer (summary, theme, type, title, theme of the offer), sees the
// participant whose request it answers recommended with the reason, and answers the
// outcome survey of their meeting, which is over: right after the event, then, once the
// organiser's second round has opened (months after the event), again, with their first
// answer shown beside; both rounds are stored apart.
func TestEventProfileSurveyInBrowser(t *testing.T) {
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
	day := time.Now().AddDate(0, 0, -40).Format("2006-01-02")
	svc := store.NewEventService(db)
	importEv := func(months int) *store.EventImportResult {
		t.Helper()
		imp, err := interchange.ReadEvent(strings.NewReader(fmt.Sprintf(profileEvent, months, day)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.ImportEvent(d.System, imp)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := importEv(6)
	if _, err := events.Schedule(d.System, svc, "e2e-profiles", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil); err != nil {
		t.Fatal(err)
	}
	if err := svc.PublishEvent(d.System, res.Event.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetRegistrationOpen(d.System, res.Event.ID, true); err != nil {
		t.Fatal(err)
	}
	ms, err := svc.EventMeetings(d.System, res.Event.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings: %d %v", len(ms), err)
	}
	mid := itoa(ms[0].Meeting.ID)
	mail := &mailbox{sent: map[string]string{}}
	h, err := web.NewServer(db, web.Options{Version: "e2e", Mailer: mail})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	page := srv.URL + "/e/" + demo.Slug + "/e2e-profiles"

	// Aiko, imported by the organiser, asks for a link on the registration page.
	ctx := browser(t, bin)
	run(t, ctx, "ask for a link",
		chromedp.Navigate(page+"/register"),
		chromedp.WaitVisible(chromedp.ID("register-form")),
		chromedp.SetValue(chromedp.ID("r-name"), "Aiko Tanaka (fictional)"),
		chromedp.SetValue(chromedp.ID("r-email"), "aiko@example.jp"),
		chromedp.SetValue(chromedp.ID("r-org"), "Fictional: Kansai Test KK"),
		chromedp.SetValue(chromedp.ID("r-country"), "JP"),
		chromedp.Click(chromedp.ID("register-submit")),
		waitText("#register-sent", "sign-in link"),
	)
	run(t, ctx, "confirm",
		chromedp.Navigate(mail.link(t, "aiko@example.jp")),
		chromedp.Click(chromedp.ID("signin-confirm")),
		waitText("#participant-event", "E2E profiles"),
		chromedp.WaitVisible(chromedp.ID("profile-form")),
	)
	run(t, ctx, "profile with an offer",
		chromedp.SetValue(chromedp.ID("profile-summary"), "Fictional profile: mRNA platform for tropical diseases"),
		chromedp.Click(chromedp.CSS(`#profile-form input[name="themes"][value="health.infectious"]`)),
		chromedp.SetValue(chromedp.ID("offer-kind-0"), "offer"),
		chromedp.SetValue(chromedp.ID("offer-type-0"), "technology_offer"),
		chromedp.SetValue(chromedp.ID("offer-title-0"), "mRNA platform"),
		chromedp.SetValue(chromedp.ID("offer-theme-0"), "health.infectious.vaccines"),
		chromedp.Click(chromedp.ID("profile-save")),
		// Aiko offers what Chiara requests: Chiara is recommended, and the reason says so.
		waitText("#recommended-p3", "they request what you offer"),
		waitText("#recommended-p3", "mRNA platform"),
		waitText("#recommended-p3", "mRNA delivery"),
	)
	if txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("recommended"))); err != nil || strings.Contains(txt, "Jean Dupont") {
		t.Errorf("Jean, whom Aiko requested already, is recommended: %v %q", err, txt)
	}
	ps, err := svc.EventParticipants(d.System, res.Event.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Ref == "p1" && (p.Profile == nil || len(p.Profile.Offers) != 1 || p.Profile.Offers[0].Title != "mRNA platform" ||
			p.Profile.Offers[0].Type != passerelle.OfferType("technology_offer")) {
			t.Errorf("Aiko's stored profile: %+v", p.Profile)
		}
	}

	// The meeting with Jean is over: the survey, right after the event.
	run(t, ctx, "survey right after",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("outcome-"+mid)),
		chromedp.SetValue(chromedp.ID("outcome-"+mid), "further_talks"),
		chromedp.Click(chromedp.ID("outcome-save-"+mid)),
		// Answered: the page comes back with the answer and the button to change it.
		waitText("#outcome-save-"+mid, "Save"),
		poll(`document.getElementById("outcome-`+mid+`").value === "further_talks"`),
	)
	run(t, ctx, "one round open", poll(`!document.getElementById("outcome-round-`+mid+`")`))
	// The organiser sets the second round one month after the event: open now.
	importEv(1)
	run(t, ctx, "survey months later",
		chromedp.Navigate(page),
		poll(`(document.getElementById("outcome-round-`+mid+`")||{innerText:""}).innerText.toLowerCase().includes("further talks")`),
		chromedp.SetValue(chromedp.ID("outcome-"+mid), "agreement_reached"),
		chromedp.Click(chromedp.ID("outcome-save-"+mid)),
		waitText("#outcome-save-"+mid, "Save"),
		poll(`document.getElementById("outcome-`+mid+`").value === "agreement_reached"`),
	)
	st, err := svc.EventSurvey(d.System, res.Event.ID)
	if err != nil || st.Right["further_talks"] != 1 || st.Later["agreement_reached"] != 1 || len(st.Right) != 1 || len(st.Later) != 1 {
		t.Errorf("the survey's rounds: %+v %v", st, err)
	}
}
