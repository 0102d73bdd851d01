package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestJSONBodyMustBeObject walks every API route that takes a JSON body (POST, PATCH,
// PUT) and sends one that is not an object: each is a 422 saying so. A null decoded
// into a record as nothing at all: a PATCH of null answered 200 having changed nothing.
func TestJSONBodyMustBeObject(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newAgreementWorld(t, db)
			coord := w.client(t, "coord")
			checked := 0
			for _, rt := range w.handler.Routes() {
				if !rt.API || rt.Body == nil || (rt.Method != "POST" && rt.Method != "PATCH" && rt.Method != "PUT") {
					continue
				}
				for _, v := range w.variants(rt.Path) {
					if v.private || strings.Contains(v.path, "987654321") {
						continue
					}
					for _, body := range []string{`null`, ` null `, `[]`, `[{"title":"x"}]`, `"x"`, `1`, `true`} {
						res, got := coord.do(rt.Method, v.path, "application/json", body, true)
						checked++
						if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "the body must be a JSON object") {
							t.Errorf("%s %s with %s: %d %.200s, want 422", rt.Method, v.path, body, res.StatusCode, got)
						}
					}
				}
			}
			if checked < 50 {
				t.Errorf("only %d requests: the walk missed the routes", checked)
			}
		})
	}
}
