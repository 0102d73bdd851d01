package passerelle

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// OpportunityStage is where an opportunity stands (docs/pipeline.md).
type OpportunityStage string

const (
	StageIdentified        OpportunityStage = "identified"
	StageInDiscussion      OpportunityStage = "in_discussion"
	StageLetterOfIntent    OpportunityStage = "letter_of_intent"
	StageProposalSubmitted OpportunityStage = "proposal_submitted"
	StageWon               OpportunityStage = "won"
	StageLost              OpportunityStage = "lost"
	StageAbandoned         OpportunityStage = "abandoned"
)

// OpportunityStages lists the stages in board order; the catalogues name them under
// "opp.stage." + the stage.
var OpportunityStages = []OpportunityStage{StageIdentified, StageInDiscussion, StageLetterOfIntent, StageProposalSubmitted,
	StageWon, StageLost, StageAbandoned}

// Valid reports whether s is a known stage.
func (s OpportunityStage) Valid() bool { return slices.Contains(OpportunityStages, s) }

// Closed reports whether the stage ends the opportunity.
func (s OpportunityStage) Closed() bool {
	return s == StageWon || s == StageLost || s == StageAbandoned
}

// Opportunity is a lead a member pursues: a partner to sign, a call to answer. It is
// linked to the meetings, missions, events, organisations and people it came from.
// MemberID is the member that pursues it (its board), whatever the visibility; a
// private opportunity is its member's only.
type Opportunity struct {
	ID                 int64            `json:"id"`
	WorkspaceID        int64            `json:"workspace_id"`
	Title              string           `json:"title"`
	MemberID           int64            `json:"member_id"`
	Stage              OpportunityStage `json:"stage"`
	ExpectedValueCents int64            `json:"expected_value_cents"`
	Currency           string           `json:"currency"`
	Programme          string           `json:"programme,omitempty"` // e.g. Horizon 2020
	CallID             string           `json:"call_id,omitempty"`   // e.g. H2020-SC1-2016-2017
	Deadline           string           `json:"deadline,omitempty"`  // YYYY-MM-DD
	NextAction         string           `json:"next_action,omitempty"`
	NextActionDate     string           `json:"next_action_date,omitempty"`
	// OpenedOn is the day it was identified (its year is the year it counts under);
	// WonOn the day it was won, set when the stage becomes won.
	OpenedOn        string     `json:"opened_on"`
	WonOn           string     `json:"won_on,omitempty"`
	Notes           string     `json:"notes,omitempty"`
	MeetingIDs      []int64    `json:"meeting_ids"`
	MissionIDs      []int64    `json:"mission_ids"`
	EventIDs        []int64    `json:"event_ids"`
	OrganizationIDs []int64    `json:"organization_ids"`
	PersonIDs       []int64    `json:"person_ids"`
	Visibility      Visibility `json:"visibility"`
	OwnerMemberID   int64      `json:"owner_member_id,omitempty"`
	// Version is raised by every update; a save that sends an older one is refused (ESTALE).
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OpportunityFilter narrows a list of opportunities.
type OpportunityFilter struct {
	MemberID       int64
	Stage          OpportunityStage
	OrganizationID int64
	MeetingID      int64
	Year           int // opened that year
	// Country (ISO 3166): linked to an organisation of that country the reader may see,
	// as the figures count them.
	Country string
	// Shared keeps the records every member sees, as the network's figures count them:
	// the reader's own member's private records (and organisations) are left out.
	Shared        bool
	Limit, Offset int
}

var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// Validate checks an opportunity, naming each bad field.
func (o *Opportunity) Validate() error {
	p := Problems{}
	o.Title = strings.TrimSpace(o.Title)
	if o.Title == "" || len(o.Title) > 500 {
		p.Add("title", "required, at most 500 characters")
	}
	if o.MemberID <= 0 {
		p.Add("member_id", "the member that pursues it is required")
	}
	if o.Stage == "" {
		o.Stage = StageIdentified
	}
	if !o.Stage.Valid() {
		p.Add("stage", "one of identified, in_discussion, letter_of_intent, proposal_submitted, won, lost, abandoned")
	}
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	if o.Currency == "" {
		o.Currency = "EUR"
	}
	if !currencyRe.MatchString(o.Currency) {
		p.Add("currency", "a three-letter currency code such as EUR")
	}
	if o.ExpectedValueCents < 0 || o.ExpectedValueCents > MaxAmountCents {
		p.Add("expected_value_cents", "an amount between 0 and 10^13")
	}
	for _, d := range []struct {
		field string
		v     *string
	}{{"deadline", &o.Deadline}, {"next_action_date", &o.NextActionDate}, {"opened_on", &o.OpenedOn}, {"won_on", &o.WonOn}} {
		*d.v = strings.TrimSpace(*d.v)
		if *d.v == "" {
			continue
		}
		if !IsISODate(*d.v) {
			p.Add(d.field, "a date such as 2017-05-16")
		}
	}
	o.Programme, o.CallID, o.NextAction = strings.TrimSpace(o.Programme), strings.TrimSpace(o.CallID), strings.TrimSpace(o.NextAction)
	if len(o.Programme) > 200 {
		p.Add("programme", "at most 200 characters")
	}
	if len(o.CallID) > 200 {
		p.Add("call_id", "at most 200 characters")
	}
	if len(o.NextAction) > 1000 {
		p.Add("next_action", "at most 1,000 characters")
	}
	if len(o.Notes) > 100000 {
		p.Add("notes", "at most 100,000 characters")
	}
	for _, l := range []struct {
		field string
		ids   []int64
	}{{"meeting_ids", o.MeetingIDs}, {"mission_ids", o.MissionIDs}, {"event_ids", o.EventIDs},
		{"organization_ids", o.OrganizationIDs}, {"person_ids", o.PersonIDs}} {
		if !distinctIDs(l.ids) {
			p.Add(l.field, "each record once")
		}
	}
	if o.Visibility == "" {
		o.Visibility = VisibilityShared
	}
	if o.Visibility != VisibilityShared && o.Visibility != VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	if HasNUL(o.Title + o.Programme + o.CallID + o.NextAction + o.Notes) {
		p.Add("title", "a field holds a NUL character")
	}
	return p.Err()
}

func distinctIDs(ids []int64) bool {
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			return false
		}
		seen[id] = true
	}
	return len(ids) <= 500
}

