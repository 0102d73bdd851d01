package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAgreementCreateFindExportImport creates an agreement with two phases and three
// funding lines through the form, finds it by a facet and by clicking its partner's
// country on the world map, downloads the XLSX export of the filtered list and imports
// that file into a fresh server, where it shows.
func TestAgreementCreateFindExportImport(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")

	stamp := fmt.Sprint(time.Now().Unix())
	title := "Convention e2e Caroline du Nord " + stamp
	set := func(name, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name=%q]`, name)), value)
	}
	run(t, ctx, "create an agreement",
		chromedp.Navigate(a.url+"/agreements"),
		chromedp.Click(chromedp.ID("agr-new")),
		chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		set("type", "framework"),
		set("signed_year", "2031"),
		set("start_date", "2031-01"),
		set("end_date", "2033"),
		set("theme", "health.biotech"),
		set("context", "Un paragraphe.\n\n- premier point\n- second point"),
		set("partners[0].organization", "North Carolina Biotechnology Center"),
		set("partners[0].side", "foreign"),
		set("partners[0].role", "hôte"),
		set("partners[1].organization", "Genopole"),
		set("partners[1].side", "french"),
		set("funding[0].funder", "Genopole"), set("funding[0].amount", "12000"), set("funding[0].year", "2031"),
		set("funding[1].funder", "Région Île-de-France"), set("funding[1].amount", "8 000,50"), set("funding[1].year", "2031"),
		set("funding[2].funder", "Genopole"), set("funding[2].amount", "3000"), set("funding[2].year", "2032"),
		set("phases[0].title", "Phase 1 : prospection"), set("phases[0].status", "done"),
		set("phases[0].actions[0].title", "Mission à Raleigh"), set("phases[0].actions[0].status", "done"),
		set("phases[1].title", "Phase 2 : soft landing"), set("phases[1].status", "in_progress"),
		set("phases[1].actions[0].title", "Accueil de trois entreprises"),
		chromedp.Click(chromedp.ID("agr-save")),
		chromedp.WaitVisible(chromedp.ID("agr-title")),
		waitText("#agr-title", title),
		waitText("#funding-total", "23,000.50"),
		waitText("#funding-by-funder", "15,000"),
		waitText("#funding-by-year", "2032"),
		waitText("#agr-programme", "Phase 2 : soft landing"),
		waitText("#agr-programme", "Mission à Raleigh"),
		poll(`document.querySelectorAll("#funding-chart svg rect").length >= 2`),
	)

	// By a facet: the year of first signature.
	run(t, ctx, "find it by a facet",
		chromedp.Navigate(a.url+"/agreements"),
		chromedp.WaitVisible(chromedp.ID("facet-year")),
		chromedp.Click(chromedp.CSS(`#facet-year a[href*="year=2031"]`)),
		poll(`location.search.includes("year=2031")`),
		waitText("#agr-count", "1"),
		waitText("#results", title),
	)

	// By clicking its partner's country on the map: a real click on a point inside the
	// shape of the United States.
	run(t, ctx, "open the list with its map",
		chromedp.Navigate(a.url+"/agreements"),
		chromedp.Click(chromedp.ID("map-toggle")), // the map is on demand, below the results
		chromedp.WaitVisible(chromedp.CSS(`#map svg`)),
		chromedp.ScrollIntoView(chromedp.CSS(`#map svg`)),
	)
	pt, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const p = document.querySelector('#map a[href*="country=US"] path');
		const b = p.getBBox(), m = p.getScreenCTM();
		for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
			const pt = new DOMPoint(b.x + b.width * i / 40, b.y + b.height * j / 40);
			if (!p.isPointInFill(pt)) continue;
			const s = pt.matrixTransform(m);
			const hit = document.elementFromPoint(s.x, s.y);
			if (hit === p) return [s.x, s.y];
		}
		return [];
	})()`))
	if err != nil || len(pt) != 2 {
		t.Fatalf("no point inside the United States on the map: %v %v", err, pt)
	}
	run(t, ctx, "click the country on the map",
		chromedp.MouseClickXY(pt[0], pt[1]),
		poll(`location.search.includes("country=US")`),
		waitText("#active-filters", "United States"),
		waitText("#results", title),
	)

	// Export the filtered list as XLSX, as the link downloads it.
	run(t, ctx, "filter for the export",
		chromedp.Navigate(a.url+"/agreements?year=2031"),
		waitText("#results", title),
	)
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#export-xlsx").href).then(r => {
		if (!r.ok || !r.headers.get("Content-Disposition").includes("attachment")) throw new Error("export: " + r.status);
		return r.arrayBuffer();
	}).then(b => { let s = ""; const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return btoa(s); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the XLSX export: %v", err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(data) < 1000 || string(data[:2]) != "PK" {
		t.Fatalf("the export is not a workbook (%d bytes, %v)", len(data), err)
	}
	file := filepath.Join(t.TempDir(), "agreements.xlsx")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	// Import it into a fresh server, through the import page.
	fresh := boot(t)
	fctx := browser(t, bin)
	signIn(t, fctx, fresh, "coordinator@demo.passerelle.test")
	run(t, fctx, "the fresh server does not have it",
		chromedp.Navigate(fresh.url+"/agreements?year=2031"),
		waitText("#agr-count", "0"),
	)
	run(t, fctx, "import the export",
		chromedp.Navigate(fresh.url+"/agreements/import"),
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
		chromedp.Click(chromedp.ID("agr-import-submit")),
		chromedp.WaitVisible(chromedp.ID("import-counts")),
		waitText("#import-counts", "1 agreement created"),
		chromedp.Click(chromedp.ID("import-see")),
		chromedp.WaitVisible(chromedp.ID("agr-q")),
		chromedp.SendKeys(chromedp.ID("agr-q"), stamp),
		poll(`location.search.includes("q=`+stamp+`") && document.querySelectorAll("#agr-table tbody tr").length === 1`),
		waitText("#results", title),
		chromedp.Click(chromedp.CSS(`#agr-table a`)),
		waitText("#agr-title", title),
		waitText("#funding-total", "23,000.50"),
		waitText("#agr-programme", "Accueil de trois entreprises"),
		waitText("#agr-partners", "North Carolina Biotechnology Center"),
	)
}
