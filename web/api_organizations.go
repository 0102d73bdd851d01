package web

import (
	"net/http"

	"passerelle"
)

func (s *Server) apiOrgList(w http.ResponseWriter, r *http.Request) error {
	off, limit, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := passerelle.OrganizationFilter{Query: q.Get("q"), Country: q.Get("country"), Kind: passerelle.OrgKind(q.Get("kind")),
		Theme: q.Get("theme"), Offset: off, Limit: limit}
	orgs, total, err := s.findOrganizations(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, newList(orgs, total, off, limit))
}

func (s *Server) apiOrgGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	o, err := s.orgs.FindOrganizationByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, o)
}

func (s *Server) apiOrgCreate(w http.ResponseWriter, r *http.Request) error {
	o := &passerelle.Organization{}
	if err := decode(r, o); err != nil {
		return err
	}
	o.ID, o.OwnerMemberID = 0, 0
	if err := s.orgs.CreateOrganization(r.Context(), o); err != nil {
		return err
	}
	return created(w, o)
}

// apiOrgUpdate applies the fields present in the body onto the stored record (PATCH);
// identity and ownership fields are not the client's to set.
func (s *Server) apiOrgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	o, err := s.orgs.FindOrganizationByID(r.Context(), id)
	if err != nil {
		return err
	}
	keep := *o
	// A PATCH without "version" applies to the record as it is now; with it, 409 unless
	// current; "version": 0 is refused (422), not taken for none.
	if err := decodePatch(r, o, &o.Version); err != nil {
		return err
	}
	o.ID, o.WorkspaceID, o.OwnerMemberID, o.CreatedAt, o.UpdatedAt = keep.ID, keep.WorkspaceID, keep.OwnerMemberID, keep.CreatedAt, keep.UpdatedAt
	if err := s.orgs.UpdateOrganization(r.Context(), o); err != nil {
		return err
	}
	return ok(w, o)
}

func (s *Server) apiOrgDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if err := s.orgs.DeleteOrganization(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiLinkList(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	links, err := s.orgs.FindLinks(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, newList(links, len(links), 0, len(links)))
}

func (s *Server) apiLinkCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if _, err := s.orgs.FindOrganizationByID(r.Context(), id); err != nil {
		return err
	}
	l := &passerelle.OrgLink{}
	if err := decode(r, l); err != nil {
		return err
	}
	l.ID, l.FromID = 0, id
	if err := s.orgs.CreateLink(r.Context(), l); err != nil {
		return err
	}
	return created(w, l)
}

func (s *Server) apiLinkDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	linkID, err := idParam(r, "link")
	if err != nil {
		return err
	}
	if err := s.checkLinkOf(r, id, linkID); err != nil {
		return err
	}
	if err := s.orgs.DeleteLink(r.Context(), linkID); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiOrgPeople(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if _, err := s.orgs.FindOrganizationByID(r.Context(), id); err != nil {
		return err
	}
	afs, err := s.people.FindAffiliationsOfOrganization(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, newList(afs, len(afs), 0, len(afs)))
}

func (s *Server) apiOrgHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if _, err := s.orgs.FindOrganizationByID(r.Context(), id); err != nil {
		return err
	}
	es, err := s.audit.FindAuditEntries(r.Context(), passerelle.AuditFilter{Entity: "organization", EntityID: id, Limit: 200})
	if err != nil {
		return err
	}
	return ok(w, newList(es, len(es), 0, len(es)))
}
