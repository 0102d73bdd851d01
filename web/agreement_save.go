package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"passerelle"
)

// The form names its repeated rows as the domain names their problems
// ("funding[2].amount", "phases[0].actions[1].title"), so that an error shows next to
// its field. Blank rows are dropped before saving; a re-shown form keeps every row as
// typed, its blank rows after, and an "add a row" button per list (name="more"), which
// re-shows the form with one more blank row without saving.

type agrFormData struct {
	A              *passerelle.Agreement
	New            bool
	Action         string
	Themes         []*passerelle.Theme
	Types          []passerelle.AgreementType
	Statuses       []passerelle.AgreementStatus
	ActionStatuses []passerelle.ActionStatus
	ContactKinds   []string
	Categories     []string // of funding lines
	OtherThemes    map[string]bool
	Partners       []map[string]string
	Funding        []map[string]string
	Phases         []phaseRow
	Contacts       []map[string]string
	Volunteers     []map[string]string
	Documents      []map[string]string
	// Values of the scalar fields as typed (signed_year may not be a number).
	SignedYear string
}

type phaseRow struct {
	F       map[string]string
	Actions []map[string]string
}

func (s *Server) agreementNew(w http.ResponseWriter, r *http.Request) error {
	a := &passerelle.Agreement{Type: passerelle.TypeDecentralisedCooperation, Visibility: passerelle.VisibilityShared}
	return s.agreementForm(w, r, formOf(a, true), http.StatusOK)
}

func (s *Server) agreementEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	a, err := s.agreementStore().FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.agreementForm(w, r, formOf(a, false), http.StatusOK)
}

func (s *Server) agreementCreate(w http.ResponseWriter, r *http.Request) error {
	a := &passerelle.Agreement{}
	return s.agreementSave(w, r, a, true)
}

func (s *Server) agreementUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	a, err := s.agreementStore().FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.agreementSave(w, r, a, false)
}

func (s *Server) agreementDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	if err := s.agreementStore().DeleteAgreement(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/agreements", "flash.binned")
}

// agreementSave reads the form onto a, then saves it, or shows the form again with
// what was typed and the problems next to their fields.
func (s *Server) agreementSave(w http.ResponseWriter, r *http.Request, a *passerelle.Agreement, isNew bool) error {
	_ = r.ParseForm()
	fd, problems := s.readAgreementForm(r, a)
	fd.New = isNew
	if more := r.PostForm.Get("more"); more != "" {
		fd.pad() // the usual blank rows, then one more
		fd.addRow(more)
		return s.agreementForm(w, r, fd, http.StatusOK)
	}
	if len(problems) > 0 {
		// Report the domain's problems too, so that one try shows them all.
		c := *a
		for k, v := range passerelle.ErrorFieldMsgs(c.Validate()) {
			if _, ok := problems[k]; !ok {
				problems[k] = v
			}
		}
		return s.agreementFormErr(w, r, fd, problems.Err())
	}
	svc := s.agreementStore()
	var err error
	if isNew {
		err = svc.CreateAgreement(r.Context(), a)
	} else {
		err = svc.UpdateAgreement(r.Context(), a)
	}
	if err != nil {
		if c := passerelle.ErrorCode(err); c == passerelle.EINVALID || c == passerelle.ECONFLICT {
			return s.agreementFormErr(w, r, fd, err)
		}
		return err
	}
	return s.redirect(w, r, "/agreements/"+strconv.FormatInt(a.ID, 10), "flash.saved")
}

func (s *Server) agreementFormErr(w http.ResponseWriter, r *http.Request, fd *agrFormData, err error) error {
	p, ferr := s.agreementFormPage(r, fd)
	if ferr != nil {
		return ferr
	}
	p.Errors = p.L.FormErrors(err, "_")
	return s.renderStatus(w, r, status(err), "agreement_form.html", p)
}

func (s *Server) agreementForm(w http.ResponseWriter, r *http.Request, fd *agrFormData, code int) error {
	p, err := s.agreementFormPage(r, fd)
	if err != nil {
		return err
	}
	return s.renderStatus(w, r, code, "agreement_form.html", p)
}

