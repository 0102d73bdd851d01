package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passerelle"
)

// idParam reads a numeric path wildcard; anything else is "not found", like a missing record.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, passerelle.Errorf(passerelle.ENOTFOUND, "not found")
	}
	return id, nil
}

// splitList reads a comma- or newline-separated form field.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' })
	out := make([]string, 0, len(f))
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// pager is the position in a list shown page by page.
type pager struct {
	Offset, Limit, Total int
	Query                url.Values
}

func (p pager) HasPrev() bool { return p.Offset > 0 }
func (p pager) HasNext() bool { return p.Offset+p.Limit < p.Total }
func (p pager) From() int     { return min(p.Offset+1, p.Total) }
func (p pager) To() int       { return min(p.Offset+p.Limit, p.Total) }
func (p pager) PrevURL() string {
	return p.at(max(p.Offset-p.Limit, 0))
}
func (p pager) NextURL() string { return p.at(p.Offset + p.Limit) }
func (p pager) at(off int) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Del("offset")
	if off > 0 {
		q.Set("offset", strconv.Itoa(off))
	}
	return "?" + q.Encode()
}
