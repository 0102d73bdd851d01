package passerelle

import (
	"slices"
	"strings"
	"time"
)

// Mission is a prospection mission (docs/missions.md): a delegation led by LeadPersonID
// meets target organisations over the days StartDate to EndDate (local dates in
// TimeZone), each meeting accompanied by one of the Advisers (users). Targets of one
// Group are met together (linked companies, a shared CEO).
type Mission struct {
	ID          int64  `json:"id"`
	WorkspaceID int64  `json:"workspace_id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	// Kind is MissionOutgoing (the delegation travels to meet its targets) or
	// MissionIncoming (a delegation received at home: its targets are the hosts).
	Kind           MissionKind `json:"kind"`
	Context        string      `json:"context,omitempty"`
	Destination    string      `json:"destination,omitempty"`
	StartDate      string      `json:"start_date"`
	EndDate        string      `json:"end_date"`
	TimeZone       string      `json:"time_zone"`
	DayStart       string      `json:"day_start"`
	DayEnd         string      `json:"day_end"`
	MeetingMinutes int         `json:"meeting_minutes"`
	Venue          string      `json:"venue,omitempty"`
	// Venues are the places of the programme, with addresses; Travel the minutes
	// needed between two of them (either way). Without venues, the programme is at Venue.
	Venues       []MissionVenue  `json:"venues"`
	Travel       []MissionTravel `json:"travel"`
	OrganiserID  int64           `json:"organiser_id,omitempty"`
	LeadPersonID int64           `json:"lead_person_id,omitempty"`
	PlanJobID    int64           `json:"plan_job_id,omitempty"`
	AdviserIDs   []int64         `json:"adviser_ids"`
	Targets      []MissionTarget `json:"targets"`
	// Members are the member institutes taking part, each with its goals; of an
	// incoming delegation, the hosts.
	Members []MissionMember `json:"members"`
	// Status is where the mission stands (MissionStatuses); a plan moves a draft to planned.
	Status MissionStatus `json:"status"`
	// BudgetCents is the mission's budget in BudgetCurrency, nil when none is given;
	// Budget repeats it in units ("12500", "12500.50") as agreements' funding lines do.
	BudgetCents    *int64 `json:"budget_cents,omitempty"`
	Budget         string `json:"budget,omitempty"`
	BudgetCurrency string `json:"budget_currency,omitempty"`
	// AgreementID is the cooperation agreement of the register the mission serves or
	// led to, and AgreementTitle its title. An agreement the reader may not read (another
	// member's private one) is neither named nor given: AgreementPrivate says that there
	// is one, and an update by that reader keeps it.
	AgreementID      int64     `json:"agreement_id,omitempty"`
	AgreementTitle   string    `json:"agreement_title,omitempty"`
	AgreementPrivate bool      `json:"agreement_private,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	// MeetingsCancelled is set by the update that cancels the mission: how many meetings
	// of its programme (of those the writer may read) it cancelled with it. Not stored.
	MeetingsCancelled int `json:"meetings_cancelled,omitempty"`
}

// MissionKind says which way a mission goes.
type MissionKind string

const (
	MissionOutgoing MissionKind = "outgoing"
	MissionIncoming MissionKind = "incoming"
)

// MissionStatus is where a mission stands.
type MissionStatus string

const (
	MissionDraft     MissionStatus = "draft"
	MissionPlanned   MissionStatus = "planned"
	MissionUnderWay  MissionStatus = "under_way"
	MissionDone      MissionStatus = "done"
	MissionCancelled MissionStatus = "cancelled"
)

// MissionStatuses lists the statuses in their order, as the form offers them.
var MissionStatuses = []MissionStatus{MissionDraft, MissionPlanned, MissionUnderWay, MissionDone, MissionCancelled}

// MissionVenue is a place of a mission's programme.
type MissionVenue struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
}

// MissionTravel is the time needed to go from one venue to another, either way.
type MissionTravel struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Minutes int    `json:"minutes"`
}