func (s *Server) agreementFormPage(r *http.Request, fd *agrFormData) (*page, error) {
	_, themes, err := s.themeIndex(r.Context())
	if err != nil {
		return nil, err
	}
	fd.Themes, fd.Types, fd.Statuses, fd.ActionStatuses, fd.ContactKinds = themes, passerelle.AgreementTypes, passerelle.AgreementStatuses, passerelle.ActionStatuses, passerelle.ContactKinds
	fd.Categories = passerelle.FundingCategories
	fd.pad()
	fd.Action = "/agreements"
	title := "agr.new"
	if !fd.New {
		fd.Action = "/agreements/" + strconv.FormatInt(fd.A.ID, 10)
		title = "agr.edit"
	}
	p := s.newPage(r, title)
	p.Data = fd
	return p, nil
}

// formOf fills the form's rows from a stored agreement.
func formOf(a *passerelle.Agreement, isNew bool) *agrFormData {
	fd := &agrFormData{A: a, New: isNew, OtherThemes: map[string]bool{}}
	if a.SignedYear != 0 {
		fd.SignedYear = strconv.Itoa(a.SignedYear)
	}
	for _, t := range a.OtherThemes {
		fd.OtherThemes[t.Code] = true
	}
	for _, p := range a.Partners {
		if p.Private {
			// Kept in place, never named: the form sends it back as such.
			fd.Partners = append(fd.Partners, map[string]string{"private": "1", "side": p.Side, "role": p.Role})
			continue
		}
		fd.Partners = append(fd.Partners, map[string]string{"organization": p.Name, "organization_id": idText(p.OrganizationID), "side": p.Side, "role": p.Role})
	}
	for _, l := range a.Funding {
		m := map[string]string{"funder": l.Funder, "amount": passerelle.FormatCents(l.AmountCents), "year": intText(l.Year), "category": l.Category, "currency": l.Currency}
		if l.WaterCents != nil {
			m["water"] = passerelle.FormatCents(*l.WaterCents)
		}
		fd.Funding = append(fd.Funding, m)
	}
	for _, ph := range a.Phases {
		row := phaseRow{F: map[string]string{"title": ph.Title, "status": string(ph.Status), "start_date": ph.StartDate, "end_date": ph.EndDate,
			"owner": ph.Owner, "description": ph.Description, "outcome": ph.Outcome}}
		for _, ac := range ph.Actions {
			row.Actions = append(row.Actions, map[string]string{"title": ac.Title, "status": string(ac.Status), "start_date": ac.StartDate,
				"end_date": ac.EndDate, "owner": ac.Owner, "description": ac.Description, "outcome": ac.Outcome})
		}
		fd.Phases = append(fd.Phases, row)
	}
	for _, c := range a.Contacts {
		fd.Contacts = append(fd.Contacts, map[string]string{"kind": c.Kind, "first_name": c.FirstName, "last_name": c.LastName, "role": c.Role,
			"organization": c.Organization, "email": c.Email, "person_id": idText(c.PersonID)})
	}
	for _, v := range a.Volunteers {
		fd.Volunteers = append(fd.Volunteers, map[string]string{"first_name": v.FirstName, "last_name": v.LastName, "kind": v.Kind,
			"mission": v.Mission, "field": v.Field, "assignment": v.Assignment})
	}
	for _, d := range a.Documents {
		m := map[string]string{"title": d.Title, "url": d.URL, "date": d.Date, "file_name": d.FileName, "media_type": d.MediaType, "size": idText(d.Size)}
		if d.Public {
			m["public"] = "1"
		}
		fd.Documents = append(fd.Documents, m)
	}
	return fd
}

