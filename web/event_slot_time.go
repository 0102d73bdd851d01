package web

import (
	"strings"
	"time"
)

// An event's local times on its forms and in its mails. Where a clock goes back (the
// last Sunday of October in Europe), an hour of local time comes twice: 02:00 is first
// summer time, then winter time. A slot's local time alone names either; the forms then
// carry its UTC offset too, and the labels and mails show it, so that each is itself.

// repeated tells whether t's local time in loc is also that of another instant (the
// hour a clock goes back repeats; shifts are of 30 minutes to 2 hours).
func repeated(t time.Time, loc *time.Location) bool {
	v := t.In(loc).Format(slotLayout)
	for _, d := range []time.Duration{-2 * time.Hour, -time.Hour, -30 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour} {
		if t.Add(d).In(loc).Format(slotLayout) == v {
			return true
		}
	}
	return false
}

// slotValue is a slot's start as a form carries it: local ("2027-10-31 02:00"), with
// its offset when that local time repeats ("2027-10-31 02:00 +01:00").
func slotValue(t time.Time, loc *time.Location) string {
	if repeated(t, loc) {
		return t.In(loc).Format(slotLayout + " -07:00")
	}
	return t.In(loc).Format(slotLayout)
}

// slotID is a slot's start as a part of an element's id: "2027-10-15-0930", with its
// offset where that local time repeats ("2027-10-31-0200-p0100"). An id holds no space,
// so that "#" selectors and links to fragments reach it.
func slotID(t time.Time, loc *time.Location) string {
	id := t.In(loc).Format("2006-01-02-1504")
	if repeated(t, loc) {
		id += strings.NewReplacer("+", "-p", "-", "-m", ":", "").Replace(t.In(loc).Format("-07:00"))
	}
	return id
}

// parseSlot reads a form's slot (slotValue's, or a local time without offset, as
// typed or posted by older pages) in loc.
func parseSlot(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(slotLayout+" -07:00", s); err == nil {
		return t, nil
	}
	return time.ParseInLocation(slotLayout, s, loc)
}

// offsetNote is ", UTC+01:00" when t's local time in loc repeats, else "": what a label
// or a mail adds after the time (or the zone's name) to say which one it is.
func offsetNote(t time.Time, loc *time.Location) string {
	if repeated(t, loc) {
		return ", UTC" + t.In(loc).Format("-07:00")
	}
	return ""
}

// slotLabel is a slot as a list shows it: "2027-10-15 09:30–10:00", with its offset
// when its local start repeats ("2027-10-31 02:00–02:00 (UTC+02:00)").
func slotLabel(start, end time.Time, loc *time.Location) string {
	l := start.In(loc).Format(slotLayout) + "–" + end.In(loc).Format("15:04")
	if n := offsetNote(start, loc); n != "" {
		l += " (" + n[2:] + ")"
	}
	return l
}
