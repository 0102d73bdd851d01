package interchange

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// TestCalendarReadBack writes hostile and long values and reads them back with a real
// parser: each must come back as written (less the control characters the format
// forbids), every line must end in CRLF and hold at most 75 octets.
func TestCalendarReadBack(t *testing.T) {
	start := time.Date(2014, 9, 23, 8, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, value, want string
	}{
		{"plain", "Novo Nordisk", "Novo Nordisk"},
		{"escapes", `a, b; c\d`, `a, b; c\d`},
		{"line breaks", "one\ntwo\r\nthree", "one\ntwo\nthree"},
		{"control characters", "bell\a and nul\x00 and tab\tkept", "bell and nul and tab\tkept"},
		{"long accents", strings.Repeat("é", 200), strings.Repeat("é", 200)},
		{"long Japanese", strings.Repeat("横浜パシフィコ", 30), strings.Repeat("横浜パシフィコ", 30)},
		{"long mixed", strings.Repeat("x", 73) + "日本" + strings.Repeat("y, ", 40), strings.Repeat("x", 73) + "日本" + strings.Repeat("y, ", 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal := &Calendar{Name: tc.value, TimeZone: "Europe/Copenhagen", Events: []CalendarEvent{{
				UID: "u1@passerelle", Summary: tc.value, Location: tc.value, Description: tc.value,
				URL: "https://passerelle.example.org/meetings/1", Start: start, End: start.Add(45 * time.Minute),
				Stamp: start, Created: start, Modified: start, Sequence: 3, Status: statusCancelled,
			}}}
			var buf bytes.Buffer
			if err := cal.SerializeTo(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
				t.Fatalf("calendar does not end with END:VCALENDAR CRLF: %q", out[max(0, len(out)-40):])
			}
			for i, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
				if len(line) > 75 {
					t.Errorf("line %d holds %d octets: %q", i+1, len(line), line)
				}
				if strings.ContainsAny(line, "\r\n") {
					t.Errorf("line %d holds a bare line break: %q", i+1, line)
				}
			}
			parsed, err := ics.ParseCalendar(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			evs := parsed.Events()
			if len(evs) != 1 {
				t.Fatalf("%d events read back, want 1", len(evs))
			}
			e := evs[0]
			for _, p := range []ics.ComponentProperty{ics.ComponentPropertySummary, ics.ComponentPropertyLocation, ics.ComponentPropertyDescription} {
				if got := e.GetProperty(p).Value; ics.FromText(got) != tc.want {
					t.Errorf("%s read back as %q, want %q", p, ics.FromText(got), tc.want)
				}
			}
			if got, err := e.GetStartAt(); err != nil || !got.Equal(start) {
				t.Errorf("DTSTART %v (%v), want %v", got, err, start)
			}
			if got := e.GetProperty(ics.ComponentPropertySequence).Value; got != "3" {
				t.Errorf("SEQUENCE %q, want 3", got)
			}
			if got := e.GetProperty(ics.ComponentPropertyStatus).Value; got != "CANCELLED" {
				t.Errorf("STATUS %q, want CANCELLED", got)
			}
		})
	}
}

// TestCalendarNotUTF8 checks that a value that is not UTF-8 is still folded and ends:
// a run of continuation bytes has no character start to cut at.
func TestCalendarNotUTF8(t *testing.T) {
	cal := &Calendar{Events: []CalendarEvent{{UID: "u", Summary: strings.Repeat("\x80", 300)}}}
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(buf.String(), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line of %d octets", len(line))
		}
	}
}
