package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestOpportunityFormAllProblems: an opportunity refused for an amount it cannot read
// also names its other problems (a deadline that is no date), and keeps what was typed;
// the deadline was named only on the next try.
func TestOpportunityFormAllProblems(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			res, body := bob.do("POST", "/pipeline/new", formType, form("meeting_id", id(w.meetShr.ID), "title", "Joint proposal", "stage", "identified",
				"value", "12abc", "deadline", "2027-13-45", "next_action", "Call back", "visibility", "shared"), false)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("refused: %d", res.StatusCode)
			}
			for _, want := range []string{"an amount in euros", "a date such as 2017-05-16", `value="12abc"`, `value="2027-13-45"`, `value="Call back"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the refused form lacks %q", want)
				}
			}
		})
	}
}
