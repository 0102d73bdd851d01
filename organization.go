package passerelle

import (
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Visibility says who may read a record: only its owner member, or the whole workspace.
type Visibility string

const (
	VisibilityShared  Visibility = "shared"
	VisibilityPrivate Visibility = "private"
)

// OrgKind is the kind of an organisation.
type OrgKind string

const (
	KindResearchInstitute OrgKind = "research_institute"
	KindUniversity        OrgKind = "university"
	KindHospital          OrgKind = "hospital"
	KindCluster           OrgKind = "cluster"
	KindCompany           OrgKind = "company"
	KindInvestor          OrgKind = "investor"
	KindLocalAuthority    OrgKind = "local_authority"
	KindGovernment        OrgKind = "government"
	KindTradeAgency       OrgKind = "trade_agency"
	KindNetwork           OrgKind = "network"
	KindOther             OrgKind = "other"
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []OrgKind{KindResearchInstitute, KindUniversity, KindHospital, KindCluster, KindCompany,
	KindInvestor, KindLocalAuthority, KindGovernment, KindTradeAgency, KindNetwork, KindOther}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if x == k {
			return true
		}
	}
	return false
}

// LocalizedName is a name in one language ("" when the language is unknown).
type LocalizedName struct {
	Lang  string `json:"lang,omitempty"`
	Value string `json:"value"`
}

// Organization is an entry of the network's directory.
type Organization struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	Kind        OrgKind         `json:"kind"`
	Name        string          `json:"name"` // display name
	Names       []LocalizedName `json:"names,omitempty"`
	Acronyms    []string        `json:"acronyms,omitempty"`
	Aliases     []string        `json:"aliases,omitempty"`

	RORID   string `json:"ror_id,omitempty"` // full form, https://ror.org/xxxxxxxxx
	SIREN   string `json:"siren,omitempty"`
	SIRET   string `json:"siret,omitempty"`
	VAT     string `json:"vat,omitempty"`
	PIC     string `json:"pic,omitempty"` // EU participant identification code
	Website string `json:"website,omitempty"`

	Country string   `json:"country,omitempty"` // ISO 3166-1 alpha-2
	City    string   `json:"city,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lng     *float64 `json:"lng,omitempty"`

	Themes      []string `json:"themes,omitempty"` // theme codes
	Tags        []string `json:"tags,omitempty"`
	Description string   `json:"description,omitempty"`
	Established int      `json:"established,omitempty"`
	// Fictional marks demo records that the seeds do not name (made-up companies).
	Fictional bool `json:"fictional,omitempty"`

	Visibility    Visibility `json:"visibility"`
	OwnerMemberID int64      `json:"owner_member_id,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// Version is raised by every update; a save that sends an older one is refused (ESTALE).
	Version int64 `json:"version"`
}

// AllNames returns every name an organisation is known by, display name first.
func (o *Organization) AllNames() []string {
	out := []string{o.Name}
	for _, n := range o.Names {
		out = append(out, n.Value)
	}
	out = append(out, o.Acronyms...)
	return append(out, o.Aliases...)
}

var (
	sirenRe = regexp.MustCompile(`^\d{9}$`)
	siretRe = regexp.MustCompile(`^\d{14}$`)
	picRe   = regexp.MustCompile(`^\d{9}$`)
	rorRe   = regexp.MustCompile(`^https://ror\.org/0[a-z0-9]{8}$`)
)

// NormalizeROR accepts a ROR id in its short or URL form and returns the URL form.
func NormalizeROR(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "http://")
	s = strings.TrimPrefix(s, "https://")
	s = strings.TrimPrefix(s, "ror.org/")
	if s == "" {
		return ""
	}
	return "https://ror.org/" + s
}

