package web

import (
	"net/http"

	"passerelle"
	"passerelle/store"
)

// apiMissionDebriefs lists the debriefs of a mission ({mission}: slug or id) the caller
// may read: their member's, or all for the organisers.
func (s *Server) apiMissionDebriefs(w http.ResponseWriter, r *http.Request) error {
	svc := store.NewMissionService(s.db)
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	ds, err := svc.FindDebriefs(r.Context(), m.ID)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*passerelle.Debrief{}
	}
	return ok(w, list[*passerelle.Debrief]{Items: ds, Total: len(ds)})
}

// apiMissionDebrief returns one debrief; another member's is not found.
func (s *Server) apiMissionDebrief(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "debrief")
	if err != nil {
		return err
	}
	svc := store.NewMissionService(s.db)
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	d, err := svc.FindDebrief(r.Context(), m.ID, id)
	if err != nil {
		return err
	}
	return ok(w, d)
}
