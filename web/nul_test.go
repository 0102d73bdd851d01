package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle/store"
	"passerelle/web"
)

// TestNULRefused walks every route that takes input and sends a NUL character in each
// text field (form values, query strings, JSON bodies): every one answers 422 naming
// the field, on both databases (PostgreSQL used to answer 500, SQLite stored it).
func TestNULRefused(t *testing.T) {
	fields := []string{"name", "title", "last_name", "first_name", "email", "code", "label_en", "description", "notes", "funding[0].funder", "q"}
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testBadTextRefused(t, db, fields, "x\x00y", "NUL character", true) })
	}
}

// TestInvalidUTF8Refused sends bytes that are not UTF-8 in each text field of every
// page's form and query string: every one answers 422 naming the field, on both
// databases (PostgreSQL cannot store them and answered 500; SQLite stored them, and
// pages and exports then wrote them back). JSON bodies are decoded with U+FFFD in
// their place, so the API's routes are not walked.
func TestInvalidUTF8Refused(t *testing.T) {
	fields := []string{"name", "title", "last_name", "first_name", "note", "notes", "purpose", "q"}
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testBadTextRefused(t, db, fields, "x\xff\xfey", "UTF-8", false) })
	}
}

// testBadTextRefused sends bad in each of fields to every route (the API's too when
// api), as a query string, a form (urlencoded, and multipart beside a file) or a JSON
// body, and wants 422 with a message that holds want and the field's name.
func testBadTextRefused(t *testing.T, db *store.DB, fields []string, bad, want string, api bool) {
	w := newAgreementWorld(t, db)
	coord := w.client(t, "coord")
	checked := 0
	check := func(rt web.Route, path, f, how string, res *http.Response, body string) {
		t.Helper()
		checked++
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s %s with %q in %s%s: %d, want 422", rt.Method, path, bad, f, how, res.StatusCode)
			return
		}
		if !strings.Contains(body, want) || !strings.Contains(body, f) {
			t.Errorf("%s %s with %q in %s%s: the answer does not name the field: %.300s", rt.Method, path, bad, f, how, body)
		}
	}
	for _, rt := range w.handler.Routes() {
		if rt.API && !api {
			continue
		}
		for _, v := range w.variants(rt.Path) {
			if v.private || strings.Contains(v.path, "987654321") {
				continue
			}
			for _, f := range fields {
				var res *http.Response
				var body string
				switch {
				case rt.Method == "GET" || rt.Method == "DELETE":
					res, body = coord.do(rt.Method, v.path+"?"+url.Values{f: {bad}}.Encode(), "", "", rt.API)
				case rt.API:
					if rt.Body == nil {
						continue
					}
					b, _ := json.Marshal(map[string]any{f: bad})
					res, body = coord.do(rt.Method, v.path, "application/json", string(b), true)
				default:
					res, body = coord.do(rt.Method, v.path, "application/x-www-form-urlencoded", url.Values{f: {bad}}.Encode(), false)
					check(rt, v.path, f, "", res, body)
					// The same field in a multipart form (a file upload's form carries text
					// fields too), beside a file whose bytes are neither: files are not checked.
					ctype, mp := multipartBody(t, "upload.bin", []byte("\x00\xff\xfe binary"), map[string]string{f: bad})
					res, body = coord.do(rt.Method, v.path, ctype, mp, false)
					check(rt, v.path, f, " (multipart)", res, body)
					continue
				}
				check(rt, v.path, f, "", res, body)
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d requests checked", checked)
	}
}
