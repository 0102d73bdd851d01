package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

type orgFormData struct {
	Org    *passerelle.Organization
	New    bool
	Themes []*passerelle.Theme
	Kinds  []passerelle.OrgKind
}

func (s *Server) organizationNew(w http.ResponseWriter, r *http.Request) error {
	// ?name= comes from a picker's "create …": the name typed there.
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if len(name) > 500 {
		name = ""
	}
	return s.orgForm(w, r, &passerelle.Organization{Name: name, Kind: passerelle.KindCompany, Visibility: passerelle.VisibilityShared}, true, nil)
}

func (s *Server) organizationEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	o, err := s.orgs.FindOrganizationByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.orgForm(w, r, o, false, nil)
}

// orgForm shows the form, with what the user typed and the errors next to the fields
// when a save failed validation.
func (s *Server) orgForm(w http.ResponseWriter, r *http.Request, o *passerelle.Organization, isNew bool, saveErr error) error {
	themes, err := s.findThemes(r.Context())
	if err != nil {
		return err
	}
	title := "orgs.edit"
	if isNew {
		title = "orgs.new"
	}
	p := s.newPage(r, title)
	p.Data = orgFormData{Org: o, New: isNew, Themes: themes, Kinds: passerelle.OrgKinds}
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
		if fields, v, ok := staleConflict(saveErr, o); ok {
			p.Conflict, o.Version = fields, v
		}
	}
	return s.renderStatus(w, r, code, "organization_form.html", p)
}

// orgFromForm reads the form into an organisation, keeping fields the form lacks. It
// returns the fields it could not read: "Founded = nineteen" used to save with no year.
func orgFromForm(r *http.Request, o *passerelle.Organization) passerelle.Problems {
	bad := passerelle.Problems{}
	_ = r.ParseForm()
	f := r.PostForm
	o.Name = f.Get("name")
	o.Kind = passerelle.OrgKind(f.Get("kind"))
	o.Country = f.Get("country")
	o.City = strings.TrimSpace(f.Get("city"))
	o.Website = f.Get("website")
	o.Acronyms = splitList(f.Get("acronyms"))
	o.Aliases = splitList(f.Get("aliases"))
	o.Tags = splitList(f.Get("tags"))
	o.Themes = f["themes"]
	o.Description = strings.TrimSpace(f.Get("description"))
	o.RORID = f.Get("ror_id")
	o.SIREN = f.Get("siren")
	o.SIRET = f.Get("siret")
	o.VAT = strings.TrimSpace(f.Get("vat"))
	o.PIC = f.Get("pic")
	o.Established = 0
	if y := strings.TrimSpace(f.Get("established")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			bad.Add("established", "%q is not a year", y)
		}
		o.Established = n
	}
	if v, err := strconv.ParseInt(f.Get("version"), 10, 64); err == nil {
		o.Version = v
	}
	if v := f.Get("visibility"); v != "" {
		o.Visibility = passerelle.Visibility(v)
	}
	return bad
}

// withUnread adds the fields a form could not read to the record's own validation, so
// that one answer lists every problem; nil when there is none.
func withUnread(bad passerelle.Problems, validate func() error) error {
	if len(bad) == 0 {
		return nil
	}
	for k, m := range passerelle.ErrorFieldMsgs(validate()) {
		if _, ok := bad[k]; !ok {
			bad[k] = m
		}
	}
	return bad.Err()
}

func (s *Server) organizationCreate(w http.ResponseWriter, r *http.Request) error {
	o := &passerelle.Organization{}
	if err := withUnread(orgFromForm(r, o), o.Validate); err != nil {
		return s.orgForm(w, r, o, true, err)
	}
	if err := s.orgs.CreateOrganization(r.Context(), o); err != nil {
		if passerelle.ErrorCode(err) == passerelle.EINVALID || passerelle.ErrorCode(err) == passerelle.ECONFLICT {
			return s.orgForm(w, r, o, true, err)
		}
		return err
	}
	return s.redirect(w, r, "/organizations/"+strconv.FormatInt(o.ID, 10), "flash.saved")
}

func (s *Server) organizationUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	o, err := s.orgs.FindOrganizationByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := withUnread(orgFromForm(r, o), o.Validate); err != nil {
		return s.orgForm(w, r, o, false, err)
	}
	if err := s.orgs.UpdateOrganization(r.Context(), o); err != nil {
		if c := passerelle.ErrorCode(err); c == passerelle.EINVALID || c == passerelle.ECONFLICT || c == passerelle.ESTALE {
			return s.orgForm(w, r, o, false, err)
		}
		return err
	}
	return s.redirect(w, r, "/organizations/"+strconv.FormatInt(o.ID, 10), "flash.saved")
}

func (s *Server) organizationDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if err := s.orgs.DeleteOrganization(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/organizations", "flash.binned")
}
