package passerelle

import "testing"

func TestJSONNULPath(t *testing.T) {
	for _, tc := range []struct {
		in, path string
		ok       bool
	}{
		{`{"title":"a"}`, "", false},
		{`{"title":"a\u0000b"}`, "title", true},
		{`{"title":"a\\u0000b"}`, "", false}, // an escaped backslash: the text \u0000, no NUL
		{`{"funding":[{"funder":"x"},{"funder":"\u0000"}]}`, "funding[1].funder", true},
		{`["ok","\u0000"]`, "[1]", true},
		{`{"a\u0000":1}`, `a\u0000`, true},
		{`{"title":"\u0000"`, "", false}, // not JSON: the decoder says so
	} {
		p, ok := JSONNULPath([]byte(tc.in))
		if p != tc.path || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.in, p, ok, tc.path, tc.ok)
		}
	}
}

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Ana Ruiz", "Ana Ruiz"},
		{"Ana\r\nBcc: x@example.org", "Ana Bcc: x@example.org"},
		{"Ana\u2028Ruiz\u2029\u0085\v\fX", "Ana Ruiz X"},
		{"Léa\tMartin", "Léa Martin"},
		{"", ""},
	} {
		if got := OneLine(c.in); got != c.want {
			t.Errorf("OneLine(%q) = %q, want %q", c.in, got, c.want)
		}
		if HasLineBreak(c.want) {
			t.Errorf("%q has a line break", c.want)
		}
	}
	if !HasLineBreak("a\u2028b") || HasLineBreak("a\tb") {
		t.Error("HasLineBreak")
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"2030-03-12 09:00", 40, "2030-03-12 09:00"},
		{"abcdef", 6, "abcdef"},
		{"abcdefg", 6, "abcde…"},
		{"éééééééé", 4, "ééé…"}, // characters, not bytes: no rune cut in two
		{"", 3, ""},
	} {
		if got := Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
