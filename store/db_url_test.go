package store

import "testing"

func TestWithPlannerDefaults(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u@h:5432/db", "postgres://u@h:5432/db?random_page_cost=1.1"},
		{"postgres://u@h/db?sslmode=disable", "postgres://u@h/db?random_page_cost=1.1&sslmode=disable"},
		// The operator's own value stands.
		{"postgres://u@h/db?random_page_cost=4", "postgres://u@h/db?random_page_cost=4"},
		{"postgresql://u:p%40ss@h/db", "postgresql://u:p%40ss@h/db?random_page_cost=1.1"},
	} {
		if got := withPlannerDefaults(tc.in); got != tc.want {
			t.Errorf("withPlannerDefaults(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
