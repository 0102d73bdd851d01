package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestTimelineBucket: an instant's day, ISO week and month are taken in the event's
// zone: a Sunday evening in UTC is Monday in Tokyo, in the next week; the last hours of
// a month or a year in UTC are the next in Tokyo, and the first hours of a month in UTC
// the last of the previous one in Los Angeles; the days around New Year 2027 belong to
// ISO week 2026-W53, named by its number and starting on its Monday.
func TestTimelineBucket(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	la, _ := time.LoadLocation("America/Los_Angeles")
	paris, _ := time.LoadLocation("Europe/Paris")
	utc := time.UTC
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		at           string
		zone         *time.Location
		scale        string
		start, label string
	}{
		// Sunday 2026-12-27 23:30 UTC is Monday 08:30 in Tokyo.
		{"2026-12-27T23:30:00Z", utc, store.ScaleWeek, "2026-12-21", "2026-W52"},
		{"2026-12-27T23:30:00Z", tokyo, store.ScaleWeek, "2026-12-28", "2026-W53"},
		// Sunday 23:30 in Tokyo is Sunday 14:30 UTC: the same week in both.
		{"2026-12-27T14:30:00Z", tokyo, store.ScaleWeek, "2026-12-21", "2026-W52"},
		{"2026-12-27T14:30:00Z", utc, store.ScaleWeek, "2026-12-21", "2026-W52"},
		// Monday 00:30 in Tokyo is still Sunday in UTC.
		{"2026-12-27T15:30:00Z", tokyo, store.ScaleWeek, "2026-12-28", "2026-W53"},
		{"2026-12-27T15:30:00Z", utc, store.ScaleWeek, "2026-12-21", "2026-W52"},
		// The year's boundary: Thursday 2026-12-31 and Sunday 2027-01-03 are in 2026-W53,
		// Monday 2027-01-04 starts 2027-W01.
		{"2026-12-31T12:00:00Z", utc, store.ScaleWeek, "2026-12-28", "2026-W53"},
		{"2027-01-03T12:00:00Z", utc, store.ScaleWeek, "2026-12-28", "2026-W53"},
		{"2027-01-04T00:00:00Z", utc, store.ScaleWeek, "2027-01-04", "2027-W01"},
		// New Year's Eve 15:30 UTC is New Year's Day in Tokyo: another day, month, year,
		// but the same ISO week.
		{"2026-12-31T15:30:00Z", utc, store.ScaleDay, "2026-12-31", "2026-12-31"},
		{"2026-12-31T15:30:00Z", tokyo, store.ScaleDay, "2027-01-01", "2027-01-01"},
		{"2026-12-31T15:30:00Z", utc, store.ScaleMonth, "2026-12-01", "2026-12"},
		{"2026-12-31T15:30:00Z", tokyo, store.ScaleMonth, "2027-01-01", "2027-01"},
		{"2026-12-31T15:30:00Z", tokyo, store.ScaleWeek, "2026-12-28", "2026-W53"},
		// Month boundaries: the 31st of January late in UTC is February in Tokyo; the 1st
		// of March early in UTC is still February in Los Angeles (a common year).
		{"2027-01-31T16:00:00Z", utc, store.ScaleMonth, "2027-01-01", "2027-01"},
		{"2027-01-31T16:00:00Z", tokyo, store.ScaleMonth, "2027-02-01", "2027-02"},
		{"2027-03-01T07:00:00Z", la, store.ScaleMonth, "2027-02-01", "2027-02"},
		{"2027-03-01T07:00:00Z", utc, store.ScaleMonth, "2027-03-01", "2027-03"},
		// The night the clocks go forward in Paris: Sunday 23:30 there is 21:30 UTC.
		{"2026-03-29T21:30:00Z", paris, store.ScaleWeek, "2026-03-23", "2026-W13"},
		{"2026-03-29T22:30:00Z", paris, store.ScaleWeek, "2026-03-30", "2026-W14"},
		// A week across two months is one week, named by its Monday's ISO year.
		{"2027-03-02T12:00:00Z", utc, store.ScaleWeek, "2027-03-01", "2027-W09"},
		{"2027-02-28T12:00:00Z", utc, store.ScaleWeek, "2027-02-22", "2027-W08"},
	} {
		start, label := store.TimelineBucket(at(c.at), c.zone, c.scale)
		if start != c.start || label != c.label {
			t.Errorf("%s in %s by %s: %s %s, want %s %s", c.at, c.zone, c.scale, start, label, c.start, c.label)
		}
	}
}

