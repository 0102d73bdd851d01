package passerelle

import "time"

// Mission is a prospection mission (docs/missions.md): a delegation led by LeadPersonID
// meets target organisations over the days StartDate to EndDate (local dates in
// TimeZone), each meeting accompanied by one of the Advisers (users). Targets of one
// Group are met together (linked companies, a shared CEO).
type Mission struct {
	ID             int64           `json:"id"`
	WorkspaceID    int64           `json:"workspace_id"`
	Slug           string          `json:"slug"`
	Name           string          `json:"name"`
	Context        string          `json:"context,omitempty"`
	Destination    string          `json:"destination,omitempty"`
	StartDate      string          `json:"start_date"`
	EndDate        string          `json:"end_date"`
	TimeZone       string          `json:"time_zone"`
	DayStart       string          `json:"day_start"`
	DayEnd         string          `json:"day_end"`
	MeetingMinutes int             `json:"meeting_minutes"`
	Venue          string          `json:"venue,omitempty"`
	OrganiserID    int64           `json:"organiser_id,omitempty"`
	LeadPersonID   int64           `json:"lead_person_id,omitempty"`
	PlanJobID      int64           `json:"plan_job_id,omitempty"`
	AdviserIDs     []int64         `json:"adviser_ids"`
	Targets        []MissionTarget `json:"targets"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
}

// MissionTarget is an organisation the mission meets; Group names its meeting.
type MissionTarget struct {
	OrganizationID int64  `json:"organization_id"`
	Name           string `json:"name,omitempty"`
	Group          string `json:"group"`
	Why            string `json:"why,omitempty"`
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
