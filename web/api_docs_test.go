package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPIDocsPage: /api/docs renders every operation of the OpenAPI document, with no
// script from elsewhere, for anyone (like the JSON).
func TestAPIDocsPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			c := w.client(t, "")
			res, body := c.get("/api/docs")
			if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("/api/docs: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			for _, want := range []string{`id="op-listOrganizations"`, "GET /api/v1/organizations", `id="schema-Organization"`,
				"DELETE /api/v1/agreements/{agreement}", `href="/api/v1/openapi.json"`, "restoreFromBin"} {
				if !strings.Contains(body, want) {
					t.Errorf("/api/docs lacks %q", want)
				}
			}
			if strings.Contains(body, "<script src=\"http") || strings.Contains(body, "cdn") {
				t.Error("/api/docs loads something from elsewhere")
			}
		})
	}
}
