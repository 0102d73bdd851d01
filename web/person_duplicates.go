package web

import (
	"net/http"
	"strconv"
)

// personDuplicates lists pairs of people who may be one, side by side, for a writer to
// merge (either way) or to mark "not a duplicate".
func (s *Server) personDuplicates(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pairs, err := s.people.FindDuplicates(ctx, maxDuplicatePairs)
	if err != nil {
		return err
	}
	p := s.newPage(r, "dup.people_title")
	p.Data = sideBySide(ctx, pairs, s.people.FindPersonByID)
	return s.render(w, r, "person_duplicates.html", p)
}

// personNotDuplicate remembers that two people are not one.
func (s *Server) personNotDuplicate(w http.ResponseWriter, r *http.Request) error {
	a, b := pairForm(r)
	if err := s.people.MarkNotDuplicate(r.Context(), a, b); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/duplicates", "flash.not_duplicate")
}

// personMerge merges the person named by the form's "gone" into {person}; the kept
// person's page then offers the undo.
func (s *Server) personMerge(w http.ResponseWriter, r *http.Request) error {
	kept, err := idParam(r, "person")
	if err != nil {
		return err
	}
	gone, _ := strconv.ParseInt(r.PostFormValue("gone"), 10, 64)
	m, err := s.people.MergePeople(r.Context(), kept, gone)
	if err != nil {
		return err
	}
	s.log.Info("people merged", "kept", m.KeptID, "gone", m.GoneID, "merge", m.ID)
	return s.redirect(w, r, "/people/"+strconv.FormatInt(kept, 10)+"#merges", "flash.merged")
}

// personUnmerge undoes a merge into {person}.
func (s *Server) personUnmerge(w http.ResponseWriter, r *http.Request) error {
	if _, err := idParam(r, "person"); err != nil {
		return err
	}
	id, err := idParam(r, "merge")
	if err != nil {
		return err
	}
	m, err := s.people.UndoMerge(r.Context(), id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(m.GoneID, 10), "flash.unmerged")
}
