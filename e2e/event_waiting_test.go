package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle"
)

// participant returns the event's participant with that email, as the organiser's
// store reads them.
func (a *eventApp) participant(t *testing.T, email string) *passerelle.EventParticipant {
	t.Helper()
	ps, err := a.svc.EventParticipants(a.dir.System, a.id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Email == email {
			return p
		}
	}
	t.Fatalf("no participant %s", email)
	return nil
}

// absent is a poll that the element sel is not in the page.
func absent(sel string) chromedp.Action[chromedp.Void] {
	return poll(fmt.Sprintf(`!document.querySelector(%q)`, sel))
}

// TestEventWaitingListInBrowser: at an event full with its three imported participants
// (or one whose organiser approves each registration), a new registrant is told so on
// the registration page, confirms by the mailed link and lands on the waiting list
// (resp. awaiting approval): their page says so, shows no one and offers no request.
// The organiser sees them on the event's page and admits (approves) them; they are
// mailed that the place is theirs (that their registration is approved), and their
// page then lists the others and sends a request.
func TestEventWaitingListInBrowser(t *testing.T) {
	bin := chromium(t)
	for _, tc := range []struct {
		name     string
		setup    func(*passerelle.Event)
		register string // the registration page's notice, by id, and a piece of its text
		says     string
		notice   string // the participant's page's notice while they wait
		waits    string
		heading  string // the organiser's list they wait on, and its button
		button   string
		mailed   string // the news mailed to them once admitted
	}{
		{"full", func(e *passerelle.Event) { e.MaxParticipants = 3 }, "register-full", "The event is full",
			"participant-waiting", "waiting list of this event (place 1)", "Waiting list", "Admit", "it is yours"},
		{"approval", func(e *passerelle.Event) { e.Approval = true }, "register-approval", "The organiser approves each registration",
			"participant-approval", "awaits the organiser's approval", "Awaiting approval", "Approve",
			"The organiser has approved your registration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := bootEvent(t, "e2e-waiting-"+tc.name, true, tc.setup)
			const email = "dana@example.org"
			dana := browser(t, bin)
			run(t, dana, "register",
				chromedp.Navigate(a.page+"/register"),
				waitText("#"+tc.register, tc.says),
				chromedp.SetValue(chromedp.ID("r-name"), "Dana Vole (fictional)"),
				chromedp.SetValue(chromedp.ID("r-email"), email),
				chromedp.SetValue(chromedp.ID("r-org"), "Fictional: Dana Labs"),
				chromedp.SetValue(chromedp.ID("r-country"), "NL"),
				chromedp.Click(chromedp.ID("register-submit")),
				waitText("#register-sent", "sign-in link"),
			)
			run(t, dana, "confirm onto the list",
				chromedp.Navigate(a.mail.link(t, email)),
				chromedp.Click(chromedp.ID("signin-confirm")),
				waitText("#participant-event", "E2E participants"),
				waitText("#"+tc.notice, tc.waits),
				chromedp.WaitVisible(chromedp.ID("requests-closed")),
				absent("#others"),
			)
			if p := a.participant(t, email); p.Status != passerelle.ParticipantWaiting {
				t.Fatalf("after confirming, status %q, want waiting", p.Status)
			}
			ref := a.ref(t, email)

			org := browser(t, bin)
			signIn(t, org, a.app, "curie@demo.passerelle.test")
			run(t, org, "the organiser admits them",
				chromedp.Navigate(a.url+"/events/"+itoa(a.id)),
				waitText("#waiting h2", tc.heading),
				waitText("#waiting-"+ref, "Dana Vole"),
				waitText("#admit-"+ref, tc.button),
				chromedp.Click(chromedp.ID("admit-"+ref)),
				waitText("p.flash", "Participant admitted"),
				absent("#waiting-"+ref),
				waitText("#row-"+ref, "Dana Vole"),
				absent("#row-"+ref+" [data-status]"),
			)
			a.mail.mu.Lock()
			body := a.mail.sent[email]
			a.mail.mu.Unlock()
			if !strings.Contains(body, tc.mailed) || !strings.Contains(body, a.page) {
				t.Errorf("the admission's mail to %s:\n%s", email, body)
			}
			if p := a.participant(t, email); p.Status != "" {
				t.Errorf("after the admission, status %q, want a place", p.Status)
			}

			run(t, dana, "the page with a place",
				chromedp.Navigate(a.page),
				chromedp.WaitVisible(chromedp.ID("others")),
				absent("#"+tc.notice),
				absent("#requests-closed"),
				waitText("#participant-p1", "Aiko Tanaka"),
				chromedp.Click(chromedp.ID("request-p1")),
				waitText("p.flash", "Request sent"),
				waitText("#sent", "Aiko Tanaka"),
			)
			rs, _, err := a.svc.EventRequests(a.dir.System, a.id)
			if err != nil || len(rs) != 1 || rs[0].From != ref || rs[0].To != "p1" || rs[0].Status != passerelle.RequestPending {
				t.Fatalf("requests after Dana's: %+v %v", rs, err)
			}
		})
	}
}
