package e2e

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestDeleteConfirmRestore (issue 20): the delete button of an organisation leads to a
// confirmation that says what goes with it; once deleted, the organisation is in the bin,
// and restoring it brings it back with its link.
func TestDeleteConfirmRestore(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	org := a.dir.Orgs["dk2"]
	run(t, ctx, "confirm the delete",
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, org.ID)),
		chromedp.Click(chromedp.CSS(`a.danger[href$="/delete"]`)),
		chromedp.WaitVisible(chromedp.ID("delete-confirm")),
		waitText("#delete-confirm", "1 link to another organisation"),
		waitText("#delete-confirm", "30 days"),
		chromedp.Click(chromedp.ID("confirm-delete")),
		poll(`location.pathname === "/organizations"`),
		waitText(".flash", "bin"),
	)
	run(t, ctx, "restore from the bin",
		chromedp.Navigate(a.url+"/bin"),
		waitText("#bin", "Amager Biologics Research"),
		chromedp.Click(chromedp.CSS(`#bin button[type=submit]`)),
		poll(`location.pathname.startsWith("/organizations/")`),
		waitText("h1", "Amager Biologics Research"),
		waitText("#links", "Amager Biologics ApS"),
		waitText(".flash", "Restored"),
	)
}

// TestOrganizationPicker (issue 20): on a person's page the affiliation's organisation is
// a combobox: typing part of a name lists candidates with country and kind, the keyboard
// chooses one, the affiliation is added; the list ends with "Create …".
func TestOrganizationPicker(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	p := a.dir.People["bourland"]
	run(t, ctx, "the field is a combobox",
		chromedp.Navigate(fmt.Sprintf("%s/people/%d", a.url, p.ID)),
		chromedp.WaitVisible(chromedp.ID("aff-organization")),
		poll(`document.getElementById("aff-organization").getAttribute("role") === "combobox"`),
	)
	run(t, ctx, "type part of a name",
		chromedp.SendKeys(chromedp.ID("aff-organization"), "Kansai Bio"),
		waitText(".picker-list", "Kansai Bio Promotion Council"),
	)
	run(t, ctx, "choose with the keyboard",
		waitText(".picker-list", "Japan"),
		waitText(".picker-list", "Create “Kansai Bio”"),
		// Focus again first: under CI's parallel load the input once lost focus, its blur
		// closed the list, and Enter then submitted the typed text natively.
		chromedp.Focus(chromedp.ID("aff-organization")),
		poll(`document.getElementById("aff-organization").getAttribute("aria-expanded") === "true"`),
		chromedp.KeyEvent(kb.ArrowDown),
		poll(`document.getElementById("aff-organization").getAttribute("aria-activedescendant") !== null &&
			document.getElementById("aff-organization").getAttribute("aria-expanded") === "true"`),
		chromedp.KeyEvent("\r"),
		poll(`document.getElementById("aff-organization").value === "Kansai Bio Promotion Council"`),
		chromedp.Submit(chromedp.ID("aff-organization")),
		waitText("#affiliations", "Kansai Bio Promotion Council"),
	)
}

// TestCheckboxBesideLabel: a box to tick sits left of its words, on their first line,
// on every form: the filter row of projects had each box above its words, centred, looking
// like a stray square (label without class="check").
func TestCheckboxBesideLabel(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "pasteur@demo.passerelle.test")
	for _, path := range []string{"/projects", "/meetings/new", "/events/new"} {
		run(t, ctx, "open "+path, chromedp.Navigate(a.url+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('label input[type=checkbox]')].filter(i => i.offsetParent).filter(i => {
			// The words: the first text after the box; their first line must be level
			// with the box, and start right of it.
			const w = document.createTreeWalker(i.closest('label'), NodeFilter.SHOW_TEXT);
			let n; while ((n = w.nextNode()) && (!(i.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) || !n.textContent.trim()));
			if (!n) return true;
			const r = document.createRange(); r.selectNodeContents(n);
			const t = r.getClientRects()[0], b = i.getBoundingClientRect();
			return !(b.right <= t.left + 2 && b.bottom > t.top && b.top < t.bottom);
		}).map(i => i.name || i.id)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%s: boxes not beside their words: %v", path, bad)
		}
	}
}

