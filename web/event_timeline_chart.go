package web

import (
	"strconv"
	"strings"
	"time"

	"passerelle/store"
)

// timelineChart is the statistics' run-up chart (server-rendered SVG): participants and
// meeting requests, each summed day by day from the first day either came, as two lines
// on one scale, so that the organiser sees registrations and requests pick up or stall.
type timelineChart struct {
	Participants, Requests string // the polylines' points
	First, Last            string // the first and last day, YYYY-MM-DD
	TotalP, TotalR, Max    int
}

// The plot's box within the 520 × 200 drawing: labels below and at the left.
const (
	tlLeft, tlRight, tlTop, tlBottom = 40, 510, 12, 170
)

// newTimelineChart lays out days (oldest first, as store.EventTimeline gives them); nil
// without any.
func newTimelineChart(days []store.TimelineDay) *timelineChart {
	if len(days) == 0 {
		return nil
	}
	first, err1 := time.Parse(time.DateOnly, days[0].Day)
	last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Day)
	if err1 != nil || err2 != nil {
		return nil
	}
	span := int(last.Sub(first).Hours()/24 + 0.5)
	c := &timelineChart{First: days[0].Day, Last: days[len(days)-1].Day}
	for _, d := range days {
		c.TotalP += d.Participants
		c.TotalR += d.Requests
	}
	c.Max = max(c.TotalP, c.TotalR, 1)
	// Each day is a column of the plot; a day's arrivals raise the line at its start,
	// and the last day's sum runs to the right edge.
	x := func(day string) int {
		t, _ := time.Parse(time.DateOnly, day)
		return tlLeft + int(t.Sub(first).Hours()/24+0.5)*(tlRight-tlLeft)/(span+1)
	}
	y := func(n int) int { return tlBottom - n*(tlBottom-tlTop)/c.Max }
	// A step line: each day's sum holds until the next day that changes it. Days that
	// fall on one x (a run-up of years in 470 columns) keep only the first and last
	// point there, which draw the same vertical: thousands of days made 100 KB of points.
	type pt struct{ x, y int }
	var p, r []pt
	point := func(line *[]pt, x, y int) {
		if n := len(*line); n >= 2 && (*line)[n-1].x == x && (*line)[n-2].x == x {
			(*line)[n-1].y = y
			return
		}
		*line = append(*line, pt{x, y})
	}
	sp, sr := 0, 0
	for _, d := range days {
		xd := x(d.Day)
		point(&p, xd, y(sp))
		point(&r, xd, y(sr))
		sp += d.Participants
		sr += d.Requests
		point(&p, xd, y(sp))
		point(&r, xd, y(sr))
	}
	point(&p, tlRight, y(sp))
	point(&r, tlRight, y(sr))
	join := func(line []pt) string {
		var b strings.Builder
		for i, q := range line {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa(q.x) + "," + strconv.Itoa(q.y))
		}
		return b.String()
	}
	c.Participants, c.Requests = join(p), join(r)
	return c
}
