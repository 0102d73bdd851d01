package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// TestTimelineChartBounds: the run-up chart stays within its plot whatever the days: one
// day (a line from the left edge), thousands (a run-up of years), and its x never goes
// back; thousands of days make no more points than the plot has columns.
func TestTimelineChartBounds(t *testing.T) {
	if c := newTimelineChart(nil, store.ScaleDay); c != nil {
		t.Errorf("no days: %+v", c)
	}
	one := newTimelineChart([]store.TimelinePoint{{Start: "2030-03-12", Label: "2030-03-12", Participants: 3, Requests: 1}}, store.ScaleDay)
	if one == nil || one.First != one.Last || one.TotalP != 3 || one.Max != 3 {
		t.Fatalf("one day: %+v", one)
	}
	if want := "40,170 40,12 510,12"; one.Participants != want {
		t.Errorf("one day's participants: %q, want %q", one.Participants, want)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var days []store.TimelinePoint
	for i := range 4000 {
		d := start.AddDate(0, 0, i).Format(time.DateOnly)
		days = append(days, store.TimelinePoint{Start: d, Label: d, Participants: 1, Requests: i % 3})
	}
	c := newTimelineChart(days, store.ScaleDay)
	for _, line := range []string{c.Participants, c.Requests} {
		lastX := 0
		pts := strings.Fields(line)
		for _, p := range pts {
			x, y, _ := strings.Cut(p, ",")
			xi, err1 := strconv.Atoi(x)
			yi, err2 := strconv.Atoi(y)
			if err1 != nil || err2 != nil || xi < tlLeft || xi > tlRight || yi < tlTop || yi > tlBottom || xi < lastX {
				t.Fatalf("point %q out of the plot (after x %d)", p, lastX)
			}
			lastX = xi
		}
		if !strings.HasSuffix(line, " 510,12") && line == c.Participants {
			t.Errorf("the participants' line ends %q", pts[len(pts)-1])
		}
	}
	// At most two points a column of the plot, not four a day.
	if n := len(c.Participants) + len(c.Requests); n > 2*2*(tlRight-tlLeft+1)*len("510,170 ") {
		t.Errorf("%d days: %d bytes of points", len(days), n)
	}

	// Weeks and months are columns of their own: the second week of three (a gap
	// between) starts a third of the way, the month after a gap of one two thirds.
	for _, c := range []struct {
		scale string
		pts   []store.TimelinePoint
		want  string
	}{
		{store.ScaleWeek, []store.TimelinePoint{{Start: "2026-12-21", Label: "2026-W52", Participants: 1}, {Start: "2027-01-04", Label: "2027-W01", Participants: 1}},
			"40,170 40,91 353,91 353,12 510,12"},
		{store.ScaleMonth, []store.TimelinePoint{{Start: "2026-11-01", Label: "2026-11", Participants: 1}, {Start: "2027-01-01", Label: "2027-01", Participants: 1}},
			"40,170 40,91 353,91 353,12 510,12"},
	} {
		ch := newTimelineChart(c.pts, c.scale)
		if ch.Participants != c.want || ch.First != c.pts[0].Label || ch.Last != c.pts[1].Label || ch.Scale != c.scale {
			t.Errorf("%s: %+v, want points %q", c.scale, ch, c.want)
		}
	}
}