// TestListCellsLabelledOnPhone: on a phone a list's rows stack as cards without their
// header row; each cell then shows its column's words before its value ("Participants
// 45", not a bare 45), on a page as served and on results htmx swaps in.
func TestListCellsLabelledOnPhone(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "pasteur@demo.passerelle.test")
	run(t, ctx, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	// before is what the phone shows before each stacked cell of the list's first row.
	before := func(sel string) []string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+"`"+sel+"`"+`)].map(td => getComputedStyle(td, "::before").content)`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	run(t, ctx, "the events", chromedp.Navigate(a.url+"/events"), chromedp.WaitVisible(chromedp.CSS("table.list")))
	if got := before("table.list tbody tr:first-child td"); len(got) < 3 || got[0] != "none" || !slices.Contains(got, `"Participants"`) {
		t.Errorf("the events' first row on a phone: %q, want no label on the name and \"Participants\" on its count", got)
	}
	run(t, ctx, "search the people",
		chromedp.Navigate(a.url+"/people"),
		chromedp.WaitVisible(chromedp.ID("pq")),
		chromedp.SendKeys(chromedp.ID("pq"), "Larsen"),
		poll(`location.search.includes("Larsen") && document.querySelectorAll("#results tbody tr").length === 1`),
	)
	if got := before("#results tbody tr td"); !slices.Contains(got, `"Country"`) {
		t.Errorf("a person found by the search on a phone: %q, want \"Country\" before the country", got)
	}
	// The menu is one line that scrolls sideways, the current page's entry in view.
	run(t, ctx, "the outbox on a phone", chromedp.Navigate(a.url+"/outbox"), chromedp.WaitVisible(chromedp.CSS(`nav.main a[aria-current="page"]`)))
	menu, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const nav = document.querySelector("nav.main"), a = nav.querySelector('a[aria-current="page"]');
		const n = nav.getBoundingClientRect(), r = a.getBoundingClientRect();
		return [n.height, a.offsetHeight, r.left - n.left, n.right - r.right];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(menu) != 4 || menu[0] > 2*menu[1] || menu[2] < 0 || menu[3] < 0 {
		t.Errorf("the menu on a phone: height %v for entries of %v, the current entry %v from its left and %v from its right", menu[0], menu[1], menu[2], menu[3])
	}
	// An event's statistics: its charts, drawn 520 wide, narrow with the screen.
	run(t, ctx, "an event's statistics on a phone",
		chromedp.Navigate(a.url+"/events"),
		chromedp.Click(chromedp.CSS(`table.list tbody tr:first-child a[href^="/events/"]`)),
		poll(`/^\/events\/\d+$/.test(location.pathname)`),
		chromedp.Evaluate[chromedp.Void](`location.pathname += "/stats"`),
		poll(`location.pathname.endsWith("/stats") && document.querySelector("main svg[role=img]") !== null`),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
}

// TestTableWordsWhole: on a wide screen a list's columns keep their words whole; a
// long organisation beside it once left the country column "Argentin" over "a".
func TestTableWordsWhole(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "pasteur@demo.passerelle.test")
	run(t, ctx, "a wide screen", chromedp.EmulateViewport(1024, 768))
	run(t, ctx, "the people", chromedp.Navigate(a.url+"/people"), chromedp.WaitVisible(chromedp.CSS("table.list")))
	lines, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[...document.querySelectorAll("table.list td")].filter(td => td.textContent.trim() === "Argentina").map(td => {
		const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; })`))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatal("no one in Argentina in the demo's people")
	}
	for _, n := range lines {
		if n != 1 {
			t.Errorf("\"Argentina\" is written on %d lines: %v", n, lines)
		}
	}
	// phone.js leaves a wide screen's lists alone: their cells are not walked for labels.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.list td[data-label]").length`)); err != nil || n != 0 {
		t.Errorf("a wide screen's list has %d cells labelled (%v)", n, err)
	}
}
