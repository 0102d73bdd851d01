package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// projectForm is the form of a project or contract: its fields, its money per year and,
// for an EU project, its organisations with their role and share. Rows are named as the
// domain names their problems ("amounts[1].year", "participations[0].amount_cents"), so
// an error shows beside its field; blank rows are dropped before saving.
type projectForm struct {
	P       *passerelle.Project
	New     bool
	Action  string
	Kinds   []passerelle.ProjectKind
	Members []*passerelle.Member
	// PickMember: the caller may name the member (a manager, or a user of no member).
	PickMember    bool
	Opportunities []*passerelle.Opportunity // that the project may name
	Client        string                    // the client as typed
	Amounts       []map[string]string       // year, amount (in the project's currency)
	Partners      []map[string]string       // organization, organization_id, role, amount (EUR)
	// Shares are the other members' parts, a row per member and year: member_id, role,
	// year, amount (in the project's currency); a member's rows make one part.
	Shares []map[string]string
	// shareField names, for a problem of the domain's parts ("shares[1].amounts[0].year"),
	// the form's field it is shown beside ("shares[3].year").
	shareField map[string]string
}

// projectNew shows the form of a new project; ?opportunity=ID fills it from that
// opportunity (the board offers it on a won card): its title, member, visibility,
// programme and call, its first organisation as the client, its expected value in the
// year it was won.
func (s *Server) projectNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	p := &passerelle.Project{Kind: passerelle.KindRDContract, MemberID: a.MemberID, Currency: "EUR", Rate: "1", Visibility: passerelle.VisibilityShared}
	fd := &projectForm{P: p, New: true}
	if v := r.URL.Query().Get("opportunity"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return errNotFound
		}
		o, err := store.NewPipelineService(s.db).FindOpportunityByID(ctx, id)
		if err != nil {
			return err
		}
		p.OpportunityID, p.Title, p.MemberID, p.Visibility = o.ID, o.Title, o.MemberID, o.Visibility
		p.Programme, p.CallID, p.Currency = o.Programme, o.CallID, o.Currency
		if p.Currency != "EUR" {
			p.Rate = ""
		}
		if o.Programme != "" {
			p.Kind = passerelle.KindEUProject
		}
		// The client: the opportunity's first organisation, else its first meeting's.
		orgs := o.OrganizationIDs
		if len(orgs) == 0 && len(o.MeetingIDs) > 0 {
			if m, err := s.meetings.FindMeetingByID(ctx, o.MeetingIDs[0]); err == nil {
				orgs = m.OrganizationIDs
			}
		}
		if len(orgs) > 0 {
			if org, err := s.orgs.FindOrganizationByID(ctx, orgs[0]); err == nil {
				p.ClientID, fd.Client = org.ID, org.Name
			}
		}
		year := s.localNow(r).Year()
		if y := yearText(o.WonOn); y != "" {
			year, _ = strconv.Atoi(y)
		}
		if o.ExpectedValueCents > 0 {
			fd.Amounts = []map[string]string{{"year": strconv.Itoa(year), "amount": passerelle.FormatCents(o.ExpectedValueCents)}}
		}
	}
	return s.projectFormPage(w, r, fd, nil)
}

func yearText(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}

func (s *Server) projectEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "project")
	if err != nil {
		return err
	}
	p, err := store.NewPipelineService(s.db).FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.projectFormPage(w, r, projectFormOf(p), nil)
}

// projectFormOf fills the form's rows from a stored project.
func projectFormOf(p *passerelle.Project) *projectForm {
	fd := &projectForm{P: p, Client: p.ClientName}
	for _, am := range p.Amounts {
		fd.Amounts = append(fd.Amounts, map[string]string{"year": strconv.Itoa(am.Year), "amount": passerelle.FormatCents(am.AmountCents)})
	}
	for _, x := range p.Participations {
		fd.Partners = append(fd.Partners, map[string]string{"organization": x.Name, "organization_id": idText(x.OrganizationID),
			"role": x.Role, "amount": passerelle.FormatCents(x.AmountCents)})
	}
	for _, sh := range p.Shares {
		row := map[string]string{"member_id": idText(sh.MemberID), "role": sh.Role}
		if len(sh.Amounts) == 0 {
			fd.Shares = append(fd.Shares, row)
		}
		for i, am := range sh.Amounts {
			r := map[string]string{"member_id": row["member_id"], "year": strconv.Itoa(am.Year), "amount": passerelle.FormatCents(am.AmountCents)}
			if i == 0 {
				r["role"] = sh.Role
			}
			fd.Shares = append(fd.Shares, r)
		}
	}
	return fd
}

