package passerelle

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// AgreementType is the kind of a cooperation agreement.
type AgreementType string

const (
	TypeDecentralisedCooperation AgreementType = "decentralised_cooperation" // convention de coopération décentralisée
	TypeMemorandum               AgreementType = "memorandum_of_understanding"
	TypeSoftLanding              AgreementType = "soft_landing"
	TypeConsortium               AgreementType = "consortium"
	TypeFramework                AgreementType = "framework"
	TypeOtherAgreement           AgreementType = "other"
)

// AgreementTypes lists the types in display order. Their names are in the catalogues
// (locales), under "agr.type." + the type.
var AgreementTypes = []AgreementType{TypeDecentralisedCooperation, TypeMemorandum, TypeSoftLanding, TypeConsortium, TypeFramework, TypeOtherAgreement}

// Valid reports whether t is a known type.
func (t AgreementType) Valid() bool { return slices.Contains(AgreementTypes, t) }

// AgreementStatus is where an agreement stands. Unless set by hand it follows the dates.
type AgreementStatus string

const (
	StatusPlanned   AgreementStatus = "planned"
	StatusActive    AgreementStatus = "active"
	StatusEnded     AgreementStatus = "ended"
	StatusSuspended AgreementStatus = "suspended"
)

// AgreementStatuses lists the statuses in display order; the catalogues name them
// under "agr.status.".
var AgreementStatuses = []AgreementStatus{StatusPlanned, StatusActive, StatusEnded, StatusSuspended}

// Valid reports whether s is a known status.
func (s AgreementStatus) Valid() bool { return slices.Contains(AgreementStatuses, s) }

// ActionStatus is where a phase or an action of the programme stands.
type ActionStatus string

const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionCancelled  ActionStatus = "cancelled"
)

// ActionStatuses lists the statuses of actions in display order; the catalogues name
// them under "agr.action_status.".
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDone, ActionCancelled}

// Valid reports whether s is a known action status.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// Partner sides, as the Atlas splits them: the French local authorities and the foreign ones.
const (
	SideFrench  = "french"
	SideForeign = "foreign"
)

