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

// TestDatesFromYear1000: a date, like a bare year, is from the year 1000 on; the year
// 0000 of a spreadsheet's zero date (or 0999) was taken as a date while "0999" alone
// was refused.
func TestDatesFromYear1000(t *testing.T) {
	for _, tc := range []struct {
		s            string
		iso, partial bool
	}{
		{"0000-01-01", false, false},
		{"0999-12-31", false, false},
		{"1000-01-01", true, true},
		{"2013-02-28", true, true},
		{"2013-02-30", false, false},
		{"0000-01", false, false},
		{"0999-12", false, false},
		{"1000-01", false, true},
		{"0999", false, false},
		{"1000", false, true},
	} {
		if got := IsISODate(tc.s); got != tc.iso {
			t.Errorf("IsISODate(%q) = %v, want %v", tc.s, got, tc.iso)
		}
		if got := IsPartialDate(tc.s); got != tc.partial {
			t.Errorf("IsPartialDate(%q) = %v, want %v", tc.s, got, tc.partial)
		}
	}
	// Through a record that uses them: an agreement.
	if err := (&Agreement{Title: "x", SignedDate: "0000-01-01"}).Validate(); ErrorFields(err)["signed_date"] == "" {
		t.Errorf("an agreement signed on 0000-01-01: %v", err)
	}
	if err := (&Agreement{Title: "x", StartDate: "0500-06"}).Validate(); ErrorFields(err)["start_date"] == "" {
		t.Errorf("an agreement starting in 0500-06: %v", err)
	}
}
