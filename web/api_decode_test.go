package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPIStrictJSON: unknown fields and data after the object are refused with 422
// naming them, and a value of the wrong kind is described in words, not Go types.
func TestAPIStrictJSON(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newAgreementWorld(t, db)
	bob := w.client(t, "bob")
	for _, tc := range []struct{ path, body, want string }{
		{"/api/v1/organizations", `{"name":"Strict","kind":"company","nmae":"typo"}`, `"nmae":"unknown field"`},
		{"/api/v1/organizations", `{"name":"Strict","kind":"company"} {"name":"second"}`, "after the JSON object"},
		{"/api/v1/organizations", `{"name":"Strict","kind":"company"}]`, "after the JSON object"},
		{"/api/v1/organizations", `{"name":"Strict","established":"1990"}`, `"established":"expected a whole number, got text"`},
		{"/api/v1/agreements", `{"title":"Strict","funding":[{"funder":"A","year":"next"}]}`, `"funding.year":"expected a whole number, got text"`},
		{"/api/v1/agreements", `{"title":"Strict","published":"yes"}`, `"published":"expected true or false, got text"`},
		{"/api/v1/agreements", `{"title":"Strict","partners":{}}`, `"partners":"expected a list, got an object"`},
	} {
		res, body := bob.do("POST", tc.path, "application/json", tc.body, true)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s: %d %s, want %s", tc.path, tc.body, res.StatusCode, body, tc.want)
		}
		if strings.Contains(body, "int64") || strings.Contains(body, "Go struct") || strings.Contains(body, "passerelle.") {
			t.Errorf("%s: the message names Go types: %s", tc.body, body)
		}
	}
	// Trailing spaces are fine.
	if res, body := bob.do("POST", "/api/v1/organizations", "application/json", "{\"name\":\"Strict\",\"kind\":\"company\"}\n \n", true); res.StatusCode != http.StatusCreated {
		t.Errorf("trailing space: %d %s", res.StatusCode, body)
	}
}
