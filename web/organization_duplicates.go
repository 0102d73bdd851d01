package web

import (
	"net/http"
	"strconv"

	"passerelle"
)

// maxDuplicatePairs bounds the pairs the review page lists, most alike first.
const maxDuplicatePairs = 100

type duplicatesData struct {
	Pairs []duplicateView
}

// duplicateView is a pair side by side: the two records as the reader sees them.
type duplicateView struct {
	Pair passerelle.DuplicatePair
	A, B *passerelle.Organization
}

// organizationDuplicates lists pairs of organisations that may be one, side by side, for
// a writer to merge (either way) or to mark "not a duplicate".
func (s *Server) organizationDuplicates(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pairs, err := s.orgs.FindDuplicates(ctx, maxDuplicatePairs)
	if err != nil {
		return err
	}
	d := &duplicatesData{}
	for _, pr := range pairs {
		a, err := s.orgs.FindOrganizationByID(ctx, pr.A.ID)
		if err != nil {
			continue
		}
		b, err := s.orgs.FindOrganizationByID(ctx, pr.B.ID)
		if err != nil {
			continue
		}
		d.Pairs = append(d.Pairs, duplicateView{Pair: pr, A: a, B: b})
	}
	p := s.newPage(r, "dup.title")
	p.Data = d
	return s.render(w, r, "organization_duplicates.html", p)
}

// organizationNotDuplicate remembers that two organisations are not one.
func (s *Server) organizationNotDuplicate(w http.ResponseWriter, r *http.Request) error {
	a, _ := strconv.ParseInt(r.PostFormValue("a"), 10, 64)
	b, _ := strconv.ParseInt(r.PostFormValue("b"), 10, 64)
	if err := s.orgs.MarkNotDuplicate(r.Context(), a, b); err != nil {
		return err
	}
	return s.redirect(w, r, "/organizations/duplicates", "flash.not_duplicate")
}

// organizationMerge merges the organisation named by the form's "gone" into {org}; the
// kept record's page then offers the undo.
func (s *Server) organizationMerge(w http.ResponseWriter, r *http.Request) error {
	kept, err := idParam(r, "org")
	if err != nil {
		return err
	}
	gone, _ := strconv.ParseInt(r.PostFormValue("gone"), 10, 64)
	m, err := s.orgs.MergeOrganizations(r.Context(), kept, gone)
	if err != nil {
		return err
	}
	s.log.Info("organisations merged", "kept", m.KeptID, "gone", m.GoneID, "merge", m.ID)
	return s.redirect(w, r, "/organizations/"+strconv.FormatInt(kept, 10)+"#merges", "flash.merged")
}

// organizationUnmerge undoes a merge into {org}.
func (s *Server) organizationUnmerge(w http.ResponseWriter, r *http.Request) error {
	if _, err := idParam(r, "org"); err != nil {
		return err
	}
	id, err := idParam(r, "merge")
	if err != nil {
		return err
	}
	m, err := s.orgs.UndoMerge(r.Context(), id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/organizations/"+strconv.FormatInt(m.GoneID, 10), "flash.unmerged")
}
