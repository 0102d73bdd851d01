package web

import (
	"slices"
	"testing"
)

// TestReportCountries: a section's countries may be codes or names, in English or
// French, separated by commas, semicolons or lines, or codes by spaces; what is not a
// country is kept as written for the check to name.
func TestReportCountries(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"JP, Japon", []string{"JP", "JP"}},
		{"United States; Royaume-Uni\nCôte d'Ivoire", []string{"US", "GB", "CI"}},
		{"jp us fr", []string{"JP", "US", "FR"}},
		{"JP, Atlantis", []string{"JP", "Atlantis"}},
		{"JP Atlantis", []string{"JP Atlantis"}},
		{" , ;", nil},
	} {
		if got := reportCountries(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("reportCountries(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
