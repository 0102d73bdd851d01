package passerelle

import (
	"testing"
	"time"
)

func TestLoadZone(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"Europe/Paris", true}, {"Asia/Tokyo", true}, {"UTC", true}, {"Mars/Olympus", false}, {"../../etc/passwd", false}} {
		a, errA := LoadZone(tc.name)
		b, errB := LoadZone(tc.name)
		if (errA == nil) != tc.ok || (errB == nil) != tc.ok {
			t.Errorf("%s: errors %v, %v", tc.name, errA, errB)
			continue
		}
		if tc.ok && (a != b || a.String() != tc.name) {
			t.Errorf("%s: the second load gave %p (%s), the first %p", tc.name, b, b, a)
		}
	}
}

// TestContactMeetingDay: the contact book's "met on" is the meeting's day in its own
// zone, not in UTC.
func TestContactMeetingDay(t *testing.T) {
	for _, tc := range []struct{ utc, zone, want string }{
		{"2027-03-09T23:00:00Z", "Asia/Tokyo", "2027-03-10"},
		{"2027-03-10T03:00:00Z", "America/New_York", "2027-03-09"},
		{"2027-03-09T23:00:00Z", "", "2027-03-09"},
		{"2027-03-09T23:00:00Z", "Nowhere/Else", "2027-03-09"},
	} {
		at, _ := time.Parse(time.RFC3339, tc.utc)
		if got := (ContactMeeting{Start: at, TimeZone: tc.zone}).Day(); got != tc.want {
			t.Errorf("%s in %q: %s, want %s", tc.utc, tc.zone, got, tc.want)
		}
	}
}