func (s *Server) projectCreate(w http.ResponseWriter, r *http.Request) error {
	p := &passerelle.Project{}
	return s.projectSave(w, r, p, true)
}

func (s *Server) projectUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "project")
	if err != nil {
		return err
	}
	p, err := store.NewPipelineService(s.db).FindProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.projectSave(w, r, p, false)
}

func (s *Server) projectDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "project")
	if err != nil {
		return err
	}
	if err := store.NewPipelineService(s.db).DeleteProject(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/projects", "flash.deleted")
}

// projectSave reads the form onto p and saves it, or shows the form again with what was
// typed and every problem beside its field; nothing is saved then.
func (s *Server) projectSave(w http.ResponseWriter, r *http.Request, p *passerelle.Project, isNew bool) error {
	_ = r.ParseForm()
	fd, problems := s.readProjectForm(r, p)
	fd.New = isNew
	if more := r.PostForm.Get("more"); more == "amounts" || more == "participations" || more == "shares" {
		switch more {
		case "amounts":
			fd.Amounts = append(padRowsTo(fd.Amounts, 1), map[string]string{})
		case "participations":
			fd.Partners = append(padRowsTo(fd.Partners, 1), map[string]string{})
		default:
			fd.Shares = append(padRowsTo(fd.Shares, 1), map[string]string{})
		}
		return s.projectFormPage(w, r, fd, nil)
	}
	if len(problems) > 0 {
		// The domain's problems too, so that one try shows them all.
		c := *p
		c.Amounts = append([]passerelle.ProjectAmount(nil), p.Amounts...)
		c.Shares = nil
		for _, sh := range p.Shares {
			sh.Amounts = append([]passerelle.ProjectAmount(nil), sh.Amounts...)
			c.Shares = append(c.Shares, sh)
		}
		for k, v := range passerelle.ErrorFieldMsgs(c.Validate()) {
			if _, ok := problems[fd.formField(k)]; !ok {
				problems[fd.formField(k)] = v
			}
		}
		return s.projectFormPage(w, r, fd, problems.Err())
	}
	svc := store.NewPipelineService(s.db)
	var err error
	if isNew {
		err = svc.CreateProject(r.Context(), p)
	} else {
		err = svc.UpdateProject(r.Context(), p)
	}
	if err != nil {
		if formErr(err) {
			if passerelle.ErrorCode(err) == passerelle.EINVALID {
				renamed := passerelle.Problems{}
				for k, v := range passerelle.ErrorFieldMsgs(err) {
					renamed[fd.formField(k)] = v
				}
				err = renamed.Err()
			}
			return s.projectFormPage(w, r, fd, err)
		}
		return err
	}
	return s.redirect(w, r, "/projects#project-"+strconv.FormatInt(p.ID, 10), "flash.saved")
}

// formField is the form's field a problem of the domain is shown beside.
func (fd *projectForm) formField(domain string) string {
	if f, ok := fd.shareField[domain]; ok {
		return f
	}
	return domain
}

func padRowsTo(rows []map[string]string, least int) []map[string]string {
	for len(rows) < least {
		rows = append(rows, map[string]string{})
	}
	return rows
}

