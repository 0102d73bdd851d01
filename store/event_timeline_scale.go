package store

import (
	"fmt"
	"time"

	"passerelle"
)

// The scales of the statistics' run-up: a bucket is a day, an ISO week (Monday to
// Sunday) or a calendar month, in the event's time zone.
const (
	ScaleDay   = "day"
	ScaleWeek  = "week"
	ScaleMonth = "month"
)

// The default scale by the run-up's span (its first to its last day, both counted):
// days up to two months, weeks up to 53 of them, months beyond, so that a chart has
// at most about 60 steps until a run-up of five years.
const (
	dayScaleMaxDays  = 62
	weekScaleMaxDays = 53 * 7
)

// TimelinePoint is one bucket of the run-up at a scale.
type TimelinePoint struct {
	Start string // YYYY-MM-DD: the day, the week's Monday or the month's first day
	// Label names it: the day, the ISO week ("2026-W53") or the month ("2026-12").
	Label                  string
	Participants, Requests int
}

// TimelineBucket is the bucket of the instant at at the scale, in zone: its first day
// and its label. The day is taken in zone first (a Sunday 23:30 UTC is Monday in Tokyo,
// in the next week), then the week or month of that day.
func TimelineBucket(at time.Time, zone *time.Location, scale string) (start, label string) {
	y, m, d := at.In(zone).Date()
	return dateBucket(time.Date(y, m, d, 0, 0, 0, 0, time.UTC), scale)
}

// dateBucket buckets a calendar day (at midnight UTC: plain date arithmetic, no clock
// change in between).
func dateBucket(day time.Time, scale string) (start, label string) {
	switch scale {
	case ScaleWeek:
		// ISO weeks start on Monday; the week's year is ISO's, which the last days of
		// December or the first of January may not share with their date.
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		y, w := day.ISOWeek()
		return monday.Format(time.DateOnly), fmt.Sprintf("%d-W%02d", y, w)
	case ScaleMonth:
		return day.Format("2006-01") + "-01", day.Format("2006-01")
	}
	d := day.Format(time.DateOnly)
	return d, d
}

// DefaultTimelineScale is the scale for days (oldest first, as EventStatistics gives
// them) when the reader chooses none: see dayScaleMaxDays.
func DefaultTimelineScale(days []TimelineDay) string {
	if len(days) == 0 {
		return ScaleDay
	}
	first, err1 := time.Parse(time.DateOnly, days[0].Day)
	last, err2 := time.Parse(time.DateOnly, days[len(days)-1].Day)
	if err1 != nil || err2 != nil {
		return ScaleDay
	}
	span := int(last.Sub(first).Hours()/24) + 1
	switch {
	case span <= dayScaleMaxDays:
		return ScaleDay
	case span <= weekScaleMaxDays:
		return ScaleWeek
	}
	return ScaleMonth
}

// TimelineAt sums the run-up's days into buckets of the scale ("" for the default by
// span), oldest first, buckets with nothing left out; it returns the scale used. An
// unknown scale is EINVALID naming the parameter, its value cut to
// passerelle.EchoLength.
func (st *EventStatistics) TimelineAt(scale string) ([]TimelinePoint, string, error) {
	switch scale {
	case "":
		scale = DefaultTimelineScale(st.Timeline)
	case ScaleDay, ScaleWeek, ScaleMonth:
	default:
		return nil, "", passerelle.FieldError("scale", "day, week or month, not %s", passerelle.Clip(scale, passerelle.EchoLength))
	}
	var out []TimelinePoint
	for _, d := range st.Timeline {
		day, err := time.Parse(time.DateOnly, d.Day)
		if err != nil {
			return nil, "", err
		}
		start, label := dateBucket(day, scale)
		// The days come in order, so a bucket's days follow one another.
		if n := len(out); n > 0 && out[n-1].Start == start {
			out[n-1].Participants += d.Participants
			out[n-1].Requests += d.Requests
			continue
		}
		out = append(out, TimelinePoint{Start: start, Label: label, Participants: d.Participants, Requests: d.Requests})
	}
	return out, scale, nil
}
