package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"passerelle"
)

// list is the envelope of every API list: one page of items, the total number of
// matches, and the cursor of the next page ("" on the last).
type list[T any] struct {
	Items      []T    `json:"items"`
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor"`
}

// Cursors are opaque to clients: today the base64 of an offset, so that the store's
// offset paging can change to keyset paging without breaking them.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "o:") {
		return 0, passerelle.FieldError("cursor", "invalid cursor")
	}
	n, err := strconv.Atoi(string(b[2:]))
	if err != nil || n < 0 {
		return 0, passerelle.FieldError("cursor", "invalid cursor")
	}
	return n, nil
}

// paging reads cursor and limit (default 50, at most 200).
func paging(r *http.Request) (offset, limit int, err error) {
	q := r.URL.Query()
	if offset, err = decodeCursor(q.Get("cursor")); err != nil {
		return 0, 0, err
	}
	limit = 50
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			return 0, 0, passerelle.FieldError("limit", "a positive number")
		}
		limit = min(limit, 200)
	}
	return offset, limit, nil
}

func newList[T any](items []T, total, offset, limit int) list[T] {
	l := list[T]{Items: items, Total: total}
	if l.Items == nil {
		l.Items = []T{}
	}
	if offset+len(items) < total && len(items) > 0 {
		l.NextCursor = encodeCursor(offset + limit)
	}
	return l
}

// decode reads a JSON body (at most 1 MiB) into v. A string holding a NUL character
// is refused, naming its field.
func decode(r *http.Request, v any) error { return decodeLimit(r, v, maxJSONBody) }

// decodeLimit is decode with a larger bound, for bodies that carry a whole data set (a
// scheduling request of thousands of meetings); the route's body limit must allow it.
func decodeLimit(r *http.Request, v any, limit int64) error {
	b, err := readBody(r, limit)
	if err != nil {
		return err
	}
	return decodeBytes(b, v)
}

// readBody reads a JSON body of at most limit bytes.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	var mb *http.MaxBytesError
	if errors.As(err, &mb) || int64(len(b)) > limit {
		return nil, errTooLarge(limit)
	}
	if err != nil {
		return nil, passerelle.Errorf(passerelle.EINVALID, "invalid JSON: %v", err)
	}
	return b, nil
}

// decodePatch is decode for a PATCH onto a stored record, whose version field is
// *version: it is 0 after a body without "version" (or with null), which the store
// takes as "apply to the record as it is now"; a version given must be one a record can
// have, a whole number from 1. A 0 (or less) is refused on the field rather than taken
// for no version, which would skip the check the client asked for.
func decodePatch(r *http.Request, v any, version *int64) error {
	b, err := readBody(r, maxJSONBody)
	if err != nil {
		return err
	}
	*version = 0
	if err := decodeBytes(b, v); err != nil {
		return err
	}
	var given struct {
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(b, &given); err != nil {
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: %v", err)
	}
	if len(given.Version) > 0 && string(given.Version) != "null" && *version <= 0 {
		return errBadVersion()
	}
	return nil
}

// errBadVersion refuses a "version" that no record has.
func errBadVersion() error {
	return passerelle.FieldError("version", "the version read with the record, a whole number from 1; leave it out to change the record as it is now")
}

// decodeBytes decodes a JSON body already read (readBody) into v, a record or a request
// whose body is always a JSON object. Anything else is refused: a null, in particular,
// decodes into a struct as nothing at all, and a PATCH of null answered 200 having
// changed nothing.
func decodeBytes(b []byte, v any) error {
	if path, ok := passerelle.JSONNULPath(b); ok {
		return passerelle.NULError(path)
	}
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] != '{' {
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	// A misspelt field would otherwise be dropped without a word, and the change the
	// client meant not made.
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: something follows after the JSON object")
	}
	return nil
}

// jsonError says what went wrong in a client's words: the field, and the kind of value
// expected and given, rather than encoding/json's Go types.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return passerelle.Errorf(passerelle.EINVALID, "a JSON body is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: the body ends too early")
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return passerelle.FieldError(field, "expected %s, got %s", kindWords(te.Type), valueWords(te.Value))
	case errors.As(err, &se):
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return passerelle.FieldError(strings.Trim(name, `"`), "unknown field")
	}
	return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// kindWords names what a Go type accepts in JSON.
func kindWords(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

// valueWords names the kind of JSON value encoding/json reports ("string", "number",
// "number 1.5" for one that does not fit, "array"...).
func valueWords(v string) string {
	switch {
	case v == "string":
		return "text"
	case v == "number":
		return "a number"
	case strings.HasPrefix(v, "number "):
		return "the number" + strings.TrimPrefix(v, "number")
	case v == "bool":
		return "true or false"
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	}
	return v
}

func ok(w http.ResponseWriter, v any) error {
	writeJSON(w, http.StatusOK, v)
	return nil
}

func created(w http.ResponseWriter, v any) error {
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
