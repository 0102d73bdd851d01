package web

import (
	"net/http"
	"sort"
	"time"

	"passerelle"
	"passerelle/store"
)

type dashboardData struct {
	Workspace     *passerelle.Workspace
	Organizations int
	People        int
	Members       []*passerelle.Member
	Recent        []recentChange
	// FollowUps are the open follow-ups of the reader's member (all members' for an
	// organiser of none), until done.
	FollowUps []*passerelle.FollowUp
	Today     string
	// Coming up: the reader's own meetings of the next two weeks, and the missions and
	// events not over yet, soonest first: what a member opens the application for.
	Meetings     []*passerelle.Meeting
	MoreMeetings bool
	Missions     []store.MissionSummary
	Events       []*passerelle.Event
	UpcomingDays int
}

// dashboardDays is how far ahead the dashboard lists the reader's meetings, and
// dashboardRows how many of each kind it shows (the agenda and the lists hold the rest).
const (
	dashboardDays = 14
	dashboardRows = 6
)

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	d := dashboardData{}
	var err error
	if d.Workspace, err = s.workspaces.FindWorkspaceByID(ctx, a.WorkspaceID); err != nil {
		return err
	}
	if _, d.Organizations, err = s.findOrganizations(ctx, passerelle.OrganizationFilter{Limit: 1}); err != nil {
		return err
	}
	if _, d.People, err = s.people.FindPeople(ctx, passerelle.PersonFilter{Limit: 1}); err != nil {
		return err
	}
	if d.Members, err = s.workspaces.FindMembers(ctx); err != nil {
		return err
	}
	recent, err := s.audit.FindAuditEntries(ctx, passerelle.AuditFilter{Limit: dashboardAudit})
	if err != nil {
		return err
	}
	d.Recent = groupRecent(recent, 10, len(recent) == dashboardAudit)
	if d.FollowUps, err = store.NewFollowUpService(s.db).FindFollowUps(ctx, store.FollowUpFilter{MemberID: a.MemberID, OpenOnly: true, Limit: 50}); err != nil {
		return err
	}
	now := s.localNow(r)
	d.Today = now.Format(time.DateOnly)
	if err := s.comingUp(r, &d, now); err != nil {
		return err
	}
	p := s.newPage(r, "dashboard.title")
	p.Data = d
	return s.render(w, r, "dashboard.html", p)
}

// comingUp fills what the dashboard shows ahead: the meetings the reader attends (with
// the visits to the reader's institute, as the agenda's "those I attend"), and the
// missions and events that have not ended, neither cancelled nor done.
func (s *Server) comingUp(r *http.Request, d *dashboardData, now time.Time) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	d.UpcomingDays = dashboardDays
	f := passerelle.MeetingFilter{From: now, To: now.AddDate(0, 0, dashboardDays), AttendeeID: a.UserID, Limit: 50}
	if org, err := s.memberOrganization(r); err != nil {
		return err
	} else if org != 0 {
		f.WithMember = a.MemberID
	}
	ms, _, err := s.meetings.FindMeetings(ctx, f)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Status == passerelle.MeetingCancelled {
			continue
		}
		if len(d.Meetings) == dashboardRows {
			d.MoreMeetings = true
			break
		}
		d.Meetings = append(d.Meetings, m)
	}
	missions, err := store.NewMissionService(s.db).FindMissions(ctx)
	if err != nil {
		return err
	}
	for i := len(missions) - 1; i >= 0; i-- { // the list is newest first
		m := missions[i]
		if m.EndDate >= d.Today && m.Status != string(passerelle.MissionCancelled) && m.Status != string(passerelle.MissionDone) && len(d.Missions) < dashboardRows {
			d.Missions = append(d.Missions, m)
		}
	}
	events, err := store.NewEventService(s.db).FindEventsBetween(ctx, d.Today, "9999-12-31")
	if err != nil {
		return err
	}
	sort.SliceStable(events, func(i, j int) bool { return firstDay(events[i]) < firstDay(events[j]) })
	if len(events) > dashboardRows {
		events = events[:dashboardRows]
	}
	d.Events = events
	return nil
}

func firstDay(e *passerelle.Event) string {
	if len(e.Days) == 0 {
		return ""
	}
	return e.Days[0].Date
}

// dashboardAudit is how many audit entries the dashboard reads to make its ten lines.
const dashboardAudit = 200

// recentChange is a line of the dashboard's recent changes: an entry, and how many
// entries before it did the same to the same kind of record by the same hand (an import
// of 300 organisations is one line, not the last ten of them).
type recentChange struct {
	*passerelle.AuditEntry
	More    int
	AtLeast bool // the run goes on past the entries read
}

// groupRecent makes at most lines lines of entries (newest first), each run of one
// action on one kind of record by one user folded into its newest entry; truncated
// says that older entries were not read, so a run that reaches the last one read may
// go on.
func groupRecent(es []*passerelle.AuditEntry, lines int, truncated bool) []recentChange {
	var out []recentChange
	for _, e := range es {
		if n := len(out); n > 0 {
			last := out[n-1]
			if last.Action == e.Action && last.Entity == e.Entity && last.UserID == e.UserID {
				out[n-1].More++
				continue
			}
		}
		if len(out) == lines {
			return out
		}
		out = append(out, recentChange{AuditEntry: e})
	}
	if n := len(out); n > 0 && truncated {
		out[n-1].AtLeast = true
	}
	return out
}