// Validate normalises and checks an organisation before it is stored.
func (o *Organization) Validate() error {
	p := Problems{}
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		p.Add("name", "required")
	} else if len(o.Name) > 500 {
		p.Add("name", "at most 500 characters")
	}
	if o.Kind == "" {
		o.Kind = KindOther
	}
	if !o.Kind.Valid() {
		p.Add("kind", "unknown kind %q", o.Kind)
	}
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	if o.Country != "" && !IsCountry(o.Country) {
		p.Add("country", "unknown country code %q (use ISO 3166-1 alpha-2, e.g. FR)", o.Country)
	}
	if o.RORID != "" {
		o.RORID = NormalizeROR(o.RORID)
		if !rorRe.MatchString(o.RORID) {
			p.Add("ror_id", "not a ROR identifier")
		}
	}
	o.SIREN = strings.ReplaceAll(strings.TrimSpace(o.SIREN), " ", "")
	if o.SIREN != "" && !sirenRe.MatchString(o.SIREN) {
		p.Add("siren", "a SIREN has 9 digits")
	}
	o.SIRET = strings.ReplaceAll(strings.TrimSpace(o.SIRET), " ", "")
	if o.SIRET != "" && !siretRe.MatchString(o.SIRET) {
		p.Add("siret", "a SIRET has 14 digits")
	}
	o.PIC = strings.TrimSpace(o.PIC)
	if o.PIC != "" && !picRe.MatchString(o.PIC) {
		p.Add("pic", "a PIC has 9 digits")
	}
	o.Website = strings.TrimSpace(o.Website)
	if o.Website != "" {
		if u, err := url.Parse(o.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("website", "use a full address such as https://example.org")
		}
	}
	if o.Lat != nil && (*o.Lat < -90 || *o.Lat > 90) {
		p.Add("lat", "between -90 and 90")
	}
	if o.Lng != nil && (*o.Lng < -180 || *o.Lng > 180) {
		p.Add("lng", "between -180 and 180")
	}
	if o.Visibility == "" {
		o.Visibility = VisibilityShared
	}
	if o.Visibility != VisibilityShared && o.Visibility != VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	o.Acronyms = cleanList(o.Acronyms)
	o.Aliases = cleanList(o.Aliases)
	o.Tags = cleanList(o.Tags)
	o.Themes = cleanList(o.Themes)
	return p.Err()
}

// cleanList trims items and drops empty and repeated ones, keeping order.
func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// OrganizationFilter selects organisations. Zero fields do not filter.
type OrganizationFilter struct {
	Query   string // full text, accent- and case-insensitive, prefix matching
	Country string
	Kind    OrgKind
	Theme   string // a theme code; matches the theme and its descendants
	RORID   string
	Offset  int // results are ranked (with Query) or by name, and paged by offset
	Limit   int
}

// LinkKind is how two organisations relate. A link is stored as its source stated it,
// from one organisation to another; readers see it from both ends.
type LinkKind string

const (
	LinkParent      LinkKind = "parent"      // To is the parent of From
	LinkChild       LinkKind = "child"       // To is a child of From
	LinkMemberOf    LinkKind = "member_of"   // From is a member of the network To
	LinkHasMember   LinkKind = "has_member"  // To is a member of From
	LinkLinked      LinkKind = "linked"      // affiliates, shared executive: one agenda in meetings
	LinkPartner     LinkKind = "partner"     // partner of
	LinkRelated     LinkKind = "related"     // related, as the ROR says
	LinkPredecessor LinkKind = "predecessor" // To came before From
	LinkSuccessor   LinkKind = "successor"   // To came after From
)

// LinkKinds lists the kinds in display order.
var LinkKinds = []LinkKind{LinkParent, LinkChild, LinkMemberOf, LinkHasMember, LinkLinked, LinkPartner, LinkRelated, LinkPredecessor, LinkSuccessor}

// Inverse returns the kind as seen from the other end.
func (k LinkKind) Inverse() LinkKind {
	switch k {
	case LinkParent:
		return LinkChild
	case LinkChild:
		return LinkParent
	case LinkMemberOf:
		return LinkHasMember
	case LinkHasMember:
		return LinkMemberOf
	case LinkPredecessor:
		return LinkSuccessor
	case LinkSuccessor:
		return LinkPredecessor
	}
	return k
}

// Valid reports whether k is a known kind.
func (k LinkKind) Valid() bool {
	for _, x := range LinkKinds {
		if x == k {
			return true
		}
	}
	return false
}

// OrgLink relates two organisations. ToID is 0 while the target is only known by an
// outside reference (ToRef, e.g. a ROR id not imported yet); it is resolved when the
// target arrives.
type OrgLink struct {
	ID          int64    `json:"id"`
	WorkspaceID int64    `json:"workspace_id"`
	Kind        LinkKind `json:"kind"`
	FromID      int64    `json:"from_id"`
	ToID        int64    `json:"to_id,omitempty"`
	ToRef       string   `json:"to_ref,omitempty"`
	ToLabel     string   `json:"to_label,omitempty"`
	StartDate   string   `json:"start_date,omitempty"`
	EndDate     string   `json:"end_date,omitempty"`
	Source      string   `json:"source,omitempty"` // "ror", "manual", an import's name

	// Filled by FindLinks, from the point of view of the organisation asked about.
	Other *OrgSummary `json:"other,omitempty"`
	// ViewKind is Kind seen from the organisation asked about.
	ViewKind LinkKind `json:"view_kind,omitempty"`
}

