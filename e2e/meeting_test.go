package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"
)

// TestLogMeetingOnPhone: on a phone-sized screen an officer logs a meeting from an
// organisation's page, sees it in the organisation's history and on the agenda, marks
// it held with one tap, writes private notes; the calendar feed of the account page
// parses and holds the meeting.
func TestLogMeetingOnPhone(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	run(t, ctx, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	org := a.dir.Orgs["medicon-valley"]
	title := "Coffee with Medicon Valley at BIO-Europe"
	run(t, ctx, "log a meeting from the organisation's page",
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, org.ID)),
		chromedp.Click(chromedp.ID("log-meeting")),
		chromedp.WaitVisible(chromedp.ID("meeting-form")),
		waitText("#meeting-form", "Medicon Valley"),
		chromedp.SetValue(chromedp.ID("f-title"), title),
		chromedp.SetValue(chromedp.ID("f-date"), "2027-03-10"),
		chromedp.SetValue(chromedp.ID("f-from"), "09:30"),
		chromedp.SetValue(chromedp.ID("f-to"), "10:15"),
		chromedp.SetValue(chromedp.ID("f-zone"), "Europe/Copenhagen"),
		chromedp.SetValue(chromedp.ID("f-notes"), "They look for a hospital partner."),
		// The form fits the phone: nothing wider than the screen.
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
		chromedp.Click(chromedp.ID("meeting-save")),
		waitText("#meetings", title),
		poll(`location.pathname === "/organizations/`+fmt.Sprint(org.ID)+`"`),
	)
	run(t, ctx, "one tap on the agenda",
		chromedp.Navigate(a.url+"/agenda?date=2027-03-10&tz=Europe/Copenhagen"),
		waitText("#agenda", title),
		waitText("#agenda", "09:30–10:15"),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
		chromedp.Click(chromedp.CSS(`#agenda .taps button[id^="held-"]`)),
		waitText("#agenda", "held"),
		poll(`!document.querySelector('#agenda .taps button[id^="held-"]')`),
	)
	run(t, ctx, "private notes",
		chromedp.Click(chromedp.CSS(`#agenda .what a`)),
		chromedp.WaitVisible(chromedp.ID("notes-form")),
		chromedp.SetValue(chromedp.ID("f-private-notes"), "Curie only: their budget is 2 M€"),
		chromedp.Click(chromedp.ID("notes-save")),
		waitText("#meeting-private-notes", "Curie only"),
	)
	// Another member's officer sees the shared meeting but not Curie's notes.
	other := browser(t, bin)
	signIn(t, other, a, "pasteur@demo.passerelle.test")
	run(t, other, "another member",
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, org.ID)),
		waitText("#meetings", title),
		chromedp.Click(chromedp.CSS(`#meetings table a[href^="/meetings/"]`)),
		chromedp.WaitVisible(chromedp.ID("notes-form")),
	)
	if body, _ := chromedp.Run(other, chromedp.Text(chromedp.CSS("body"))); strings.Contains(body, "Curie only") {
		t.Errorf("another member reads Curie's private notes")
	}

	// The feed of the account page, fetched as a calendar program would, and parsed.
	run(t, ctx, "account page", chromedp.Navigate(a.url+"/account"), chromedp.WaitVisible(chromedp.ID("calendar-url")))
	feedURL, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("calendar-url")))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(strings.TrimSpace(feedURL))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d %v", res.StatusCode, err)
	}
	found := false
	for _, e := range cal.Events() {
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil && p.Value == title {
			found = true
			if st := e.GetProperty(ics.ComponentPropertyDtStart); st == nil || st.Value != "20270310T083000Z" {
				t.Errorf("feed start: %v, want 09:30 in Copenhagen (08:30 UTC)", st)
			}
		}
	}
	if !found || strings.Contains(string(body), "Curie only") {
		t.Errorf("feed: meeting found %v; or it carries private notes", found)
	}
}
