package web

import (
	"sort"
	"strconv"
	"strings"
)

// registerError is one refused field of the registration form, for the summary above
// it: a long list of questions may put the field out of sight.
type registerError struct{ Label, Message string }

// ErrorList names each refused field by what the form calls it: a question by its
// label, the others by their catalogue name; in the form's order.
func (d eventRegisterData) ErrorList(l *Localizer, errs map[string]string) []registerError {
	order := map[string]int{"name": 0, "email": 1, "organization": 2, "country": 3, "website": 4}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		if k != "_" {
			keys = append(keys, k)
		}
	}
	rank := func(k string) int {
		if n, ok := order[k]; ok {
			return n
		}
		if i, err := strconv.Atoi(strings.TrimPrefix(k, "q")); err == nil && strings.HasPrefix(k, "q") {
			return len(order) + i
		}
		return 1 << 30
	}
	sort.SliceStable(keys, func(a, b int) bool { return rank(keys[a]) < rank(keys[b]) })
	out := make([]registerError, 0, len(keys))
	for _, k := range keys {
		label := l.Field(k)
		if i, err := strconv.Atoi(strings.TrimPrefix(k, "q")); err == nil && strings.HasPrefix(k, "q") && i >= 0 && i < len(d.Questions) {
			label = d.Questions[i].Label
		}
		out = append(out, registerError{Label: label, Message: errs[k]})
	}
	return out
}