// OrgSummary is enough of an organisation to show it in a list or a link.
type OrgSummary struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Kind    OrgKind `json:"kind"`
	Country string  `json:"country,omitempty"`
}

// Validate checks a link.
func (l *OrgLink) Validate() error {
	p := Problems{}
	if !l.Kind.Valid() {
		p.Add("kind", "unknown link kind %q", l.Kind)
	}
	if l.FromID == 0 {
		p.Add("from_id", "required")
	}
	if l.ToID == 0 && strings.TrimSpace(l.ToRef) == "" {
		p.Add("to_id", "required")
	}
	if l.ToID != 0 && l.ToID == l.FromID {
		p.Add("to_id", "an organisation cannot be linked to itself")
	}
	for f, d := range map[string]string{"start_date": l.StartDate, "end_date": l.EndDate} {
		if d != "" && !IsISODate(d) {
			p.Add(f, "use YYYY-MM-DD")
		}
	}
	if l.StartDate != "" && l.EndDate != "" && l.EndDate < l.StartDate {
		p.Add("end_date", "before the start date")
	}
	if l.Source == "" {
		l.Source = "manual"
	}
	return p.Err()
}

// MinDateYear is the earliest year a date may have, as a bare year ("2013") must: a
// year before it is a typing slip or a spreadsheet's zero date ("0000-01-01"), never a
// partnership.
const MinDateYear = 1000

// IsISODate reports whether s is a valid YYYY-MM-DD date from MinDateYear on.
func IsISODate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Year() >= MinDateYear
}

// OrgImportItem is one record read by an importer: the organisation, its links to
// others by outside reference (ToRef), and where it was read.
type OrgImportItem struct {
	Line         int
	Organization *Organization
	Links        []*OrgLink
}

// ImportProblem is an input record that could not be imported. Message is rendered by
// key on the pages; in JSON and on the command line it is English text.
type ImportProblem struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message Msg    `json:"message"`
}

func (p ImportProblem) String() string { return p.Msg().String() }

// FieldName is the code of a field of a form or a file (a column) given to a message: a
// page names it in its language ("disponibilité" for availability), the English text
// keeps the code.
type FieldName string

// Msg is the problem with its line and field, a message that a page renders in its
// language.
func (p ImportProblem) Msg() Msg {
	if p.Field != "" {
		return M("line %d: %s: %s", p.Line, FieldName(p.Field), p.Message)
	}
	return M("line %d: %s", p.Line, p.Message)
}

// ImportProblemList lists problems one a line, and says how many more were left out:
// each line is rendered by its own key (the French page listed them in English).
func ImportProblemList(ps []ImportProblem, more int) Msg {
	args := make([]any, 0, len(ps)+1)
	for _, p := range ps {
		args = append(args, p.Msg())
	}
	if more > 0 {
		args = append(args, M("... and %d more", more))
	}
	// The key only joins the lines; it is not a catalogue's.
	return Msg{Key: strings.TrimSuffix(strings.Repeat("%s\n", len(args)), "\n"), Args: args}
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created    int `json:"created"`
	Updated    int `json:"updated"`
	Unchanged  int `json:"unchanged"`
	Skipped    int `json:"skipped"`
	LinksAdded int `json:"links_added"`
	// Linked counts the records without a ROR id that the matching engine found to be
	// an imported record: they got its ROR id and fields (counted in Updated or
	// Unchanged too).
	Linked       int             `json:"linked,omitempty"`
	LinksPending int             `json:"links_pending"` // links whose target is not in the workspace yet
	Problems     []ImportProblem `json:"problems,omitempty"`
	// MoreProblems counts the problems beyond the first MaxImportProblems, not listed.
	MoreProblems int `json:"more_problems,omitempty"`
}

// MaxImportProblems bounds the problems an import lists: a file of 300,000 bad rows
// made a report of 28 MB. The others are counted in MoreProblems.
const MaxImportProblems = 1000

// AddProblems records problems, listing the first MaxImportProblems.
func (r *ImportResult) AddProblems(ps ...ImportProblem) {
	for _, p := range ps {
		if len(r.Problems) < MaxImportProblems {
			r.Problems = append(r.Problems, p)
		} else {
			r.MoreProblems++
		}
	}
}

// ProblemCount is the number of problems, listed or not.
func (r *ImportResult) ProblemCount() int { return len(r.Problems) + r.MoreProblems }
