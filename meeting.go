package passerelle

import (
	"net/url"
	"strings"
	"time"
)

// MeetingStatus is where a meeting stands.
type MeetingStatus string

const (
	MeetingPlanned   MeetingStatus = "planned"
	MeetingConfirmed MeetingStatus = "confirmed"
	MeetingHeld      MeetingStatus = "held"
	MeetingCancelled MeetingStatus = "cancelled"
	MeetingNoShow    MeetingStatus = "no_show"
)

// MeetingStatuses lists the statuses in display order.
var MeetingStatuses = []MeetingStatus{MeetingPlanned, MeetingConfirmed, MeetingHeld, MeetingCancelled, MeetingNoShow}

// MeetingOutcome is what came of a meeting; "" for none recorded yet.
type MeetingOutcome string

const (
	OutcomeNone             MeetingOutcome = ""
	OutcomeNoFurtherContact MeetingOutcome = "no_further_contact"
	OutcomeFurtherTalks     MeetingOutcome = "further_talks"
	OutcomeNegotiation      MeetingOutcome = "negotiation"
	OutcomeAgreementReached MeetingOutcome = "agreement_reached"
)

// MeetingOutcomes lists the outcomes a user may record.
var MeetingOutcomes = []MeetingOutcome{OutcomeNoFurtherContact, OutcomeFurtherTalks, OutcomeNegotiation, OutcomeAgreementReached}

// MeetingOrigin says what produced a meeting: "" (logged by hand), a mission's
// programme or a partnering event's schedule. OriginID is then that record's id.
type MeetingOrigin string

const (
	OriginNone    MeetingOrigin = ""
	OriginMission MeetingOrigin = "mission"
	OriginEvent   MeetingOrigin = "event"
)

// Meeting is one meeting a member holds: ad hoc, or produced by a mission or an event.
// Start and End are instants (UTC); TimeZone is the place's IANA zone, in which pages and
// feeds show them.
type Meeting struct {
	ID          int64 `json:"id"`
	WorkspaceID int64 `json:"workspace_id"`
	// UID identifies the meeting in calendars forever; Sequence counts the changes a
	// calendar shows (time, place, title, status), as RFC 5545's SEQUENCE.
	UID      string `json:"uid"`
	Sequence int    `json:"sequence"`

	Title    string        `json:"title"`
	Start    time.Time     `json:"start"`
	End      time.Time     `json:"end"`
	TimeZone string        `json:"time_zone"`
	Location string        `json:"location,omitempty"` // venue and address
	Room     string        `json:"room,omitempty"`     // table or room
	VideoURL string        `json:"video_url,omitempty"`
	Status   MeetingStatus `json:"status"`

	Origin   MeetingOrigin `json:"origin,omitempty"`
	OriginID int64         `json:"origin_id,omitempty"`

	// Participants: people of the contact book, the organisations they represent, and
	// the workspace's users who attend (advisers, staff). Attendees holds the users'
	// emails; on writes, AttendeeIDs wins when given, else the emails are resolved.
	PersonIDs       []int64  `json:"person_ids"`
	OrganizationIDs []int64  `json:"organization_ids"`
	AttendeeIDs     []int64  `json:"attendee_ids"`
	Attendees       []string `json:"attendees"`

	Notes string `json:"notes,omitempty"` // shared with whoever reads the meeting
	// PrivateNotes are the reader's member's own notes: each member institute keeps its
	// own, and no other member's users read them (filled on reads of one meeting).
	PrivateNotes string         `json:"private_notes,omitempty"`
	Outcome      MeetingOutcome `json:"outcome,omitempty"`
	FollowUp     string         `json:"follow_up,omitempty"` // date, YYYY-MM-DD

	Visibility    Visibility `json:"visibility"`
	OwnerMemberID int64      `json:"owner_member_id,omitempty"`
	CreatedBy     int64      `json:"created_by,omitempty"` // user id
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// Version is raised by every update; a save that sends an older one is refused (ESTALE).
	Version int64 `json:"version"`

	// Filled on reads, for pages and feeds: the names of the participants the reader
	// may see, in the order of the ids.
	People        []NamedRef `json:"people,omitempty"`
	Organizations []NamedRef `json:"organizations,omitempty"`
}

