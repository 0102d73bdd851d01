package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// missionFormData is the mission form: the mission, the text fields as typed, and every
// member institute with whether it takes part and its goals.
type missionFormData struct {
	Mission                    *passerelle.Mission
	Organiser, Lead, Advisers  string
	Members                    []missionFormMember
	MeetingMinutes, TargetsRaw string
	// Venues ("name | address") and Travel ("from | to | minutes"), a line each.
	Venues, Travel string
	// Budget as typed, and the agreement served by id or title.
	Budget, Agreement string
	Statuses          []passerelle.MissionStatus
}

// venuesText writes a mission's venues and travel times a line each, as the form reads them.
func venuesText(m *passerelle.Mission) (venues, travel string) {
	var vs, ts []string
	for _, v := range m.Venues {
		line := v.Name
		if v.Address != "" {
			line += " | " + v.Address
		}
		vs = append(vs, line)
	}
	for _, t := range m.Travel {
		ts = append(ts, fmt.Sprintf("%s | %s | %d", t.From, t.To, t.Minutes))
	}
	return strings.Join(vs, "\n"), strings.Join(ts, "\n")
}

// parseVenues reads the form's venues and travel times into m; a line that is not
// understood is named.
func parseVenues(m *passerelle.Mission, venues, travel string, p passerelle.Problems) {
	m.Venues, m.Travel = []passerelle.MissionVenue{}, []passerelle.MissionTravel{}
	for _, line := range strings.Split(venues, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		name, addr, _ := strings.Cut(line, "|")
		m.Venues = append(m.Venues, passerelle.MissionVenue{Name: strings.TrimSpace(name), Address: strings.TrimSpace(addr)})
	}
	for i, line := range strings.Split(travel, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		var minutes int
		var err error
		if len(parts) == 3 {
			minutes, err = strconv.Atoi(strings.TrimSpace(parts[2]))
		}
		if len(parts) != 3 || err != nil {
			p.Add("travel", "line %d: from | to | minutes, such as Hotel | Medicon Village | 30", i+1)
			continue
		}
		m.Travel = append(m.Travel, passerelle.MissionTravel{From: strings.TrimSpace(parts[0]), To: strings.TrimSpace(parts[1]), Minutes: minutes})
	}
}

// resolveAgreement finds the agreement a form names, by id ("12" or "#12") or by title
// (the same title, or the only match): none, or the candidates when several match.
func (s *Server) resolveAgreement(r *http.Request, text string) (int64, []string, error) {
	if text == "" {
		return 0, nil, nil
	}
	if n, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64); err == nil && n > 0 {
		return n, nil, nil
	}
	l, total, err := s.agreementStore().FindAgreements(r.Context(), passerelle.AgreementFilter{Query: text, Limit: 6})
	if err != nil {
		return 0, nil, err
	}
	var candidates []string
	for _, a := range l {
		if passerelle.Fold(a.Title) == passerelle.Fold(text) {
			return a.ID, nil, nil
		}
		candidates = append(candidates, fmt.Sprintf("#%d %s", a.ID, a.Title))
	}
	if total == 1 {
		return l[0].ID, nil, nil
	}
	return 0, candidates, nil
}

type missionFormMember struct {
	ID      int64
	Name    string
	Checked bool
	Goals   string
}

// missionFormText fills the form's text fields from a stored mission.
func (s *Server) missionFormText(r *http.Request, m *passerelle.Mission) (*missionFormData, error) {
	ctx := r.Context()
	d := &missionFormData{Mission: m, MeetingMinutes: strconv.Itoa(m.MeetingMinutes), Budget: m.Budget, Agreement: m.AgreementTitle,
		Statuses: passerelle.MissionStatuses}
	d.Venues, d.Travel = venuesText(m)
	if m.OrganiserID != 0 {
		if o, err := s.orgs.FindOrganizationByID(ctx, m.OrganiserID); err == nil {
			d.Organiser = o.Name
		}
	}
	if m.LeadPersonID != 0 {
		if p, err := s.people.FindPersonByID(ctx, m.LeadPersonID); err == nil {
			d.Lead = p.Name()
		}
	}
	var emails []string
	for _, id := range m.AdviserIDs {
		if u, err := s.users.FindUserByID(ctx, id); err == nil {
			emails = append(emails, u.Email)
		}
	}
	d.Advisers = strings.Join(emails, "\n")
	goals := map[int64]string{}
	taking := map[int64]bool{}
	for _, x := range m.Members {
		goals[x.MemberID], taking[x.MemberID] = x.Goals, true
	}
	members, err := s.workspaces.FindMembers(ctx)
	if err != nil {
		return nil, err
	}
	for _, mb := range members {
		d.Members = append(d.Members, missionFormMember{ID: mb.ID, Name: mb.Name, Checked: taking[mb.ID], Goals: goals[mb.ID]})
	}
	return d, nil
}