// TestTimelineScales: the run-up's days summed by week and by month (buckets with
// nothing left out), the default scale by the span (days up to 62 days, weeks up to 53
// weeks, months beyond), and a scale that is not one refused naming the parameter,
// its value cut to 40 characters.
func TestTimelineScales(t *testing.T) {
	st := &store.EventStatistics{Timeline: []store.TimelineDay{
		{Day: "2026-11-30", Participants: 2}, {Day: "2026-12-06", Requests: 1}, {Day: "2026-12-07", Participants: 1, Requests: 2},
		{Day: "2026-12-31", Participants: 1}, {Day: "2027-01-01", Requests: 4}, {Day: "2027-01-04", Participants: 3}}}
	for _, c := range []struct{ scale, want, used string }{
		{store.ScaleDay, "[{2026-11-30 2026-11-30 2 0} {2026-12-06 2026-12-06 0 1} {2026-12-07 2026-12-07 1 2} {2026-12-31 2026-12-31 1 0} {2027-01-01 2027-01-01 0 4} {2027-01-04 2027-01-04 3 0}]", "day"},
		{store.ScaleWeek, "[{2026-11-30 2026-W49 2 1} {2026-12-07 2026-W50 1 2} {2026-12-28 2026-W53 1 4} {2027-01-04 2027-W01 3 0}]", "week"},
		{store.ScaleMonth, "[{2026-11-01 2026-11 2 0} {2026-12-01 2026-12 2 3} {2027-01-01 2027-01 3 4}]", "month"},
		// 36 days: by day.
		{"", "[{2026-11-30 2026-11-30 2 0} {2026-12-06 2026-12-06 0 1} {2026-12-07 2026-12-07 1 2} {2026-12-31 2026-12-31 1 0} {2027-01-01 2027-01-01 0 4} {2027-01-04 2027-01-04 3 0}]", "day"},
	} {
		got, used, err := st.TimelineAt(c.scale)
		if err != nil || fmt.Sprint(got) != c.want || used != c.used {
			t.Errorf("scale %q: %v (%s, %v), want %s (%s)", c.scale, got, used, err, c.want, c.used)
		}
	}
	if got, _, err := (&store.EventStatistics{}).TimelineAt(store.ScaleMonth); err != nil || len(got) != 0 {
		t.Errorf("no days: %v %v", got, err)
	}

	// The default by the span from the first day to the last, both counted.
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		days int
		want string
	}{{1, "day"}, {62, "day"}, {63, "week"}, {371, "week"}, {372, "month"}, {5 * 365, "month"}} {
		days := []store.TimelineDay{{Day: first.Format(time.DateOnly), Participants: 1}}
		if c.days > 1 {
			days = append(days, store.TimelineDay{Day: first.AddDate(0, 0, c.days-1).Format(time.DateOnly), Requests: 1})
		}
		if got := store.DefaultTimelineScale(days); got != c.want {
			t.Errorf("a span of %d days: %s, want %s", c.days, got, c.want)
		}
	}
	if got := store.DefaultTimelineScale(nil); got != store.ScaleDay {
		t.Errorf("no days: %s", got)
	}

	for _, bad := range []string{"year", "Week", "days", " day", strings.Repeat("w", 39) + "<script>alert(1)</script>"} {
		_, _, err := st.TimelineAt(bad)
		msg := passerelle.ErrorFields(err)["scale"]
		if passerelle.ErrorCode(err) != passerelle.EINVALID || msg == "" || strings.Contains(msg, "script") ||
			!strings.Contains(msg, passerelle.Clip(bad, passerelle.EchoLength)) {
			t.Errorf("scale %q: %v (%q)", bad, err, msg)
		}
	}
}
