package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// opportunityBody is what POST and PATCH /api/v1/opportunities take: every field
// optional, so that a PATCH changes only those given.
type opportunityBody struct {
	Title              *string                      `json:"title"`
	MemberID           *int64                       `json:"member_id"`
	Stage              *passerelle.OpportunityStage `json:"stage"`
	ExpectedValueCents *int64                       `json:"expected_value_cents"`
	Currency           *string                      `json:"currency"`
	Programme          *string                      `json:"programme"`
	CallID             *string                      `json:"call_id"`
	Deadline           *string                      `json:"deadline"`
	NextAction         *string                      `json:"next_action"`
	NextActionDate     *string                      `json:"next_action_date"`
	OpenedOn           *string                      `json:"opened_on"`
	WonOn              *string                      `json:"won_on"`
	Notes              *string                      `json:"notes"`
	MeetingIDs         *[]int64                     `json:"meeting_ids"`
	MissionIDs         *[]int64                     `json:"mission_ids"`
	EventIDs           *[]int64                     `json:"event_ids"`
	OrganizationIDs    *[]int64                     `json:"organization_ids"`
	PersonIDs          *[]int64                     `json:"person_ids"`
	Visibility         *passerelle.Visibility       `json:"visibility"`
	// Version, when sent, must be the stored one: an older one is refused (409).
	Version *int64 `json:"version"`
}

func (b *opportunityBody) apply(o *passerelle.Opportunity) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	ids := func(dst *[]int64, v *[]int64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&o.Title, b.Title)
	set(&o.Currency, b.Currency)
	set(&o.Programme, b.Programme)
	set(&o.CallID, b.CallID)
	set(&o.Deadline, b.Deadline)
	set(&o.NextAction, b.NextAction)
	set(&o.NextActionDate, b.NextActionDate)
	set(&o.OpenedOn, b.OpenedOn)
	set(&o.WonOn, b.WonOn)
	set(&o.Notes, b.Notes)
	ids(&o.MeetingIDs, b.MeetingIDs)
	ids(&o.MissionIDs, b.MissionIDs)
	ids(&o.EventIDs, b.EventIDs)
	ids(&o.OrganizationIDs, b.OrganizationIDs)
	ids(&o.PersonIDs, b.PersonIDs)
	if b.MemberID != nil {
		o.MemberID = *b.MemberID
	}
	if b.Stage != nil {
		o.Stage = *b.Stage
	}
	if b.ExpectedValueCents != nil {
		o.ExpectedValueCents = *b.ExpectedValueCents
	}
	if b.Visibility != nil {
		o.Visibility = *b.Visibility
	}
	if b.Version != nil {
		o.Version = *b.Version
	}
}

// int64Params reads positive ids from the query, naming a bad one.
func int64Params(r *http.Request, p passerelle.Problems, dst map[string]*int64) {
	for name, d := range dst {
		if v := r.URL.Query().Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				p.Add(name, "a positive number")
			}
			*d = n
		}
	}
}

// yearParam reads ?year=, 0 when absent.
func yearParam(r *http.Request, p passerelle.Problems) int {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2200 {
		p.Add("year", "a year such as 2013")
	}
	return y
}

func (s *Server) apiOpportunityList(w http.ResponseWriter, r *http.Request) error {
	off, limit, err := paging(r)
	if err != nil {
		return err
	}
	f := passerelle.OpportunityFilter{Stage: passerelle.OpportunityStage(r.URL.Query().Get("stage")), Country: r.URL.Query().Get("country"),
		Shared: r.URL.Query().Get("shared") == "1", Offset: off, Limit: limit}
	p := passerelle.Problems{}
	int64Params(r, p, map[string]*int64{"member_id": &f.MemberID, "organization_id": &f.OrganizationID, "meeting_id": &f.MeetingID})
	f.Year = yearParam(r, p)
	if f.Stage != "" && !f.Stage.Valid() {
		p.Add("stage", "one of identified, in_discussion, letter_of_intent, proposal_submitted, won, lost, abandoned")
	}
	if err := p.Err(); err != nil {
		return err
	}
	os, total, err := store.NewPipelineService(s.db).FindOpportunities(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, newList(os, total, off, limit))
}

func (s *Server) apiOpportunityGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	o, err := store.NewPipelineService(s.db).FindOpportunityByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, o)
}