// MissionMember is a member institute taking part in a mission, with its goals.
type MissionMember struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name,omitempty"`
	Goals    string `json:"goals,omitempty"`
}

// GroupProposal is a pair of a mission's targets that could be met in one meeting, and
// why: they are linked in the directory (Reason "link", Via the link's kind) or one
// person is affiliated to both (Reason "person", Via the person's name). Merged tells
// whether they already are in one group.
type GroupProposal struct {
	A      NamedRef `json:"a"`
	B      NamedRef `json:"b"`
	Reason string   `json:"reason"`
	Via    string   `json:"via"`
	Merged bool     `json:"merged"`
}

// MissionTarget is an organisation the mission meets; Group names its meeting.
type MissionTarget struct {
	OrganizationID int64  `json:"organization_id"`
	Name           string `json:"name,omitempty"`
	Group          string `json:"group"`
	// Why is the target's note: why it is met, for the whole mission.
	Why string `json:"why,omitempty"`
	// WantedBy lists the member institutes taking part that want to meet it, each with
	// its own reason. On a write, nil keeps the list stored and an empty list clears it.
	WantedBy []TargetWish `json:"wanted_by"`
	// Availability is when the target can be met, in the mission's local time, as
	// typed: "2014-09-08 09:00-12:00; 2014-09-09" (ParseAvailability); empty: any time.
	Availability string `json:"availability,omitempty"`
	// Venue is the mission venue (by name) where the target is met; empty: any.
	Venue string `json:"venue,omitempty"`
}

// TargetWish is a member institute that wants to meet a target, and why.
type TargetWish struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// WantedByMember reports whether the member asked for the target, and its reason.
func (t MissionTarget) WantedByMember(memberID int64) (TargetWish, bool) {
	for _, w := range t.WantedBy {
		if w.MemberID == memberID {
			return w, true
		}
	}
	return TargetWish{}, false
}

