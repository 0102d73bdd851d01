package web

import (
	"net/http"
	"strconv"

	"passerelle"
)

// auditList is the workspace's log, newest first, paged by the id of the last entry.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := passerelle.AuditFilter{Entity: q.Get("entity"), Limit: 100}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	entries, err := s.audit.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	next := ""
	if len(entries) == f.Limit {
		nq := q
		nq.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		next = "?" + nq.Encode()
	}
	p := s.newPage(r, "audit.title")
	p.Data = map[string]any{"Entries": entries, "Filter": f, "Next": next}
	return s.render(w, r, "audit_list.html", p)
}
