package web

import (
	"net/http"

	"passerelle"
)

type orgListData struct {
	Filter passerelle.OrganizationFilter
	Orgs   []*passerelle.Organization
	Themes []*passerelle.Theme
	Kinds  []passerelle.OrgKind
	Pager  pager
}

// organizationList is the directory with live search: htmx re-requests it as the user
// types and swaps only the results (fragment-results).
func (s *Server) organizationList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := passerelle.OrganizationFilter{Query: q.Get("q"), Country: q.Get("country"), Kind: passerelle.OrgKind(q.Get("kind")),
		Theme: q.Get("theme"), Offset: max(atoi(q.Get("offset")), 0), Limit: 50}
	orgs, total, err := s.findOrganizations(r.Context(), f)
	if err != nil {
		return err
	}
	themes, err := s.findThemes(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, "orgs.title")
	p.Data = orgListData{Filter: f, Orgs: orgs, Themes: themes, Kinds: passerelle.OrgKinds,
		Pager: pager{Offset: f.Offset, Limit: f.Limit, Total: total, Query: q}}
	return s.render(w, r, "organization_list.html", p)
}
