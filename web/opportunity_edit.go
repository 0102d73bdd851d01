package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// opportunityPage is an opportunity's page: what it is, what it came from, the projects
// and contracts that name it with their money, and for writers the form of all its
// fields. Links are kept by ticking them; an organisation is added with the picker, a
// meeting, mission, event or person by its number.
type opportunityPage struct {
	Opp     *passerelle.Opportunity
	Value   string // the expected value as typed, in the opportunity's currency
	Members []*passerelle.Member
	Stages  []passerelle.OpportunityStage
	// PickMember: the caller may name the member (a manager, or a user of no member).
	PickMember bool
	Links      []oppLinkGroup
	AddOrg     string // the organisation typed to add
	Add        map[string]string
	Projects   []*passerelle.Project
	ProjectEUR int64 // the projects' money in euros, all years
	MemberName string
}

// oppLinkGroup is one kind of record the opportunity is linked to, with names to show.
type oppLinkGroup struct {
	Kind, Field string
	Items       []oppLink
}

type oppLink struct {
	ID   int64
	Name string
	Href string
}

func (s *Server) opportunityShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	o, err := store.NewPipelineService(s.db).FindOpportunityByID(r.Context(), id)
	if err != nil {
		return err
	}
	d := &opportunityPage{Opp: o}
	if o.ExpectedValueCents != 0 {
		d.Value = passerelle.FormatCents(o.ExpectedValueCents)
	}
	return s.opportunityRender(w, r, d, nil)
}

// opportunityUpdate saves the form: every field, the links ticked and those added. A
// bad value is named beside its field and nothing is saved; a save based on an older
// version shows what was saved meanwhile.
func (s *Server) opportunityUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	svc := store.NewPipelineService(s.db)
	o, err := svc.FindOpportunityByID(r.Context(), id)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	f := r.PostForm
	d := &opportunityPage{Opp: o, Value: strings.TrimSpace(f.Get("value")), AddOrg: strings.TrimSpace(f.Get("add_organization")), Add: map[string]string{}}
	problems := passerelle.Problems{}
	o.Title, o.Stage = f.Get("title"), passerelle.OpportunityStage(f.Get("stage"))
	if v := f.Get("member_id"); v != "" {
		if o.MemberID, err = strconv.ParseInt(v, 10, 64); err != nil || o.MemberID <= 0 {
			problems.Add("member_id", "no such member")
		}
	}
	o.Currency, o.Programme, o.CallID = f.Get("currency"), f.Get("programme"), f.Get("call_id")
	o.Deadline, o.NextAction, o.NextActionDate = f.Get("deadline"), f.Get("next_action"), f.Get("next_action_date")
	o.OpenedOn, o.WonOn, o.Notes = f.Get("opened_on"), f.Get("won_on"), strings.TrimSpace(f.Get("notes"))
	if v := f.Get("visibility"); v != "" {
		o.Visibility = passerelle.Visibility(v)
		if o.Visibility != passerelle.VisibilityShared && o.Visibility != passerelle.VisibilityPrivate {
			problems.Add("visibility", "shared or private")
		}
	}
	o.Version, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	o.ExpectedValueCents = 0
	if d.Value != "" {
		if c, err := passerelle.ParseAmount(d.Value); err != nil || c < 0 {
			problems.Add("value", "an amount, such as 250000 or 250 000,50")
		} else {
			o.ExpectedValueCents = c
		}
	}
	// Links: those still ticked, then those added.
	kept := func(name string, had []int64) []int64 {
		out := []int64{}
		for _, v := range f[name] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && slices.Contains(had, n) && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		return out
	}
	add := func(field, name string, ids []int64) []int64 {
		v := strings.TrimSpace(f.Get(name))
		d.Add[name] = v
		if v == "" {
			return ids
		}
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			n, err := strconv.ParseInt(strings.TrimPrefix(part, "#"), 10, 64)
			if err != nil || n <= 0 {
				problems.Add(field, "the number of a record, such as 12")
				return ids
			}
			if !slices.Contains(ids, n) {
				ids = append(ids, n)
			}
		}
		return ids
	}
	o.MeetingIDs = add("meeting_ids", "add_meeting", kept("meeting_ids", o.MeetingIDs))
	o.MissionIDs = add("mission_ids", "add_mission", kept("mission_ids", o.MissionIDs))
	o.EventIDs = add("event_ids", "add_event", kept("event_ids", o.EventIDs))
	o.PersonIDs = add("person_ids", "add_person", kept("person_ids", o.PersonIDs))
	o.OrganizationIDs = kept("organization_ids", o.OrganizationIDs)
	if d.AddOrg != "" {
		var org int64
		if n, err := strconv.ParseInt(f.Get("add_organization_id"), 10, 64); err == nil && n > 0 {
			if x, err := s.orgs.FindOrganizationByID(r.Context(), n); err == nil && passerelle.Fold(x.Name) == passerelle.Fold(d.AddOrg) {
				org = n
			}
		}
		if org == 0 {
			if org, err = s.resolveOrg(r, d.AddOrg); err != nil {
				problems["organization_ids"] = firstProblem(err)
			}
		}
		if org > 0 && !slices.Contains(o.OrganizationIDs, org) {
			o.OrganizationIDs = append(o.OrganizationIDs, org)
		}
	}
	if len(problems) > 0 {
		// The domain's problems too, so that one try shows them all.
		c := *o
		for k, v := range passerelle.ErrorFieldMsgs(c.Validate()) {
			if _, ok := problems[k]; !ok {
				problems[k] = v
			}
		}
		return s.opportunityRender(w, r, d, problems.Err())
	}
	if err := svc.UpdateOpportunity(r.Context(), o); err != nil {
		if formErr(err) {
			return s.opportunityRender(w, r, d, err)
		}
		return err
	}
	return s.redirect(w, r, "/pipeline/"+strconv.FormatInt(o.ID, 10), "flash.saved")
}

