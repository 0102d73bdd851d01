package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormErrorsNamed checks issue 20's silent drops: a year that cannot be read is an
// error on its field (the record is not saved without it), every bad e-mail is named,
// and both forms list their problems in a summary at the top.
func TestFormErrorsNamed(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			c := w.client(t, "coord")
			res, body := c.do("POST", "/organizations", formType, url.Values{"name": {"Nineteen Org"}, "kind": {"company"},
				"established": {"nineteen"}, "country": {"QQ"}}.Encode(), false)
			body = html.UnescapeString(body)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"nineteen" is not a year`) ||
				!strings.Contains(body, `id="error-summary"`) || !strings.Contains(body, "Founded") || !strings.Contains(body, `unknown country code`) {
				t.Errorf("organisation with an unreadable year: %d\n%s", res.StatusCode, body)
			}
			if _, list := c.get("/organizations?q=Nineteen"); strings.Contains(list, "Nineteen Org") {
				t.Error("the organisation was saved without its year")
			}
			res, body = c.lang("fr").do("POST", "/people", formType, url.Values{"last_name": {"Twomails"},
				"emails": {"first@, second-at-example.org, ok@example.org"}}.Encode(), false)
			body = html.UnescapeString(body)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"first@", "second-at-example.org" ne sont pas des adresses de courriel`) ||
				!strings.Contains(body, `id="error-summary"`) {
				t.Errorf("person with two bad e-mails: %d\n%s", res.StatusCode, body)
			}
		})
	}
}
