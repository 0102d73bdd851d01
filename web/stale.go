package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"passerelle"
)

// conflictField is one field whose saved value differs from what a user typed, shown
// beside the form after a stale save.
type conflictField struct{ Field, Current string }

// notCompared are the fields that a form does not edit.
var notCompared = map[string]bool{"id": true, "workspace_id": true, "version": true, "created_at": true, "updated_at": true,
	"owner_member_id": true, "fictional": true, "created_by": true, "sequence": true, "uid": true, "current_status": true}

// staleConflict returns, for a stale save (ESTALE), the fields of the current record that
// differ from typed and the current version, which the form carries next so that saving
// again (having seen the differences) goes through. ok is false for any other error.
func staleConflict(err error, typed any) (fields []conflictField, version int64, ok bool) {
	var e *passerelle.Error
	if passerelle.ErrorCode(err) != passerelle.ESTALE || !errors.As(err, &e) || e.Current == nil {
		return nil, 0, false
	}
	flat := func(v any) map[string]any {
		m := map[string]any{}
		b, _ := json.Marshal(v)
		_ = json.Unmarshal(b, &m)
		return m
	}
	cur, mine := flat(e.Current), flat(typed)
	if v, ok := cur["version"].(float64); ok {
		version = int64(v)
	}
	for k, v := range cur {
		if notCompared[k] || reflect.DeepEqual(v, mine[k]) || (isEmpty(v) && isEmpty(mine[k])) {
			continue
		}
		fields = append(fields, conflictField{Field: k, Current: show(v)})
	}
	slices.SortFunc(fields, func(a, b conflictField) int { return strings.Compare(a.Field, b.Field) })
	return fields, version, true
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case float64:
		return x == 0
	case bool:
		return !x
	}
	return false
}

// show renders a JSON value for a person: lists joined, objects compact.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, y := range x {
			parts[i] = show(y)
		}
		return strings.Join(parts, ", ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}
