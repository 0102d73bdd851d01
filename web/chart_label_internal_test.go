package web

import (
	"reflect"
	"testing"
)

// TestFitLabel: a chart's label fits left of its bars: broken at spaces, a word longer
// than a line cut, the rest ended by an ellipsis.
func TestFitLabel(t *testing.T) {
	for _, tc := range []struct {
		in    string
		lines int
		want  []string
	}{
		{"France", 1, []string{"France"}},
		{"Biotechnologies de la santé", 2, []string{"Biotechnologies de la", "santé"}},
		{"Biotechnologies de la santé", 1, []string{"Biotechnologies de la…"}},
		{"République démocratique du Congo", 1, []string{"République démocratiq…"}},
		{"Saint-Vincent-et-les-Grenadines", 1, []string{"Saint-Vincent-et-les-…"}},
		{"Saint-Vincent-et-les-Grenadines", 2, []string{"Saint-Vincent-et-les-G", "renadines"}},
		{"one two three four five six seven eight nine ten eleven", 2, []string{"one two three four", "five six seven eight…"}},
		{"Diagnostic et vaccins", 2, []string{"Diagnostic et vaccins"}},
		{"", 2, nil},
	} {
		if got := fitLabel(tc.in, tc.lines); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("fitLabel(%q, %d) = %q, want %q", tc.in, tc.lines, got, tc.want)
		}
	}
}
