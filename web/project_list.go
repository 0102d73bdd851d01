package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// projectList lists the projects and contracts the caller may read, filtered like the
// figures that link here (?kind=, ?member_id=, ?organization_id=, ?year=, ?country=,
// ?abroad=1, ?with_member=1, ?shared=1).
func (s *Server) projectList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := passerelle.ProjectFilter{Kind: passerelle.ProjectKind(q.Get("kind")), Country: pageCountry(q.Get("country")),
		Abroad: q.Get("abroad") == "1", WithMember: q.Get("with_member") == "1", Shared: q.Get("shared") == "1", Limit: 500}
	f.MemberID, _ = strconv.ParseInt(q.Get("member_id"), 10, 64)
	f.OrganizationID, _ = strconv.ParseInt(q.Get("organization_id"), 10, 64)
	f.Year, _ = strconv.Atoi(q.Get("year"))
	if f.Kind != "" && !f.Kind.Valid() {
		f.Kind = ""
	}
	ps, total, err := store.NewPipelineService(s.db).FindProjects(r.Context(), f)
	if err != nil {
		return err
	}
	members, err := s.workspaces.FindMembers(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	p := s.newPage(r, "projects.title")
	p.Data = map[string]any{"Projects": ps, "Total": total, "Names": names, "Filter": f, "Members": members,
		"Kinds": []passerelle.ProjectKind{passerelle.KindRDContract, passerelle.KindEUProject, passerelle.KindLicence}}
	return s.render(w, r, "project_list.html", p)
}
