package store

import (
	"strings"

	"passerelle"
)

// A record "of a country" is one of whose organisations is of that country and visible
// to the reader: the figures (KPIs) and the lists their links lead to (meetings,
// opportunities, projects) narrow by this one rule, so that a figure and its records
// agree, and a private organisation of another member never makes a record of a country.

// countryParam normalises a country filter: upper case, trimmed; "" means every
// country; anything but an ISO 3166 code is refused on the field "country".
func countryParam(c string) (string, error) {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c != "" && !passerelle.IsCountry(c) {
		return "", passerelle.FieldError("country", "an ISO 3166 country code such as DE")
	}
	return c, nil
}

// inCountry adds to w "one of the organisations the query orgs selects (correlated to
// the record, with its args) is of country and the actor may see it"; nothing when
// country is "".
func inCountry(w *where, a *passerelle.Actor, country, orgs string, args ...any) {
	if country == "" {
		return
	}
	cond := "EXISTS (SELECT 1 FROM organizations oc WHERE oc.id IN (" + orgs + ") AND oc.workspace_id = ? AND oc.country = ?"
	args = append(args, a.WorkspaceID, country)
	if !a.System {
		cond += " AND (oc.visibility = 'shared' OR oc.owner_member_id = ?)"
		args = append(args, a.MemberID)
	}
	w.add(cond+")", args...)
}

// Correlated queries of a record's organisations, for inCountry.
const (
	meetingOrgs     = "SELECT x.organization_id FROM meeting_organizations x WHERE x.workspace_id = m.workspace_id AND x.meeting_id = m.id"
	participantOrgs = "SELECT x.organization_id FROM participations x WHERE x.workspace_id = p.workspace_id AND x.project_id = p.id"
	opportunityOrgs = `SELECT l.target_id FROM opportunity_links l WHERE l.workspace_id = o.workspace_id AND l.opportunity_id = o.id
			AND l.kind = 'organization'`
)

// projectInCountry narrows projects (alias p) to a country as the figures count them:
// a contract or licence by its client's country (copied on the record, or its own), an
// EU project by the organisations taking part in it.
func projectInCountry(w *where, a *passerelle.Actor, country string) {
	if country == "" {
		return
	}
	eu := &where{args: w.args}
	inCountry(eu, a, country, participantOrgs)
	w.args = eu.args
	w.conds = append(w.conds, "((p.kind <> 'eu_project' AND p.client_country = "+w.arg(country)+") OR (p.kind = 'eu_project' AND "+eu.conds[0]+"))")
}
