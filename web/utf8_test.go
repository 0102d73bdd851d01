package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle/store"
)

// TestInvalidUTF8Refused sends bytes that are not UTF-8 in each text field of every
// page's form and query string: every one answers 422 naming the field, on both
// databases (PostgreSQL cannot store them and answered 500; SQLite stored them, and
// pages and exports then wrote them back). JSON bodies are decoded with U+FFFD in
// their place.
func TestInvalidUTF8Refused(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testInvalidUTF8Refused(t, db) })
	}
}

func testInvalidUTF8Refused(t *testing.T, db *store.DB) {
	w := newAgreementWorld(t, db)
	coord := w.client(t, "coord")
	fields := []string{"name", "title", "last_name", "first_name", "note", "notes", "purpose", "q"}
	checked := 0
	for _, rt := range w.handler.Routes() {
		if rt.API {
			continue
		}
		for _, v := range w.variants(rt.Path) {
			if v.private || strings.Contains(v.path, "987654321") {
				continue
			}
			for _, f := range fields {
				var res *http.Response
				var body string
				if rt.Method == "GET" {
					res, body = coord.do(rt.Method, v.path+"?"+url.Values{f: {"x\xff\xfey"}}.Encode(), "", "", false)
				} else {
					res, body = coord.do(rt.Method, v.path, "application/x-www-form-urlencoded", url.Values{f: {"x\xff\xfey"}}.Encode(), false)
				}
				checked++
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s %s with bytes not UTF-8 in %s: %d, want 422", rt.Method, v.path, f, res.StatusCode)
					continue
				}
				if !strings.Contains(body, "UTF-8") || !strings.Contains(body, f) {
					t.Errorf("%s %s with bytes not UTF-8 in %s: the answer does not name the field: %.300s", rt.Method, v.path, f, body)
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d requests checked", checked)
	}
}
