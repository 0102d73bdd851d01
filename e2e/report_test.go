package e2e

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReportInBrowser: the coordinator opens the reports from the navigation, picks
// 2020, sees the agreement signed that year, and downloads the PDF, whose text reads
// back; a member's officer gets its own member's report, with no choice of member. The
// page raises no Content-Security-Policy violation (its inline style is allowed by hash).
func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "coordinator@demo.passerelle.test")
	run(t, ctx, "open the report of 2020",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/reports"]`)),
		waitText("#report-title", "International report"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("report-year").value = "2020", true`),
		chromedp.Click(chromedp.ID("report-show")),
		waitText("#report-title", "2020"),
		waitText("#agreements", "Accord entre Genopole et le Life Innovation Center de Kawasaki"),
		waitText("#events", "BIO USA 2020"),
	)
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#report-pdf").href).then(r => {
		if (!r.ok || r.headers.get("Content-Type") !== "application/pdf") throw new Error("pdf: " + r.status);
		return r.arrayBuffer();
	}).then(b => { let s = ""; const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return btoa(s); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the PDF: %v", err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-1.4") {
		t.Fatalf("not a PDF (%d bytes, %v)", len(data), err)
	}
	if path, err := exec.LookPath("pdftotext"); err == nil {
		file := filepath.Join(t.TempDir(), "report.pdf")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(path, file, "-").Output()
		if text := strings.Join(strings.Fields(string(out)), " "); err != nil || !strings.Contains(text, "International report 2020") ||
			!strings.Contains(text, "Accord entre Genopole et le Life Innovation Center de Kawasaki") {
			t.Errorf("the PDF's text: %v %.300q", err, text)
		}
	}

	member := browser(t, bin)
	signIn(t, member, a, "pasteur@demo.passerelle.test")
	run(t, member, "a member's own report",
		chromedp.Navigate(a.url+"/reports/2020"),
		waitText("header", "Institut Carnot Pasteur Maladies Infectieuses"),
	)
	if n, err := chromedp.Run(member, chromedp.Evaluate[int](`document.querySelectorAll("#report-member").length`)); err != nil || n != 0 {
		t.Errorf("a member's officer may choose a member: %d %v", n, err)
	}
	// On a phone the figures' five years of amounts scroll inside their table rather
	// than widen the page (the year of the demo's largest amounts).
	run(t, member, "the report on a phone",
		chromedp.EmulateViewport(360, 800, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(a.url+"/reports/2014"),
		waitText("#report-title", "2014"),
		poll(`document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1`),
	)
}
