package web

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

type orgListData struct {
	Filter passerelle.OrganizationFilter
	Orgs   []*passerelle.Organization
	Rows   template.HTML // Orgs as table rows (see orgRows)
	Themes []*passerelle.Theme
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
	p.Data = orgListData{Filter: f, Orgs: orgs, Rows: orgRows(p.L, orgs), Themes: themes,
		Pager: pager{Offset: f.Offset, Limit: f.Limit, Total: total, Query: q}}
	return s.render(w, r, "organization_list.html", p)
}

// orgRows renders the result rows in Go rather than in the template: there, each row's
// label lookups are method calls made through reflection, and they took three quarters
// of the time of a search page of 50 results (BenchmarkOrganizationListPage). Every text
// is escaped here; the id is a number.
func orgRows(l *Localizer, orgs []*passerelle.Organization) template.HTML {
	var b strings.Builder
	for _, o := range orgs {
		b.WriteString(`<tr><td><a href="/organizations/` + strconv.FormatInt(o.ID, 10) + `">` + html.EscapeString(o.Name) + `</a>`)
		if len(o.Acronyms) > 0 {
			b.WriteString(` <span class="muted">(` + html.EscapeString(strings.Join(o.Acronyms, ", ")) + `)</span>`)
		}
		if o.Visibility == passerelle.VisibilityPrivate {
			b.WriteString(` <span class="badge private">` + html.EscapeString(l.T("visibility.private")) + `</span>`)
		}
		b.WriteString(`</td><td>` + html.EscapeString(l.Kind(o.Kind)) + `</td><td>` + html.EscapeString(o.City) +
			`</td><td>` + html.EscapeString(l.Country(o.Country)) + "</td></tr>\n")
	}
	return template.HTML(b.String())
}