// Debrief is what one member institute is told after a mission: private to that member
// and the mission's organisers (coordinators, admins).
type Debrief struct {
	ID            int64             `json:"id"`
	MissionID     int64             `json:"mission_id"`
	Member        NamedRef          `json:"member"`
	Body          string            `json:"body"`
	Status        string            `json:"status"`
	Organizations []DebriefInterest `json:"organizations"`
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

// DebriefInterest is an organisation met and its interest for the member.
type DebriefInterest struct {
	OrganizationID int64  `json:"organization_id"`
	Interest       string `json:"interest,omitempty"`
}

// CanReadDebrief reports whether the actor may read a debrief of this member.
func (a *Actor) CanReadDebrief(memberID int64) bool {
	return a.System || a.Role.CanManage() || (a.MemberID != 0 && a.MemberID == memberID)
}

// FollowUpKind is what a follow-up asks for.
type FollowUpKind string

const (
	FollowUpSendDocuments  FollowUpKind = "send_documents"
	FollowUpArrangeVisit   FollowUpKind = "arrange_visit"
	FollowUpLetterOfIntent FollowUpKind = "letter_of_intent"
	FollowUpJointProposal  FollowUpKind = "joint_proposal"
	FollowUpOther          FollowUpKind = "other"
)

// FollowUpKinds lists the kinds in display order.
var FollowUpKinds = []FollowUpKind{FollowUpSendDocuments, FollowUpArrangeVisit, FollowUpLetterOfIntent, FollowUpJointProposal, FollowUpOther}

// FollowUp is an action a member institute takes after a mission or a meeting: its
// owner (a user) does it by the due date. Private to the member and the organisers
// (Actor.CanReadDebrief), shown on the member's dashboard until done.
type FollowUp struct {
	ID             int64        `json:"id"`
	WorkspaceID    int64        `json:"workspace_id"`
	MemberID       int64        `json:"member_id"`
	Member         string       `json:"member,omitempty"`
	OwnerUserID    int64        `json:"owner_user_id,omitempty"`
	Owner          string       `json:"owner,omitempty"` // the owner's email, on reads
	Kind           FollowUpKind `json:"kind"`
	Title          string       `json:"title"`
	DueDate        string       `json:"due_date,omitempty"`
	MissionID      int64        `json:"mission_id,omitempty"`
	Mission        string       `json:"mission,omitempty"`      // its slug, on reads
	MissionName    string       `json:"mission_name,omitempty"` // its name, on reads: what the pages show
	MeetingID      int64        `json:"meeting_id,omitempty"`
	OrganizationID int64        `json:"organization_id,omitempty"`
	Organization   string       `json:"organization,omitempty"`
	Done           bool         `json:"done"`
	// OpportunityID is the pipeline's opportunity the follow-up became, if any.
	OpportunityID int64     `json:"opportunity_id,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Validate normalises and checks a follow-up, naming each field.
func (f *FollowUp) Validate() error {
	p := Problems{}
	f.Title = strings.TrimSpace(f.Title)
	if f.Title == "" || len(f.Title) > 500 {
		p.Add("title", "required, at most 500 characters")
	}
	if f.Kind == "" {
		f.Kind = FollowUpOther
	}
	if !slices.Contains(FollowUpKinds, f.Kind) {
		p.Add("kind", "one of send_documents, arrange_visit, letter_of_intent, joint_proposal, other")
	}
	if f.DueDate != "" {
		if !IsISODate(f.DueDate) {
			p.Add("due_date", "a date such as 2014-09-22")
		}
	}
	if f.MemberID <= 0 {
		p.Add("member_id", "required")
	}
	return p.Err()
}

// Contact is a person of the contact book met on missions or events: where, when and
// who met them (the network's users who attended).
type Contact struct {
	Person        NamedRef         `json:"person"`
	Country       string           `json:"country,omitempty"`
	Topics        []string         `json:"topics,omitempty"`
	Organizations []NamedRef       `json:"organizations"`
	Met           []ContactMeeting `json:"met"`
	// Note is the reader's member's private note on the person ("" for none): never
	// another member's.
	Note string `json:"note,omitempty"`
}

// ContactMeeting is one meeting where a contact was met.
type ContactMeeting struct {
	MeetingID int64         `json:"meeting_id"`
	Title     string        `json:"title"`
	Start     time.Time     `json:"start"`
	TimeZone  string        `json:"time_zone"`
	Where     string        `json:"where,omitempty"`
	Origin    MeetingOrigin `json:"origin,omitempty"`
	OriginRef string        `json:"origin_ref,omitempty"` // the mission's or event's slug
	OriginID  int64         `json:"origin_id,omitempty"`  // its id: an event's page is addressed by id
	By        []string      `json:"by"`                   // the users who attended
}

// Day is the date the meeting was held on in its own zone (a Tokyo meeting at 08:00 is
// on the day before in UTC), as YYYY-MM-DD.
func (m ContactMeeting) Day() string {
	t := m.Start
	if loc, err := LoadZone(m.TimeZone); err == nil {
		t = t.In(loc)
	}
	return t.Format(time.DateOnly)
}

// ContactFilter narrows the contact book: Query on the name, Theme (code), Country,
// OrganizationID; At ("mission:SLUG" or "event:SLUG") keeps the people linked to that
// mission or event.
type ContactFilter struct {
	// Query matches the person's name, or the reader's member's note on them.
	Query          string
	Theme          string
	Country        string
	OrganizationID int64
	At             string
	Limit          int
}

// TargetImportReport is the outcome of a mission's target import: the organisations
// import's report, row by row (new, match, ambiguous), and what became of the targets.
// AlreadyTargets lists the lines whose organisation is already a target (its why,
// availability, venue and group are then updated).
type TargetImportReport struct {
	OrgImportReport
	TargetsAdded   int   `json:"targets_added"`
	TargetsUpdated int   `json:"targets_updated"`
	AlreadyTargets []int `json:"already_targets"`
}
