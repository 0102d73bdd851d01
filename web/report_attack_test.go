package web_test

import (
	"net/http"
	"testing"
)

// The reporting and export surfaces attacked as an outsider would (docs/web.md,
// "Attacked as an outsider: reports, figures and exports"): each test keeps a finding.

// TestKPIHostileYear: a year the pages cannot mean is a 422 naming it, never a 500. A
// year past PostgreSQL's timestamps or int4 (/kpis?year=300000, 99999999999) used to
// reach the database and answer 500 there.
func TestKPIHostileYear(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			for _, tc := range []struct {
				path string
				code int
			}{
				{"/kpis?year=2027", http.StatusOK},
				{"/kpis", http.StatusOK},
				{"/kpis?year=300000", http.StatusUnprocessableEntity},
				{"/kpis?year=99999999999", http.StatusUnprocessableEntity},
				{"/kpis?year=9223372036854775807", http.StatusUnprocessableEntity},
				{"/kpis?year=-5", http.StatusUnprocessableEntity},
				{"/kpis?year=20x7", http.StatusUnprocessableEntity},
				{"/kpis/companies?year=2027", http.StatusOK},
				{"/kpis/companies?year=300000", http.StatusUnprocessableEntity},
				{"/kpis/companies?year=9223372036854775807", http.StatusUnprocessableEntity},
				{"/api/v1/kpis?year=300000", http.StatusUnprocessableEntity},
			} {
				res, body := bob.do("GET", tc.path, "", "", tc.path[:5] == "/api/")
				if res.StatusCode != tc.code {
					t.Errorf("%s: %d, want %d\n%.300s", tc.path, res.StatusCode, tc.code, body)
				}
			}
		})
	}
}