// parseMissionForm reads the form into m; problems name the form's fields. Nothing is
// resolved silently: an organiser, a lead or an adviser that matches nothing or several
// records is reported on its field.
func (s *Server) parseMissionForm(r *http.Request, m *passerelle.Mission) (*missionFormData, error) {
	ctx := r.Context()
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	m.Name, m.Slug, m.Destination, m.Context = f("name"), f("slug"), f("destination"), f("context")
	m.StartDate, m.EndDate, m.TimeZone = f("start_date"), f("end_date"), f("time_zone")
	m.DayStart, m.DayEnd, m.Venue = f("day_start"), f("day_end"), f("venue")
	m.MeetingMinutes = atoi(f("meeting_minutes"))
	m.Kind = passerelle.MissionKind(f("kind"))
	d := &missionFormData{Mission: m, Organiser: f("organiser"), Lead: f("lead"), Advisers: r.PostFormValue("advisers"), MeetingMinutes: f("meeting_minutes"),
		Venues: r.PostFormValue("venues"), Travel: r.PostFormValue("travel"), Budget: f("budget"), Agreement: f("agreement"),
		Statuses: passerelle.MissionStatuses}
	p := passerelle.Problems{}
	parseVenues(m, d.Venues, d.Travel, p)
	if v := f("status"); v != "" {
		m.Status = passerelle.MissionStatus(v)
	}
	m.BudgetCurrency, m.BudgetCents = f("budget_currency"), nil
	if d.Budget != "" {
		c, err := passerelle.ParseAmount(d.Budget)
		if err != nil {
			p.Add("budget", "an amount such as 12500 or 12 500,50")
		} else {
			m.BudgetCents = &c
		}
	}
	// The agreement by its id or its title. Empty clears it, except one the reader may
	// not read (the store keeps it).
	if d.Agreement == "" || d.Agreement != m.AgreementTitle || m.AgreementID == 0 {
		id, candidates, err := s.resolveAgreement(r, d.Agreement)
		switch {
		case err != nil:
			return d, err
		case id == 0 && len(candidates) > 0:
			p.Add("agreement", "several agreements match, choose one: %s", strings.Join(candidates, "; "))
		case id == 0 && d.Agreement != "":
			p.Add("agreement", "no agreement of the register matches %q", d.Agreement)
		}
		m.AgreementID = id
	}
	m.OrganiserID = 0
	if d.Organiser != "" {
		id, err := s.resolveOrg(r, d.Organiser)
		if err != nil {
			if passerelle.ErrorCode(err) != passerelle.EINVALID {
				return d, err
			}
			p.Add("organiser", "no organisation matches %q: create it first", d.Organiser)
		}
		m.OrganiserID = id
	}
	m.LeadPersonID = 0
	if d.Lead != "" {
		if id, err := strconv.ParseInt(d.Lead, 10, 64); err == nil {
			m.LeadPersonID = id
		} else {
			id, candidates, err := s.resolvePersonName(ctx, d.Lead)
			if err != nil {
				return d, err
			}
			switch {
			case id != 0:
				m.LeadPersonID = id
			case len(candidates) > 0:
				p.Add("lead", "several people match, choose one: %s", strings.Join(candidates, ", "))
			default:
				p.Add("lead", "no person matches %s", d.Lead)
			}
		}
	}
	m.AdviserIDs = []int64{}
	for _, e := range splitList(strings.NewReplacer("\n", ",", "\r", "", ";", ",").Replace(d.Advisers)) {
		u, err := s.users.FindUserByEmail(ctx, e)
		if err != nil {
			p.Add("advisers", "no user %s in the workspace", e)
			continue
		}
		m.AdviserIDs = append(m.AdviserIDs, u.ID)
	}
	members, err := s.workspaces.FindMembers(ctx)
	if err != nil {
		return d, err
	}
	m.Members = []passerelle.MissionMember{}
	for _, mb := range members {
		key := strconv.FormatInt(mb.ID, 10)
		checked := r.PostForm.Has("member_" + key)
		goals := f("goals_" + key)
		d.Members = append(d.Members, missionFormMember{ID: mb.ID, Name: mb.Name, Checked: checked, Goals: goals})
		if checked {
			m.Members = append(m.Members, passerelle.MissionMember{MemberID: mb.ID, Name: mb.Name, Goals: goals})
		}
	}
	// A form refused here is refused with the mission's own problems too: the dates, the
	// hours, the slug were named only once the organiser, lead or advisers were found.
	if len(p) > 0 {
		for k, msg := range passerelle.ErrorFieldMsgs(store.ValidateMission(m)) {
			p.AddMsg(k, msg)
		}
	}
	return d, p.Err()
}

