// Package passerelle holds the domain: types, service interfaces, coded errors and
// validation. It imports no SQL and no HTTP; store/ and web/ implement and serve it.
package passerelle

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Error codes. Each maps to one HTTP status in web/, and to one exit message in the CLI.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	// EBUSY: the server is at a bound it keeps (concurrent password hashing); the same
	// request may succeed in a moment.
	EBUSY     = "busy"
	EINTERNAL = "internal"
	// ESTALE: a save based on a version of the record that is no longer the current one
	// (another user saved it meanwhile); Error.Current holds the record as it is now.
	ESTALE = "stale"
	// ETOOLARGE: a request body over the route's bound.
	ETOOLARGE = "too_large"
	// ETIMEOUT: the server did not finish the request within its deadline.
	ETIMEOUT = "timeout"
)

// Msg is a message for a person: its catalogue key, which is the English format
// ("%s not found"), and the arguments. The web looks the key up in the reader's
// language ("msg." + Key in both catalogues) and renders each argument the same way,
// so rewording the English without the catalogue is caught by a test instead of
// silently leaving French behind. String gives the English (CLI, logs, API).
type Msg struct {
	Key  string
	Args []any
}

// M returns the message with key (an English format) and its arguments.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// String formats the message in English.
func (m Msg) String() string {
	if m.Key == "" {
		return ""
	}
	return fmt.Sprintf(m.Key, m.Args...)
}

// MarshalText writes the English, so that JSON carries the text as before.
func (m Msg) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads back a message written by MarshalText: its text is the key.
func (m *Msg) UnmarshalText(b []byte) error {
	*m = Msg{Key: string(b)}
	return nil
}

// StoredMsg is a message kept with its arguments in a JSON document or a text column,
// so that a page can show it later in its reader's language (Msg itself marshals to its
// English text, which is what the API answers).
type StoredMsg struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// Store returns the message to keep.
func (m Msg) Store() *StoredMsg {
	if m.Key == "" {
		return nil
	}
	return &StoredMsg{Key: m.Key, Args: m.Args}
}

// Msg returns the message kept. JSON reads numbers back as float64: whole ones become
// int again so that a %d verb formats them.
func (s *StoredMsg) Msg() Msg {
	if s == nil {
		return Msg{}
	}
	args := make([]any, len(s.Args))
	for i, a := range s.Args {
		if f, ok := a.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			a = int(f)
		}
		args[i] = a
	}
	return Msg{Key: s.Key, Args: args}
}

// EncodeMsg gives the text a column keeps for a message: its key alone when it has no
// arguments (so English written before messages were kept reads back as its own key),
// else the StoredMsg as JSON.
func EncodeMsg(m Msg) string {
	if len(m.Args) == 0 {
		return m.Key
	}
	b, err := json.Marshal(m.Store())
	if err != nil {
		return m.String()
	}
	return string(b)
}

// DecodeMsg reads back what EncodeMsg wrote.
func DecodeMsg(s string) Msg {
	if strings.HasPrefix(s, `{"key":`) {
		var sm StoredMsg
		if json.Unmarshal([]byte(s), &sm) == nil {
			return sm.Msg()
		}
	}
	return Msg{Key: s}
}

// Error is the one error type the domain returns to its callers. Fields names the
// input fields at fault, so that forms can show the message next to the field.
type Error struct {
	Code    string
	Message Msg
	Fields  map[string]Msg
	// Current is the record as it is now, for an ESTALE error: the API returns it with the
	// 409 and a form shows it beside what its user typed.
	Current any
	// RetryAfter is when the same request may succeed, for EBUSY (HTTP Retry-After).
	RetryAfter time.Duration
}

// Error returns the message and the fields' messages in English.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message.String()
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k].String())
	}
	if e.Message.Key == "" {
		return strings.Join(parts, "; ")
	}
	return e.Message.String() + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an *Error with the code and a message: format is its catalogue key.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: M(format, args...)}
}

// FieldError returns an EINVALID error that names one field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Message: M("invalid input"), Fields: map[string]Msg{field: M(format, args...)}}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of an *Error in English, or a generic one so
// that internal details never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	return ErrorMsg(err).String()
}

// ErrorMsg is ErrorMessage as a message to render by key: the *Error's message, or
// the whole error (its fields with it) when it has fields.
func ErrorMsg(err error) Msg {
	var e *Error
	switch {
	case err == nil:
		return Msg{}
	case !errors.As(err, &e):
		return M("internal error")
	case len(e.Fields) == 0:
		return e.Message
	}
	return M("%v", e)
}

// ErrorFields returns the per-field messages of an *Error in English, if any.
func ErrorFields(err error) map[string]string {
	fs := ErrorFieldMsgs(err)
	if fs == nil {
		return nil
	}
	out := make(map[string]string, len(fs))
	for k, m := range fs {
		out[k] = m.String()
	}
	return out
}

// ErrorFieldMsgs returns the per-field messages of an *Error, to render by key.
func ErrorFieldMsgs(err error) map[string]Msg {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems map[string]Msg

// Add records a problem on a field; the first one per field wins. format is the
// message's catalogue key.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = M(format, args...)
	}
}

// AddMsg records a message another check made; the first one per field wins.
func (p Problems) AddMsg(field string, m Msg) {
	if _, ok := p[field]; !ok {
		p[field] = m
	}
}

// Err returns nil when there is no problem, else an EINVALID *Error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: M("invalid input"), Fields: map[string]Msg(p)}
}
