package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"passerelle"
	"passerelle/store"
)

// TestPersonImportPreview: from the people page a writer uploads a small contact list
// on the demo workspace, sees the preview (a row matched at its organisation, one new,
// one ambiguous between two people of the same name), says who the ambiguous one is,
// imports, and finds the new person on their page with their organisation.
func TestPersonImportPreview(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	// A second Nicolas Carboni: a row with only the name is then ambiguous.
	twin := &passerelle.Person{FirstName: "Nicolas", LastName: "Carboni", Emails: []string{"n.carboni@elsewhere.example"}, Country: "IT"}
	if err := store.NewPersonService(a.db).CreatePerson(a.dir.System, twin); err != nil {
		t.Fatal(err)
	}
	carboni := a.dir.People["carboni"]
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	file := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(file, []byte("prénom,nom,téléphone,société,pays,fonction\n"+
		"Nicolas,Carboni,+33 3 88 00 00 01,,,\n"+
		"Louise,Dubreuil,,Alsace BioValley,FR,Chargée de mission\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	choice := fmt.Sprintf(`input[name="choice-2"][value="%d"]`, carboni.ID)
	run(t, ctx, "preview",
		chromedp.Navigate(a.url+"/people"),
		chromedp.Click(chromedp.ID("person-import")),
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
		chromedp.Click(chromedp.ID("person-import-preview")),
		chromedp.WaitVisible(chromedp.ID("import-counts")),
		waitText("#import-counts", "2 rows: 1 new, 0 already in the contact book, 1 unclear"),
		waitText("#import-ambiguous", "Nicolas Carboni"),
		waitText("#import-rows", "Louise Dubreuil"),
		waitText("#row-3", "Alsace BioValley"),
		chromedp.WaitVisible(chromedp.CSS(choice)),
	)
	run(t, ctx, "import",
		chromedp.Click(chromedp.CSS(choice)),
		chromedp.Click(chromedp.ID("person-import-submit")),
		chromedp.WaitVisible(chromedp.ID("import-see")),
		waitText("#import-counts", "1 person created"),
		waitText("#row-2", "Nicolas Carboni"),
	)
	run(t, ctx, "find",
		chromedp.Click(chromedp.ID("import-see")),
		chromedp.WaitVisible(chromedp.ID("pq")),
		chromedp.SendKeys(chromedp.ID("pq"), "Dubreuil"),
		waitText("#results", "1 result"),
		waitText("#results", "Louise Dubreuil"),
		chromedp.Click(chromedp.CSS(`#results table a`)),
		waitText("h1", "Louise Dubreuil"),
		waitText("#affiliations", "Alsace BioValley"),
		chromedp.Navigate(fmt.Sprintf("%s/people/%d", a.url, carboni.ID)),
		waitText("main", "+33 3 88 00 00 01"),
	)
}