func idText(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func intText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// pad adds the blank rows a form shows: enough for the usual record (two partners,
// three funding lines, two phases of two actions) and always one.
func (fd *agrFormData) pad() {
	padRows := func(rows []map[string]string, least int) []map[string]string {
		for len(rows) < least {
			rows = append(rows, map[string]string{})
		}
		if !rowBlank(rows[len(rows)-1], "side", "status", "kind", "currency", "organization_id", "person_id", "public") {
			rows = append(rows, map[string]string{})
		}
		return rows
	}
	fd.Partners = padRows(fd.Partners, 2)
	fd.Funding = padRows(fd.Funding, 3)
	fd.Contacts = padRows(fd.Contacts, 1)
	fd.Volunteers = padRows(fd.Volunteers, 1)
	fd.Documents = padRows(fd.Documents, 1)
	for len(fd.Phases) < 2 {
		fd.Phases = append(fd.Phases, phaseRow{F: map[string]string{}})
	}
	if !phaseBlank(fd.Phases[len(fd.Phases)-1]) {
		fd.Phases = append(fd.Phases, phaseRow{F: map[string]string{}})
	}
	for i := range fd.Phases {
		fd.Phases[i].Actions = padRows(fd.Phases[i].Actions, 2)
	}
}

// addRow adds a blank row to the list the "add a row" button names.
func (fd *agrFormData) addRow(list string) {
	switch list {
	case "partners":
		fd.Partners = append(fd.Partners, map[string]string{})
	case "funding":
		fd.Funding = append(fd.Funding, map[string]string{})
	case "phases":
		fd.Phases = append(fd.Phases, phaseRow{F: map[string]string{}})
	case "contacts":
		fd.Contacts = append(fd.Contacts, map[string]string{})
	case "volunteers":
		fd.Volunteers = append(fd.Volunteers, map[string]string{})
	case "documents":
		fd.Documents = append(fd.Documents, map[string]string{})
	default:
		var i int
		if _, err := parseIndexed(list, "phases", &i); err == nil && i < len(fd.Phases) {
			fd.Phases[i].Actions = append(fd.Phases[i].Actions, map[string]string{})
		}
	}
}

// maxFormRow is the highest row number of a form's repeated list (prefix[N]): rows
// added one "add a row" at a time never come near it, and the bound keeps a posted
// form from making a list of any length.
const maxFormRow = 500

// rowNumberProblems refuses the fields of the lists named by prefixes whose row number
// (every [N] of the name, nested actions included) is not a number from 0 to
// maxFormRow. The lists' readers skip such fields: partners[600] used to be dropped
// without a word, and what it held lost. Each is a problem on the field up to its bad
// row number, and on the form's general slot "_", which the form shows.
func rowNumberProblems(f url.Values, problems passerelle.Problems, prefixes ...string) {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		listed := false
		for _, p := range prefixes {
			listed = listed || strings.HasPrefix(k, p+"[")
		}
		if !listed {
			continue
		}
		for i := 0; i < len(k); i++ {
			if k[i] != '[' {
				continue
			}
			end := strings.IndexByte(k[i:], ']')
			if end < 0 {
				break
			}
			if n, err := strconv.Atoi(k[i+1 : i+end]); err != nil || n < 0 || n > maxFormRow {
				field := k[:i+end+1]
				problems.Add(field, "a row number from 0 to %d", maxFormRow)
				problems.Add("_", "%s: a row number from 0 to %d", field, maxFormRow)
				break
			}
			i += end
		}
	}
}

// parseIndexed reads "prefix[N]" and returns what follows.
func parseIndexed(s, prefix string, i *int) (string, error) {
	if !strings.HasPrefix(s, prefix+"[") {
		return "", strconv.ErrSyntax
	}
	rest := s[len(prefix)+1:]
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return "", strconv.ErrSyntax
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil || n < 0 || n > maxFormRow {
		return "", strconv.ErrSyntax
	}
	*i = n
	return strings.TrimPrefix(rest[end+1:], "."), nil
}

// formRows reads the rows of a repeated list, prefix[N].field, in index order, and
// leaves out the blank ones (nothing typed, the fields of ignore aside).
func formRows(f url.Values, prefix string, ignore ...string) []map[string]string {
	var out []map[string]string
	for _, m := range allRows(f, prefix) {
		if !rowBlank(m, ignore...) {
			out = append(out, m)
		}
	}
	return out
}

