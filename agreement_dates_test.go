package passerelle

import (
	"strings"
	"testing"
)

// TestAgreementDateMessage: a date the register cannot read is quoted in the message, so
// that an import's "start_date" problem shows what the file held ("31/12/2026", or the
// serial number of a spreadsheet cell).
func TestAgreementDateMessage(t *testing.T) {
	for _, tc := range []struct{ start, end, want string }{
		{"31/12/2026", "", `start_date: use YYYY, YYYY-MM or YYYY-MM-DD, not "31/12/2026"`},
		{"2026", "46023", `end_date: use YYYY, YYYY-MM or YYYY-MM-DD, not "46023"`},
	} {
		a := &Agreement{Title: "Lyon – Montréal", StartDate: tc.start, EndDate: tc.end}
		if err := a.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q–%q: %v, want %s", tc.start, tc.end, err, tc.want)
		}
	}
}
