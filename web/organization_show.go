package web

import (
	"fmt"
	"html/template"
	"net/http"

	"passerelle"
	"passerelle/store"
)

type orgShowData struct {
	Org       *passerelle.Organization
	Links     []*passerelle.OrgLink
	People    []*passerelle.Affiliation
	History   []*passerelle.AuditEntry
	Themes    map[string]*passerelle.Theme
	LinkKinds []passerelle.LinkKind
	LinkErr   map[string]string
	// Agreements that name the organisation as a partner, and their partner countries
	// on the world map.
	Agreements    int
	AgreementsMap template.HTML
	Meetings      *passerelle.MeetingHistory
	Merges        []*store.Merge // merges into this record, newest first
}

func (s *Server) organizationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "org")
	if err != nil {
		return err
	}
	d, err := s.orgShowData(r, id)
	if err != nil {
		return err
	}
	p := s.newPage(r, "")
	if err := s.orgAgreements(r, p.L, d); err != nil {
		return err
	}
	p.TitleText = d.Org.Name
	p.Data = d
	return s.render(w, r, "organization_show.html", p)
}

func (s *Server) orgShowData(r *http.Request, id int64) (*orgShowData, error) {
	ctx := r.Context()
	o, err := s.orgs.FindOrganizationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &orgShowData{Org: o, LinkKinds: passerelle.LinkKinds, Themes: map[string]*passerelle.Theme{}}
	if d.Links, err = s.orgs.FindLinks(ctx, id); err != nil {
		return nil, err
	}
	if d.People, err = s.people.FindAffiliationsOfOrganization(ctx, id); err != nil {
		return nil, err
	}
	if d.History, err = s.audit.FindAuditEntries(ctx, passerelle.AuditFilter{Entity: "organization", EntityID: id, Limit: 50}); err != nil {
		return nil, err
	}
	if d.Meetings, err = s.meetings.MeetingHistory(ctx, passerelle.MeetingFilter{OrganizationID: id}); err != nil {
		return nil, err
	}
	if d.Merges, err = s.orgs.FindMerges(ctx, id); err != nil {
		return nil, err
	}
	themes, err := s.themes.FindThemes(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range themes {
		d.Themes[t.Code] = t
	}
	return d, nil
}

// orgAgreements counts the agreements the reader may see that name the organisation, and
// draws their partner countries; each country links to those agreements there.
func (s *Server) orgAgreements(r *http.Request, l *Localizer, d *orgShowData) error {
	fc, err := s.agreementStore().FacetAgreements(r.Context(), passerelle.AgreementFilter{PartnerID: d.Org.ID})
	if err != nil {
		return err
	}
	d.Agreements = fc.Total
	if fc.Total > 0 {
		d.AgreementsMap = worldMapSVG(l, fc.Countries, false, func(code string) string {
			return fmt.Sprintf("/agreements?partner=%d&country=%s", d.Org.ID, code)
		}, "")
	}
	return nil
}