// ProjectKind is the kind of a partnership revenue record.
type ProjectKind string

const (
	KindRDContract ProjectKind = "rd_contract" // a bilateral R&D contract with a client
	KindEUProject  ProjectKind = "eu_project"  // an EU collaborative project
	KindLicence    ProjectKind = "licence"     // a licence of the member's results
)

// ProjectKinds lists the kinds; the catalogues name them under "project.kind.".
var ProjectKinds = []ProjectKind{KindRDContract, KindEUProject, KindLicence}

// Valid reports whether k is a known kind.
func (k ProjectKind) Valid() bool { return slices.Contains(ProjectKinds, k) }

// Roles in an EU project.
const (
	ProjectCoordinator = "coordinator"
	ProjectParticipant = "participant"
)

// Project is a record of partnership revenue: an R&D contract with its client (and the
// client's country), an EU collaborative project (programme, call, topic, the member's
// role and its EU contribution) or a licence. MemberID is the member whose revenue it
// is; a project without one (an EU project imported for the organisations in it, none a
// member's) is reference data that counts only under an organisation's figures.
//
// Money is integer cents per year in Currency; EURCents is the same amount in euros at
// Rate (euros for one unit of Currency, exact decimal text, "1" for EUR), rounded half
// away from zero. The figures count each year's amount in that year (docs/pipeline.md).
type Project struct {
	ID            int64           `json:"id"`
	WorkspaceID   int64           `json:"workspace_id"`
	Kind          ProjectKind     `json:"kind"`
	Ref           string          `json:"ref,omitempty"` // an outside identifier: CORDIS project id, contract number
	Acronym       string          `json:"acronym,omitempty"`
	Title         string          `json:"title"`
	MemberID      int64           `json:"member_id,omitempty"`
	ClientID      int64           `json:"client_organization_id,omitempty"`
	ClientName    string          `json:"client_name,omitempty"`
	ClientCountry string          `json:"client_country,omitempty"`
	Programme     string          `json:"programme,omitempty"`
	CallID        string          `json:"call_id,omitempty"`
	Topic         string          `json:"topic,omitempty"`
	Role          string          `json:"role,omitempty"` // coordinator or participant, for EU projects
	StartDate     string          `json:"start_date,omitempty"`
	EndDate       string          `json:"end_date,omitempty"`
	SignedOn      string          `json:"signed_on,omitempty"`
	Currency      string          `json:"currency"`
	Rate          string          `json:"rate"`
	Amounts       []ProjectAmount `json:"amounts"`
	OpportunityID int64           `json:"opportunity_id,omitempty"`
	// Participations are the organisations of an EU project with their role and EU
	// contribution in euro cents, as an import gives them.
	Participations []Participation `json:"participations,omitempty"`
	// Shares are the parts of other members of the network in a project several of them
	// share: each its role and its own money per year. Amounts stay the part of MemberID,
	// the project's lead member; each part counts once, for its member.
	Shares        []ProjectShare `json:"shares,omitempty"`
	Notes         string         `json:"notes,omitempty"`
	Source        string         `json:"source,omitempty"` // "" (by hand) or "import"
	Visibility    Visibility     `json:"visibility"`
	OwnerMemberID int64          `json:"owner_member_id,omitempty"`
	// Version is raised by every update; a save that sends an older one is refused (ESTALE).
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ProjectAmount is one year's money of a project.
type ProjectAmount struct {
	Year        int   `json:"year"`
	AmountCents int64 `json:"amount_cents"` // in the project's currency
	EURCents    int64 `json:"eur_cents"`
}

// ProjectShare is another member's part in a project: its role (for an EU project) and
// its money per year in the project's currency, converted at the project's rate.
type ProjectShare struct {
	MemberID int64           `json:"member_id"`
	Role     string          `json:"role,omitempty"`
	Amounts  []ProjectAmount `json:"amounts"`
}

// Participation is an organisation in an EU project.
type Participation struct {
	OrganizationID int64  `json:"organization_id"`
	Name           string `json:"name,omitempty"`
	Country        string `json:"country,omitempty"`
	Role           string `json:"role"`
	AmountCents    int64  `json:"amount_cents"` // EU contribution, euro cents
}

// ProjectFilter narrows a list of projects.
type ProjectFilter struct {
	Kind           ProjectKind
	MemberID       int64
	OrganizationID int64 // client or participant
	OpportunityID  int64 // the opportunity it came from
	Year           int   // with an amount that year, or starting that year
	// Country (ISO 3166), as the figures count it: a contract or licence whose client's
	// country it is, an EU project where an organisation of it takes part.
	Country string
	// Abroad keeps the records whose client's country is set and is not the home
	// country of MemberID's figures (the network's with none), as "R&D contracts
	// financed abroad" counts them.
	Abroad bool
	// WithMember keeps the records of a member (its own or with a part), as the
	// members' figures count them, leaving out reference data (an imported EU project
	// no member takes part in).
	WithMember bool
	// Shared keeps the records every member sees, as the network's figures count them:
	// the reader's own member's private records (and organisations) are left out.
	Shared        bool
	Limit, Offset int
}

var rateRe = regexp.MustCompile(`^[0-9]{1,9}(\.[0-9]{1,9})?$`)

// Validate checks a project, naming each bad field, and computes the euro amounts.
func (pr *Project) Validate() error {
	p := Problems{}
	if !pr.Kind.Valid() {
		p.Add("kind", "rd_contract, eu_project or licence")
	}
	pr.Title, pr.Ref, pr.Acronym = strings.TrimSpace(pr.Title), strings.TrimSpace(pr.Ref), strings.TrimSpace(pr.Acronym)
	if pr.Title == "" && pr.Acronym != "" {
		pr.Title = pr.Acronym
	}
	if pr.Title == "" || len(pr.Title) > 1000 {
		p.Add("title", "required, at most 1,000 characters")
	}
	if len(pr.Ref) > 200 {
		p.Add("ref", "at most 200 characters")
	}
	pr.ClientCountry = strings.ToUpper(strings.TrimSpace(pr.ClientCountry))
	if pr.ClientCountry != "" && !IsCountry(pr.ClientCountry) {
		p.Add("client_country", "an ISO 3166 country code such as DE")
	}
	if pr.Kind == KindRDContract && pr.ClientID == 0 && pr.ClientName == "" {
		p.Add("client_organization_id", "an R&D contract needs its client")
	}
	pr.Role = strings.ToLower(strings.TrimSpace(pr.Role))
	if pr.Role != "" && pr.Role != ProjectCoordinator && pr.Role != ProjectParticipant {
		p.Add("role", "coordinator or participant")
	}
	for _, d := range []struct {
		field string
		v     *string
	}{{"start_date", &pr.StartDate}, {"end_date", &pr.EndDate}, {"signed_on", &pr.SignedOn}} {
		*d.v = strings.TrimSpace(*d.v)
		if *d.v != "" {
			if !IsISODate(*d.v) {
				p.Add(d.field, "a date such as 2017-05-16")
			}
		}
	}
	if pr.StartDate != "" && pr.EndDate != "" && pr.EndDate < pr.StartDate {
		p.Add("end_date", "the end must not come before the start")
	}
	pr.Currency = strings.ToUpper(strings.TrimSpace(pr.Currency))
	if pr.Currency == "" {
		pr.Currency = "EUR"
	}
	if !currencyRe.MatchString(pr.Currency) {
		p.Add("currency", "a three-letter currency code such as EUR")
	}
	pr.Rate = strings.TrimSpace(pr.Rate)
	if pr.Rate == "" && pr.Currency == "EUR" {
		pr.Rate = "1"
	}
	switch {
	case pr.Currency == "EUR" && pr.Rate != "1":
		p.Add("rate", "amounts in EUR take the rate 1")
	case !rateRe.MatchString(pr.Rate) || strings.Trim(pr.Rate, "0.") == "":
		p.Add("rate", "euros for one unit of the currency, such as 0.1341")
	}
	pr.validateAmounts(p, "amounts", pr.Amounts)
	members := map[int64]bool{}
	for i := range pr.Shares {
		sh := &pr.Shares[i]
		f := fmt.Sprintf("shares[%d]", i)
		switch {
		case sh.MemberID <= 0:
			p.Add(f+".member_id", "a member")
		case pr.MemberID == 0:
			p.Add(f+".member_id", "a project shared by members needs its own member first")
		case sh.MemberID == pr.MemberID || members[sh.MemberID]:
			p.Add(f+".member_id", "each member once, other than the project's own")
		}
		members[sh.MemberID] = true
		sh.Role = strings.ToLower(strings.TrimSpace(sh.Role))
		if sh.Role != "" && sh.Role != ProjectCoordinator && sh.Role != ProjectParticipant {
			p.Add(f+".role", "coordinator or participant")
		}
		pr.validateAmounts(p, f+".amounts", sh.Amounts)
	}
	if len(pr.Shares) > 100 {
		p.Add("shares", "at most 100")
	}
	for i, pa := range pr.Participations {
		f := fmt.Sprintf("participations[%d]", i)
		if pa.OrganizationID <= 0 {
			p.Add(f+".organization_id", "an organisation")
		}
		if pa.AmountCents < 0 || pa.AmountCents > MaxAmountCents {
			p.Add(f+".amount_cents", "an amount between 0 and 10^13")
		}
		pr.Participations[i].Role = strings.ToLower(strings.TrimSpace(pa.Role))
	}
	if len(pr.Participations) > 5000 {
		p.Add("participations", "at most 5,000")
	}
	if len(pr.Notes) > 100000 {
		p.Add("notes", "at most 100,000 characters")
	}
	if pr.Visibility == "" {
		pr.Visibility = VisibilityShared
	}
	if pr.Visibility != VisibilityShared && pr.Visibility != VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	if HasNUL(pr.Title + pr.Ref + pr.Acronym + pr.Programme + pr.CallID + pr.Topic + pr.Notes + pr.ClientName) {
		p.Add("title", "a field holds a NUL character")
	}
	return p.Err()
}

// validateAmounts checks one part's money per year (field names its list), computes
// the euro amounts at the project's rate and sorts the years.
func (pr *Project) validateAmounts(p Problems, field string, amounts []ProjectAmount) {
	seen := map[int]bool{}
	for i, a := range amounts {
		f := fmt.Sprintf("%s[%d]", field, i)
		if a.Year < 1900 || a.Year > 2200 || seen[a.Year] {
			p.Add(f+".year", "a year, each once")
		}
		seen[a.Year] = true
		if a.AmountCents < 0 || a.AmountCents > MaxAmountCents {
			p.Add(f+".amount_cents", "an amount between 0 and 10^13")
		}
		if e, ok := ToEURCents(a.AmountCents, pr.Rate); ok {
			amounts[i].EURCents = e
		}
	}
	slices.SortFunc(amounts, func(a, b ProjectAmount) int { return a.Year - b.Year })
}

// StartYear is the year the project starts, 0 when unknown.
func (pr *Project) StartYear() int {
	if len(pr.StartDate) >= 4 {
		y, _ := strconv.Atoi(pr.StartDate[:4])
		return y
	}
	if len(pr.Amounts) > 0 {
		return pr.Amounts[0].Year
	}
	return 0
}

// TotalEURCents sums the project's amounts in euros: its member's and, when members
// share it, theirs.
func (pr *Project) TotalEURCents() int64 {
	var t int64
	for _, a := range pr.Amounts {
		t = AddCents(t, a.EURCents)
	}
	for _, sh := range pr.Shares {
		for _, a := range sh.Amounts {
			t = AddCents(t, a.EURCents)
		}
	}
	return t
}

// ToEURCents converts cents of a currency at rate (euros per unit, decimal text) to
// euro cents, rounding half away from zero; exact, with no floating point.
func ToEURCents(cents int64, rate string) (int64, bool) {
	r, ok := new(big.Rat).SetString(rate)
	if !ok || r.Sign() <= 0 {
		return 0, false
	}
	v := new(big.Rat).Mul(new(big.Rat).SetInt64(cents), r)
	num, den := v.Num(), v.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).CmpAbs(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// EUCountry maps the European Commission's country codes to ISO 3166 (UK is GB, EL is
// GR); other codes are returned upper-cased.
func EUCountry(code string) string {
	c := strings.ToUpper(strings.TrimSpace(code))
	switch c {
	case "UK":
		return "GB"
	case "EL":
		return "GR"
	}
	return c
}
