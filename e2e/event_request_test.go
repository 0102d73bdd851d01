package e2e

import (
	"strings"
	"testing"
	"time"

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

// TestEventSlotTakenInBrowser: Aiko has her free common slots with Jean open when the
// organiser's desk books Jean with Carla at 10:30. Aiko's click on 10:30 is then
// refused with the reason on her page, and nothing is sent or booked; she asks for
// 11:00 instead. Before Jean answers, the desk books Aiko with Carla at 11:00: Jean's
// acceptance is recorded without a second meeting at 11:00, and the page says the time
// asked for was taken.
func TestEventSlotTakenInBrowser(t *testing.T) {
	bin := chromium(t)
	a := bootEvent(t, "e2e-taken", false)
	aiko, jean := browser(t, bin), browser(t, bin)
	a.linkSignIn(t, aiko, "aiko@example.jp")
	a.linkSignIn(t, jean, "jean@example.fr")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := func(hhmm string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", a.day+" "+hhmm, tokyo)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	button := func(hhmm string) string { return "slot-" + a.day + "-" + strings.ReplaceAll(hhmm, ":", "") }
	run(t, aiko, "free common slots with Jean",
		chromedp.Navigate(a.page+"/common?with=p2"),
		chromedp.WaitVisible(chromedp.ID(button("10:30"))),
	)
	if _, err := a.svc.BookMeeting(a.dir.System, a.id, "p2", "p3", at("10:30"), false); err != nil {
		t.Fatal(err)
	}
	run(t, aiko, "the slot taken meanwhile",
		chromedp.Click(chromedp.ID(button("10:30"))),
		waitText("p.error", "that time is not free: one of you has another meeting then"),
		waitText("#participant-event", "E2E participants"),
		absent("#sent [id^=sent-]"),
	)
	rs, _, err := a.svc.EventRequests(a.dir.System, a.id)
	if err != nil || len(rs) != 1 { // the desk's booking alone
		t.Fatalf("requests after the refused click: %+v %v", rs, err)
	}
	run(t, aiko, "the list no longer offers it; 11:00 then",
		chromedp.Navigate(a.page+"/common?with=p2"),
		chromedp.WaitVisible(chromedp.ID(button("11:00"))),
		absent("#"+button("10:30")),
		chromedp.Click(chromedp.ID(button("11:00"))),
		waitText("p.flash", "Request sent"),
		waitText("#sent", "time asked for: "+a.day+" 11:00"),
	)
	if _, err := a.svc.BookMeeting(a.dir.System, a.id, "p1", "p3", at("11:00"), false); err != nil {
		t.Fatal(err)
	}
	run(t, jean, "accept once 11:00 is taken",
		chromedp.Navigate(a.page),
		waitText("#received", "time asked for: "+a.day+" 11:00"),
		chromedp.Click(chromedp.CSS(`#received button[id^="accept-"]`)),
		waitText("p.flash", "no longer free"),
	)
	ms, err := a.svc.EventMeetings(a.dir.System, a.id)
	if err != nil {
		t.Fatal(err)
	}
	// No one is in two meetings at once: the two the desk booked, none for Aiko and Jean.
	busy := map[string]bool{}
	for _, m := range ms {
		for _, who := range []string{m.From, m.To} {
			k := who + " " + m.Meeting.Start.In(tokyo).Format("15:04")
			if busy[k] {
				t.Errorf("%s double-booked", k)
			}
			busy[k] = true
		}
	}
	if len(ms) != 2 {
		t.Errorf("%d meetings, want the desk's two", len(ms))
	}
}
