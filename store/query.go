package store

import (
	"encoding/json"
	"strconv"
	"strings"

	"passerelle"
)

// where builds a WHERE clause with $n parameters, so that optional filters stay
// hand-written SQL without string-pasting user input.
type where struct {
	conds []string
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// add appends a condition; each ? in cond becomes the next parameter.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			b.WriteString(w.arg(args[i]))
			i++
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// scope restricts a table (by alias) to the actor's workspace and, unless the actor is
// the system, to shared rows and the rows of the actor's own member.
func (w *where) scope(a *passerelle.Actor, alias string) {
	p := ""
	if alias != "" {
		p = alias + "."
	}
	w.add(p+"workspace_id = ?", a.WorkspaceID)
	w.visible(a, p)
}

// scopeByID is scope for a query that names its rows by id (an IN list): the
// workspace's condition is kept from the indexes ("+"), or SQLite, which plans without
// statistics and takes a workspace for ten rows, reads the whole workspace through an
// index on it rather than the rows by id.
func (w *where) scopeByID(a *passerelle.Actor, alias string) {
	w.add("+"+alias+".workspace_id = ?", a.WorkspaceID)
	w.visible(a, alias+".")
}

// visible keeps, unless the actor is the system, the shared rows and those of the
// actor's own member.
func (w *where) visible(a *passerelle.Actor, p string) {
	if !a.System {
		w.add("("+p+"visibility = 'shared' OR "+p+"owner_member_id = ?)", a.MemberID)
	}
}

// idList writes ids as the SQL integer literals of an IN list. Numbers cannot inject,
// and a list of placeholders costs SQLite n² to parse: it looks up each numbered
// parameter by a linear search of those before it (the 2,000 meetings of a calendar
// feed: ~17 ms a statement in the parser, more than running it).
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

func jsonList(v []string) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func parseList(s string) []string {
	var v []string
	if s != "" && s != "[]" {
		_ = json.Unmarshal([]byte(s), &v)
	}
	return v
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func limitOf(n, def, maxN int) int {
	if n <= 0 {
		return def
	}
	return min(n, maxN)
}
