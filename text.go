package passerelle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A NUL character cannot be stored in PostgreSQL's text (the driver's error made a 500)
// and SQLite would keep it; both refuse it the same way, where input comes in: the web
// application's form values, query strings and JSON bodies, and every importer.

// HasNUL tells whether s holds a NUL character.
func HasNUL(s string) bool { return strings.IndexByte(s, 0) >= 0 }

// NULError is the error for a field whose text holds a NUL character.
func NULError(field string) *Error {
	return FieldError(field, "must not contain a NUL character")
}

// NotUTF8Error is the error for a field whose bytes are not UTF-8 text: PostgreSQL
// refuses them (the driver's error made a 500) and SQLite would keep them.
func NotUTF8Error(field string) *Error {
	return FieldError(field, "must be UTF-8 text")
}

// JSONNULPath returns the path of the first key or string of a JSON document that
// holds a NUL character ("title", "funding[1].funder"), and whether there is one. Only a
// document with the escape \u0000 is decoded (a raw NUL byte is not valid JSON), so the
// check costs a byte search on ordinary input. A document that does not decode has
// none: its decoding error is reported elsewhere.
func JSONNULPath(b []byte) (string, bool) {
	if !bytes.Contains(b, []byte(`\u0000`)) {
		return "", false
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return "", false
	}
	return nulPath(v, "")
}

func nulPath(v any, at string) (string, bool) {
	switch x := v.(type) {
	case string:
		return at, HasNUL(x)
	case []any:
		for i, e := range x {
			if p, ok := nulPath(e, fmt.Sprintf("%s[%d]", at, i)); ok {
				return p, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if at != "" {
				p = at + "." + k
			}
			if HasNUL(k) {
				return strings.ReplaceAll(p, "\x00", `\u0000`), true
			}
			if p, ok := nulPath(x[k], p); ok {
				return p, true
			}
		}
	}
	return "", false
}

// lineBreaks are the characters that end a line somewhere: in a mail's header (CR, LF),
// in a mail reader or an editor (vertical tab, form feed, NEL, the line and paragraph
// separators).
const lineBreaks = "\r\n\v\f\u0085\u2028\u2029"

// HasLineBreak tells whether s holds a line break of any kind (lineBreaks).
func HasLineBreak(s string) bool { return strings.ContainsAny(s, lineBreaks) }

// OneLine returns s on one line: each run of line breaks and other control characters
// (a tab too) becomes one space. Names typed by participants and organisers go through
// it where a mail names them, so that a name cannot add a header or a paragraph of its
// own to someone else's mail.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, breaksLine) {
		return s
	}
	var b strings.Builder
	prev := false
	for _, r := range s {
		if breaksLine(r) {
			if !prev {
				b.WriteByte(' ')
			}
			prev = true
			continue
		}
		b.WriteRune(r)
		prev = false
	}
	return b.String()
}

func breaksLine(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// EchoLength is how much of a refused value an error message repeats: enough to see
// which one it was, not enough for a hostile post of a megabyte to fill the page.
const EchoLength = 40

// Clip returns s cut to at most n characters (n ≥ 1), the last of them an ellipsis when
// it was longer.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}
