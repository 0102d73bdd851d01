package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
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
func decode(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: %v", err)
	}
	if path, ok := passerelle.JSONNULPath(b); ok {
		return passerelle.NULError(path)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return passerelle.Errorf(passerelle.EINVALID, "a JSON body is required")
		}
		return passerelle.Errorf(passerelle.EINVALID, "invalid JSON: %v", err)
	}
	return nil
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
