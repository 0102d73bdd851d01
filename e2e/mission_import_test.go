package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle/store"
)

// TestMissionTargetImport: from a demo mission's page a member's officer imports a list of
// targets: a file with a day outside the mission is refused with its line and field and
// nothing is saved; the good file is previewed (each row new or matched, the existing
// target marked) before anything is saved, then imported, and the targets are on the
// mission's page, the file's two grouped rows in one meeting, with their availability.
func TestMissionTargetImport(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "late.csv"), filepath.Join(dir, "targets.csv")
	if err := os.WriteFile(bad, []byte("name,country,availability\nFictional Late Biotech Inc,US,2020-03-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte("name,country,why,group,availability\n"+
		"Research Triangle Park,US,Genopole's partner,,\n"+
		"Fictional Durham Soft Landing Inc,US,Genopole wants a soft-landing partner,durham,2020-01-21 09:00-12:00\n"+
		"Fictional Durham Sister Labs LLC,US,same CEO as the above,durham,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	svc := store.NewMissionService(a.db)
	count := func() int {
		m, err := svc.FindMission(a.dir.System, "rtp-2020")
		if err != nil {
			t.Fatal(err)
		}
		return len(m.Targets)
	}
	n0 := count()
	run(t, ctx, "a day outside the mission is refused",
		chromedp.Navigate(a.url+"/missions/rtp-2020"),
		chromedp.Click(chromedp.ID("target-import")),
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{bad}),
		chromedp.Click(chromedp.ID("target-import-preview")),
		waitText("[role=alert]", "line 2: availability: 2020-03-01 is not a day of the mission"),
	)
	if n := count(); n != n0 {
		t.Fatalf("the refused file saved: %d -> %d targets", n0, n)
	}
	run(t, ctx, "preview",
		chromedp.Navigate(a.url+"/missions/rtp-2020/targets/import"),
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{good}),
		chromedp.Click(chromedp.ID("target-import-preview")),
		waitText("#import-counts", "3 rows: 2 new, 1 already in the directory"),
		waitText("#import-rows", "Fictional Durham Soft Landing Inc"),
		poll(`document.querySelectorAll("#import-rows .already-target").length === 1`),
	)
	if n := count(); n != n0 {
		t.Fatalf("the preview saved: %d -> %d targets", n0, n)
	}
	run(t, ctx, "import",
		chromedp.Click(chromedp.ID("org-import-submit")),
		chromedp.WaitVisible(chromedp.ID("import-see")),
		waitText("#import-counts", "Targets added: 2, updated: 1"),
		chromedp.Click(chromedp.ID("import-see")),
		chromedp.WaitVisible(chromedp.ID("mission-groups")),
		poll(`[...document.querySelectorAll("#mission-groups li.group")].some(li => li.innerText.includes("Fictional Durham Soft Landing Inc") && li.innerText.includes("Fictional Durham Sister Labs LLC"))`),
		waitText("#mission-groups", "2020-01-21 09:00-12:00"),
		waitText("#mission-groups", "Genopole's partner"),
	)
	if n := count(); n != n0+2 {
		t.Errorf("%d -> %d targets, want 2 more", n0, n)
	}
}
