package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"passerelle"
	"passerelle/scheduling"
	"passerelle/store"
)

func (s *Server) missionService() *store.MissionService { return store.NewMissionService(s.db) }

// missionList is the list of the workspace's missions.
func (s *Server) missionList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.missionService().FindMissions(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, "mission.list")
	p.Data = list
	return s.render(w, r, "mission_list.html", p)
}

// missionGroup is one meeting's worth of targets.
type missionGroup struct {
	Key     string
	Targets []passerelle.MissionTarget
}

// missionDay is one day of the programme, its meetings in the mission's zone.
type missionDay struct {
	Date     string
	Meetings []missionMeetingRow
}

// Day is the day as a time, for its title ("Monday 8 September 2014"): an adviser
// reads a programme by weekday, not by ISO date.
func (d missionDay) Day() time.Time {
	t, _ := time.Parse(time.DateOnly, d.Date)
	return t
}

type missionMeetingRow struct {
	*passerelle.Meeting
	From, To string // local times
	Adviser  string
	// Outside says that the meeting is not within the mission's dates.
	Outside bool
	// Pinned: placed by hand, it stays there when the programme is planned again.
	Pinned bool
	// WithUs says that the meeting, of an incoming delegation, meets the reader's
	// member's own record of the directory.
	WithUs bool
	// Orgs are the organisations met, complete, for the print view.
	Orgs []*passerelle.Organization
	// Contacts are the people met, complete, for the print view.
	Contacts []*passerelle.Person
}

type missionShowData struct {
	Mission   *passerelle.Mission
	Organiser *passerelle.Organization
	Lead      *passerelle.Person
	Advisers  []string
	Groups    []missionGroup
	Proposals []passerelle.GroupProposal
	Days      []missionDay
	// Problems explain what the programme could not do: which meeting or target, which
	// constraint.
	Problems []string
	Plan     *scheduling.Result
	Moved    []string // group names that moved in the last plan
	Debriefs []*passerelle.Debrief
	// Drafts are the members taking part whose debrief the reader may start.
	Drafts    []passerelle.MissionMember
	FollowUps []*passerelle.FollowUp
	Kinds     []passerelle.FollowUpKind
	Print     bool
	// Hosting says that the reader's member hosts this incoming delegation (takes part,
	// or its record is met): the programme is in its agenda, from the first day.
	Hosting bool
}

