package web

import (
	"net/http"
	"time"

	"passerelle"
	"passerelle/store"
)

type dashboardData struct {
	Workspace     *passerelle.Workspace
	Organizations int
	People        int
	Members       []*passerelle.Member
	Recent        []*passerelle.AuditEntry
	// FollowUps are the open follow-ups of the reader's member (all members' for an
	// organiser of none), until done.
	FollowUps []*passerelle.FollowUp
	Today     string
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	d := dashboardData{}
	var err error
	if d.Workspace, err = s.workspaces.FindWorkspaceByID(ctx, a.WorkspaceID); err != nil {
		return err
	}
	if _, d.Organizations, err = s.findOrganizations(ctx, passerelle.OrganizationFilter{Limit: 1}); err != nil {
		return err
	}
	if _, d.People, err = s.people.FindPeople(ctx, passerelle.PersonFilter{Limit: 1}); err != nil {
		return err
	}
	if d.Members, err = s.workspaces.FindMembers(ctx); err != nil {
		return err
	}
	if d.Recent, err = s.audit.FindAuditEntries(ctx, passerelle.AuditFilter{Limit: 10}); err != nil {
		return err
	}
	if d.FollowUps, err = store.NewFollowUpService(s.db).FindFollowUps(ctx, store.FollowUpFilter{MemberID: a.MemberID, OpenOnly: true, Limit: 50}); err != nil {
		return err
	}
	d.Today = s.localNow(r).Format(time.DateOnly)
	p := s.newPage(r, "dashboard.title")
	p.Data = d
	return s.render(w, r, "dashboard.html", p)
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	hits, err := s.search.Search(r.Context(), q, 50)
	if err != nil {
		return err
	}
	p := s.newPage(r, "search.title")
	p.Data = map[string]any{"Q": q, "Hits": hits}
	return s.render(w, r, "search.html", p)
}
