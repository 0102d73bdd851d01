package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// kpiFigure is one figure of the KPI page and the address of the records behind it.
type kpiFigure struct {
	Label string // catalogue key
	Value string
	Link  string
}

// pageCountry reads a page's ?country=: a hand-typed address with a code that is no
// country lists every country rather than an error page (the API refuses it).
func pageCountry(v string) string {
	c := strings.ToUpper(strings.TrimSpace(v))
	if !passerelle.IsCountry(c) {
		return ""
	}
	return c
}

// kpiPage shows the figures the caller may see (docs/pipeline.md) for ?year= (0: every
// year), ?member_id= (0: the network) and ?organization_id=, each linked to its records.
func (s *Server) kpiPage(w http.ResponseWriter, r *http.Request) error {
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
	k, err := store.NewPipelineService(s.db).KPIs(r.Context(), a, f)
	if err != nil {
		return err
	}
	members, err := s.workspaces.FindMembers(r.Context())
	if err != nil {
		return err
	}
	// The filters of the records behind the figures. The board shows the caller's
	// member unless told otherwise: the network's figures name member 0.
	common := url.Values{}
	common.Set("member_id", strconv.FormatInt(f.MemberID, 10))
	if f.Country != "" {
		common.Set("country", f.Country)
	}
	if f.OrganizationID != 0 {
		common.Set("organization_id", strconv.FormatInt(f.OrganizationID, 10))
	}

	with := func(path string, kv ...string) string {
		v := url.Values{}
		for key, vs := range common {
			v[key] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		if v.Get("member_id") == "0" && path != "/pipeline" {
			v.Del("member_id") // elsewhere no member is every member
		}
		for key, vs := range v {
			if len(vs) == 1 && vs[0] == "" {
				v.Del(key)
			}
		}
		if e := v.Encode(); e != "" {
			return path + "?" + e
		}
		return path
	}
	year := ""
	meetings := []string{"status", "held"}
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
		meetings = append(meetings, "from", fmt.Sprintf("%d-01-01", f.Year), "to", fmt.Sprintf("%d-01-01", f.Year+1))
	}
	// The agreements' list takes a year, a foreign partner's country and a partner (one
	// organisation's figures count the agreements it is a partner of), no member.
	agreements := func(year, country string) string {
		v := url.Values{}
		if year != "" {
			v.Set("year", year)
		}
		if country != "" {
			v.Set("country", country)
		}
		if f.OrganizationID != 0 {
			v.Set("partner", strconv.FormatInt(f.OrganizationID, 10))
		}
		if e := v.Encode(); e != "" {
			return "/agreements?" + e
		}
		return "/agreements"
	}
	// The members' projects, as the figures count them (reference data left out), but
	// for one organisation, whose figures count its participations in any project.
	withMember := "1"
	if f.OrganizationID != 0 {
		withMember = ""
	}
	// The network's figures count the shared records only, whoever reads them: so do
	// their lists (the network's board, member 0, does so of itself).
	shared := ""
	if f.MemberID == 0 {
		shared = "1"
		meetings = append(meetings, "shared", "1")
	}
	// Written as the page's language writes numbers, as the report writes them.
	p := s.newPage(r, "kpi.title")
	euros, num := p.L.Euros, p.L.Num
	figs := []kpiFigure{
		{"kpi.companies_met_abroad", num(k.Counts.CompaniesMetAbroad), with("/kpis/companies", "year", year)},
		{"kpi.meetings_held", num(k.Counts.MeetingsHeld), with("/api/v1/meetings", meetings...)},
		{"kpi.meetings_with_opportunity", num(k.Counts.MeetingsWithOpportunity), with("/pipeline", "year", year)},
		{"kpi.rd_contracts_foreign", euros(k.Money.RDContractsForeign), with("/projects", "kind", "rd_contract", "abroad", "1", "with_member", withMember, "shared", shared, "year", year)},
		{"kpi.eu_projects", euros(k.Money.EUProjects), with("/projects", "kind", "eu_project", "with_member", withMember, "shared", shared, "year", year)},
		{"kpi.eu_projects_count", num(k.Counts.EUProjects) + " (" + num(k.Counts.EUProjectsCoordinated) + ")", with("/projects", "kind", "eu_project", "with_member", withMember, "shared", shared, "year", year)},
		{"kpi.partnership_revenue", euros(k.Money.PartnershipRevenue), with("/projects", "with_member", withMember, "shared", shared, "year", year)},
		{"kpi.foreign_share", p.L.Pct(k.ForeignSharePct()), with("/projects", "with_member", withMember, "shared", shared, "year", year)},
		{"kpi.agreements_signed", num(k.Counts.AgreementsSigned), agreements(year, f.Country)},
		{"kpi.opportunities", num(k.Counts.Opportunities) + " → " + num(k.Counts.OpportunitiesWon), with("/pipeline", "year", year)},
	}
	p.Data = map[string]any{"Figures": figs, "Filter": f, "Members": members, "Member": k.Member}
	return s.render(w, r, "kpi_page.html", p)
}
