package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
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