// projectFormPage renders the form, with the problems of a refused save (and, after a
// stale one, the saved values that differ from the form's).
func (s *Server) projectFormPage(w http.ResponseWriter, r *http.Request, fd *projectForm, saveErr error) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	fd.Kinds, fd.PickMember = passerelle.ProjectKinds, a.Role.CanManage() || a.MemberID == 0
	var err error
	if fd.Members, err = s.workspaces.FindMembers(ctx); err != nil {
		return err
	}
	svc := store.NewPipelineService(s.db)
	if fd.Opportunities, _, err = svc.FindOpportunities(ctx, passerelle.OpportunityFilter{Limit: 200}); err != nil {
		return err
	}
	if id := fd.P.OpportunityID; id != 0 && !hasOpportunity(fd.Opportunities, id) {
		if o, err := svc.FindOpportunityByID(ctx, id); err == nil {
			fd.Opportunities = append(fd.Opportunities, o)
		}
	}
	fd.Amounts = padRowsTo(fd.Amounts, 1)
	if !rowBlank(fd.Amounts[len(fd.Amounts)-1]) {
		fd.Amounts = append(fd.Amounts, map[string]string{})
	}
	fd.Partners = padRowsTo(fd.Partners, 1)
	if !rowBlank(fd.Partners[len(fd.Partners)-1], "organization_id") {
		fd.Partners = append(fd.Partners, map[string]string{})
	}
	fd.Shares = padRowsTo(fd.Shares, 1)
	if !rowBlank(fd.Shares[len(fd.Shares)-1]) {
		fd.Shares = append(fd.Shares, map[string]string{})
	}
	title := "project.new"
	fd.Action = "/projects"
	if !fd.New {
		fd.Action, title = "/projects/"+strconv.FormatInt(fd.P.ID, 10), "project.edit"
	}
	p := s.newPage(r, title)
	p.Data = fd
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
		if fields, v, ok := staleConflict(saveErr, fd.P); ok {
			p.Conflict, fd.P.Version = fields, v
		}
	}
	return s.renderStatus(w, r, code, "project_form.html", p)
}

func hasOpportunity(os []*passerelle.Opportunity, id int64) bool {
	for _, o := range os {
		if o.ID == id {
			return true
		}
	}
	return false
}

