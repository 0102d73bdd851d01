package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle"
)

// TestEventWithdrawRequestInBrowser: Aiko asks Jean for a meeting; Jean has his page
// open with the request on it when Aiko withdraws it. His stale Accept is then refused
// with a message, no meeting and no acceptance; his page shows the request cancelled
// with nothing to answer, the organiser's page counts it cancelled, and Jean may ask
// Aiko in turn (the store lets the one asked ask after a withdrawal) while Aiko may not
// ask again.
func TestEventWithdrawRequestInBrowser(t *testing.T) {
	bin := chromium(t)
	a := bootEvent(t, "e2e-withdraw", false)
	aiko, jean := browser(t, bin), browser(t, bin)
	a.linkSignIn(t, aiko, "aiko@example.jp")
	a.linkSignIn(t, jean, "jean@example.fr")
	run(t, aiko, "ask Jean",
		chromedp.Navigate(a.page),
		chromedp.Click(chromedp.ID("request-p2")),
		waitText("p.flash", "Request sent"),
		waitText("#sent", "Jean Dupont"),
	)
	rs, _, err := a.svc.EventRequests(a.dir.System, a.id)
	if err != nil || len(rs) != 1 {
		t.Fatalf("requests: %+v %v", rs, err)
	}
	id := itoa(rs[0].ID)
	run(t, jean, "Jean's page with the request",
		chromedp.Navigate(a.page),
		waitText("#received-"+id, "Aiko Tanaka"),
		chromedp.WaitVisible(chromedp.ID("accept-"+id)),
	)
	run(t, aiko, "withdraw it",
		chromedp.Click(chromedp.ID("withdraw-"+id)),
		waitText("p.flash", "Your request is withdrawn"),
		waitText("#sent-"+id, "cancelled"),
		absent("#withdraw-"+id),
		// The sender may not ask again (each request mails the other side).
		waitText("#participant-p2", "Request: cancelled"),
		absent("#request-p2"),
	)
	run(t, jean, "accept on the stale page",
		chromedp.Click(chromedp.ID("accept-"+id)),
		waitText("p.error", "no longer waiting for an answer"),
		waitText("#received-"+id, "cancelled"),
		absent("#accept-"+id),
		absent("#decline-"+id),
	)
	rs, _, err = a.svc.EventRequests(a.dir.System, a.id)
	if err != nil || len(rs) != 1 || rs[0].Status != passerelle.RequestCancelled {
		t.Fatalf("requests after the withdrawal: %+v %v", rs, err)
	}
	if ms, err := a.svc.EventMeetings(a.dir.System, a.id); err != nil || len(ms) != 0 {
		t.Fatalf("meetings after the withdrawal: %d %v", len(ms), err)
	}
	org := browser(t, bin)
	signIn(t, org, a.app, "curie@demo.passerelle.test")
	run(t, org, "the organiser's count",
		chromedp.Navigate(a.url+"/events/"+itoa(a.id)),
		waitText("#event-counts", "0 pending"),
		waitText("#event-counts", "1 cancelled"),
		waitText("#requests", "cancelled"),
	)
	run(t, jean, "Jean asks Aiko in turn",
		chromedp.Navigate(a.page),
		chromedp.Click(chromedp.ID("request-p1")),
		waitText("p.flash", "Request sent"),
		waitText("#sent", "Aiko Tanaka"),
	)
}
