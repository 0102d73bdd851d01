package web

import (
	"net/http"

	"passerelle"
	"passerelle/store"
)

// opportunityStage moves an opportunity on the board (a select and a button on its
// card) and goes back to the board.
func (s *Server) opportunityStage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	svc := store.NewPipelineService(s.db)
	o, err := svc.FindOpportunityByID(r.Context(), id)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	st := passerelle.OpportunityStage(r.PostForm.Get("stage"))
	if !st.Valid() {
		return passerelle.FieldError("stage", "one of identified, in_discussion, letter_of_intent, proposal_submitted, won, lost, abandoned")
	}
	o.Stage = st
	if err := svc.UpdateOpportunity(r.Context(), o); err != nil {
		return err
	}
	to := localReturn(r.PostForm.Get("return"))
	if to == "" {
		to = "/pipeline"
	}
	return s.redirect(w, r, to, "flash.saved")
}
