package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// kpiCompanies lists the records behind "companies met abroad" for the KPI page's
// filters (?year=, ?member_id=, ?organization_id=, ?country=): the foreign
// organisations met in held meetings, each linked to its page and to those meetings.
func (s *Server) kpiCompanies(w http.ResponseWriter, r *http.Request) error {
	a := passerelle.ActorFromContext(r.Context())
	q := r.URL.Query()
	f := passerelle.KPIFilter{}
	// A year the page cannot mean is refused as the API refuses it, not sent on.
	bad := passerelle.Problems{}
	f.Year = yearParam(r, bad)
	if err := bad.Err(); err != nil {
		return err
	}
	f.MemberID, _ = strconv.ParseInt(q.Get("member_id"), 10, 64)
	f.OrganizationID, _ = strconv.ParseInt(q.Get("organization_id"), 10, 64)
	f.Country = pageCountry(q.Get("country"))
	orgs, err := store.NewPipelineService(s.db).CompaniesMetAbroad(r.Context(), a, f)
	if err != nil {
		return err
	}
	// The held meetings with each, in the period, as the figure counts them: the
	// member's, or for the network the shared ones only (as the KPI page's own link).
	meetings := "/api/v1/meetings?status=held"
	if f.Year != 0 {
		meetings += "&from=" + strconv.Itoa(f.Year) + "-01-01&to=" + strconv.Itoa(f.Year+1) + "-01-01"
	}
	if f.MemberID != 0 {
		meetings += "&member_id=" + strconv.FormatInt(f.MemberID, 10)
	} else {
		meetings += "&shared=1"
	}
	p := s.newPage(r, "kpi.companies_met_abroad")
	p.Data = map[string]any{"Orgs": orgs, "Filter": f, "Meetings": meetings, "Back": "/kpis?" + r.URL.RawQuery}
	return s.render(w, r, "kpi_companies.html", p)
}
