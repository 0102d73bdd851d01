package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle/store"
)

// TestMissionOnPhone: on a phone-sized screen a member's officer opens the demo mission's
// programme (three days, nine meetings, an adviser on each), taps a meeting and records
// notes, opens its institute's debrief and edits it; another member's officer sees only
// its own debrief and gets "not found" for Curie's.
func TestMissionOnPhone(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	run(t, ctx, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	run(t, ctx, "the programme",
		chromedp.Navigate(a.url+"/missions"),
		waitText("#mission-list", "Copenhagen"),
		chromedp.Click(chromedp.CSS(`#mission-list a[href="/missions/copenhagen-2014"]`)),
		chromedp.WaitVisible(chromedp.ID("programme")),
		waitText("#mission-context", "Nordic Life Sciences Days"),
		waitText("#programme", "Monday 8 September 2014"),
		waitText("#programme", "Wednesday 10 September 2014"),
		poll(`document.querySelectorAll("#programme .programme-meeting").length === 9`),
		poll(`[...document.querySelectorAll("#programme .programme-meeting")].every(li => li.innerText.includes("adviser@demo.passerelle.test"))`),
		waitText("#mission-proposals", "works for both"),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
	run(t, ctx, "notes on a meeting of the programme",
		chromedp.Click(chromedp.CSS(`#programme .programme-meeting a.tap`)),
		chromedp.WaitVisible(chromedp.ID("notes-form")),
		chromedp.SetValue(chromedp.ID("f-notes"), "Interested in joint cancer research; send the brochure."),
		chromedp.SetValue(chromedp.ID("f-private-notes"), "Curie only: contact their CSO in October"),
		chromedp.Click(chromedp.ID("notes-save")),
		waitText("#meeting-notes", "joint cancer research"),
		waitText("#meeting-private-notes", "Curie only"),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
	run(t, ctx, "the institute's own debrief",
		chromedp.Navigate(a.url+"/missions/copenhagen-2014#debriefs"),
		poll(`document.querySelectorAll("#mission-debriefs li").length === 1`),
		waitText("#mission-debriefs", "Curie"),
		chromedp.Click(chromedp.CSS(`#mission-debriefs a`)),
		chromedp.WaitVisible(chromedp.ID("debrief-form")),
		waitText("#debrief-title", "Curie"),
		chromedp.SetValue(chromedp.ID("f-debrief-body"), "Søborg Oncology wants a joint Horizon 2020 proposal."),
		chromedp.Click(chromedp.ID("debrief-save")),
		waitText("#debrief-body", "joint Horizon 2020 proposal"),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	curieDebrief := loc[strings.Index(loc, "/missions/"):]

	other := browser(t, bin)
	signIn(t, other, a, "pasteur@demo.passerelle.test")
	run(t, other, "another member sees its own debrief only",
		chromedp.Navigate(a.url+"/missions/copenhagen-2014"),
		poll(`document.querySelectorAll("#mission-debriefs li").length === 1`),
		waitText("#mission-debriefs", "Pasteur"),
		chromedp.Navigate(a.url+curieDebrief),
		waitText("main h1", "404"),
	)
	if body, _ := chromedp.Run(other, chromedp.Text(chromedp.CSS("body"))); strings.Contains(body, "Horizon 2020 proposal") || strings.Contains(body, "Curie only") {
		t.Errorf("another member reads Curie's debrief or notes: %.300s", body)
	}
	// The store agrees: Pasteur's officer does not find Curie's debrief.
	svc := store.NewMissionService(a.db)
	m, err := svc.FindMission(a.dir.System, "copenhagen-2014")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := svc.FindDebriefs(a.dir.System, m.ID)
	if err != nil || len(ds) != 5 {
		t.Fatalf("debriefs: %d %v", len(ds), err)
	}
}
