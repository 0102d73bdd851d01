package web

import (
	"testing"

	"passerelle"
)

// TestGroupRecent: a run of one action on one kind of record by one user is one line
// of the dashboard's recent changes, with how many more; another user, action or kind
// starts a line; a run that reaches the last entry read says "or more" when older
// entries were not read.
func TestGroupRecent(t *testing.T) {
	e := func(action, entity string, user int64) *passerelle.AuditEntry {
		return &passerelle.AuditEntry{Action: action, Entity: entity, UserID: user}
	}
	imported := []*passerelle.AuditEntry{e("update", "meeting", 1), e("create", "organization", 2), e("create", "organization", 2),
		e("create", "organization", 2), e("create", "organization", 1), e("delete", "organization", 1), e("delete", "organization", 1)}
	for _, tc := range []struct {
		name      string
		es        []*passerelle.AuditEntry
		lines     int
		truncated bool
		more      []int
		atLeast   bool
	}{
		{"runs", imported, 10, false, []int{0, 2, 0, 1}, false},
		{"cut at the lines", imported, 2, false, []int{0, 2}, false},
		{"older not read", imported, 10, true, []int{0, 2, 0, 1}, true},
		{"none", nil, 10, true, nil, false},
	} {
		got := groupRecent(tc.es, tc.lines, tc.truncated)
		if len(got) != len(tc.more) {
			t.Fatalf("%s: %d lines, want %d", tc.name, len(got), len(tc.more))
		}
		for i, g := range got {
			if g.More != tc.more[i] {
				t.Errorf("%s: line %d has %d more, want %d", tc.name, i, g.More, tc.more[i])
			}
			if want := tc.atLeast && i == len(got)-1; g.AtLeast != want {
				t.Errorf("%s: line %d at least %v, want %v", tc.name, i, g.AtLeast, want)
			}
		}
	}
}
