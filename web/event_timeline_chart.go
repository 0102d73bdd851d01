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
	// A step line: each day's sum holds until the next day that changes it.
	var p, r strings.Builder
	point := func(b *strings.Builder, x, y int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(x) + "," + strconv.Itoa(y))
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
	c.Participants, c.Requests = p.String(), r.String()
	return c
}