// Agreement is a cooperation agreement with every field of a record of the French foreign
// ministry's Atlas of decentralised cooperation (seed 002), plus what clusters record
// about theirs (seeds 003 and 004): a programme of actions and a funding table.
type Agreement struct {
	ID          int64 `json:"id"`
	WorkspaceID int64 `json:"workspace_id"`
	// Ref is an outside identifier (an Atlas project number, a file reference); imports
	// update the agreement that has it.
	Ref   string        `json:"ref,omitempty"`
	Title string        `json:"title"`
	Type  AgreementType `json:"type"`
	// SignedYear is the year of first signature of the convention; SignedDate the day,
	// when known (seed 004: 2008-02-04 in Osaka).
	SignedYear int    `json:"signed_year,omitempty"`
	SignedDate string `json:"signed_date,omitempty"`
	// StartDate and EndDate are YYYY, YYYY-MM or YYYY-MM-DD: the Atlas gives the start
	// as a year and the end as a day.
	StartDate string `json:"start_date,omitempty"`
	EndDate   string `json:"end_date,omitempty"`
	// Status is set by hand, or empty to follow the dates; CurrentStatus is the outcome.
	Status        AgreementStatus `json:"status,omitempty"`
	CurrentStatus AgreementStatus `json:"current_status,omitempty"`
	Triennial     bool            `json:"triennial,omitempty"`

	// Theme is the main theme, a code of the three-level taxonomy; OtherThemes the
	// "other themes implemented", with a priority (1 first).
	Theme       string           `json:"theme,omitempty"`
	OtherThemes []AgreementTheme `json:"other_themes,omitempty"`

	// Rich text: paragraphs separated by blank lines, lists by lines that start with
	// "- ". Stored as typed and always escaped when shown, so it cannot carry markup.
	Context     string `json:"context,omitempty"`
	History     string `json:"history,omitempty"`
	Objectives  string `json:"objectives,omitempty"`
	Description string `json:"description,omitempty"`

	Form                 string `json:"form,omitempty"`                  // "Votre partenariat prend la forme d'un(e)"
	ProjectOwner         string `json:"project_owner,omitempty"`         // maître(s) d'œuvre
	ContractingAuthority string `json:"contracting_authority,omitempty"` // maître(s) d'ouvrage
	Beneficiaries        string `json:"beneficiaries,omitempty"`         // bénéficiaire(s)

	Partners []AgreementPartner `json:"partners,omitempty"`
	Contacts []AgreementContact `json:"contacts,omitempty"`
	Funding  []FundingLine      `json:"funding,omitempty"`
	Phases   []Phase            `json:"phases,omitempty"`

	// Empty means none, as the Atlas says "Aucune politique d'évaluation n'a été engagée".
	Evaluation          string `json:"evaluation,omitempty"`
	CommunicationFrance string `json:"communication_france,omitempty"`
	CommunicationAbroad string `json:"communication_abroad,omitempty"`

	Volunteers []Volunteer `json:"volunteers,omitempty"`
	Documents  []Document  `json:"documents,omitempty"`

	// Notes are the network's working notes: never shown on the public page.
	Notes string `json:"notes,omitempty"`
	// Published puts the agreement on the workspace's read-only public page.
	Published bool `json:"published,omitempty"`

	Visibility    Visibility `json:"visibility"`
	OwnerMemberID int64      `json:"owner_member_id,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// Version is raised by every update; a save that sends an older one is refused (ESTALE).
	Version int64 `json:"version"`
}

// AgreementTheme is one of the other themes of an agreement.
type AgreementTheme struct {
	Code     string `json:"code"`
	Priority int    `json:"priority,omitempty"`
}

// AgreementPartner is a party to the agreement: an organisation of the directory. Name
// and Country are copied from it when the agreement is saved, as the Atlas records them.
type AgreementPartner struct {
	OrganizationID int64  `json:"organization_id,omitempty"`
	Side           string `json:"side"` // french or foreign
	Name           string `json:"name"`
	Country        string `json:"country,omitempty"`
	RORID          string `json:"ror_id,omitempty"` // helps imports find the organisation
	Kind           string `json:"kind,omitempty"`   // organisation kind, for organisations an import creates
	Role           string `json:"role,omitempty"`
	// Private marks a partner kept private: an organisation another member keeps
	// private (named before this rule, or made private since). Readers who may not see
	// it get only its side and role, never its name, country or ids; sent back in an
	// update, it keeps that partner in place.
	Private bool `json:"private,omitempty"`
}

// AgreementContact is a person to call about the agreement, such as the embassy's
// correspondent for decentralised cooperation.
type AgreementContact struct {
	PersonID     int64  `json:"person_id,omitempty"`
	FirstName    string `json:"first_name,omitempty"`
	LastName     string `json:"last_name"`
	Role         string `json:"role,omitempty"`
	Email        string `json:"email,omitempty"` // private: not on the public page
	Organization string `json:"organization,omitempty"`
	// Kind says where the contact sits: embassy (poste diplomatique), foreign_partner,
	// french_partner or other.
	Kind string `json:"kind,omitempty"`
}

// ContactKinds lists the places a contact may sit.
var ContactKinds = []string{"embassy", "foreign_partner", "french_partner", "other"}

// FundingLine is a line of the funding table. Money is integer cents with a currency;
// Amount repeats it in units ("10515", "10515.50") for people and spreadsheets.
type FundingLine struct {
	Funder      string `json:"funder"`
	AmountCents int64  `json:"amount_cents"`
	Amount      string `json:"amount"`
	Currency    string `json:"currency"`
	// WaterCents is the part under the 1 % water law (loi Oudin 2005), a column of the
	// Atlas; nil when the record leaves it blank, 0 when it says 0.
	WaterCents *int64 `json:"water_cents,omitempty"`
	Year       int    `json:"year,omitempty"`
	Category   string `json:"category,omitempty"` // one of FundingCategories, or what a file said
}

// FundingCategories are the usual categories of a funder, as the form proposes them and
// the catalogues name them ("agr.category." + the category). The field stays free text:
// an imported file may say something else, which is shown as it is.
var FundingCategories = []string{"state", "local_authority", "foreign_partner", "eu", "private", "other"}

// Phase is a step of the programme of actions; it may hold actions.
type Phase struct {
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	StartDate   string       `json:"start_date,omitempty"`
	EndDate     string       `json:"end_date,omitempty"`
	Owner       string       `json:"owner,omitempty"`
	Status      ActionStatus `json:"status,omitempty"`
	Outcome     string       `json:"outcome,omitempty"`
	Actions     []Action     `json:"actions,omitempty"`
}

// Action is one joint action of a phase (a seminar, a mission, B2B meetings at a fair).
type Action struct {
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	StartDate   string       `json:"start_date,omitempty"`
	EndDate     string       `json:"end_date,omitempty"`
	Owner       string       `json:"owner,omitempty"`
	Status      ActionStatus `json:"status,omitempty"`
	Outcome     string       `json:"outcome,omitempty"`
}

// Volunteer is a volunteer involved in the partnership (VSI, service civique...).
type Volunteer struct {
	FirstName  string `json:"first_name,omitempty"`
	LastName   string `json:"last_name"`
	Kind       string `json:"kind,omitempty"` // VSI, service civique, VIA...
	Mission    string `json:"mission,omitempty"`
	Field      string `json:"field,omitempty"`      // champs d'action
	Assignment string `json:"assignment,omitempty"` // entité d'affectation
}

// Document describes a file attached to the agreement; the bytes live elsewhere.
type Document struct {
	Title     string `json:"title"`
	FileName  string `json:"file_name,omitempty"`
	URL       string `json:"url,omitempty"`
	MediaType string `json:"media_type,omitempty"`
	Size      int64  `json:"size,omitempty"`
	Date      string `json:"date,omitempty"`
	// Public documents appear on the public page; the others stay inside the network.
	Public bool `json:"public,omitempty"`
}

// Year returns the year the agreement counts under in facets: the year of first
// signature, else the start year.
func (a *Agreement) Year() int {
	if a.SignedYear != 0 {
		return a.SignedYear
	}
	if len(a.StartDate) >= 4 {
		y, _ := strconv.Atoi(a.StartDate[:4])
		return y
	}
	return 0
}

// DeriveStatus returns the status on day today (YYYY-MM-DD): the one set by hand, else
// planned before the start, ended after the end, active in between.
func (a *Agreement) DeriveStatus(today string) AgreementStatus {
	if a.Status != "" {
		return a.Status
	}
	if s := DateStartKey(a.StartDate); s != "" && s > today {
		return StatusPlanned
	}
	if e := DateEndKey(a.EndDate); e != "" && e < today {
		return StatusEnded
	}
	return StatusActive
}

// FundingTotal is one total of the funding table.
type FundingTotal struct {
	Key         string `json:"key"` // funder name, or year
	AmountCents int64  `json:"amount_cents"`
}

// MaxAmountCents bounds one amount of a funding line, and an agreement's total: 10^13
// currency units (ten thousand billion). A whole state's yearly budget is under 10^12
// euros; the margin is for currencies whose unit is worth a ten-thousandth of a euro or
// less (dong, rupiah, rial), in which tens of millions of euros are 10^11 to 10^12
// units. In cents that is 10^15, about a ten-thousandth of the int64 range, so sums of
// many agreements stay far from it; they are added with AddCents all the same.
const MaxAmountCents = 1_000_000_000_000_000

// AddCents adds two amounts, stopping at the ends of the int64 range instead of
// wrapping round: a total is never negative because it was too large.
func AddCents(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}

// FundingTotals sums the funding table per funder (in table order), per year (in year
// order) and in all. Lines in another currency than EUR are left out of the totals.
func (a *Agreement) FundingTotals() (byFunder, byYear []FundingTotal, total int64) {
	fi, yi := map[string]int{}, map[string]int{}
	for _, l := range a.Funding {
		if l.Currency != "" && l.Currency != "EUR" {
			continue
		}
		total = AddCents(total, l.AmountCents)
		if i, ok := fi[l.Funder]; ok {
			byFunder[i].AmountCents = AddCents(byFunder[i].AmountCents, l.AmountCents)
		} else {
			fi[l.Funder] = len(byFunder)
			byFunder = append(byFunder, FundingTotal{Key: l.Funder, AmountCents: l.AmountCents})
		}
		y := strconv.Itoa(l.Year)
		if i, ok := yi[y]; ok {
			byYear[i].AmountCents = AddCents(byYear[i].AmountCents, l.AmountCents)
		} else {
			yi[y] = len(byYear)
			byYear = append(byYear, FundingTotal{Key: y, AmountCents: l.AmountCents})
		}
	}
	for i := 1; i < len(byYear); i++ { // few years: insertion sort keeps it stable
		for j := i; j > 0 && byYear[j].Key < byYear[j-1].Key; j-- {
			byYear[j], byYear[j-1] = byYear[j-1], byYear[j]
		}
	}
	return byFunder, byYear, total
}

// Public returns the copy of the agreement that the public page shows: no working
// notes, no contact e-mails, no documents that are not public, no owner.
func (a *Agreement) Public() *Agreement {
	c := *a
	c.Notes = ""
	c.OwnerMemberID = 0
	c.Contacts = nil
	for _, x := range a.Contacts {
		x.Email, x.PersonID = "", 0
		c.Contacts = append(c.Contacts, x)
	}
	c.Documents = nil
	for _, d := range a.Documents {
		if d.Public {
			c.Documents = append(c.Documents, d)
		}
	}
	return &c
}

// FormatCents writes cents as units with two decimals when they are not whole:
// 1051500 -> "10515", 1051550 -> "10515.50".
func FormatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	if c%100 == 0 {
		return sign + strconv.FormatInt(c/100, 10)
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// ParseAmount reads an amount in units: "10515", "10 515", "10515.5", "10515,50",
// "10 515 €". It refuses more than two decimals.
func ParseAmount(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€"))
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "_", "").Replace(s)
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.ContainsAny(frac, "+-") {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > MaxAmountCents/100 {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, err := strconv.Atoi(frac)
	if err != nil {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	c := w*100 + int64(f)
	if neg {
		c = -c
	}
	return c, nil
}

// IsPartialDate reports whether s is YYYY, YYYY-MM or YYYY-MM-DD, from MinDateYear on.
func IsPartialDate(s string) bool {
	switch len(s) {
	case 4:
		y, err := strconv.Atoi(s)
		return err == nil && y >= MinDateYear
	case 7:
		t, err := time.Parse("2006-01", s)
		return err == nil && t.Year() >= MinDateYear
	case 10:
		return IsISODate(s)
	}
	return false
}

// DateStartKey returns the first day a partial date covers ("2013" -> "2013-01-01").
func DateStartKey(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

// DateEndKey returns the last day a partial date covers ("2015" -> "2015-12-31").
func DateEndKey(s string) string {
	switch len(s) {
	case 4:
		return s + "-12-31"
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return s
		}
		return t.AddDate(0, 1, -1).Format(time.DateOnly)
	}
	return s
}

// Validate normalises and checks an agreement. Problems name the field, and for lists
// the item: "partners[1].country", "funding[2].amount", "phases[0].actions[3].end_date".
func (a *Agreement) Validate() error {
	p := Problems{}
	a.validateLengths(p)
	a.validateRecord(p)
	a.validatePartners(p)
	a.validateContacts(p)
	a.validateFunding(p)
	a.validatePhases(p)
	a.validateVolunteers(p)
	a.validateDocuments(p)
	a.validateVisibility(p)
	return p.Err()
}

// Bounds of an agreement's text fields, in characters: a text (context, notes, a phase's
// description) holds pages of the Atlas, a line (a reference, a name, a role, a funder)
// one line. Beyond them a value is not an agreement's but an attempt to fill the
// database, the search index and every page that shows it.
const (
	MaxAgreementText = 100_000
	MaxAgreementLine = 1_000
	maxAgreementURL  = 4_000
)

// validateLengths refuses a text field longer than its bound, naming it.
func (a *Agreement) validateLengths(p Problems) {
	check := func(field, s string, max int) {
		if len(s) > max && utf8.RuneCountInString(s) > max {
			p.Add(field, "at most %d characters", max)
		}
	}
	check("ref", a.Ref, MaxAgreementLine)
	for f, s := range map[string]string{"context": a.Context, "history": a.History, "objectives": a.Objectives, "description": a.Description,
		"form": a.Form, "project_owner": a.ProjectOwner, "contracting_authority": a.ContractingAuthority, "beneficiaries": a.Beneficiaries,
		"evaluation": a.Evaluation, "communication_france": a.CommunicationFrance, "communication_abroad": a.CommunicationAbroad, "notes": a.Notes} {
		check(f, s, MaxAgreementText)
	}
	for i, x := range a.Partners {
		f := fmt.Sprintf("partners[%d].", i)
		check(f+"name", x.Name, MaxAgreementLine)
		check(f+"role", x.Role, MaxAgreementLine)
	}
	for i, c := range a.Contacts {
		f := fmt.Sprintf("contacts[%d].", i)
		for k, v := range map[string]string{"first_name": c.FirstName, "last_name": c.LastName, "role": c.Role, "organization": c.Organization, "email": c.Email} {
			check(f+k, v, MaxAgreementLine)
		}
	}
	for i, l := range a.Funding {
		f := fmt.Sprintf("funding[%d].", i)
		check(f+"funder", l.Funder, MaxAgreementLine)
		check(f+"category", l.Category, MaxAgreementLine)
		check(f+"amount", l.Amount, MaxAgreementLine)
	}
	for i, ph := range a.Phases {
		f := fmt.Sprintf("phases[%d].", i)
		check(f+"title", ph.Title, MaxAgreementLine)
		check(f+"owner", ph.Owner, MaxAgreementLine)
		check(f+"description", ph.Description, MaxAgreementText)
		check(f+"outcome", ph.Outcome, MaxAgreementText)
		for j, ac := range ph.Actions {
			g := fmt.Sprintf("%sactions[%d].", f, j)
			check(g+"title", ac.Title, MaxAgreementLine)
			check(g+"owner", ac.Owner, MaxAgreementLine)
			check(g+"description", ac.Description, MaxAgreementText)
			check(g+"outcome", ac.Outcome, MaxAgreementText)
		}
	}
	for i, v := range a.Volunteers {
		f := fmt.Sprintf("volunteers[%d].", i)
		for k, s := range map[string]string{"first_name": v.FirstName, "last_name": v.LastName, "kind": v.Kind, "mission": v.Mission, "field": v.Field, "assignment": v.Assignment} {
			check(f+k, s, MaxAgreementLine)
		}
	}
	for i, d := range a.Documents {
		f := fmt.Sprintf("documents[%d].", i)
		check(f+"title", d.Title, MaxAgreementLine)
		check(f+"file_name", d.FileName, MaxAgreementLine)
		check(f+"media_type", d.MediaType, MaxAgreementLine)
		check(f+"url", d.URL, maxAgreementURL)
	}
}

// validateRecord checks the record's own fields: title, type, dates, status, themes.
func (a *Agreement) validateRecord(p Problems) {
	a.Title = strings.TrimSpace(a.Title)
	if a.Title == "" {
		p.Add("title", "required")
	} else if len(a.Title) > 1000 {
		p.Add("title", "at most 1000 characters")
	}
	a.Ref = strings.TrimSpace(a.Ref)
	if a.Type == "" {
		a.Type = TypeOtherAgreement
	}
	if !a.Type.Valid() {
		p.Add("type", "unknown type %q", a.Type)
	}
	if a.SignedYear != 0 && (a.SignedYear < 1900 || a.SignedYear > 2200) {
		p.Add("signed_year", "a year such as 2013")
	}
	a.SignedDate = strings.TrimSpace(a.SignedDate)
	if a.SignedDate != "" {
		if !IsISODate(a.SignedDate) {
			p.Add("signed_date", "use YYYY-MM-DD")
		} else if a.SignedYear == 0 {
			a.SignedYear, _ = strconv.Atoi(a.SignedDate[:4])
		}
	}
	checkSpan(p, "", &a.StartDate, &a.EndDate)
	if a.Status != "" && !a.Status.Valid() {
		p.Add("status", "planned, active, ended or suspended")
	}
	a.Theme = strings.TrimSpace(a.Theme)
	seen := map[string]bool{a.Theme: true}
	for i := range a.OtherThemes {
		t := &a.OtherThemes[i]
		t.Code = strings.TrimSpace(t.Code)
		f := fmt.Sprintf("other_themes[%d]", i)
		if t.Code == "" {
			p.Add(f+".code", "required")
		} else if seen[t.Code] {
			p.Add(f+".code", "theme %q given twice", t.Code)
		}
		seen[t.Code] = true
		if t.Priority < 0 {
			p.Add(f+".priority", "must not be negative")
		}
	}
}

// validatePartners normalises and checks the partners.
func (a *Agreement) validatePartners(p Problems) {
	for i := range a.Partners {
		x := &a.Partners[i]
		f := fmt.Sprintf("partners[%d]", i)
		x.Name, x.Role, x.Side = strings.TrimSpace(x.Name), strings.TrimSpace(x.Role), strings.TrimSpace(x.Side)
		x.Country = strings.ToUpper(strings.TrimSpace(x.Country))
		if x.OrganizationID == 0 && x.Name == "" && !x.Private {
			p.Add(f+".name", "required")
		}
		if x.Side != SideFrench && x.Side != SideForeign {
			p.Add(f+".side", "french or foreign")
		}
		if x.Country != "" && !IsCountry(x.Country) {
			p.Add(f+".country", "unknown country code %q (use ISO 3166-1 alpha-2, e.g. AR)", x.Country)
		}
		if x.RORID != "" {
			x.RORID = NormalizeROR(x.RORID)
			if !rorRe.MatchString(x.RORID) {
				p.Add(f+".ror_id", "not a ROR identifier")
			}
		}
		if x.Kind != "" && !OrgKind(x.Kind).Valid() {
			p.Add(f+".kind", "unknown organisation kind %q", x.Kind)
		}
	}
}

// validateContacts normalises and checks the contacts.
func (a *Agreement) validateContacts(p Problems) {
	for i := range a.Contacts {
		c := &a.Contacts[i]
		f := fmt.Sprintf("contacts[%d]", i)
		c.FirstName, c.LastName, c.Email = strings.TrimSpace(c.FirstName), strings.TrimSpace(c.LastName), strings.TrimSpace(c.Email)
		if c.FirstName == "" && c.LastName == "" && c.PersonID == 0 {
			p.Add(f+".last_name", "required")
		}
		if c.Email != "" && (!strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " <>")) {
			p.Add(f+".email", "%q is not an email address", c.Email)
		}
		if c.Kind != "" && !contains(ContactKinds, c.Kind) {
			p.Add(f+".kind", "embassy, foreign_partner, french_partner or other")
		}
	}
}

// validateFunding normalises and checks the funding lines and their total.
func (a *Agreement) validateFunding(p Problems) {
	for i := range a.Funding {
		l := &a.Funding[i]
		f := fmt.Sprintf("funding[%d]", i)
		l.Funder = strings.TrimSpace(l.Funder)
		if l.Funder == "" {
			p.Add(f+".funder", "required")
		}
		if s := strings.TrimSpace(l.Amount); s != "" {
			c, err := ParseAmount(s)
			switch {
			case err != nil:
				p.Add(f+".amount", "not an amount: %q", s)
			case l.AmountCents != 0 && c != l.AmountCents:
				p.Add(f+".amount", "%s disagrees with amount_cents %d", s, l.AmountCents)
			default:
				l.AmountCents = c
			}
		}
		if l.AmountCents < 0 {
			p.Add(f+".amount", "must not be negative")
		}
		if l.AmountCents > MaxAmountCents {
			p.Add(f+".amount", "more than %s: not a real budget", FormatCents(MaxAmountCents))
		}
		if l.WaterCents != nil && *l.WaterCents < 0 {
			p.Add(f+".water_cents", "must not be negative")
		}
		if l.WaterCents != nil && *l.WaterCents > MaxAmountCents {
			p.Add(f+".water_cents", "more than %s: not a real budget", FormatCents(MaxAmountCents))
		}
		l.Amount = FormatCents(l.AmountCents)
		l.Currency = strings.ToUpper(strings.TrimSpace(l.Currency))
		if l.Currency == "" {
			l.Currency = "EUR"
		}
		if len(l.Currency) != 3 {
			p.Add(f+".currency", "a three-letter code such as EUR")
		}
		if l.Year != 0 && (l.Year < 1900 || l.Year > 2200) {
			p.Add(f+".year", "a year such as 2013")
		}
	}
	if _, _, total := a.FundingTotals(); total > MaxAmountCents {
		p.Add("funding", "the total is more than %s: not a real budget", FormatCents(MaxAmountCents))
	}
}

// validatePhases normalises and checks the phases and their actions.
func (a *Agreement) validatePhases(p Problems) {
	for i := range a.Phases {
		ph := &a.Phases[i]
		f := fmt.Sprintf("phases[%d]", i)
		ph.Title = strings.TrimSpace(ph.Title)
		if ph.Title == "" {
			p.Add(f+".title", "required")
		}
		checkSpan(p, f+".", &ph.StartDate, &ph.EndDate)
		if ph.Status != "" && !ph.Status.Valid() {
			p.Add(f+".status", "planned, in_progress, done or cancelled")
		}
		for j := range ph.Actions {
			ac := &ph.Actions[j]
			g := fmt.Sprintf("%s.actions[%d]", f, j)
			ac.Title = strings.TrimSpace(ac.Title)
			if ac.Title == "" {
				p.Add(g+".title", "required")
			}
			checkSpan(p, g+".", &ac.StartDate, &ac.EndDate)
			if ac.Status != "" && !ac.Status.Valid() {
				p.Add(g+".status", "planned, in_progress, done or cancelled")
			}
		}
	}
}

// validateVolunteers normalises and checks the volunteers.
func (a *Agreement) validateVolunteers(p Problems) {
	for i := range a.Volunteers {
		v := &a.Volunteers[i]
		v.FirstName, v.LastName = strings.TrimSpace(v.FirstName), strings.TrimSpace(v.LastName)
		if v.FirstName == "" && v.LastName == "" {
			p.Add(fmt.Sprintf("volunteers[%d].last_name", i), "required")
		}
	}
}

// validateDocuments normalises and checks the documents.
func (a *Agreement) validateDocuments(p Problems) {
	for i := range a.Documents {
		d := &a.Documents[i]
		d.Title = strings.TrimSpace(d.Title)
		if d.Title == "" {
			p.Add(fmt.Sprintf("documents[%d].title", i), "required")
		}
		if d.Size < 0 {
			p.Add(fmt.Sprintf("documents[%d].size", i), "must not be negative")
		}
		if d.Date != "" && !IsPartialDate(d.Date) {
			p.Add(fmt.Sprintf("documents[%d].date", i), "use YYYY-MM-DD")
		}
	}
}

// validateVisibility normalises and checks visibility and publication.
func (a *Agreement) validateVisibility(p Problems) {
	if a.Visibility == "" {
		a.Visibility = VisibilityShared
	}
	if a.Visibility != VisibilityShared && a.Visibility != VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	if a.Published && a.Visibility == VisibilityPrivate {
		p.Add("published", "a private agreement cannot be published")
	}
}

// checkSpan checks a start and end date pair; prefix names the item.
func checkSpan(p Problems, prefix string, start, end *string) {
	*start, *end = strings.TrimSpace(*start), strings.TrimSpace(*end)
	ok := true
	if *start != "" && !IsPartialDate(*start) {
		p.Add(prefix+"start_date", "use YYYY, YYYY-MM or YYYY-MM-DD, not %q", *start)
		ok = false
	}
	if *end != "" && !IsPartialDate(*end) {
		p.Add(prefix+"end_date", "use YYYY, YYYY-MM or YYYY-MM-DD, not %q", *end)
		ok = false
	}
	if ok && *start != "" && *end != "" && DateEndKey(*end) < DateStartKey(*start) {
		p.Add(prefix+"end_date", "%s is before the start date %s", *end, *start)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// AgreementFilter selects agreements. Zero fields do not filter.
type AgreementFilter struct {
	Query     string // full text on every text field, accent- and case-insensitive
	Country   string // a foreign partner's country (ISO alpha-2)
	Region    string // a UN M49 region or sub-region code of a foreign partner, e.g. "019"
	Theme     string // a theme code at any level; matches its descendants too
	Status    AgreementStatus
	Year      int
	Type      AgreementType
	PartnerID int64 // an organisation among the partners
	// PublishedOnly keeps the agreements on the public page.
	PublishedOnly bool
	// Today is the day statuses are derived for (YYYY-MM-DD); empty means today.
	Today  string
	Offset int
	Limit  int
}

// FacetCount is one value of a facet with the number of agreements that have it, and
// for countries and regions the sum of their funding (EUR cents).
type FacetCount struct {
	Value       string `json:"value"`
	Name        string `json:"name,omitempty"` // partner facet: the organisation's name
	Count       int    `json:"count"`
	AmountCents int64  `json:"amount_cents,omitempty"`
}

// AgreementFacets counts the agreements per value of each facet. Each facet is counted
// with every filter but its own, so that the other values of a facet stay in view.
type AgreementFacets struct {
	Total        int          `json:"total"`
	FundingCents int64        `json:"funding_cents"`
	Countries    []FacetCount `json:"countries"`
	Regions      []FacetCount `json:"regions"`
	Themes       []FacetCount `json:"themes"`
	Statuses     []FacetCount `json:"statuses"`
	Years        []FacetCount `json:"years"`
	Types        []FacetCount `json:"types"`
	Partners     []FacetCount `json:"partners"`
}

// AgreementImportResult counts what an import of agreements did. A problem's Field is
// "sheet.field" and its Line the row in that sheet, e.g. line 4, "funding.amount".
type AgreementImportResult struct {
	ImportResult
	OrganizationsMatched int `json:"organizations_matched"`
	OrganizationsCreated int `json:"organizations_created"`
}

// AgreementImportItem is one agreement read from a file, with where each part was read
// so that problems name the sheet and row: Rows maps "" to the agreement's row and
// "partners[1]", "funding[0]", "phases[2]", "phases[2].actions[0]", ... to theirs as
// "sheet:row" (e.g. "funding:4").
type AgreementImportItem struct {
	Sheet     string
	Row       int
	Rows      map[string]string
	Agreement *Agreement
	// Problems are the cells the reader could not read (a year that is not a number);
	// the store reports them with its own and leaves the agreement out.
	Problems []ImportProblem
}

// Locate returns the sheet, row and field of a problem on a field path such as
// "funding[2].amount": the row of the deepest listed item that contains it.
func (it *AgreementImportItem) Locate(field string) (sheet string, row int, name string) {
	sheet, row, name = it.Sheet, it.Row, field
	best := ""
	for k, v := range it.Rows {
		if k != "" && strings.HasPrefix(field, k+".") && len(k) > len(best) {
			best = k
			s, r, _ := strings.Cut(v, ":")
			n, _ := strconv.Atoi(r)
			sheet, row, name = s, n, field[len(k)+1:]
		}
	}
	return sheet, row, name
}