// readProjectForm reads the posted form onto p and returns the rows as typed, and the
// problems of values that are not even of the right kind (a year that is not a number,
// an amount that is none, an organisation that matches none), keyed like the domain's.
func (s *Server) readProjectForm(r *http.Request, p *passerelle.Project) (*projectForm, passerelle.Problems) {
	f := r.PostForm
	problems := passerelle.Problems{}
	rowNumberProblems(f, problems, "amounts", "participations", "shares")
	fd := &projectForm{P: p}
	p.Kind = passerelle.ProjectKind(f.Get("kind"))
	p.Title, p.Acronym, p.Ref = f.Get("title"), f.Get("acronym"), f.Get("ref")
	if v := f.Get("member_id"); v != "" {
		p.MemberID, _ = strconv.ParseInt(v, 10, 64)
	}
	p.ClientCountry = f.Get("client_country")
	p.Programme, p.CallID, p.Topic = strings.TrimSpace(f.Get("programme")), strings.TrimSpace(f.Get("call_id")), strings.TrimSpace(f.Get("topic"))
	p.Role = f.Get("role")
	p.StartDate, p.EndDate, p.SignedOn = f.Get("start_date"), f.Get("end_date"), f.Get("signed_on")
	// A rate typed with a decimal comma ("0,1341") is read as the domain's decimal point.
	p.Currency, p.Rate = f.Get("currency"), strings.Replace(strings.TrimSpace(f.Get("rate")), ",", ".", 1)
	p.Notes = strings.TrimSpace(f.Get("notes"))
	if v := f.Get("visibility"); v != "" {
		p.Visibility = passerelle.Visibility(v)
	}
	p.OpportunityID = 0
	if v := f.Get("opportunity_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			problems.Add("opportunity_id", "a linked record does not exist or is not yours to see")
		}
		p.OpportunityID = n
	}
	if v, err := strconv.ParseInt(f.Get("version"), 10, 64); err == nil {
		p.Version = v
	}

	// The client: the directory's organisation the form remembers while its name is
	// unchanged, else the one the typed name, number or ROR id means.
	fd.Client = strings.TrimSpace(f.Get("client"))
	oldID, oldName := p.ClientID, p.ClientName
	p.ClientID = 0
	switch {
	case fd.Client == "":
		p.ClientName = ""
	case oldID == 0 && oldName != "" && fd.Client == oldName:
		// A client known by name only (no directory record) stays so.
	default:
		if id, err := strconv.ParseInt(f.Get("client_id"), 10, 64); err == nil && id > 0 {
			if o, err := s.orgs.FindOrganizationByID(r.Context(), id); err == nil && passerelle.Fold(o.Name) == passerelle.Fold(fd.Client) {
				p.ClientID = id
			}
		}
		if p.ClientID == 0 {
			id, err := s.resolveOrg(r, fd.Client)
			if err != nil {
				problems["client_organization_id"] = firstProblem(err)
			}
			p.ClientID = id
		}
	}

	fd.Amounts = formRows(f, "amounts")
	p.Amounts = nil
	for i, row := range fd.Amounts {
		pre := "amounts[" + strconv.Itoa(i) + "]."
		am := passerelle.ProjectAmount{}
		y, err := strconv.Atoi(strings.TrimSpace(row["year"]))
		if err != nil {
			problems.Add(pre+"year", "a year such as 2013")
		}
		am.Year = y
		if c, err := passerelle.ParseAmount(row["amount"]); err != nil {
			problems.Add(pre+"amount_cents", "not an amount")
		} else {
			am.AmountCents = c
		}
		p.Amounts = append(p.Amounts, am)
	}

	fd.Partners = formRows(f, "participations", "organization_id")
	p.Participations = nil
	for i, row := range fd.Partners {
		pre := "participations[" + strconv.Itoa(i) + "]."
		x := passerelle.Participation{Role: strings.TrimSpace(row["role"])}
		typed := strings.TrimSpace(row["organization"])
		if id, err := strconv.ParseInt(row["organization_id"], 10, 64); err == nil && id > 0 && typed != "" {
			if o, err := s.orgs.FindOrganizationByID(r.Context(), id); err == nil && passerelle.Fold(o.Name) == passerelle.Fold(typed) {
				x.OrganizationID = id
			}
		}
		if x.OrganizationID == 0 {
			id, err := s.resolveOrg(r, typed)
			if err != nil {
				problems[pre+"organization_id"] = firstProblem(err)
			}
			x.OrganizationID = id
			row["organization_id"] = idText(id)
		}
		if v := strings.TrimSpace(row["amount"]); v != "" {
			if c, err := passerelle.ParseAmount(v); err != nil {
				problems.Add(pre+"amount_cents", "not an amount")
			} else {
				x.AmountCents = c
			}
		}
		p.Participations = append(p.Participations, x)
	}

	// The other members' parts: a row per member and year, merged by member.
	fd.Shares = formRows(f, "shares")
	fd.shareField = map[string]string{}
	p.Shares = nil
	for i, row := range fd.Shares {
		pre := "shares[" + strconv.Itoa(i) + "]."
		m, err := strconv.ParseInt(strings.TrimSpace(row["member_id"]), 10, 64)
		if err != nil || m <= 0 {
			problems.Add(pre+"member_id", "a member")
			continue
		}
		k := slices.IndexFunc(p.Shares, func(sh passerelle.ProjectShare) bool { return sh.MemberID == m })
		if k < 0 {
			k = len(p.Shares)
			p.Shares = append(p.Shares, passerelle.ProjectShare{MemberID: m, Amounts: []passerelle.ProjectAmount{}})
			dom := "shares[" + strconv.Itoa(k) + "]."
			fd.shareField[dom+"member_id"], fd.shareField[dom+"role"] = pre+"member_id", pre+"role"
		}
		sh := &p.Shares[k]
		if role := strings.TrimSpace(row["role"]); role != "" && sh.Role == "" {
			sh.Role = role
		}
		year, amount := strings.TrimSpace(row["year"]), strings.TrimSpace(row["amount"])
		if year == "" && amount == "" {
			continue
		}
		am := passerelle.ProjectAmount{}
		if am.Year, err = strconv.Atoi(year); err != nil {
			problems.Add(pre+"year", "a year such as 2013")
		}
		if am.AmountCents, err = passerelle.ParseAmount(amount); err != nil {
			problems.Add(pre+"amount_cents", "not an amount")
		}
		dom := "shares[" + strconv.Itoa(k) + "].amounts[" + strconv.Itoa(len(sh.Amounts)) + "]."
		fd.shareField[dom+"year"], fd.shareField[dom+"amount_cents"] = pre+"year", pre+"amount_cents"
		sh.Amounts = append(sh.Amounts, am)
	}
	return fd, problems
}
