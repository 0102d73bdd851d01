package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// followUpEditData is the follow-up form: the follow-up, its owner and organisation as
// typed.
type followUpEditData struct {
	F            *passerelle.FollowUp
	Kinds        []passerelle.FollowUpKind
	Owner        string
	Organization string
	Back         string
	Return       string // the page the form was opened from (a debrief, a meeting), carried through it
}

// followUpEdit is the form of one follow-up (its member's users and the organisers;
// another member's is not found).
func (s *Server) followUpEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "followup")
	if err != nil {
		return err
	}
	f, err := store.NewFollowUpService(s.db).FindFollowUp(r.Context(), id)
	if err != nil {
		return err
	}
	p := s.newPage(r, "followup.edit")
	p.Data = &followUpEditData{F: f, Kinds: passerelle.FollowUpKinds, Owner: f.Owner, Organization: f.Organization, Back: followUpReturn(r, f),
		Return: localReturn(r.FormValue("return"))}
	return s.render(w, r, "followup_edit.html", p)
}

// followUpUpdate saves the form: what, kind, due date, owner (a user's email) and
// organisation; a refused form comes back with each field's problem, nothing saved.
func (s *Server) followUpUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := idParam(r, "followup")
	if err != nil {
		return err
	}
	svc := store.NewFollowUpService(s.db)
	f, err := svc.FindFollowUp(ctx, id)
	if err != nil {
		return err
	}
	d := &followUpEditData{F: f, Kinds: passerelle.FollowUpKinds, Owner: strings.TrimSpace(r.PostFormValue("owner")),
		Organization: strings.TrimSpace(r.PostFormValue("organization")), Back: followUpReturn(r, f), Return: localReturn(r.FormValue("return"))}
	f.Title, f.Kind = r.PostFormValue("title"), passerelle.FollowUpKind(r.PostFormValue("kind"))
	f.DueDate = strings.TrimSpace(r.PostFormValue("due_date"))
	p := passerelle.Problems{}
	f.OwnerUserID = 0
	if d.Owner != "" {
		if u, err := s.users.FindUserByEmail(ctx, d.Owner); err == nil {
			f.OwnerUserID = u.ID
		} else {
			p.Add("owner", "no user %s in the workspace", d.Owner)
		}
	}
	f.OrganizationID = 0
	if d.Organization != "" {
		// The picker's id, when it names what is typed (typing over a chosen name
		// leaves the old id behind).
		oid, err := strconv.ParseInt(r.PostFormValue("organization_id"), 10, 64)
		if err == nil && oid != 0 {
			if o, ferr := s.orgs.FindOrganizationByID(ctx, oid); ferr != nil || o.Name != d.Organization {
				oid = 0
			}
		}
		if err != nil || oid == 0 {
			oid, err = s.resolveOrg(r, d.Organization)
		}
		if err != nil {
			if passerelle.ErrorCode(err) != passerelle.EINVALID {
				return err
			}
			p.Add("organization", "no organisation matches %q: create it first", d.Organization)
		}
		f.OrganizationID = oid
	}
	err = p.Err()
	if err == nil {
		err = svc.UpdateFollowUp(ctx, f)
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		pg := s.newPage(r, "followup.edit")
		pg.Data = d
		pg.Errors = pg.L.FormErrors(err, "title")
		return s.renderStatus(w, r, status(err), "followup_edit.html", pg)
	}
	return s.redirect(w, r, d.Back, "flash.saved")
}

// followUpOpportunity turns a follow-up into an opportunity of its member's pipeline,
// linked to its mission, meeting and organisation (store.FollowUpService.MakeOpportunity),
// and shows it on the board.
func (s *Server) followUpOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "followup")
	if err != nil {
		return err
	}
	o, err := store.NewFollowUpService(s.db).MakeOpportunity(r.Context(), id)
	if err != nil {
		return err
	}
	s.log.Info("follow-up became an opportunity", "follow_up", id, "opportunity", o.ID)
	return s.redirect(w, r, "/pipeline?member_id="+strconv.FormatInt(o.MemberID, 10)+"#opp-"+strconv.FormatInt(o.ID, 10), "flash.followup_opportunity")
}
