package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle"
	"passerelle/store"
)

// TestMeetingToRevenue (issue 17): Curie's officer opens a meeting of the Copenhagen
// mission, records an opportunity from it, moves it to won on the board, records the
// contract the won card offers (client and amount taken from the opportunity, the year
// set to 2014), sees the figure of 2014 on /kpis grow by the contract, and downloads the
// report of 2014, whose PDF text carries the new figure.
func TestMeetingToRevenue(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	curie := a.dir.Members["curie-cancer"]
	sys, err := passerelle.RequireActor(a.dir.System)
	if err != nil {
		t.Fatal(err)
	}
	k, err := store.NewPipelineService(a.db).KPIs(a.dir.System, sys, passerelle.KPIFilter{Year: 2014, MemberID: curie.ID})
	if err != nil {
		t.Fatal(err)
	}
	const added = 1_234_567_00 // the opportunity's value, the contract's amount
	before, after := k.Money.RDContractsForeign, k.Money.RDContractsForeign+added
	kpis := fmt.Sprintf("%s/kpis?year=2014&member_id=%d", a.url, curie.ID)
	rdFigure := `(([...document.querySelectorAll("#kpis tr")].find(tr => tr.innerText.includes("R&D contracts financed by companies abroad")) || {querySelector: () => null}).querySelector("td") || {innerText: ""}).innerText`

	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	run(t, ctx, "the figure before",
		chromedp.Navigate(kpis),
		poll(fmt.Sprintf(`%s.includes(%q)`, rdFigure, euros(before))),
	)
	run(t, ctx, "an opportunity from a mission meeting",
		chromedp.Navigate(a.url+"/missions/copenhagen-2014"),
		chromedp.WaitVisible(chromedp.ID("programme")),
		chromedp.Click(chromedp.CSS(`#programme .programme-meeting a.tap`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/pipeline/new?meeting="]`)),
		chromedp.Click(chromedp.CSS(`a[href^="/pipeline/new?meeting="]`)),
		chromedp.WaitVisible(chromedp.ID("opp-form")),
		waitText("#opp-from-meeting", "From the meeting"),
		chromedp.SetValue(chromedp.ID("f-title"), "Imaging contract after Copenhagen"),
		chromedp.SetValue(chromedp.ID("f-stage"), "in_discussion"),
		chromedp.SetValue(chromedp.ID("f-value"), "1 234 567"),
		chromedp.Click(chromedp.ID("opp-save")),
		waitText("#board", "Imaging contract after Copenhagen"),
	)
	card, err := chromedp.Run(ctx, chromedp.Evaluate[string](`([...document.querySelectorAll("#board li.card")].find(li => li.innerText.includes("Imaging contract after Copenhagen")) || {id: ""}).id`))
	if err != nil || !strings.HasPrefix(card, "opp-") {
		t.Fatalf("the card on the board: %q %v", card, err)
	}
	oid := strings.TrimPrefix(card, "opp-")
	run(t, ctx, "moved to won, the contract recorded",
		chromedp.SetValue(chromedp.ID("stage-"+oid), "won"),
		chromedp.Click(chromedp.ID("move-"+oid)),
		poll(fmt.Sprintf(`!!document.querySelector('section[data-stage="won"] #opp-%s #contract-%s')`, oid, oid)),
		chromedp.Click(chromedp.ID("contract-"+oid)),
		chromedp.WaitVisible(chromedp.ID("project-form")),
		poll(`document.getElementById("f-title").value === "Imaging contract after Copenhagen"`),
		poll(`document.getElementById("f-kind").value === "rd_contract"`),
		poll(`document.getElementById("f-client").value !== ""`),
		poll(`document.getElementById("f-amount-0").value === "1234567"`),
		chromedp.SetValue(chromedp.ID("f-amount-year-0"), "2014"),
		chromedp.Click(chromedp.ID("project-save")),
		waitText("#projects", "Imaging contract after Copenhagen"),
	)
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`([...document.querySelectorAll("#projects tr")].find(tr => tr.innerText.includes("Imaging contract after Copenhagen")) || {innerText: ""}).innerText`))
	if err != nil || !strings.Contains(row, "DK") || !strings.Contains(row, "2014") {
		t.Errorf("the contract's row: %q %v", row, err)
	}
	run(t, ctx, "the figure after",
		chromedp.Navigate(kpis),
		poll(fmt.Sprintf(`%s.includes(%q)`, rdFigure, euros(after))),
	)

	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("/reports/2014?format=pdf").then(r => {
		if (!r.ok || r.headers.get("Content-Type") !== "application/pdf") throw new Error("pdf: " + r.status);
		return r.arrayBuffer();
	}).then(b => { let s = ""; const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return btoa(s); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the PDF: %v", err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("not a PDF (%d bytes, %v)", len(data), err)
	}
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed: the PDF's text is not read back")
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path, file, "-").Output()
	want := thousands((after + 50) / 100)
	if text := strings.Join(strings.Fields(string(out)), " "); err != nil || !strings.Contains(text, "International report 2014") || !strings.Contains(text, want) {
		t.Errorf("the PDF's text lacks %s: %v %.600q", want, err, text)
	}
}

// thousands writes n as the English report does: 16,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// euros writes cents as the English figures page does: grouped euros, cents when any.
func euros(c int64) string {
	s := thousands(c / 100)
	if c%100 != 0 {
		s += fmt.Sprintf(".%02d", c%100)
	}
	return s + " €"
}
