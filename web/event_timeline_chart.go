package web

import (
	"strconv"
	"strings"
	"time"

	"passerelle/store"
)

// timelineChart is the statistics' run-up chart (server-rendered SVG): participants and
// meeting requests, each summed bucket by bucket (day, week or month) from the first
// that either came in, as two lines on one scale, so that the organiser sees
// registrations and requests pick up or stall.
type timelineChart struct {
	Participants, Requests string // the polylines' points
	First, Last            string // the first and last bucket's labels
	TotalP, TotalR, Max    int
	Scale                  string // store.ScaleDay, ScaleWeek or ScaleMonth
}

// The plot's box within the 520 × 200 drawing: labels below and at the left.
const (
	tlLeft, tlRight, tlTop, tlBottom = 40, 510, 12, 170
)

// newTimelineChart lays out points (oldest first, as store.EventStatistics.TimelineAt
// gives them) at scale; nil without any.
func newTimelineChart(points []store.TimelinePoint, scale string) *timelineChart {
	if len(points) == 0 {
		return nil
	}
	first, err1 := time.Parse(time.DateOnly, points[0].Start)
	last, err2 := time.Parse(time.DateOnly, points[len(points)-1].Start)
	if err1 != nil || err2 != nil {
		return nil
	}
	// A bucket's column: days, weeks or months since the first bucket.
	offset := func(t time.Time) int {
		switch scale {
		case store.ScaleMonth:
			return (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
		case store.ScaleWeek:
			return int(t.Sub(first).Hours()/24+0.5) / 7
		}
		return int(t.Sub(first).Hours()/24 + 0.5)
	}
	span := offset(last)
	c := &timelineChart{First: points[0].Label, Last: points[len(points)-1].Label, Scale: scale}
	for _, d := range points {
		c.TotalP += d.Participants
		c.TotalR += d.Requests
	}
	c.Max = max(c.TotalP, c.TotalR, 1)
	// Each bucket is a column of the plot; its arrivals raise the line at its start,
	// and the last one's sum runs to the right edge.
	x := func(start string) int {
		t, _ := time.Parse(time.DateOnly, start)
		return tlLeft + offset(t)*(tlRight-tlLeft)/(span+1)
	}
	y := func(n int) int { return tlBottom - n*(tlBottom-tlTop)/c.Max }
	// A step line: each bucket's sum holds until the next one that changes it. Days that
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
	for _, d := range points {
		xd := x(d.Start)
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
