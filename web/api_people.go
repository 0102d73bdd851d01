package web

import (
	"net/http"
	"strconv"

	"passerelle"
)

func (s *Server) apiPersonList(w http.ResponseWriter, r *http.Request) error {
	off, limit, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := passerelle.PersonFilter{Query: q.Get("q"), Country: q.Get("country"), Offset: off, Limit: limit}
	f.OrganizationID, _ = strconv.ParseInt(q.Get("organization_id"), 10, 64)
	people, total, err := s.people.FindPeople(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, newList(people, total, off, limit))
}

func (s *Server) apiPersonGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	p, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, p)
}

func (s *Server) apiPersonCreate(w http.ResponseWriter, r *http.Request) error {
	p := &passerelle.Person{}
	if err := decode(r, p); err != nil {
		return err
	}
	p.ID, p.OwnerMemberID, p.Affiliations = 0, 0, nil
	if err := s.people.CreatePerson(r.Context(), p); err != nil {
		return err
	}
	return created(w, p)
}

func (s *Server) apiPersonUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	p, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	keep := *p
	// A PATCH without "version" applies to the record as it is now; with it, 409 unless
	// current; "version": 0 is refused (422), not taken for none.
	if err := decodePatch(r, p, &p.Version); err != nil {
		return err
	}
	p.ID, p.WorkspaceID, p.OwnerMemberID, p.CreatedAt, p.UpdatedAt = keep.ID, keep.WorkspaceID, keep.OwnerMemberID, keep.CreatedAt, keep.UpdatedAt
	if err := s.people.UpdatePerson(r.Context(), p); err != nil {
		return err
	}
	return ok(w, p)
}

func (s *Server) apiPersonDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	if err := s.people.DeletePerson(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiAffCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	if _, err := s.people.FindPersonByID(r.Context(), id); err != nil {
		return err
	}
	a := &passerelle.Affiliation{}
	if err := decode(r, a); err != nil {
		return err
	}
	a.ID, a.PersonID = 0, id
	if err := s.people.CreateAffiliation(r.Context(), a); err != nil {
		return err
	}
	return created(w, a)
}

func (s *Server) apiAffDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	afID, err := idParam(r, "affiliation")
	if err != nil {
		return err
	}
	if err := s.checkAffiliationOf(r, id, afID); err != nil {
		return err
	}
	if err := s.people.DeleteAffiliation(r.Context(), afID); err != nil {
		return err
	}
	return noContent(w)
}
