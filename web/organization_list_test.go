package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The result rows and the kind and theme options are written in Go (orgRows,
// KindOptions, ThemeOptions): check what the template used to guarantee.
func TestOrganizationListRowsAndFilters(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			_, body := alice.get("/organizations?kind=company&country=DK")
			for _, want := range []string{
				`<option value="company" selected>`,
				`<option value="DK" selected>`,
				`<a href="/organizations/` + fmt.Sprint(w.private.ID) + `">` + privateOrgName + `</a>`,
				`<span class="badge private">`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("alice's list lacks %q", want)
				}
			}
			if strings.Contains(body, "Second Shared Org") {
				t.Errorf("the kind filter let a cluster through")
			}
			_, body = w.client(t, "bob").get("/organizations?q=" + url.QueryEscape(privateOrgName))
			if strings.Contains(body, privateOrgName+"</a>") {
				t.Errorf("bob sees Alpha's private organisation in the rows")
			}
		})
	}
}