// NamedRef is a record named in another: its id and display name.
type NamedRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Valid reports whether s is a known status.
func (s MeetingStatus) Valid() bool {
	for _, x := range MeetingStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Valid reports whether o is a known outcome or none.
func (o MeetingOutcome) Valid() bool {
	if o == OutcomeNone {
		return true
	}
	for _, x := range MeetingOutcomes {
		if x == o {
			return true
		}
	}
	return false
}

// MeetingLocation returns the meeting's zone, UTC when it has none or an unknown one.
func (m *Meeting) MeetingLocation() *time.Location {
	if loc, err := LoadZone(m.TimeZone); err == nil && m.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// Validate normalises and checks a meeting before it is stored.
func (m *Meeting) Validate() error {
	p := Problems{}
	m.Title = strings.TrimSpace(m.Title)
	if m.Title == "" {
		p.Add("title", "required")
	} else if len(m.Title) > 500 {
		p.Add("title", "at most 500 characters")
	}
	switch {
	case m.Start.IsZero():
		p.Add("start", "required")
	case m.End.IsZero():
		p.Add("end", "required")
	case !m.End.After(m.Start):
		p.Add("end", "the end must come after the start")
	case m.End.Sub(m.Start) > 14*24*time.Hour:
		p.Add("end", "a meeting lasts at most 14 days")
	}
	// Instants to the second: calendars carry no finer time, and a stored value compares
	// the same on both databases.
	m.Start, m.End = m.Start.UTC().Truncate(time.Second), m.End.UTC().Truncate(time.Second)
	m.TimeZone = strings.TrimSpace(m.TimeZone)
	if m.TimeZone == "" {
		m.TimeZone = "UTC"
	}
	// "Local" is Go's name for the server's zone, not a place's.
	if _, err := LoadZone(m.TimeZone); err != nil || m.TimeZone == "Local" {
		p.Add("time_zone", "unknown time zone %q (use an IANA name such as Europe/Paris)", m.TimeZone)
	}
	m.Location, m.Room = strings.TrimSpace(m.Location), strings.TrimSpace(m.Room)
	if len(m.Location) > 1000 {
		p.Add("location", "at most 1000 characters")
	}
	if len(m.Room) > 200 {
		p.Add("room", "at most 200 characters")
	}
	m.VideoURL = strings.TrimSpace(m.VideoURL)
	if m.VideoURL != "" {
		if u, err := url.Parse(m.VideoURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("video_url", "use a full http or https address, such as https://meet.example.org/room")
		}
	}
	if m.Status == "" {
		m.Status = MeetingPlanned
	}
	if !m.Status.Valid() {
		p.Add("status", "unknown status %q", m.Status)
	}
	if !m.Outcome.Valid() {
		p.Add("outcome", "unknown outcome %q", m.Outcome)
	}
	m.FollowUp = strings.TrimSpace(m.FollowUp)
	if m.FollowUp != "" {
		if !IsISODate(m.FollowUp) {
			p.Add("follow_up", "a date such as 2027-03-10")
		}
	}
	switch m.Origin {
	case OriginNone:
		m.OriginID = 0
	case OriginMission, OriginEvent:
		if m.OriginID <= 0 {
			p.Add("origin_id", "required")
		}
	default:
		p.Add("origin", "unknown origin %q", m.Origin)
	}
	if twice(m.PersonIDs) {
		p.Add("person_ids", "a participant is named twice")
	}
	if twice(m.OrganizationIDs) {
		p.Add("organization_ids", "a participant is named twice")
	}
	if twice(m.AttendeeIDs) {
		p.Add("attendees", "a participant is named twice")
	}
	for i, e := range m.Attendees {
		m.Attendees[i] = strings.ToLower(strings.TrimSpace(e))
	}
	if twice(m.Attendees) {
		p.Add("attendees", "a participant is named twice")
	}
	if len(m.PersonIDs)+len(m.OrganizationIDs)+len(m.AttendeeIDs)+len(m.Attendees) > 500 {
		p.Add("person_ids", "at most 500 participants")
	}
	if len(m.Notes) > 100000 {
		p.Add("notes", "at most 100,000 characters")
	}
	if m.Visibility == "" {
		m.Visibility = VisibilityShared
	}
	if m.Visibility != VisibilityShared && m.Visibility != VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	return p.Err()
}

// CalendarChanged reports whether a calendar would show a difference between old and m
// (time, zone, place, title, status): such a change raises the sequence.
func (m *Meeting) CalendarChanged(old *Meeting) bool {
	return m.Title != old.Title || !m.Start.Equal(old.Start) || !m.End.Equal(old.End) || m.TimeZone != old.TimeZone ||
		m.Location != old.Location || m.Room != old.Room || m.VideoURL != old.VideoURL || m.Status != old.Status
}

func twice[T comparable](xs []T) bool {
	seen := make(map[T]bool, len(xs))
	for _, x := range xs {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

// MeetingFilter selects meetings. Zero fields do not filter. From and To bound the
// start: From <= start < To.
type MeetingFilter struct {
	From, To       time.Time
	OrganizationID int64
	// Country (ISO 3166): meetings with an organisation of that country the reader may
	// see, as the figures count them (docs/pipeline.md).
	Country    string
	PersonID   int64
	MemberID   int64 // meetings the member owns or one of its users attends, and the programmes of the delegations it hosts
	AttendeeID int64 // a user
	// WithMember, beside AttendeeID (a user's own agenda), adds the meetings of the
	// incoming delegations that meet the member's own record of the directory: the
	// visit's meetings with the user's institute, which no user of it attends.
	WithMember int64
	// Shared keeps the records every member sees, as the network's figures count them:
	// the reader's own member's private records (and organisations) are left out.
	Shared        bool
	Status        MeetingStatus
	Origin        MeetingOrigin
	Newest        bool // newest first (by start) instead of oldest first
	Offset, Limit int
}

// MeetingHistory is what an organisation or a person page shows of the meetings held
// with them: the newest meetings the reader may see, and counts over all of them.
type MeetingHistory struct {
	Meetings []*Meeting // newest first, bounded
	Total    int        // meetings with them, any status
	Held     int        // of which held
	// Members counts the distinct member organisations that met them: the owners of
	// held meetings (a private meeting's member) and the members of the users who
	// attended a held meeting.
	Members int
}
