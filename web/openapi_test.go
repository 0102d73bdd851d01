package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"passerelle/web"
)

// TestOpenAPI checks the served document against the route table and the mux: every
// API route is documented, every documented operation is served (not the fallback).
func TestOpenAPI(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	c := w.client(t, "coord")
	res, body := c.get("/api/v1/openapi.json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("openapi: %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	seen := 0
	for _, rt := range w.handler.Routes() {
		if !rt.API {
			continue
		}
		seen++
		if _, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("%s %s is not documented", rt.Method, rt.Path)
		}
	}
	n := 0
	for path, ops := range doc.Paths {
		for method := range ops {
			n++
			if !strings.HasPrefix(path, "/api/v1/") {
				t.Errorf("documented path %s is outside /api/v1", path)
			}
			found := false
			for _, rt := range w.handler.Routes() {
				found = found || (rt.API && rt.Path == path && strings.ToLower(rt.Method) == method)
			}
			if !found {
				t.Errorf("documented %s %s is not in the route table", method, path)
			}
			// The mux serves it: a real handler answers, not the fallback's 404 or a 405.
			p := strings.NewReplacer("{org}", "1", "{person}", "1", "{link}", "1", "{affiliation}", "1").Replace(path)
			r, b := c.do(strings.ToUpper(method), p, "application/json", "{}", true)
			if r.StatusCode == http.StatusMethodNotAllowed || strings.Contains(b, "page not found") {
				t.Errorf("%s %s is documented but not served: %d %s", method, p, r.StatusCode, b)
			}
		}
	}
	if n != seen || n < 8 {
		t.Errorf("%d documented operations, %d API routes", n, seen)
	}
	_ = web.Public
}
