package web

import (
	"strings"
	"testing"
)

// TestSafeNext feeds the redirect after sign-in hostile values: only plain local paths
// survive, everything else becomes "/".
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/organizations", "/organizations"},
		{"/organizations?q=ros%C3%A9&country=FR", "/organizations?q=ros%C3%A9&country=FR"},
		{"/people/12/edit", "/people/12/edit"},
		{"/invitations/inv_abc-DEF_123", "/invitations/inv_abc-DEF_123"},
		{"", "/"},
		{"organizations", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"\t//evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"/x\\..\\..\\evil", "/"},
		{"https://evil.example/", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"/ /evil.example", "/"},
		{"/\u3000/evil.example", "/"},
		{"/\uff0f\uff0fevil.example", "/"},
		{"/%zz", "/"},
		{"/" + strings.Repeat("a", 3000), "/"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
