package passerelle

import (
	"testing"
	"time"
)

// TestRecordDatesFromYear1000: every record's dates follow IsISODate's bound, as the
// agreements' do; a follow-up, a consent, an event's day or phase, an opportunity's or
// a project's date and a mission target's availability took 0000-01-01.
func TestRecordDatesFromYear1000(t *testing.T) {
	start := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, field string
		check       func(date string) error
	}{
		{"meeting", "follow_up", func(d string) error {
			return (&Meeting{Title: "x", Start: start, End: start.Add(time.Hour), TimeZone: "UTC", FollowUp: d}).Validate()
		}},
		{"consent", "given_on", func(d string) error { return (&Consent{Basis: BasisConsent, GivenOn: d}).Validate() }},
		{"opportunity", "deadline", func(d string) error { return (&Opportunity{Title: "x", MemberID: 1, Deadline: d}).Validate() }},
		{"follow-up", "due_date", func(d string) error { return (&FollowUp{Title: "x", MemberID: 1, DueDate: d}).Validate() }},
		{"event", "days[0].date", func(d string) error {
			return (&Event{Slug: "x", Name: "x", TimeZone: "UTC", MeetingMinutes: 30, Tables: []string{"1"},
				Days: []EventDay{{Date: d, Start: "09:00", End: "17:00"}}}).Validate()
		}},
	} {
		for _, date := range []string{"0000-01-01", "0999-12-31"} {
			if f := ErrorFields(tc.check(date)); f[tc.field] == "" {
				t.Errorf("%s: %s %s taken (%v)", tc.name, tc.field, date, f)
			}
		}
		if f := ErrorFields(tc.check("2027-03-11")); f[tc.field] != "" {
			t.Errorf("%s: %s 2027-03-11 refused: %s", tc.name, tc.field, f[tc.field])
		}
	}
	if _, err := ParseAvailability("0000-01-01 09:00-12:00"); err == nil {
		t.Error("availability on 0000-01-01 taken")
	}
}
