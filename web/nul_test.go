package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle/store"
)

// TestNULRefused walks every route that takes input and sends a NUL character in each
// text field (form values, query strings, JSON bodies): every one answers 422 naming
// the field, on both databases (PostgreSQL used to answer 500, SQLite stored it).
func TestNULRefused(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testNULRefused(t, db) })
	}
}

func testNULRefused(t *testing.T, db *store.DB) {
	w := newAgreementWorld(t, db)
	coord := w.client(t, "coord")
	fields := []string{"name", "title", "last_name", "first_name", "email", "code", "label_en", "description", "notes", "funding[0].funder", "q"}
	checked := 0
	for _, rt := range w.handler.Routes() {
		for _, v := range w.variants(rt.Path) {
			if v.private || strings.Contains(v.path, "987654321") {
				continue
			}
			for _, f := range fields {
				var res *http.Response
				var body string
				switch {
				case rt.Method == "GET" || rt.Method == "DELETE":
					res, body = coord.do(rt.Method, v.path+"?"+url.Values{f: {"x\x00y"}}.Encode(), "", "", rt.API)
				case rt.API:
					if rt.Body == nil {
						continue
					}
					b, _ := json.Marshal(map[string]any{f: "x\x00y"})
					res, body = coord.do(rt.Method, v.path, "application/json", string(b), true)
				default:
					res, body = coord.do(rt.Method, v.path, "application/x-www-form-urlencoded", url.Values{f: {"x\x00y"}}.Encode(), false)
				}
				checked++
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s %s with a NUL in %s: %d, want 422", rt.Method, v.path, f, res.StatusCode)
					continue
				}
				if !strings.Contains(body, "NUL character") || !strings.Contains(body, f) {
					t.Errorf("%s %s with a NUL in %s: the answer does not name the field: %.300s", rt.Method, v.path, f, body)
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d requests checked", checked)
	}
}
