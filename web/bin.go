package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// Deleting (issue 20): a delete button leads to a page that says what goes with the
// record, and the delete moves it to the bin, from which an editor restores it for
// passerelle.BinDays. These are the small actions of that feature.

type deleteConfirmData struct {
	Entity  string // organization, person, agreement
	ID      int64
	Name    string
	Action  string // where the confirmation posts
	Cancel  string
	Links   int // an organisation's links
	Affs    int // affiliations (of an organisation or a person)
	Meets   int // meetings that name it
	Blocked int // agreements naming an organisation: they stop its deletion
	// Missions and Opps count the missions (organiser, target) and the opportunities the
	// reader may see that name an organisation: the delete takes it from them.
	Missions, Opps int
	Public         bool
	Days           int
}

// deleteConfirm shows what a delete takes with it, and the button that does it. The
// record is read through the store like its page, so what another member may not see is
// neither shown nor counted.
func (s *Server) deleteConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &deleteConfirmData{Days: passerelle.BinDays}
	switch {
	case r.PathValue("org") != "":
		id, err := idParam(r, "org")
		if err != nil {
			return err
		}
		o, err := s.orgs.FindOrganizationByID(ctx, id)
		if err != nil {
			return err
		}
		d.Entity, d.ID, d.Name = "organization", id, o.Name
		links, err := s.orgs.FindLinks(ctx, id)
		if err != nil {
			return err
		}
		affs, err := s.people.FindAffiliationsOfOrganization(ctx, id)
		if err != nil {
			return err
		}
		d.Links, d.Affs = len(links), len(affs)
		fc, err := s.agreementStore().FacetAgreements(ctx, passerelle.AgreementFilter{PartnerID: id})
		if err != nil {
			return err
		}
		d.Blocked = fc.Total
		if h, err := s.meetings.MeetingHistory(ctx, passerelle.MeetingFilter{OrganizationID: id}); err == nil && h != nil {
			d.Meets = h.Total
		}
		if d.Missions, err = store.NewMissionService(s.db).MissionsNaming(ctx, id); err != nil {
			return err
		}
		if _, d.Opps, err = store.NewPipelineService(s.db).FindOpportunities(ctx, passerelle.OpportunityFilter{OrganizationID: id, Limit: 1}); err != nil {
			return err
		}
		d.Action, d.Cancel = "/organizations/"+strconv.FormatInt(id, 10)+"/delete", "/organizations/"+strconv.FormatInt(id, 10)
	case r.PathValue("person") != "":
		id, err := idParam(r, "person")
		if err != nil {
			return err
		}
		p, err := s.people.FindPersonByID(ctx, id)
		if err != nil {
			return err
		}
		d.Entity, d.ID, d.Name, d.Affs = "person", id, p.Name(), len(p.Affiliations)
		if h, err := s.meetings.MeetingHistory(ctx, passerelle.MeetingFilter{PersonID: id}); err == nil && h != nil {
			d.Meets = h.Total
		}
		d.Action, d.Cancel = "/people/"+strconv.FormatInt(id, 10)+"/delete", "/people/"+strconv.FormatInt(id, 10)
	default:
		id, err := idParam(r, "agreement")
		if err != nil {
			return err
		}
		a, err := s.agreementStore().FindAgreementByID(ctx, id)
		if err != nil {
			return err
		}
		d.Entity, d.ID, d.Name, d.Public = "agreement", id, a.Title, a.Published
		d.Action, d.Cancel = "/agreements/"+strconv.FormatInt(id, 10)+"/delete", "/agreements/"+strconv.FormatInt(id, 10)
	}
	p := s.newPage(r, "bin.confirm_title")
	p.Data = d
	return s.render(w, r, "delete_confirm.html", p)
}

// binList is the workspace's bin: what the reader may see of what was deleted in the
// last passerelle.BinDays, with a restore button for editors.
func (s *Server) binList(w http.ResponseWriter, r *http.Request) error {
	entries, err := store.NewBinService(s.db).FindBin(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, "bin.title")
	p.Data = map[string]any{"Entries": entries, "Days": passerelle.BinDays}
	return s.render(w, r, "bin.html", p)
}

// binRestore brings a record back and opens it.
func (s *Server) binRestore(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "entry")
	if err != nil {
		return err
	}
	res, err := store.NewBinService(s.db).Restore(r.Context(), id)
	if err != nil {
		return err
	}
	to := map[string]string{"organization": "/organizations/", "person": "/people/", "agreement": "/agreements/"}[res.Entity]
	return s.redirect(w, r, to+strconv.FormatInt(res.ID, 10), "flash.restored")
}

// apiBin lists the bin as JSON.
func (s *Server) apiBin(w http.ResponseWriter, r *http.Request) error {
	entries, err := store.NewBinService(s.db).FindBin(r.Context())
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []*passerelle.BinEntry{}
	}
	writeJSON(w, http.StatusOK, list[*passerelle.BinEntry]{Items: entries, Total: len(entries)})
	return nil
}

// apiBinRestore restores an entry and says what came back.
func (s *Server) apiBinRestore(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "entry")
	if err != nil {
		return err
	}
	res, err := store.NewBinService(s.db).Restore(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, res)
	return nil
}
