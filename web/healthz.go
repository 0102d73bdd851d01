package web

import "net/http"

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.SchemaVersion(r.Context())
	st, code := "ok", http.StatusOK
	if err != nil || s.db.Ping(r.Context()) != nil {
		st, code = "unavailable", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{"status": st, "database": s.db.Dialect, "schema_version": v, "version": s.opts.Version})
	return nil
}
