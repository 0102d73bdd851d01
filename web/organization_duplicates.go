package web

import (
	"context"
	"net/http"
	"strconv"

	"passerelle"
)

// maxDuplicatePairs bounds the pairs the review page lists, most alike first.
const maxDuplicatePairs = 100

type duplicatesData[T any] struct {
	Pairs []duplicateView[T]
}

// duplicateView is a pair side by side: the two records as the reader sees them.
type duplicateView[T any] struct {
	Pair passerelle.DuplicatePair
	A, B T
}

// sideBySide reads the two records of every pair; a pair one of whose records is gone
// since (merged a moment ago) is left out.
func sideBySide[T any](ctx context.Context, pairs []passerelle.DuplicatePair, find func(context.Context, int64) (T, error)) *duplicatesData[T] {
	d := &duplicatesData[T]{}
	for _, pr := range pairs {
		a, err := find(ctx, pr.A.ID)
		if err != nil {
			continue
		}
		b, err := find(ctx, pr.B.ID)
		if err != nil {
			continue
		}
		d.Pairs = append(d.Pairs, duplicateView[T]{Pair: pr, A: a, B: b})
	}
	return d
}

// pairForm reads the two ids of a "not a duplicate" form.
func pairForm(r *http.Request) (a, b int64) {
	a, _ = strconv.ParseInt(r.PostFormValue("a"), 10, 64)
	b, _ = strconv.ParseInt(r.PostFormValue("b"), 10, 64)
	return a, b
}

// organizationDuplicates lists pairs of organisations that may be one, side by side, for
// a writer to merge (either way) or to mark "not a duplicate".
func (s *Server) organizationDuplicates(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pairs, err := s.orgs.FindDuplicates(ctx, maxDuplicatePairs)
	if err != nil {
		return err
	}
	p := s.newPage(r, "dup.title")
	p.Data = sideBySide(ctx, pairs, s.orgs.FindOrganizationByID)
	return s.render(w, r, "organization_duplicates.html", p)
}

// organizationNotDuplicate remembers that two organisations are not one.
func (s *Server) organizationNotDuplicate(w http.ResponseWriter, r *http.Request) error {
	a, b := pairForm(r)
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
