package web

import (
	"net/http"

	"passerelle"
)

// agreementPage is the envelope of the agreements list: one page, the number of
// matches, the next cursor, and the facet counts of the whole match (each facet counted
// with every filter but its own).
type agreementPage struct {
	Items      []*passerelle.Agreement     `json:"items"`
	Total      int                         `json:"total"`
	NextCursor string                      `json:"next_cursor"`
	Facets     *passerelle.AgreementFacets `json:"facets"`
}

func (s *Server) apiAgreementList(w http.ResponseWriter, r *http.Request) error {
	off, limit, err := paging(r)
	if err != nil {
		return err
	}
	f := agreementFilter(r.URL.Query())
	f.Offset, f.Limit = off, limit
	items, total, fc, err := s.agreementStore().SearchAgreements(r.Context(), f)
	if err != nil {
		return err
	}
	l := newList(items, total, off, limit)
	return ok(w, agreementPage{Items: l.Items, Total: l.Total, NextCursor: l.NextCursor, Facets: fc})
}

func (s *Server) apiAgreementGet(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	a, err := s.agreementStore().FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, a)
}

func (s *Server) apiAgreementCreate(w http.ResponseWriter, r *http.Request) error {
	a := &passerelle.Agreement{}
	if err := decode(r, a); err != nil {
		return err
	}
	a.ID, a.OwnerMemberID = 0, 0
	if err := s.agreementStore().CreateAgreement(r.Context(), a); err != nil {
		return err
	}
	return created(w, a)
}

// apiAgreementUpdate applies the fields present in the body onto the stored agreement
// (PATCH); a list given replaces the stored one whole. Identity and ownership are not
// the client's to set.
func (s *Server) apiAgreementUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	svc := s.agreementStore()
	a, err := svc.FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	keep := *a
	// A PATCH without "version" applies to the record as it is now; with it, 409 unless
	// current; "version": 0 is refused (422), not taken for none.
	if err := decodePatch(r, a, &a.Version); err != nil {
		return err
	}
	a.ID, a.WorkspaceID, a.OwnerMemberID, a.CreatedAt, a.UpdatedAt = keep.ID, keep.WorkspaceID, keep.OwnerMemberID, keep.CreatedAt, keep.UpdatedAt
	if err := svc.UpdateAgreement(r.Context(), a); err != nil {
		return err
	}
	return ok(w, a)
}

func (s *Server) apiAgreementDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	if err := s.agreementStore().DeleteAgreement(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
