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

// orgsOf names a record's organisations for inCountry: the table of its links (with
// its alias; "" when the query already holds the row), the condition that correlates
// it to the record, and the column of the organisation's id.
type orgsOf struct{ table, corr, col string }

// Joined in one EXISTS: with the organisation's id as "oc.id IN (correlated query)",
// PostgreSQL ran the query once for each organisation of the country and each record
// (0.75 s for the network's figures of one year and one country, 50,000 meetings).
var (
	meetingOrgs     = orgsOf{"meeting_organizations x", "x.workspace_id = m.workspace_id AND x.meeting_id = m.id", "x.organization_id"}
	participantOrgs = orgsOf{"participations x", "x.workspace_id = p.workspace_id AND x.project_id = p.id", "x.organization_id"}
	opportunityOrgs = orgsOf{"opportunity_links l", "l.workspace_id = o.workspace_id AND l.opportunity_id = o.id AND l.kind = 'organization'", "l.target_id"}
)

// inCountry adds to w "one of the record's organisations is of country and the actor
// may see it"; nothing when country is "".
func inCountry(w *where, a *passerelle.Actor, country string, orgs orgsOf) {
	if country == "" {
		return
	}
	from, corr := "organizations oc", ""
	if orgs.table != "" {
		from, corr = orgs.table+", organizations oc", orgs.corr+" AND "
	}
	cond := "EXISTS (SELECT 1 FROM " + from + " WHERE " + corr + "oc.workspace_id = ? AND oc.id = " + orgs.col + " AND oc.country = ?"
	args := []any{a.WorkspaceID, country}
	if !a.System {
		cond += " AND (oc.visibility = 'shared' OR oc.owner_member_id = ?)"
		args = append(args, a.MemberID)
	}
	w.add(cond+")", args...)
}

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
