package scheduling

import (
	"testing"
	"time"

	"passerelle"
)

// TestClockDST: the clock's local times map to the right instants on the days the
// clocks change, and back; slots in a change's gap or overlap are refused by field.
func TestClockDST(t *testing.T) {
	for _, tc := range []struct {
		name      string
		clock     Clock
		slot      int
		wantStart string // UTC
		wantEnd   string
		perDay    int
		morning   int
	}{
		{"Paris winter", Clock{Days: []string{"2027-03-27", "2027-03-28"}, Start: "09:00", End: "12:00", SlotMinutes: 30, TimeZone: "Europe/Paris"},
			1, "2027-03-27T08:00:00Z", "2027-03-27T08:30:00Z", 6, 6},
		{"Paris, the day summer time starts", Clock{Days: []string{"2027-03-27", "2027-03-28"}, Start: "09:00", End: "12:00", SlotMinutes: 30, TimeZone: "Europe/Paris"},
			7, "2027-03-28T07:00:00Z", "2027-03-28T07:30:00Z", 6, 6},
		{"Paris, the day winter time returns", Clock{Days: []string{"2027-10-30", "2027-10-31"}, Start: "09:00", End: "18:00", SlotMinutes: 60,
			Breaks: []Break{{"12:00", "14:00"}}, TimeZone: "Europe/Paris"}, 8, "2027-10-31T08:00:00Z", "2027-10-31T09:00:00Z", 7, 3},
		{"New York across its change", Clock{Days: []string{"2027-03-13", "2027-03-14"}, Start: "08:00", End: "10:00", SlotMinutes: 20, TimeZone: "America/New_York"},
			7, "2027-03-14T12:00:00Z", "2027-03-14T12:20:00Z", 6, 6},
		{"Tokyo, no change", Clock{Days: []string{"2027-06-01"}, Start: "13:30", End: "15:00", SlotMinutes: 45, TimeZone: "Asia/Tokyo", MorningEnd: "14:00"},
			2, "2027-06-01T05:15:00Z", "2027-06-01T06:00:00Z", 2, 1},
		{"Sydney, the day summer time ends", Clock{Days: []string{"2027-04-04"}, Start: "09:00", End: "10:00", SlotMinutes: 60, TimeZone: "Australia/Sydney"},
			1, "2027-04-03T23:00:00Z", "2027-04-04T00:00:00Z", 1, 1},
		{"a break cuts the slot it overlaps", Clock{Days: []string{"2027-01-05"}, Start: "09:00", End: "11:00", SlotMinutes: 45,
			Breaks: []Break{{"10:00", "10:15"}}, TimeZone: "UTC"}, 1, "2027-01-05T09:00:00Z", "2027-01-05T09:45:00Z", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.clock
			if err := c.Prepare(); err != nil {
				t.Fatal(err)
			}
			if c.SlotsPerDay() != tc.perDay || c.MorningSlots() != tc.morning {
				t.Errorf("slots per day %d, morning %d; want %d, %d", c.SlotsPerDay(), c.MorningSlots(), tc.perDay, tc.morning)
			}
			a, b := c.Span(tc.slot)
			if a.Format(time.RFC3339) != tc.wantStart || b.Format(time.RFC3339) != tc.wantEnd {
				t.Errorf("slot %d: %s – %s, want %s – %s", tc.slot, a.Format(time.RFC3339), b.Format(time.RFC3339), tc.wantStart, tc.wantEnd)
			}
			for s := 1; s <= c.Slots(); s++ {
				a, _ := c.Span(s)
				if got := c.SlotAt(a); got != s {
					t.Errorf("slot %d starts at %s, which maps back to slot %d", s, a, got)
				}
			}
			if c.SlotAt(a.Add(time.Minute)) != 0 {
				t.Errorf("a minute after a slot's start is a slot")
			}
		})
	}
	for _, tc := range []struct {
		name, field string
		clock       Clock
	}{
		{"a gap: 02:30 does not exist in Paris on 2027-03-28", "clock.days[0]",
			Clock{Days: []string{"2027-03-28"}, Start: "02:00", End: "04:00", SlotMinutes: 30, TimeZone: "Europe/Paris"}},
		{"an overlap: 02:30 happens twice in Paris on 2027-10-31", "clock.days[1]",
			Clock{Days: []string{"2027-10-30", "2027-10-31"}, Start: "02:00", End: "03:00", SlotMinutes: 30, TimeZone: "Europe/Paris"}},
		{"unknown zone", "clock.time_zone", Clock{Days: []string{"2027-01-05"}, Start: "09:00", End: "10:00", SlotMinutes: 30, TimeZone: "Mars/Olympus"}},
		{"server zone", "clock.time_zone", Clock{Days: []string{"2027-01-05"}, Start: "09:00", End: "10:00", SlotMinutes: 30, TimeZone: "Local"}},
		{"days out of order", "clock.days[1]", Clock{Days: []string{"2027-01-05", "2027-01-04"}, Start: "09:00", End: "10:00", SlotMinutes: 30, TimeZone: "UTC"}},
		{"bad date", "clock.days[0]", Clock{Days: []string{"5 Jan"}, Start: "09:00", End: "10:00", SlotMinutes: 30, TimeZone: "UTC"}},
		{"end before start", "clock.end", Clock{Days: []string{"2027-01-05"}, Start: "10:00", End: "09:00", SlotMinutes: 30, TimeZone: "UTC"}},
		{"slot too long", "clock.slot_minutes", Clock{Days: []string{"2027-01-05"}, Start: "09:00", End: "10:00", SlotMinutes: 90, TimeZone: "UTC"}},
		{"bad break", "clock.breaks[0]", Clock{Days: []string{"2027-01-05"}, Start: "09:00", End: "10:00", SlotMinutes: 30, TimeZone: "UTC", Breaks: []Break{{"10:00", "09:00"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.clock.Prepare()
			if _, ok := passerelle.ErrorFields(err)[tc.field]; !ok {
				t.Errorf("error %v does not name %s", err, tc.field)
			}
		})
	}
}
