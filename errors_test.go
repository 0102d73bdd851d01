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
