package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// kpiRow is one line of `passerelle kpi`: the figures of a year (null: every year) and a
// member (null: the network), euros as decimal strings with two decimals.
type kpiRow struct {
	Year                  *int    `json:"year"`
	Member                *string `json:"member"`
	CompaniesMetAbroad    int     `json:"companies_met_abroad"`
	MeetingsHeld          int     `json:"meetings_held"`
	RDContractsForeignEUR string  `json:"rd_contracts_foreign_eur"`
	EUProjectsEUR         string  `json:"eu_projects_eur"`
	EUProjectsCoordinated int     `json:"eu_projects_coordinated"`
	PartnershipRevenueEUR string  `json:"partnership_revenue_eur"`
	ForeignSharePct       float64 `json:"foreign_share_pct"`
	AgreementsSigned      int     `json:"agreements_signed"`
}

// euros writes cents as a decimal string with two decimals: 123450 -> "1234.50".
func euros(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// runKPI prints the figures (docs/pipeline.md). The network's are what members share;
// a member's are computed as that member sees them (its private records included).
func runKPI(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("kpi", &cfg)
	year := fs.Int("year", 0, "the year (default: every year, in one row)")
	member := fs.String("member", "", "a member: its slug (its name, or an acronym of its record, folded: pasteur-mi), name or id (default: the network)")
	org := fs.Int64("organization", 0, "the figures of one organisation (its id)")
	country := fs.String("country", "", "the figures of one country (ISO 3166 code: what was done with its organisations)")
	format := fs.String("format", "json", "json or csv")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || (*format != "json" && *format != "csv") {
		return fmt.Errorf("%w: passerelle kpi [--year Y] [--member SLUG] [--organization ID] [--country CC] --format json|csv", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	w, sys, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	actor := kpiReader(w.ID, 0)
	f := passerelle.KPIFilter{Year: *year, OrganizationID: *org, Country: *country}
	if *member != "" {
		ms, err := store.NewWorkspaceService(db).FindMembers(sys)
		if err != nil {
			return err
		}
		want := passerelle.MemberSlug(*member)
		orgs := store.NewOrganizationService(db)
		for _, m := range ms {
			if passerelle.MemberSlug(m.Name) == want || strconv.FormatInt(m.ID, 10) == *member {
				f.MemberID = m.ID
				break
			}
			// Or an acronym of its directory record: "pasteur-mi" for "Pasteur MI".
			if o, err := orgs.FindOrganizationByID(sys, m.OrganizationID); m.OrganizationID != 0 && err == nil {
				for _, a := range o.Acronyms {
					if passerelle.MemberSlug(a) == want {
						f.MemberID = m.ID
					}
				}
			}
		}
		if f.MemberID == 0 {
			return fmt.Errorf("no member %q in workspace %s", *member, w.Slug)
		}
		actor = kpiReader(w.ID, f.MemberID)
	}
	k, err := store.NewPipelineService(db).KPIs(ctx, actor, f)
	if err != nil {
		return err
	}
	row := kpiRow{CompaniesMetAbroad: k.Counts.CompaniesMetAbroad, MeetingsHeld: k.Counts.MeetingsHeld,
		RDContractsForeignEUR: euros(k.Money.RDContractsForeign), EUProjectsEUR: euros(k.Money.EUProjects),
		EUProjectsCoordinated: k.Counts.EUProjectsCoordinated, PartnershipRevenueEUR: euros(k.Money.PartnershipRevenue),
		ForeignSharePct: k.ForeignSharePct(), AgreementsSigned: k.Counts.AgreementsSigned}
	if *year != 0 {
		row.Year = year
	}
	if k.Member != nil {
		row.Member = &k.Member.Slug
	}
	if *format == "json" {
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(row)
	}
	cw := csv.NewWriter(a.Stdout)
	y, m := "", ""
	if row.Year != nil {
		y = strconv.Itoa(*row.Year)
	}
	if row.Member != nil {
		m = *row.Member
	}
	_ = cw.Write([]string{"year", "member", "companies_met_abroad", "meetings_held", "rd_contracts_foreign_eur", "eu_projects_eur",
		"eu_projects_coordinated", "partnership_revenue_eur", "foreign_share_pct", "agreements_signed"})
	_ = cw.Write([]string{y, m, strconv.Itoa(row.CompaniesMetAbroad), strconv.Itoa(row.MeetingsHeld), row.RDContractsForeignEUR,
		row.EUProjectsEUR, strconv.Itoa(row.EUProjectsCoordinated), row.PartnershipRevenueEUR,
		strconv.FormatFloat(row.ForeignSharePct, 'f', 1, 64), strconv.Itoa(row.AgreementsSigned)})
	cw.Flush()
	return cw.Error()
}

// kpiReader is who the operator's figures are computed as (docs/pipeline.md): for the
// network (member 0) a reader of shared records only — a member's private records count
// in its own view only — and for a member that member seeing itself, its private
// records included. `passerelle kpi` and the figures of `passerelle report` agree so.
func kpiReader(ws, member int64) *passerelle.Actor {
	return &passerelle.Actor{WorkspaceID: ws, MemberID: member, Role: passerelle.RoleCoordinator}
}
