package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

// organizationLinkCreate links the organisation to another, named by id, ROR id or a
// name precise enough to match one organisation.
func (s *Server) organizationLinkCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	if _, err := s.orgs.FindOrganizationByID(ctx, id); err != nil {
		return err
	}
	l := &passerelle.OrgLink{FromID: id, Kind: passerelle.LinkKind(r.PostFormValue("kind")),
		StartDate: r.PostFormValue("start_date"), EndDate: r.PostFormValue("end_date"), Source: "manual"}
	to := strings.TrimSpace(r.PostFormValue("to"))
	toID, err := s.resolveOrg(r, to)
	if err == nil {
		l.ToID = toID
		err = s.orgs.CreateLink(ctx, l)
	}
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		d, derr := s.orgShowData(r, id)
		if derr != nil {
			return derr
		}
		p := s.newPage(r, "")
		d.LinkErr = p.L.FormErrors(err, "to")
		d.LinkErr["_to"] = to
		p.TitleText = d.Org.Name
		p.Data = d
		return s.renderStatus(w, r, status(err), "organization_show.html", p)
	}
	return s.redirect(w, r, "/organizations/"+strconv.FormatInt(id, 10)+"#links", "flash.saved")
}

func (s *Server) resolveOrg(r *http.Request, to string) (int64, error) {
	if to == "" {
		return 0, passerelle.FieldError("to_id", "required")
	}
	if n, err := strconv.ParseInt(to, 10, 64); err == nil {
		return n, nil
	}
	f := passerelle.OrganizationFilter{Query: to, Limit: 5}
	if strings.Contains(to, "ror.org/") {
		f = passerelle.OrganizationFilter{RORID: to, Limit: 5}
	}
	orgs, total, err := s.orgs.FindOrganizations(r.Context(), f)
	if err != nil {
		return 0, err
	}
	for _, o := range orgs {
		if passerelle.Fold(o.Name) == passerelle.Fold(to) {
			return o.ID, nil
		}
	}
	switch {
	case total == 0:
		return 0, passerelle.FieldError("to_id", "no organisation matches %q: create it first", to)
	case total > 1:
		// Name the candidates (issue 20: "be more precise" listed none).
		names := make([]string, 0, len(orgs))
		for _, o := range orgs {
			c := o.Name
			if o.Country != "" {
				c += " (" + o.Country + ")"
			}
			names = append(names, c)
		}
		if total > len(orgs) {
			names = append(names, "…")
		}
		return 0, passerelle.FieldError("to_id", "several organisations match: %s", strings.Join(names, "; "))
	}
	return orgs[0].ID, nil
}

func (s *Server) organizationLinkDelete(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	linkID, err := idParam(r, "link")
	if err != nil {
		return err
	}
	if err := s.checkLinkOf(r, id, linkID); err != nil {
		return err
	}
	if err := s.orgs.DeleteLink(ctx, linkID); err != nil {
		return err
	}
	return s.redirect(w, r, "/organizations/"+strconv.FormatInt(id, 10)+"#links", "flash.deleted")
}

// checkLinkOf makes sure the link belongs to the organisation in the path, so that a
// URL cannot act on a link through an organisation it does not concern.
func (s *Server) checkLinkOf(r *http.Request, orgID, linkID int64) error {
	links, err := s.orgs.FindLinks(r.Context(), orgID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.ID == linkID {
			return nil
		}
	}
	return passerelle.Errorf(passerelle.ENOTFOUND, "link not found")
}