// allRows reads the rows of a repeated list, blank ones included.
func allRows(f url.Values, prefix string) []map[string]string {
	byIdx := map[int]map[string]string{}
	for k, v := range f {
		var i int
		field, err := parseIndexed(k, prefix, &i)
		if err != nil || field == "" || len(v) == 0 {
			continue
		}
		if byIdx[i] == nil {
			byIdx[i] = map[string]string{}
		}
		byIdx[i][field] = v[len(v)-1]
	}
	idx := make([]int, 0, len(byIdx))
	for i := range byIdx {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := make([]map[string]string, len(idx))
	for j, i := range idx {
		out[j] = byIdx[i]
	}
	return out
}

// rowBlank reports whether nothing was typed in a row; fields in ignore (selects with
// a default, hidden fields) do not count, nor do nested lists.
func rowBlank(m map[string]string, ignore ...string) bool {
	for k, v := range m {
		if strings.Contains(k, "[") || strings.TrimSpace(v) == "" {
			continue
		}
		skip := false
		for _, x := range ignore {
			skip = skip || x == k
		}
		if !skip {
			return false
		}
	}
	return true
}

func phaseBlank(p phaseRow) bool {
	if !rowBlank(p.F, "status") {
		return false
	}
	for _, a := range p.Actions {
		if !rowBlank(a, "status") {
			return false
		}
	}
	return true
}

func sub(m map[string]string) url.Values {
	v := url.Values{}
	for k, x := range m {
		v.Set(k, x)
	}
	return v
}

// readAgreementForm reads the posted form onto a and returns the rows as typed, and
// the problems of values that are not even of the right kind (a year that is not a
// number, an organisation that matches none), keyed like the domain's.
func (s *Server) readAgreementForm(r *http.Request, a *passerelle.Agreement) (*agrFormData, passerelle.Problems) {
	f := r.PostForm
	problems := passerelle.Problems{}
	rowNumberProblems(f, problems, "partners", "funding", "phases", "contacts", "volunteers", "documents")
	fd := &agrFormData{A: a, OtherThemes: map[string]bool{}}
	a.Title = f.Get("title")
	a.Ref = f.Get("ref")
	a.Type = passerelle.AgreementType(f.Get("type"))
	fd.SignedYear = strings.TrimSpace(f.Get("signed_year"))
	a.SignedYear = 0
	if fd.SignedYear != "" {
		n, err := strconv.Atoi(fd.SignedYear)
		if err != nil {
			problems.Add("signed_year", "a year such as 2013")
		}
		a.SignedYear = n
	}
	a.SignedDate, a.StartDate, a.EndDate = f.Get("signed_date"), f.Get("start_date"), f.Get("end_date")
	a.Status = passerelle.AgreementStatus(f.Get("status"))
	a.Triennial = f.Get("triennial") == "1"
	a.Theme = f.Get("theme")
	old := map[string]int{}
	for _, t := range a.OtherThemes {
		old[t.Code] = t.Priority
	}
	a.OtherThemes = nil
	for _, code := range f["other_themes"] {
		if code == "" || code == a.Theme {
			continue
		}
		fd.OtherThemes[code] = true
		pr := old[code]
		if pr == 0 {
			pr = len(a.OtherThemes) + 1
		}
		a.OtherThemes = append(a.OtherThemes, passerelle.AgreementTheme{Code: code, Priority: pr})
	}
	a.Context, a.History, a.Objectives, a.Description = f.Get("context"), f.Get("history"), f.Get("objectives"), f.Get("description")
	a.Form, a.ProjectOwner, a.ContractingAuthority, a.Beneficiaries = f.Get("form"), f.Get("project_owner"), f.Get("contracting_authority"), f.Get("beneficiaries")
	a.Evaluation, a.CommunicationFrance, a.CommunicationAbroad = f.Get("evaluation"), f.Get("communication_france"), f.Get("communication_abroad")
	a.Notes = f.Get("notes")
	a.Published = f.Get("published") == "1"
	if v := f.Get("visibility"); v != "" {
		a.Visibility = passerelle.Visibility(v)
	}

	// Partners: an organisation of the directory, by the id the form remembers when
	// the name was not changed, else by number, ROR id or an unambiguous name.
	fd.Partners = formRows(f, "partners", "side", "organization_id")
	a.Partners = nil
	for i, row := range fd.Partners {
		p := passerelle.AgreementPartner{Side: row["side"], Role: strings.TrimSpace(row["role"])}
		typed := strings.TrimSpace(row["organization"])
		if row["private"] == "1" && typed == "" {
			p.Private = true // a partner kept private from this user: the store keeps it
			a.Partners = append(a.Partners, p)
			continue
		}
		key := "partners[" + strconv.Itoa(i) + "].organization_id"
		if id, err := strconv.ParseInt(row["organization_id"], 10, 64); err == nil && id > 0 && typed != "" {
			if o, err := s.orgs.FindOrganizationByID(r.Context(), id); err == nil && passerelle.Fold(o.Name) == passerelle.Fold(typed) {
				p.OrganizationID = id
			}
		}
		if p.OrganizationID == 0 {
			id, err := s.resolveOrg(r, typed)
			if err != nil {
				problems[key] = firstProblem(err)
			}
			p.OrganizationID = id
			row["organization_id"] = idText(id)
		}
		a.Partners = append(a.Partners, p)
	}

	fd.Funding = formRows(f, "funding", "currency")
	a.Funding = nil
	for i, row := range fd.Funding {
		pre := "funding[" + strconv.Itoa(i) + "]."
		l := passerelle.FundingLine{Funder: row["funder"], Amount: strings.TrimSpace(row["amount"]), Currency: row["currency"], Category: strings.TrimSpace(row["category"])}
		if l.Amount == "" {
			problems.Add(pre+"amount", "required")
		} else if _, err := passerelle.ParseAmount(l.Amount); err != nil {
			problems.Add(pre+"amount", "not an amount")
		}
		if w := strings.TrimSpace(row["water"]); w != "" {
			c, err := passerelle.ParseAmount(w)
			if err != nil {
				problems.Add(pre+"water_cents", "not an amount")
			} else {
				l.WaterCents = &c
			}
		}
		if y := strings.TrimSpace(row["year"]); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				problems.Add(pre+"year", "a year such as 2013")
			}
			l.Year = n
		}
		a.Funding = append(a.Funding, l)
	}

	a.Phases = nil
	for _, row := range allRows(f, "phases") {
		pr := phaseRow{F: row, Actions: formRows(sub(row), "actions", "status")}
		if phaseBlank(pr) {
			continue
		}
		ph := passerelle.Phase{Title: row["title"], Status: passerelle.ActionStatus(row["status"]), StartDate: row["start_date"], EndDate: row["end_date"],
			Owner: strings.TrimSpace(row["owner"]), Description: strings.TrimSpace(row["description"]), Outcome: strings.TrimSpace(row["outcome"])}
		for _, ar := range pr.Actions {
			ph.Actions = append(ph.Actions, passerelle.Action{Title: ar["title"], Status: passerelle.ActionStatus(ar["status"]), StartDate: ar["start_date"],
				EndDate: ar["end_date"], Owner: strings.TrimSpace(ar["owner"]), Description: strings.TrimSpace(ar["description"]), Outcome: strings.TrimSpace(ar["outcome"])})
		}
		fd.Phases = append(fd.Phases, pr)
		a.Phases = append(a.Phases, ph)
	}
	fd.Contacts = formRows(f, "contacts", "kind", "person_id")
	a.Contacts = nil
	for _, row := range fd.Contacts {
		pid, _ := strconv.ParseInt(row["person_id"], 10, 64)
		a.Contacts = append(a.Contacts, passerelle.AgreementContact{Kind: row["kind"], FirstName: row["first_name"], LastName: row["last_name"],
			Role: strings.TrimSpace(row["role"]), Organization: strings.TrimSpace(row["organization"]), Email: row["email"], PersonID: pid})
	}
	fd.Volunteers = formRows(f, "volunteers")
	a.Volunteers = nil
	for _, row := range fd.Volunteers {
		a.Volunteers = append(a.Volunteers, passerelle.Volunteer{FirstName: row["first_name"], LastName: row["last_name"], Kind: strings.TrimSpace(row["kind"]),
			Mission: strings.TrimSpace(row["mission"]), Field: strings.TrimSpace(row["field"]), Assignment: strings.TrimSpace(row["assignment"])})
	}
	fd.Documents = formRows(f, "documents", "public", "file_name", "media_type", "size")
	a.Documents = nil
	for _, row := range fd.Documents {
		size, _ := strconv.ParseInt(row["size"], 10, 64)
		a.Documents = append(a.Documents, passerelle.Document{Title: row["title"], URL: strings.TrimSpace(row["url"]), Date: strings.TrimSpace(row["date"]),
			Public: row["public"] == "1", FileName: row["file_name"], MediaType: row["media_type"], Size: size})
	}
	return fd, problems
}

// firstProblem is the message of a field error, whatever its field.
func firstProblem(err error) passerelle.Msg {
	for _, m := range passerelle.ErrorFieldMsgs(err) {
		return m
	}
	return passerelle.ErrorMsg(err)
}
