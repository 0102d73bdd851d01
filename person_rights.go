package passerelle

import (
	"strings"
	"time"
	"unicode/utf8"
)

// LawfulBasis is why the network may keep a person's data (GDPR article 6).
type LawfulBasis string

const (
	BasisConsent            LawfulBasis = "consent"
	BasisLegitimateInterest LawfulBasis = "legitimate_interest"
	BasisContract           LawfulBasis = "contract"
	BasisLegalObligation    LawfulBasis = "legal_obligation"
	BasisPublicTask         LawfulBasis = "public_task"
	BasisVitalInterest      LawfulBasis = "vital_interest"
)

// ErasedPersonName is the name an erased person keeps: the record stays, so that counts
// and money stay right, without anything that identifies them.
const ErasedPersonName = "Erased person"

// LawfulBases lists the bases in display order.
var LawfulBases = []LawfulBasis{BasisConsent, BasisLegitimateInterest, BasisContract, BasisLegalObligation, BasisPublicTask, BasisVitalInterest}

// Consent records a lawful basis for keeping a person's data, for a purpose: for a
// consent, where and when it was given; who recorded it and when. A withdrawn consent
// stays on record with its date.
type Consent struct {
	ID          int64       `json:"id"`
	PersonID    int64       `json:"person_id"`
	Basis       LawfulBasis `json:"basis"`
	Purpose     string      `json:"purpose"`
	Source      string      `json:"source,omitempty"`   // where it was given: "BIO 2020 registration form"
	GivenOn     string      `json:"given_on,omitempty"` // YYYY-MM-DD
	WithdrawnOn string      `json:"withdrawn_on,omitempty"`
	RecordedBy  string      `json:"recorded_by,omitempty"` // the user's email
	RecordedAt  time.Time   `json:"recorded_at"`
}

// Validate checks a consent record, naming its fields.
func (c *Consent) Validate() error {
	p := Problems{}
	c.Purpose, c.Source, c.GivenOn = strings.TrimSpace(c.Purpose), strings.TrimSpace(c.Source), strings.TrimSpace(c.GivenOn)
	if !containsBasis(c.Basis) {
		p.Add("basis", "one of consent, legitimate_interest, contract, legal_obligation, public_task, vital_interest")
	}
	// Characters, as the messages say: bytes refused a Japanese purpose of 200.
	if c.Purpose == "" || utf8.RuneCountInString(c.Purpose) > 500 {
		p.Add("purpose", "required, at most 500 characters")
	}
	if utf8.RuneCountInString(c.Source) > 500 {
		p.Add("source", "at most 500 characters")
	}
	if c.Basis == BasisConsent && c.Source == "" {
		p.Add("source", "required for a consent: where was it given?")
	}
	if c.GivenOn != "" {
		if !IsISODate(c.GivenOn) {
			p.Add("given_on", "a date YYYY-MM-DD")
		}
	} else if c.Basis == BasisConsent {
		p.Add("given_on", "required for a consent: when was it given?")
	}
	return p.Err()
}

func containsBasis(b LawfulBasis) bool {
	for _, x := range LawfulBases {
		if x == b {
			return true
		}
	}
	return false
}

// ContactOwner is the user to ask before contacting a person.
type ContactOwner struct {
	UserID int64  `json:"user_id"`
	Email  string `json:"email"`
	Note   string `json:"note,omitempty"`
}

// PersonData is everything the workspace holds on a person that the reader may read: the
// answer to a subject-access request (GDPR article 15).
type PersonData struct {
	ExportedAt   time.Time            `json:"exported_at"`
	ExportedBy   string               `json:"exported_by,omitempty"`
	Person       *Person              `json:"person"`
	Affiliations []*Affiliation       `json:"affiliations"`
	Meetings     []PersonDataMeeting  `json:"meetings"`
	Agreements   []PersonDataDocument `json:"agreements"`
	// Missions they lead and opportunities linked to them.
	Missions      []PersonDataDocument `json:"missions"`
	Opportunities []PersonDataDocument `json:"opportunities"`
	Consents      []*Consent           `json:"consents"`
	ContactOwner  *ContactOwner        `json:"contact_owner"`
	MemberNotes   []PersonDataNote     `json:"member_notes"`
	History       []*AuditEntry        `json:"history"`
}

// PersonDataNote is a member's private note on the person.
type PersonDataNote struct {
	Member string `json:"member"`
	Notes  string `json:"notes"`
}

// PersonDataMeeting is a meeting that names the person.
type PersonDataMeeting struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	Start    time.Time `json:"start"`
	Location string    `json:"location,omitempty"`
	Status   string    `json:"status"`
}

// PersonDataDocument is a record that names the person among its contacts.
type PersonDataDocument struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Role  string `json:"role,omitempty"`
}
