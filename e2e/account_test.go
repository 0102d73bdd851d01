package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle/web"
)

// TestForgottenPassword (issue 20, item 9): from the sign-in page a user asks for a link,
// opens the mailed link, chooses a new password and is signed in; the old one no longer
// works.
func TestForgottenPassword(t *testing.T) {
	bin := chromium(t)
	mail := &mailbox{sent: map[string]string{}}
	a := bootWith(t, web.Options{Version: "e2e", Mailer: mail})
	ctx := browser(t, bin)
	const who = "curie@demo.passerelle.test"
	run(t, ctx, "ask for a link",
		chromedp.Navigate(a.url+"/login"),
		chromedp.Click(chromedp.ID("forgot-link")),
		chromedp.WaitVisible(chromedp.ID("reset-submit")),
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.Click(chromedp.ID("reset-submit")),
		chromedp.WaitVisible(chromedp.ID("reset-sent")),
	)
	mail.mu.Lock()
	link := regexp.MustCompile(`https?://\S+/password/reset/pwr_\S+`).FindString(mail.sent[who])
	mail.mu.Unlock()
	if link == "" {
		t.Fatal("no reset link mailed")
	}
	run(t, ctx, "choose a new password",
		chromedp.Navigate(link),
		waitText("main", who),
		chromedp.SendKeys(chromedp.ID("password"), "a-fresh-start-2026"),
		chromedp.Click(chromedp.ID("reset-submit")),
		chromedp.WaitVisible(chromedp.ID("signout")),
		waitText(".flash", "new password"),
	)
	run(t, ctx, "the old password is refused",
		chromedp.Click(chromedp.ID("signout")),
		chromedp.WaitVisible(chromedp.ID("signin-submit")),
		chromedp.SendKeys(chromedp.ID("email"), who),
		chromedp.SendKeys(chromedp.ID("password"), "passerelle-demo"),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.ID("signin-error")),
	)
}

// TestOrganizationImportPreview (issue 20 "Also", issue 14): a writer uploads a CSV file
// on the organisations page, sees each row's decision before anything is saved, settles
// the ambiguous row and imports.
func TestOrganizationImportPreview(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	file := filepath.Join(t.TempDir(), "partners.csv")
	if err := os.WriteFile(file, []byte("nom,pays,ville\nKansai Bio Promotion Council,JP,Osaka\nNordlys Brand New Biotech ApS,DK,Aarhus\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "preview",
		chromedp.Navigate(a.url+"/organizations"),
		chromedp.Click(chromedp.ID("org-import")),
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
		chromedp.Click(chromedp.ID("org-import-preview")),
		chromedp.WaitVisible(chromedp.ID("import-counts")),
		waitText("#import-counts", "2 rows: 1 new, 1 already in the directory"),
		waitText("#import-rows", "Kansai Bio Promotion Council"),
	)
	run(t, ctx, "import",
		chromedp.Click(chromedp.ID("org-import-submit")),
		chromedp.WaitVisible(chromedp.ID("import-see")),
		waitText("#import-counts", "1 organisation created from 2 rows"),
		chromedp.Click(chromedp.ID("import-see")),
		chromedp.SendKeys(chromedp.ID("q"), "Nordlys Brand"),
		waitText("#results", "Nordlys Brand New Biotech ApS"),
	)
}
