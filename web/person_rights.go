package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"passerelle"
)

// personConsentAdd records a lawful basis for a person, from the person's page.
func (s *Server) personConsentAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	c := &passerelle.Consent{PersonID: id, Basis: passerelle.LawfulBasis(r.PostFormValue("basis")), Purpose: r.PostFormValue("purpose"),
		Source: r.PostFormValue("source"), GivenOn: r.PostFormValue("given_on")}
	if err := s.people.AddConsent(r.Context(), c); err != nil {
		if formErr(err) {
			p := newLocalizer(info(r).lang)
			errs := p.FormErrors(err, "_")
			errs["_consent"] = "1"
			return s.renderPerson(w, r, id, errs, status(err))
		}
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"#rights", "flash.saved")
}

// personConsentWithdraw marks a consent withdrawn today, in the reader's calendar.
func (s *Server) personConsentWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	cid, err := idParam(r, "consent")
	if err != nil {
		return err
	}
	if err := s.people.WithdrawConsent(r.Context(), id, cid, s.localNow(r).Format(time.DateOnly)); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"#rights", "flash.saved")
}

// personOwner makes the reader the person's contact owner ("ask me first"), or removes
// the owner.
func (s *Server) personOwner(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	var uid int64
	if r.PostFormValue("owner") == "me" {
		a, err := passerelle.RequireActor(r.Context())
		if err != nil {
			return err
		}
		uid = a.UserID
	}
	if err := s.people.SetContactOwner(r.Context(), id, uid, r.PostFormValue("note")); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10)+"#rights", "flash.saved")
}

// personData answers a subject-access request: everything held on the person that the
// reader answers for, as a page or (?format=json) a file.
func (s *Server) personData(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	d, err := s.people.PersonData(r.Context(), id)
	if err != nil {
		return err
	}
	d.ExportedBy = info(r).email
	if r.URL.Query().Get("format") == "json" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="person-`+strconv.FormatInt(id, 10)+`.json"`)
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	p := s.newPage(r, "rights.data_title")
	p.Data = d
	return s.render(w, r, "person_data.html", p)
}

// personEraseForm says what an erasure does before it is done.
func (s *Server) personEraseForm(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	d, err := s.people.PersonData(r.Context(), id)
	if err != nil {
		return err
	}
	p := s.newPage(r, "rights.erase_title")
	p.Data = d
	return s.render(w, r, "person_erase.html", p)
}

func (s *Server) personErase(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	if err := s.people.ErasePerson(r.Context(), id); err != nil {
		return err
	}
	s.log.Info("person erased", "person", id, "by", info(r).email)
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10), "flash.erased")
}
