package passerelle

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Person is a contact of the network's contact book.
type Person struct {
	ID          int64    `json:"id"`
	WorkspaceID int64    `json:"workspace_id"`
	FirstName   string   `json:"first_name"`
	LastName    string   `json:"last_name"`
	Emails      []string `json:"emails,omitempty"`
	Phones      []string `json:"phones,omitempty"`
	Languages   []string `json:"languages,omitempty"` // ISO 639-1
	Topics      []string `json:"topics,omitempty"`
	Country     string   `json:"country,omitempty"`
	Notes       string   `json:"notes,omitempty"`
	Fictional   bool     `json:"fictional,omitempty"`

	Visibility    Visibility `json:"visibility"`
	OwnerMemberID int64      `json:"owner_member_id,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// Version is raised by every update; a save that sends an older one is refused (ESTALE).
	Version int64 `json:"version"`

	// Affiliations is filled by FindPersonByID and FindPeople.
	Affiliations []*Affiliation `json:"affiliations,omitempty"`
}

// Name returns the full name.
func (p *Person) Name() string { return strings.TrimSpace(p.FirstName + " " + p.LastName) }

// maxPersonName is the longest first or last name, in characters.
const maxPersonName = 200

// Validate normalises and checks a person before it is stored.
func (p *Person) Validate() error {
	pr := Problems{}
	p.FirstName = strings.TrimSpace(p.FirstName)
	p.LastName = strings.TrimSpace(p.LastName)
	if p.LastName == "" && p.FirstName == "" {
		pr.Add("last_name", "required")
	}
	// A bound on names: every save stores matching keys made from them, and a name of a
	// megabyte is no one's.
	if utf8.RuneCountInString(p.FirstName) > maxPersonName {
		pr.Add("first_name", "a name of at most 200 characters")
	}
	if utf8.RuneCountInString(p.LastName) > maxPersonName {
		pr.Add("last_name", "a name of at most 200 characters")
	}
	p.Emails = cleanList(p.Emails)
	var bad []string
	for _, e := range p.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			bad = append(bad, strconv.Quote(e))
		}
	}
	// Every bad address is named: reporting only the first made people fix one at a time.
	switch len(bad) {
	case 0:
	case 1:
		pr.Add("emails", "%s is not an email address", bad[0])
	default:
		pr.Add("emails", "%s are not email addresses", strings.Join(bad, ", "))
	}
	p.Phones = cleanList(p.Phones)
	p.Languages = cleanList(p.Languages)
	p.Topics = cleanList(p.Topics)
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	if p.Country != "" && !IsCountry(p.Country) {
		pr.Add("country", "unknown country code %q", p.Country)
	}
	if p.Visibility == "" {
		p.Visibility = VisibilityShared
	}
	if p.Visibility != VisibilityShared && p.Visibility != VisibilityPrivate {
		pr.Add("visibility", "shared or private")
	}
	return pr.Err()
}

// Affiliation ties a person to an organisation, with a role and dates.
type Affiliation struct {
	ID             int64  `json:"id"`
	WorkspaceID    int64  `json:"workspace_id"`
	PersonID       int64  `json:"person_id"`
	OrganizationID int64  `json:"organization_id"`
	Role           string `json:"role,omitempty"`  // e.g. CEO, business developer
	Title          string `json:"title,omitempty"` // e.g. Dr, Prof.
	StartDate      string `json:"start_date,omitempty"`
	EndDate        string `json:"end_date,omitempty"`

	// Filled on reads.
	OrganizationName string `json:"organization_name,omitempty"`
	PersonName       string `json:"person_name,omitempty"`
}

// Validate checks an affiliation.
func (a *Affiliation) Validate() error {
	p := Problems{}
	if a.PersonID == 0 {
		p.Add("person_id", "required")
	}
	if a.OrganizationID == 0 {
		p.Add("organization_id", "required")
	}
	if a.StartDate != "" && !IsISODate(a.StartDate) {
		p.Add("start_date", "use YYYY-MM-DD")
	}
	if a.EndDate != "" && !IsISODate(a.EndDate) {
		p.Add("end_date", "use YYYY-MM-DD")
	}
	if a.StartDate != "" && a.EndDate != "" && a.EndDate < a.StartDate {
		p.Add("end_date", "before the start date")
	}
	return p.Err()
}

// PersonFilter selects people.
type PersonFilter struct {
	Query          string
	Country        string
	OrganizationID int64
	Offset         int
	Limit          int
}