func (s *Server) apiOpportunityCreate(w http.ResponseWriter, r *http.Request) error {
	b := &opportunityBody{}
	if err := decode(r, b); err != nil {
		return err
	}
	o := &passerelle.Opportunity{}
	b.apply(o)
	if err := store.NewPipelineService(s.db).CreateOpportunity(r.Context(), o); err != nil {
		return err
	}
	return created(w, o)
}

// apiOpportunityUpdate applies the fields present in the body onto the stored
// opportunity: {"stage": "won"} moves it on the board.
func (s *Server) apiOpportunityUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	svc := store.NewPipelineService(s.db)
	o, err := svc.FindOpportunityByID(r.Context(), id)
	if err != nil {
		return err
	}
	b := &opportunityBody{}
	if err := decode(r, b); err != nil {
		return err
	}
	// Without "version" (or with null) the change applies to the opportunity as it is
	// now; "version": 0 is refused, not taken for none.
	switch {
	case b.Version == nil:
		o.Version = 0
	case *b.Version <= 0:
		return errBadVersion()
	}
	b.apply(o)
	if err := svc.UpdateOpportunity(r.Context(), o); err != nil {
		return err
	}
	return ok(w, o)
}

func (s *Server) apiOpportunityDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	if err := store.NewPipelineService(s.db).DeleteOpportunity(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// kpiReply is the figures of GET /api/v1/kpis, euros in cents.
type kpiReply struct {
	Year                    int                   `json:"year"`
	Member                  *passerelle.MemberRef `json:"member"`
	OrganizationID          int64                 `json:"organization_id,omitempty"`
	Country                 string                `json:"country,omitempty"`
	CompaniesMetAbroad      int                   `json:"companies_met_abroad"`
	MeetingsHeld            int                   `json:"meetings_held"`
	MeetingsWithOpportunity int                   `json:"meetings_with_opportunity"`
	RDContractsForeignCents int64                 `json:"rd_contracts_foreign_cents"`
	EUProjects              int                   `json:"eu_projects"`
	EUProjectsCents         int64                 `json:"eu_projects_cents"`
	EUProjectsCoordinated   int                   `json:"eu_projects_coordinated"`
	PartnershipRevenueCents int64                 `json:"partnership_revenue_cents"`
	ForeignSharePct         float64               `json:"foreign_share_pct"`
	AgreementsSigned        int                   `json:"agreements_signed"`
	Opportunities           int                   `json:"opportunities"`
	OpportunitiesWon        int                   `json:"opportunities_won"`
}

// apiKPIs returns the figures the caller may see (docs/pipeline.md): the network's
// (shared records and its own member's), or one member's, or one organisation's.
func (s *Server) apiKPIs(w http.ResponseWriter, r *http.Request) error {
	a, err := passerelle.RequireActor(r.Context())
	if err != nil {
		return err
	}
	f := passerelle.KPIFilter{}
	p := passerelle.Problems{}
	int64Params(r, p, map[string]*int64{"member_id": &f.MemberID, "organization_id": &f.OrganizationID})
	f.Year = yearParam(r, p)
	f.Country = r.URL.Query().Get("country")
	if err := p.Err(); err != nil {
		return err
	}
	k, err := store.NewPipelineService(s.db).KPIs(r.Context(), a, f)
	if err != nil {
		return err
	}
	return ok(w, kpiReply{Year: k.Year, Member: k.Member, OrganizationID: f.OrganizationID, Country: strings.ToUpper(f.Country), CompaniesMetAbroad: k.Counts.CompaniesMetAbroad,
		MeetingsHeld: k.Counts.MeetingsHeld, MeetingsWithOpportunity: k.Counts.MeetingsWithOpportunity,
		RDContractsForeignCents: k.Money.RDContractsForeign, EUProjects: k.Counts.EUProjects, EUProjectsCents: k.Money.EUProjects,
		EUProjectsCoordinated: k.Counts.EUProjectsCoordinated, PartnershipRevenueCents: k.Money.PartnershipRevenue,
		ForeignSharePct: k.ForeignSharePct(), AgreementsSigned: k.Counts.AgreementsSigned, Opportunities: k.Counts.Opportunities,
		OpportunitiesWon: k.Counts.OpportunitiesWon})
}