// missionNew is the form of a new mission.
func (s *Server) missionNew(w http.ResponseWriter, r *http.Request) error {
	m := &passerelle.Mission{TimeZone: "Europe/Paris", DayStart: "09:00", DayEnd: "17:00", MeetingMinutes: 60}
	d, err := s.missionFormText(r, m)
	if err != nil {
		return err
	}
	p := s.newPage(r, "mission.new")
	p.Data = d
	return s.render(w, r, "mission_form.html", p)
}

// missionEdit is the form of an existing mission.
func (s *Server) missionEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.missionService().FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	d, err := s.missionFormText(r, m)
	if err != nil {
		return err
	}
	p := s.newPage(r, "mission.edit")
	p.Data = d
	return s.render(w, r, "mission_form.html", p)
}

// missionSave creates (no {mission}) or updates a mission from the form; a refused form
// comes back with what was typed and each field's problem, nothing saved.
func (s *Server) missionSave(w http.ResponseWriter, r *http.Request) error {
	svc := s.missionService()
	m := &passerelle.Mission{}
	if ref := r.PathValue("mission"); ref != "" {
		var err error
		if m, err = svc.FindMission(r.Context(), ref); err != nil {
			return err
		}
	}
	wasCancelled := m.Status == passerelle.MissionCancelled
	d, err := s.parseMissionForm(r, m)
	cancelled := !wasCancelled && m.Status == passerelle.MissionCancelled
	if err == nil {
		if m.ID == 0 {
			err = svc.CreateMission(r.Context(), m)
		} else {
			m.Targets = nil // kept as they are: the page's own actions change them
			err = svc.UpdateMission(r.Context(), m)
		}
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		title := "mission.new"
		if m.ID != 0 {
			title = "mission.edit"
		}
		p := s.newPage(r, title)
		p.Data = d
		p.Errors = eventFormErrors(p, err)
		return s.renderStatus(w, r, status(err), "mission_form.html", p)
	}
	if m.Status == passerelle.MissionCancelled && m.ID != 0 && cancelled {
		// Say how many meetings of the programme the cancellation cancelled with it.
		switch n := m.MeetingsCancelled; n {
		case 0:
			return s.redirect(w, r, "/missions/"+m.Slug, "flash.mission_cancelled_none")
		case 1:
			return s.redirect(w, r, "/missions/"+m.Slug, "flash.mission_cancelled_one")
		default:
			return s.redirectMsg(w, r, "/missions/"+m.Slug, "flash.mission_cancelled_n", n)
		}
	}
	return s.redirect(w, r, "/missions/"+m.Slug, "flash.saved")
}

