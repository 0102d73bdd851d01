package web

import (
	"net/http"

	"passerelle"
	"passerelle/store"
)

// The projects and contracts API: the same store calls, so the same validation (each
// problem named by its field, nothing saved) as the page forms; a PATCH that sends an
// older "version" than the stored one is refused with 409 and the current record.

func (s *Server) apiProjectList(w http.ResponseWriter, r *http.Request) error {
	off, limit, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := passerelle.ProjectFilter{Kind: passerelle.ProjectKind(q.Get("kind")), Country: q.Get("country"),
		Abroad: q.Get("abroad") == "1", WithMember: q.Get("with_member") == "1", Shared: q.Get("shared") == "1", Offset: off, Limit: limit}
	p := passerelle.Problems{}
	int64Params(r, p, map[string]*int64{"member_id": &f.MemberID, "organization_id": &f.OrganizationID})
	f.Year = yearParam(r, p)
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "rd_contract, eu_project or licence")
	}
	if err := p.Err(); err != nil {
		return err
	}
	ps, total, err := store.NewPipelineService(s.db).FindProjects(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, newList(ps, total, off, limit))
}

func (s *Server) apiProjectGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "project")
	if err != nil {
		return err
	}
	p, err := store.NewPipelineService(s.db).FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, p)
}

// keepProjectFields puts back what a body may not set: the record's identity, owner,
// source and times (the store derives the euro amounts and the client's name).
func keepProjectFields(p *passerelle.Project, keep passerelle.Project) {
	p.ID, p.WorkspaceID, p.OwnerMemberID, p.Source, p.CreatedAt, p.UpdatedAt = keep.ID, keep.WorkspaceID, keep.OwnerMemberID, keep.Source, keep.CreatedAt, keep.UpdatedAt
}

func (s *Server) apiProjectCreate(w http.ResponseWriter, r *http.Request) error {
	p := &passerelle.Project{}
	if err := decode(r, p); err != nil {
		return err
	}
	keepProjectFields(p, passerelle.Project{})
	p.Version = 0
	if err := store.NewPipelineService(s.db).CreateProject(r.Context(), p); err != nil {
		return err
	}
	return created(w, p)
}

// apiProjectUpdate applies the fields present in the body onto the stored project; a
// list given (amounts, participations) replaces the stored one.
func (s *Server) apiProjectUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "project")
	if err != nil {
		return err
	}
	svc := store.NewPipelineService(s.db)
	p, err := svc.FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	keep := *p
	// A PATCH without "version" applies to the project as it is now; with it, 409 unless
	// current; "version": 0 is refused (422), not taken for none.
	if err := decodePatch(r, p, &p.Version); err != nil {
		return err
	}
	keepProjectFields(p, keep)
	if err := svc.UpdateProject(r.Context(), p); err != nil {
		return err
	}
	return ok(w, p)
}

func (s *Server) apiProjectDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "project")
	if err != nil {
		return err
	}
	if err := store.NewPipelineService(s.db).DeleteProject(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
