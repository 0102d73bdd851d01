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
	if c := newTimelineChart(nil); c != nil {
		t.Errorf("no days: %+v", c)
	}
	one := newTimelineChart([]store.TimelineDay{{Day: "2030-03-12", Participants: 3, Requests: 1}})
	if one == nil || one.First != one.Last || one.TotalP != 3 || one.Max != 3 {
		t.Fatalf("one day: %+v", one)
	}
	if want := "40,170 40,12 510,12"; one.Participants != want {
		t.Errorf("one day's participants: %q, want %q", one.Participants, want)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var days []store.TimelineDay
	for i := range 4000 {
		days = append(days, store.TimelineDay{Day: start.AddDate(0, 0, i).Format(time.DateOnly), Participants: 1, Requests: i % 3})
	}
	c := newTimelineChart(days)
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
}
