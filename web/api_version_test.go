package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestPatchVersionZero: every PATCH that takes a "version" tells an absent one (the
// change applies to the record as it is now) from 0, which no record has: a 0, or less,
// is refused with 422 naming the field and nothing is saved, where it used to be taken
// for no version and so skipped the check the client asked for; an older version is
// 409, the current one or null is applied.
func TestPatchVersionZero(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	bob := w.client(t, "bob")
	for _, tc := range []struct {
		name, path, field string
	}{
		{"organization", "/api/v1/organizations/" + id(w.shared.ID), "city"},
		{"person", "/api/v1/people/" + id(w.sharedP.ID), "first_name"},
		{"agreement", "/api/v1/agreements/" + id(w.agrShr.ID), "title"},
		{"project", "/api/v1/projects/" + id(w.projShr.ID), "title"},
		{"opportunity", "/api/v1/opportunities/" + id(w.oppShr.ID), "title"},
		{"meeting", "/api/v1/meetings/" + id(w.meetShr.ID), "title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			patch := func(version, value string) (*http.Response, string) {
				body := fmt.Sprintf(`{%q: %q}`, tc.field, value)
				if version != "" {
					body = fmt.Sprintf(`{"version": %s, %q: %q}`, version, tc.field, value)
				}
				return bob.do("PATCH", tc.path, "application/json", body, true)
			}
			for _, v := range []string{"0", "-1"} {
				res, body := patch(v, "Version "+v+" value")
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"version":`) {
					t.Errorf("version %s: %d %.300s, want 422 naming version", v, res.StatusCode, body)
				}
			}
			if _, body := bob.do("GET", tc.path, "", "", true); strings.Contains(body, "Version 0 value") || strings.Contains(body, "Version -1 value") {
				t.Errorf("a refused PATCH saved: %.300s", body)
			}
			res, body := patch("", "Without version")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("without version: %d %.300s", res.StatusCode, body)
			}
			var current int64
			if i := strings.Index(body, `"version":`); i >= 0 {
				fmt.Sscan(body[i+len(`"version":`):], &current)
			}
			if current < 2 {
				t.Fatalf("version after a change: %d in %.300s", current, body)
			}
			if res, body := patch(fmt.Sprint(current-1), "Stale"); res.StatusCode != http.StatusConflict {
				t.Errorf("an older version: %d %.300s, want 409", res.StatusCode, body)
			}
			if res, body := patch("null", "With null"); res.StatusCode != http.StatusOK {
				t.Errorf("version null: %d %.300s", res.StatusCode, body)
			}
			if res, body := patch(fmt.Sprint(current+1), "With current"); res.StatusCode != http.StatusOK || !strings.Contains(body, "With current") {
				t.Errorf("the current version: %d %.300s", res.StatusCode, body)
			}
		})
	}
}