// missionTargetAdd adds a target from the directory (the organisation picker).
func (s *Server) missionTargetAdd(w http.ResponseWriter, r *http.Request) error {
	svc := s.missionService()
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	text := strings.TrimSpace(r.PostFormValue("organization"))
	id, err := strconv.ParseInt(r.PostFormValue("organization_id"), 10, 64)
	if err != nil || id == 0 {
		id, err = s.resolveOrg(r, text)
	}
	if err == nil {
		t := passerelle.MissionTarget{OrganizationID: id, Why: r.PostFormValue("why"),
			Availability: r.PostFormValue("availability"), Venue: r.PostFormValue("venue"), WantedBy: formWishes(r, m)}
		if len(t.WantedBy) == 0 {
			t.WantedBy = nil // no box ticked: a target added again keeps who wants it
		}
		err = svc.AddTarget(r.Context(), m.ID, t)
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		p := s.newPage(r, "")
		d, derr := s.missionShowLoad(r, p.L, false)
		if derr != nil {
			return derr
		}
		p.TitleText = m.Name
		p.Data = d
		// The form comes back as typed ("_" keys: the values, not errors), its message
		// without the fields' codes (to_id), which the form does not name.
		msg := p.L.Error(err)
		if fs := p.L.Fields(err); len(fs) > 0 {
			msg = strings.Join(slices.Sorted(maps.Values(fs)), "; ")
		}
		p.Errors = map[string]string{"target": msg, "_target": text, "_why": r.PostFormValue("why"),
			"_availability": r.PostFormValue("availability"), "_venue": r.PostFormValue("venue")}
		for _, mm := range m.Members {
			if r.PostFormValue("wish-"+strconv.FormatInt(mm.MemberID, 10)) == "1" {
				p.Errors["_wish-"+strconv.FormatInt(mm.MemberID, 10)] = "1"
			}
		}
		return s.renderStatus(w, r, status(err), "mission_show.html", p)
	}
	return s.redirect(w, r, "/missions/"+m.Slug+"#targets", "flash.saved")
}

// missionTargetDelete takes a target off the mission.
func (s *Server) missionTargetDelete(w http.ResponseWriter, r *http.Request) error {
	svc := s.missionService()
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if err := svc.RemoveTarget(r.Context(), m.ID, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/missions/"+m.Slug+"#targets", "flash.saved")
}

// missionGroup accepts a proposal (the two targets in one meeting) or splits it.
func (s *Server) missionGroupTargets(w http.ResponseWriter, r *http.Request) error {
	svc := s.missionService()
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	a, _ := strconv.ParseInt(r.PostFormValue("a"), 10, 64)
	b, _ := strconv.ParseInt(r.PostFormValue("b"), 10, 64)
	if err := svc.GroupTargets(r.Context(), m.ID, a, b, r.PostFormValue("split") == "1"); err != nil {
		return err
	}
	return s.redirect(w, r, "/missions/"+m.Slug+"#targets", "flash.saved")
}

// missionPlan runs the programme (missions.Plan: a scheduling job, run here) and comes
// back to the page, which shows what moved and what could not be placed, and why.
func (s *Server) missionPlan(w http.ResponseWriter, r *http.Request) error {
	m, err := s.missionService().FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	res, err := planMission(r.Context(), s.db, m.Slug)
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		p := s.newPage(r, "")
		d, derr := s.missionShowLoad(r, p.L, false)
		if derr != nil {
			return derr
		}
		p.TitleText = m.Name
		p.Data = d
		// The fields at fault are the mission's form's, named as it names them (not
		// "lead_person_id").
		msg := p.L.Error(err)
		if fs := p.L.Fields(err); len(fs) > 0 {
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(fs)) {
				parts = append(parts, p.L.Field(k)+": "+fs[k])
			}
			msg = strings.Join(parts, "; ")
		}
		p.Errors = map[string]string{"plan": msg}
		return s.renderStatus(w, r, status(err), "mission_show.html", p)
	}
	s.log.Info("mission planned", "mission", m.ID, "requested", res.Requested, "placed", res.Placed, "moved", len(res.Moved))
	return s.redirect(w, r, fmt.Sprintf("/missions/%s#programme", m.Slug), "flash.mission_planned")
}
