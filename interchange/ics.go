package interchange

import (
	"bufio"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// Calendar is an RFC 5545 calendar as the feeds and exports write it: one VCALENDAR of
// VEVENTs with times in UTC, which every calendar program reads without a VTIMEZONE.
// It is written here rather than through a library's object model because a feed of
// 2,000 meetings spent two thirds of its Go time building and folding those objects;
// the tests read every feed back with a real ICS parser.
type Calendar struct {
	Name     string // NAME and X-WR-CALNAME, what programs show for the subscription
	TimeZone string // X-WR-TIMEZONE when set: the zone programs may show times in
	Events   []CalendarEvent
}

// CalendarEvent is one VEVENT. Status is an RFC 5545 event status: CONFIRMED, TENTATIVE
// or CANCELLED.
type CalendarEvent struct {
	UID, Summary, Location, Description, URL string
	Start, End, Stamp, Created, Modified     time.Time
	Sequence                                 int
	Status                                   string
}

// Event statuses, RFC 5545 section 3.8.1.11.
const (
	statusConfirmed = "CONFIRMED"
	statusTentative = "TENTATIVE"
	statusCancelled = "CANCELLED"
)

// SerializeTo writes the calendar: CRLF line ends, text values escaped, lines folded at
// 75 octets without splitting a character (RFC 5545 section 3.1).
func (c *Calendar) SerializeTo(w io.Writer) error {
	iw := &icsWriter{w: bufio.NewWriterSize(w, 32<<10)}
	iw.raw("BEGIN", "VCALENDAR")
	iw.raw("VERSION", "2.0")
	iw.raw("PRODID", "-//passerelle//passerelle//EN")
	iw.raw("CALSCALE", "GREGORIAN")
	iw.raw("METHOD", "PUBLISH")
	iw.text("NAME", c.Name)
	iw.text("X-WR-CALNAME", c.Name)
	if c.TimeZone != "" {
		iw.text("X-WR-TIMEZONE", c.TimeZone)
	}
	// Programs that honour it poll hourly (RFC 7986); others keep their own period.
	iw.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	iw.raw("X-PUBLISHED-TTL", "PT1H")
	for i := range c.Events {
		e := &c.Events[i]
		iw.raw("BEGIN", "VEVENT")
		iw.text("UID", e.UID)
		iw.time("DTSTAMP", e.Stamp)
		iw.time("DTSTART", e.Start)
		iw.time("DTEND", e.End)
		if !e.Created.IsZero() {
			iw.time("CREATED", e.Created)
		}
		if !e.Modified.IsZero() {
			iw.time("LAST-MODIFIED", e.Modified)
		}
		iw.raw("SEQUENCE", strconv.Itoa(e.Sequence))
		if e.Status != "" {
			iw.raw("STATUS", e.Status)
		}
		iw.text("SUMMARY", e.Summary)
		if e.Location != "" {
			iw.text("LOCATION", e.Location)
		}
		if e.Description != "" {
			iw.text("DESCRIPTION", e.Description)
		}
		if e.URL != "" {
			iw.raw("URL", e.URL)
		}
		iw.raw("END", "VEVENT")
	}
	iw.raw("END", "VCALENDAR")
	if iw.err != nil {
		return iw.err
	}
	return iw.w.Flush()
}

// icsWriter writes content lines, keeping the first error.
type icsWriter struct {
	w    *bufio.Writer
	line []byte
	err  error
}

// raw writes a property whose value needs no escaping (numbers, URIs, fixed words).
func (iw *icsWriter) raw(name, value string) {
	iw.line = append(append(append(iw.line[:0], name...), ':'), value...)
	iw.flush()
}

// text writes a TEXT property (section 3.3.11): backslash, semicolon, comma and line
// breaks escaped; other control characters, which the format forbids, dropped.
func (iw *icsWriter) text(name, value string) {
	b := append(append(iw.line[:0], name...), ':')
	for i := 0; i < len(value); i++ {
		switch ch := value[i]; ch {
		case '\\', ';', ',':
			b = append(b, '\\', ch)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			if i+1 < len(value) && value[i+1] == '\n' {
				continue // CRLF is one break
			}
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, ch)
		default:
			if ch < 0x20 || ch == 0x7f {
				continue
			}
			b = append(b, ch)
		}
	}
	iw.line = b
	iw.flush()
}

// time writes a DATE-TIME in UTC (form #2 of section 3.3.5).
func (iw *icsWriter) time(name string, t time.Time) {
	iw.line = t.UTC().AppendFormat(append(append(iw.line[:0], name...), ':'), "20060102T150405Z")
	iw.flush()
}

// flush folds the pending line into 75-octet pieces, each continuation starting with a
// space, and ends it with CRLF.
func (iw *icsWriter) flush() {
	if iw.err != nil {
		return
	}
	b, limit := iw.line, 75
	for len(b) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: cut anywhere rather than loop
			cut = limit
		}
		if _, err := iw.w.Write(b[:cut]); err != nil {
			iw.err = err
			return
		}
		iw.w.WriteString("\r\n ")
		b, limit = b[cut:], 74 // the leading space counts in the next line's 75
	}
	iw.w.Write(b)
	_, iw.err = iw.w.WriteString("\r\n")
}
