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