// missionShowLoad reads everything the mission's page and print view show.
func (s *Server) missionShowLoad(r *http.Request, l *Localizer, full bool) (*missionShowData, error) {
	ctx := r.Context()
	svc := s.missionService()
	m, err := svc.FindMission(ctx, r.PathValue("mission"))
	if err != nil {
		return nil, err
	}
	d := &missionShowData{Mission: m, Kinds: passerelle.FollowUpKinds}
	if m.OrganiserID != 0 {
		d.Organiser, _ = s.orgs.FindOrganizationByID(ctx, m.OrganiserID)
	}
	if m.LeadPersonID != 0 {
		d.Lead, _ = s.people.FindPersonByID(ctx, m.LeadPersonID)
	}
	emails := map[int64]string{}
	for _, id := range m.AdviserIDs {
		if u, err := s.users.FindUserByID(ctx, id); err == nil {
			d.Advisers = append(d.Advisers, u.Email)
			emails[id] = u.Email
		}
	}
	groupOf, names := map[string]int{}, map[string][]string{}
	for _, t := range m.Targets {
		i, ok := groupOf[t.Group]
		if !ok {
			i = len(d.Groups)
			groupOf[t.Group] = i
			d.Groups = append(d.Groups, missionGroup{Key: t.Group})
		}
		d.Groups[i].Targets = append(d.Groups[i].Targets, t)
		names[t.Group] = append(names[t.Group], t.Name)
	}
	d.Problems = append(d.Problems, missionSetupProblems(l, m)...)
	if d.Proposals, err = svc.GroupProposals(ctx, m); err != nil {
		return nil, err
	}
	meetings, err := svc.MissionMeetings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	loc, err := passerelle.LoadZone(m.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	var memberOrg int64
	if m.Kind == passerelle.MissionIncoming {
		if memberOrg, err = s.memberOrganization(r); err != nil {
			return nil, err
		}
		a := passerelle.ActorFromContext(ctx)
		for _, x := range m.Members {
			d.Hosting = d.Hosting || (a != nil && a.MemberID != 0 && x.MemberID == a.MemberID)
		}
		for _, t := range m.Targets {
			d.Hosting = d.Hosting || (memberOrg != 0 && t.OrganizationID == memberOrg)
		}
	}
	ids := make([]int64, len(meetings))
	for i, x := range meetings {
		ids[i] = x.ID
	}
	pins, err := s.meetings.PinnedMeetings(ctx, ids)
	if err != nil {
		return nil, err
	}
	met := map[int64]bool{}
	for _, x := range meetings {
		if x.Status == passerelle.MeetingCancelled {
			continue
		}
		start := x.Start.In(loc)
		day := start.Format(time.DateOnly)
		row := missionMeetingRow{Meeting: x, From: start.Format("15:04"), To: x.End.In(loc).Format("15:04"),
			Outside: day < m.StartDate || day > m.EndDate, Pinned: pins[x.ID], WithUs: memberOrg != 0 && slices.Contains(x.OrganizationIDs, memberOrg)}
		for _, id := range x.AttendeeIDs {
			if e, ok := emails[id]; ok {
				row.Adviser = e
			}
		}
		if row.Adviser == "" && len(x.Attendees) > 0 {
			row.Adviser = x.Attendees[0]
		}
		for _, o := range x.OrganizationIDs {
			met[o] = true
		}
		if row.Outside {
			d.Problems = append(d.Problems, l.T("mission.problem_outside", start.Format("2006-01-02 15:04"), orgNames(x), m.StartDate, m.EndDate))
		}
		if full {
			for _, o := range x.OrganizationIDs {
				if org, err := s.orgs.FindOrganizationByID(ctx, o); err == nil {
					row.Orgs = append(row.Orgs, org)
				}
			}
			for _, p := range x.PersonIDs {
				if per, err := s.people.FindPersonByID(ctx, p); err == nil {
					row.Contacts = append(row.Contacts, per)
				}
			}
		}
		if n := len(d.Days); n == 0 || d.Days[n-1].Date != day {
			d.Days = append(d.Days, missionDay{Date: day})
		}
		d.Days[len(d.Days)-1].Meetings = append(d.Days[len(d.Days)-1].Meetings, row)
	}
	if m.PlanJobID != 0 {
		if j, err := s.jobs.FindJobByID(ctx, m.PlanJobID); err == nil && len(j.Result) > 0 {
			var res scheduling.Result
			if json.Unmarshal(j.Result, &res) == nil {
				d.Plan = &res
				for _, u := range res.Unplaced {
					g := strings.TrimPrefix(u.Key, "g:")
					d.Problems = append(d.Problems, l.T("mission.problem_unplaced", strings.Join(names[g], ", "), l.Text(u.Msg())))
				}
				for _, mv := range res.Moved {
					d.Moved = append(d.Moved, strings.Join(names[strings.TrimPrefix(mv.Key, "g:")], ", "))
				}
			}
		}
	}
	if len(meetings) > 0 {
		for _, g := range d.Groups {
			placed := false
			for _, t := range g.Targets {
				placed = placed || met[t.OrganizationID]
			}
			if !placed {
				d.Problems = append(d.Problems, l.T("mission.problem_no_meeting", strings.Join(names[g.Key], ", ")))
			}
		}
	}
	if d.Debriefs, err = svc.FindDebriefs(ctx, m.ID); err != nil {
		return nil, err
	}
	has := map[int64]bool{}
	for _, x := range d.Debriefs {
		has[x.Member.ID] = true
	}
	if a := passerelle.ActorFromContext(ctx); a != nil && a.Role.CanWrite() {
		for _, x := range m.Members {
			if !has[x.MemberID] && a.CanReadDebrief(x.MemberID) {
				d.Drafts = append(d.Drafts, x)
			}
		}
	}
	if d.FollowUps, err = store.NewFollowUpService(s.db).FindFollowUps(ctx, store.FollowUpFilter{MissionID: m.ID}); err != nil {
		return nil, err
	}
	return d, nil
}

func orgNames(m *passerelle.Meeting) string {
	var out []string
	for _, o := range m.Organizations {
		out = append(out, o.Name)
	}
	return strings.Join(out, ", ")
}

// missionShow is a mission's page: its facts, members and goals, targets by group with
// the proposals to meet linked ones together, the programme by day, debriefs and
// follow-ups.
func (s *Server) missionShow(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "")
	d, err := s.missionShowLoad(r, p.L, false)
	if err != nil {
		return err
	}
	p.TitleText = d.Mission.Name
	p.Data = d
	return s.render(w, r, "mission_show.html", p)
}

// missionPrint is the programme to print: one page per day, with the organisations'
// addresses and the contacts of the people met.
func (s *Server) missionPrint(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "")
	d, err := s.missionShowLoad(r, p.L, true)
	if err != nil {
		return err
	}
	d.Print = true
	p.TitleText = d.Mission.Name
	p.Data = d
	return s.render(w, r, "mission_print.html", p)
}

// missionSetupProblems explains what the programme's setup lacks before any plan: a
// target available on none of the mission's days (its dates changed since), two venues
// without a travel time between them (taken as none).
func missionSetupProblems(l *Localizer, m *passerelle.Mission) []string {
	var out []string
	for _, t := range m.Targets {
		ws, err := passerelle.ParseAvailability(t.Availability)
		if err != nil || len(ws) == 0 {
			continue
		}
		in := false
		for _, w := range ws {
			in = in || (w.Date >= m.StartDate && w.Date <= m.EndDate)
		}
		if !in {
			out = append(out, l.T("mission.problem_unavailable", t.Name, t.Availability, m.StartDate, m.EndDate))
		}
	}
	given := map[[2]string]bool{}
	for _, t := range m.Travel {
		given[[2]string{passerelle.Fold(t.From), passerelle.Fold(t.To)}] = true
		given[[2]string{passerelle.Fold(t.To), passerelle.Fold(t.From)}] = true
	}
	for i, a := range m.Venues {
		for _, b := range m.Venues[i+1:] {
			if !given[[2]string{passerelle.Fold(a.Name), passerelle.Fold(b.Name)}] {
				out = append(out, l.T("mission.problem_no_travel", a.Name, b.Name))
			}
		}
	}
	return out
}
