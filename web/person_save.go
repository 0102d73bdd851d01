package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

type personFormData struct {
	Person *passerelle.Person
	New    bool
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	return s.personForm(w, r, &passerelle.Person{Visibility: passerelle.VisibilityShared}, true, nil)
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	pe, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.personForm(w, r, pe, false, nil)
}

func (s *Server) personForm(w http.ResponseWriter, r *http.Request, pe *passerelle.Person, isNew bool, saveErr error) error {
	title := "people.edit"
	if isNew {
		title = "people.new"
	}
	p := s.newPage(r, title)
	p.Data = personFormData{Person: pe, New: isNew}
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
		if fields, v, ok := staleConflict(saveErr, pe); ok {
			p.Conflict, pe.Version = fields, v
		}
	}
	return s.renderStatus(w, r, code, "person_form.html", p)
}

func personFromForm(r *http.Request, pe *passerelle.Person) {
	_ = r.ParseForm()
	f := r.PostForm
	pe.FirstName = f.Get("first_name")
	pe.LastName = f.Get("last_name")
	pe.Emails = splitList(f.Get("emails"))
	pe.Phones = splitList(f.Get("phones"))
	pe.Languages = splitList(f.Get("languages"))
	pe.Topics = splitList(f.Get("topics"))
	pe.Country = f.Get("country")
	pe.Notes = strings.TrimSpace(f.Get("notes"))
	if v := f.Get("visibility"); v != "" {
		pe.Visibility = passerelle.Visibility(v)
	}
	if v, err := strconv.ParseInt(f.Get("version"), 10, 64); err == nil {
		pe.Version = v
	}
}

func formErr(err error) bool {
	c := passerelle.ErrorCode(err)
	return c == passerelle.EINVALID || c == passerelle.ECONFLICT || c == passerelle.ESTALE
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	pe := &passerelle.Person{}
	personFromForm(r, pe)
	if err := s.people.CreatePerson(r.Context(), pe); err != nil {
		if formErr(err) {
			return s.personForm(w, r, pe, true, err)
		}
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(pe.ID, 10), "flash.saved")
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	pe, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	personFromForm(r, pe)
	if err := s.people.UpdatePerson(r.Context(), pe); err != nil {
		if formErr(err) {
			return s.personForm(w, r, pe, false, err)
		}
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(pe.ID, 10), "flash.saved")
}

func (s *Server) personDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	if err := s.people.DeletePerson(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/people", "flash.binned")
}

// affiliationCreate ties the person to an organisation named like a link's target.
func (s *Server) affiliationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	if _, err := s.people.FindPersonByID(r.Context(), id); err != nil {
		return err
	}
	org := strings.TrimSpace(r.PostFormValue("organization"))
	af := &passerelle.Affiliation{PersonID: id, Role: strings.TrimSpace(r.PostFormValue("role")), Title: strings.TrimSpace(r.PostFormValue("title")),
		StartDate: r.PostFormValue("start_date"), EndDate: r.PostFormValue("end_date")}
	af.OrganizationID, err = s.resolveOrg(r, org)
	if err == nil {
		err = s.people.CreateAffiliation(r.Context(), af)
	}
	if err != nil {
		if !formErr(err) {
			return err
		}
		l := newLocalizer(info(r).lang)
		fe := map[string]string{}
		for k, v := range l.Fields(err) {
			if k == "to_id" {
				k = "organization_id"
			}
			fe[k] = v
		}
		if len(fe) == 0 {
			fe["organization_id"] = l.Error(err)
		}
		fe["_organization"], fe["_role"] = org, af.Role
		return s.renderPerson(w, r, id, fe, status(err))
	}
	if r.Header.Get("HX-Request") == "true" {
		// htmx swaps in the section only: the message goes inside it, or nobody sees it.
		return s.renderPerson(w, r, id, map[string]string{"_flash": "flash.affiliation_added"}, http.StatusOK)
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"#affiliations", "flash.affiliation_added")
}

func (s *Server) affiliationDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	afID, err := idParam(r, "affiliation")
	if err != nil {
		return err
	}
	if err := s.checkAffiliationOf(r, id, afID); err != nil {
		return err
	}
	if err := s.people.DeleteAffiliation(r.Context(), afID); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"#affiliations", "flash.deleted")
}

func (s *Server) checkAffiliationOf(r *http.Request, personID, afID int64) error {
	pe, err := s.people.FindPersonByID(r.Context(), personID)
	if err != nil {
		return err
	}
	for _, a := range pe.Affiliations {
		if a.ID == afID {
			return nil
		}
	}
	return passerelle.Errorf(passerelle.ENOTFOUND, "affiliation not found")
}
