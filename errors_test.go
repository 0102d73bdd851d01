package passerelle

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

// TestErrorsKeepKeyAndEnglish checks that errors carry their message key and arguments
// for the pages while everything else (Error, ErrorMessage, ErrorFields, JSON) stays
// the English text it always was.
func TestErrorsKeepKeyAndEnglish(t *testing.T) {
	e := Errorf(ENOTFOUND, "workspace %s not found", "acme")
	if e.Message.Key != "workspace %s not found" || len(e.Message.Args) != 1 || e.Error() != "workspace acme not found" {
		t.Errorf("Errorf: %#v, %q", e.Message, e.Error())
	}
	p := Problems{}
	p.Add("kind", "unknown kind %q", "moon")
	p.Add("kind", "required") // the first problem of a field wins
	p.Add("name", "required")
	err := fmt.Errorf("saving: %w", p.Err())
	if got := ErrorMessage(err); got != `invalid input (kind: unknown kind "moon"; name: required)` {
		t.Errorf("ErrorMessage: %q", got)
	}
	if got := ErrorFields(err); got["kind"] != `unknown kind "moon"` || got["name"] != "required" {
		t.Errorf("ErrorFields: %v", got)
	}
	if got := ErrorFieldMsgs(err)["kind"]; got.Key != "unknown kind %q" {
		t.Errorf("ErrorFieldMsgs: %#v", got)
	}
	if m := ErrorMsg(err); m.String() != ErrorMessage(err) {
		t.Errorf("ErrorMsg %q, ErrorMessage %q", m, ErrorMessage(err))
	}
	if m := ErrorMsg(errors.New("disk on fire")); m.Key != "internal error" {
		t.Errorf("an internal error shows as %q", m)
	}
	b, _ := json.Marshal(ImportProblem{Line: 3, Field: "kind", Message: M("unknown kind %q", "moon")})
	if string(b) != `{"line":3,"field":"kind","message":"unknown kind \"moon\""}` {
		t.Errorf("JSON: %s", b)
	}
	var back ImportProblem
	if err := json.Unmarshal(b, &back); err != nil || back.Message.String() != `unknown kind "moon"` {
		t.Errorf("JSON back: %v %#v", err, back)
	}
}

// TestStoredMsg: a message kept in a column or a JSON document comes back with its
// arguments, integers still integers (JSON reads them as float64), so that a page can
// format it in its reader's language; text written before messages were kept reads back
// as its own key.
func TestStoredMsg(t *testing.T) {
	tests := []struct {
		name string
		in   Msg
		text string // the English after the round trip
	}{
		{"no arguments", M("no table free at its slot"), "no table free at its slot"},
		{"integers and a string", M("participant %s has %d requested meetings", "p7", 3), "participant p7 has 3 requested meetings"},
		{"a large integer", M("%d of %d", 1<<40, -2), "1099511627776 of -2"},
		{"a fraction stays one", M("%.1f %%", 2.5), "2.5 %"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			back := DecodeMsg(EncodeMsg(tc.in))
			if back.Key != tc.in.Key || back.String() != tc.text {
				t.Errorf("column: %q %q, want %q", back.Key, back.String(), tc.text)
			}
			b, err := json.Marshal(tc.in.Store())
			if err != nil {
				t.Fatal(err)
			}
			var sm *StoredMsg
			if err := json.Unmarshal(b, &sm); err != nil {
				t.Fatal(err)
			}
			if got := sm.Msg().String(); got != tc.text {
				t.Errorf("JSON: %q, want %q", got, tc.text)
			}
		})
	}
	if m := DecodeMsg("an English reason from before"); m.Key != "an English reason from before" || len(m.Args) != 0 {
		t.Errorf("legacy text: %+v", m)
	}
	if M("").Store() != nil || (*StoredMsg)(nil).Msg().Key != "" {
		t.Errorf("an empty message is kept as nothing")
	}
}
