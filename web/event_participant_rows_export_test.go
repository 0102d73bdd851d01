package web

// ForgetParticipantRows drops the participants' pages' kept rows: BenchmarkEventParticipant
// measures with it the view that renders them anew (the first after a change).
func (s *Server) ForgetParticipantRows() {
	s.rows.mu.Lock()
	s.rows.entries = nil
	s.rows.mu.Unlock()
}