func (s *Server) opportunityDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "opportunity")
	if err != nil {
		return err
	}
	svc := store.NewPipelineService(s.db)
	o, err := svc.FindOpportunityByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := svc.DeleteOpportunity(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/pipeline?member_id="+strconv.FormatInt(o.MemberID, 10), "flash.deleted")
}

// opportunityRender shows the page, with the problems of a refused save (and, after a
// stale one, the saved values that differ from the form's).
func (s *Server) opportunityRender(w http.ResponseWriter, r *http.Request, d *opportunityPage, saveErr error) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	o := d.Opp
	d.Stages, d.PickMember = passerelle.OpportunityStages, a.Role.CanManage() || a.MemberID == 0
	if d.Add == nil {
		d.Add = map[string]string{}
	}
	var err error
	if d.Members, err = s.workspaces.FindMembers(ctx); err != nil {
		return err
	}
	for _, m := range d.Members {
		if m.ID == o.MemberID {
			d.MemberName = m.Name
		}
	}
	svc := store.NewPipelineService(s.db)
	if o.ID != 0 {
		if d.Projects, _, err = svc.FindProjects(ctx, passerelle.ProjectFilter{OpportunityID: o.ID, Limit: 100}); err != nil {
			return err
		}
		for _, p := range d.Projects {
			d.ProjectEUR = passerelle.AddCents(d.ProjectEUR, p.TotalEURCents())
		}
	}
	d.Links = s.opportunityLinks(r, o)
	p := s.newPage(r, "opp.page_title")
	p.TitleText = o.Title
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
		if fields, v, ok := staleConflict(saveErr, o); ok {
			p.Conflict, o.Version = fields, v
		}
	}
	return s.renderStatus(w, r, code, "opportunity_show.html", p)
}

// opportunityLinks names the linked records; one that cannot be read (deleted since,
// or a number typed in a refused form) shows its number.
func (s *Server) opportunityLinks(r *http.Request, o *passerelle.Opportunity) []oppLinkGroup {
	ctx, l := r.Context(), newLocalizer(s.langOf(r))
	g := func(kind, field string, ids []int64, name func(int64) (string, string)) oppLinkGroup {
		out := oppLinkGroup{Kind: kind, Field: field}
		for _, id := range ids {
			n, href := name(id)
			if n == "" {
				n = "#" + strconv.FormatInt(id, 10)
			}
			out.Items = append(out.Items, oppLink{ID: id, Name: n, Href: href})
		}
		return out
	}
	missions, events := store.NewMissionService(s.db), s.eventService()
	return []oppLinkGroup{
		g("meeting", "meeting_ids", o.MeetingIDs, func(id int64) (string, string) {
			if m, err := s.meetings.FindMeetingByID(ctx, id); err == nil {
				return m.Title, "/meetings/" + strconv.FormatInt(id, 10)
			}
			return "", ""
		}),
		g("organization", "organization_ids", o.OrganizationIDs, func(id int64) (string, string) {
			if x, err := s.orgs.FindOrganizationByID(ctx, id); err == nil {
				return x.Name, "/organizations/" + strconv.FormatInt(id, 10)
			}
			return "", ""
		}),
		g("person", "person_ids", o.PersonIDs, func(id int64) (string, string) {
			if x, err := s.people.FindPersonByID(ctx, id); err == nil {
				return l.Person(strings.TrimSpace(x.FirstName + " " + x.LastName)), "/people/" + strconv.FormatInt(id, 10)
			}
			return "", ""
		}),
		g("mission", "mission_ids", o.MissionIDs, func(id int64) (string, string) {
			if x, err := missions.FindMission(ctx, strconv.FormatInt(id, 10)); err == nil {
				return x.Name, "/missions/" + x.Slug
			}
			return "", ""
		}),
		g("event", "event_ids", o.EventIDs, func(id int64) (string, string) {
			if x, err := events.FindEventByID(ctx, id); err == nil {
				return x.Name, "/events/" + strconv.FormatInt(id, 10)
			}
			return "", ""
		}),
	}
}
