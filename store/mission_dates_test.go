package store

import (
	"testing"

	"passerelle"
)

// TestMissionDatesFromYear1000: a mission's dates follow the records' bound; 0000-01-01
// was a start date.
func TestMissionDatesFromYear1000(t *testing.T) {
	for _, tc := range []struct{ start, end, field string }{
		{"0000-01-01", "2027-03-11", "start_date"},
		{"2027-03-10", "0999-12-31", "end_date"},
		{"2027-03-10", "2027-03-11", ""},
	} {
		m := &passerelle.Mission{Slug: "m", Name: "Mission", StartDate: tc.start, EndDate: tc.end, TimeZone: "UTC", MeetingMinutes: 60}
		f := passerelle.ErrorFields(validateMission(m))
		if tc.field != "" && f[tc.field] == "" || tc.field == "" && f["start_date"]+f["end_date"] != "" {
			t.Errorf("%s – %s: %v, want a problem on %q", tc.start, tc.end, f, tc.field)
		}
	}
}
