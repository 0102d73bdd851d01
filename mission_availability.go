package passerelle

import (
	"strings"
	"time"
)

// AvailWindow is a span of one local day when a mission's target can be met: From and
// To are "HH:MM", both empty for the whole day.
type AvailWindow struct {
	Date string `json:"date"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// ParseAvailability reads a target's availability as typed: days separated by
// semicolons or new lines, each a date optionally followed by hours,
// "2014-09-08 09:00-12:00 14:00-17:00; 2014-09-09". Empty: no window (any time).
func ParseAvailability(s string) ([]AvailWindow, error) {
	var out []AvailWindow
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		fs := strings.Fields(part)
		if len(fs) == 0 {
			continue
		}
		if !IsISODate(fs[0]) {
			return nil, Errorf(EINVALID, "%q: a day such as 2014-09-08, optionally with hours such as 09:00-12:00", strings.TrimSpace(part))
		}
		if len(fs) == 1 {
			out = append(out, AvailWindow{Date: fs[0]})
			continue
		}
		for _, h := range fs[1:] {
			a, b, ok := strings.Cut(h, "-")
			ta, errA := time.Parse("15:04", a)
			tb, errB := time.Parse("15:04", b)
			if !ok || errA != nil || errB != nil || !tb.After(ta) {
				return nil, Errorf(EINVALID, "%q: hours such as 09:00-12:00, the end after the start", h)
			}
			out = append(out, AvailWindow{Date: fs[0], From: ta.Format("15:04"), To: tb.Format("15:04")})
		}
	}
	return out, nil
}
