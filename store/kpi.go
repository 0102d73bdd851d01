package store

import (
	"context"
	"database/sql"
	"time"

	"passerelle"
)

// KPIs computes the network's figures for the filter, each a query over the records the
// actor may read (docs/pipeline.md says what each counts):
//
//   - f.MemberID 0 is the network: shared records only, whoever reads them; a member's
//     figures are its records among those the actor may read, its private ones included
//     for its own users (another member's private records never count, in any view).
//   - f.Year 0 is every year; otherwise meetings by their start (UTC), money by the year
//     of each amount, projects and participations by their start year, opportunities by
//     the year they were opened (won ones by the year they were won), agreements by
//     their year of signature.
//   - f.OrganizationID narrows every figure to one organisation: meetings with it, its
//     contracts as a client, its agreements, its opportunities, and for EU projects the
//     amounts and roles of its own participations.
//
// "Abroad" and "foreign" compare an organisation's country with the home country: the
// member's directory record's country for a member's figures, else the country most of
// the members' records have. With no home country known, every organisation with a
// country counts as foreign.
func (s *PipelineService) KPIs(ctx context.Context, actor *passerelle.Actor, f passerelle.KPIFilter) (passerelle.KPIs, error) {
	return s.kpis(ctx, actor, f, nil)
}

// CompaniesMetAbroad lists the records behind the figure of the same name: the distinct
// foreign organisations of the filter's held meetings, by name (at most 5,000).
func (s *PipelineService) CompaniesMetAbroad(ctx context.Context, actor *passerelle.Actor, f passerelle.KPIFilter) ([]*passerelle.Organization, error) {
	out := []*passerelle.Organization{}
	_, err := s.kpis(ctx, actor, f, &out)
	return out, err
}

// kpis computes the figures; with met, it lists the companies met abroad instead and
// stops there.
func (s *PipelineService) kpis(ctx context.Context, actor *passerelle.Actor, f passerelle.KPIFilter, met *[]*passerelle.Organization) (passerelle.KPIs, error) {
	k := passerelle.KPIs{Year: f.Year}
	if actor == nil {
		return k, passerelle.Errorf(passerelle.EUNAUTHORIZED, "sign in first")
	}
	// A year no record can have: past PostgreSQL's timestamps or int4 it failed there.
	if f.Year != 0 && (f.Year < 1 || f.Year > 9999) {
		return k, passerelle.FieldError("year", "a year such as 2013")
	}
	var err error
	if f.Country, err = countryParam(f.Country); err != nil {
		return k, err
	}
	q := s.db.read
	// One organisation's figures are for one the caller may read: counted over the shared
	// records that still name another member's private one, they told that it exists.
	if f.OrganizationID != 0 {
		if _, err := findOrg(ctx, q, actor, f.OrganizationID); err != nil {
			return k, err
		}
	}
	if f.MemberID != 0 {
		var m passerelle.MemberRef
		err := q.QueryRowContext(ctx, `SELECT id, name FROM members WHERE workspace_id = $1 AND id = $2`, actor.WorkspaceID, f.MemberID).Scan(&m.ID, &m.Name)
		if err != nil {
			return k, classify(err, "member")
		}
		m.Slug = passerelle.MemberSlug(m.Name)
		k.Member = &m
	}
	if f.MemberID == 0 {
		actor = sharedReader(actor)
	}
	home, err := homeCountry(ctx, q, actor.WorkspaceID, f.MemberID)
	if err != nil {
		return k, err
	}
	foreign := func(w *where, col string) { foreignCountry(w, col, home) }
	one := func(dst any, query string, w *where) error {
		return q.QueryRowContext(ctx, query+w.String(), w.args...).Scan(dst)
	}

	// Meetings held, and the distinct foreign organisations met in them.
	mf := passerelle.MeetingFilter{Status: passerelle.MeetingHeld, OrganizationID: f.OrganizationID, Country: f.Country}
	if f.Year != 0 {
		mf.From = time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		mf.To = time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// A member's meetings: those it owns or one of its users attended (as
	// MeetingFilter.MemberID says), with its users read once: correlated to each meeting,
	// the membership join took PostgreSQL 300 ms for one year of 50,000 meetings.
	var memberUsers []int64
	if f.MemberID != 0 {
		rows, err := q.QueryContext(ctx, `SELECT user_id FROM memberships WHERE workspace_id = $1 AND member_id = $2`, actor.WorkspaceID, f.MemberID)
		if err != nil {
			return k, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return k, err
			}
			memberUsers = append(memberUsers, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return k, err
		}
	}
	meetingWhere := func(a *passerelle.Actor, mf passerelle.MeetingFilter) *where {
		w := meetingWhere(a, mf)
		if f.MemberID != 0 {
			cond := "m.owner_member_id = ?"
			if len(memberUsers) > 0 {
				cond += " OR m.id IN (SELECT x.meeting_id FROM meeting_attendees x WHERE x.workspace_id = ? AND x.user_id IN (" + idList(memberUsers) + "))"
				w.add("("+cond+")", f.MemberID, a.WorkspaceID)
			} else {
				w.add("("+cond+")", f.MemberID)
			}
		}
		return w
	}
	w := meetingWhere(actor, mf)
	if err := one(&k.Counts.MeetingsHeld, `SELECT COUNT(*) FROM meetings m`, w); err != nil {
		return k, err
	}
	// The held meetings first (a set), then their organisations: joined the other way,
	// SQLite started from the organisations and took 300 ms for one year of 50,000 meetings.
	held := meetingWhere(actor, mf)
	w = &where{args: held.args}
	w.add("x.workspace_id = ? AND x.meeting_id IN (SELECT m.id FROM meetings m"+held.String()+")", actor.WorkspaceID)
	w.add("o.workspace_id = x.workspace_id AND o.id = x.organization_id")
	scopeAlso(w, actor, "o")
	foreign(w, "o.country")
	if f.OrganizationID != 0 {
		w.add("o.id = ?", f.OrganizationID)
	}
	if f.Country != "" {
		w.add("o.country = ?", f.Country)
	}
	if met != nil {
		rows, err := q.QueryContext(ctx, `SELECT DISTINCT o.id, o.name, o.country FROM meeting_organizations x, organizations o`+w.String()+
			` ORDER BY o.name, o.id LIMIT 5000`, w.args...)
		if err != nil {
			return k, err
		}
		defer rows.Close()
		for rows.Next() {
			o := &passerelle.Organization{}
			if err := rows.Scan(&o.ID, &o.Name, &o.Country); err != nil {
				return k, err
			}
			*met = append(*met, o)
		}
		return k, rows.Err()
	}
	if err := one(&k.Counts.CompaniesMetAbroad, `SELECT COUNT(DISTINCT o.id) FROM meeting_organizations x, organizations o`, w); err != nil {
		return k, err
	}
	// Held meetings that led to an opportunity (the first step of the conversion).
	w = meetingWhere(actor, mf)
	w.add(`m.id IN (SELECT l.target_id FROM opportunity_links l JOIN opportunities op ON op.workspace_id = l.workspace_id AND op.id = l.opportunity_id
		WHERE l.workspace_id = ? AND l.kind = 'meeting' AND (? OR op.visibility = 'shared' OR op.owner_member_id = ?))`, actor.WorkspaceID, actor.System, actor.MemberID)
	if err := one(&k.Counts.MeetingsWithOpportunity, `SELECT COUNT(*) FROM meetings m`, w); err != nil {
		return k, err
	}

	// Money of the projects, by the year of each amount: the project's member's part,
	// then the parts of the other members that share it (each part is one member's, so
	// the network adds them without counting a project twice).
	money := func(kinds string, extra func(w *where)) (int64, error) {
		var total int64
		for _, part := range []struct{ table, member string }{{"project_amounts", "p.member_id"}, {"project_member_amounts", "a.member_id"}} {
			w := &where{}
			w.scope(actor, "p")
			w.add("a.workspace_id = p.workspace_id AND a.project_id = p.id AND p.kind IN (" + kinds + ")")
			if f.MemberID != 0 {
				w.add(part.member+" = ?", f.MemberID)
			} else {
				w.add("p.member_id IS NOT NULL")
			}
			if f.Year != 0 {
				w.add("a.year = ?", f.Year)
			}
			if extra != nil {
				extra(w)
			}
			var v sql.NullInt64
			if err := one(&v, `SELECT SUM(a.eur_cents) FROM projects p, `+part.table+` a`, w); err != nil {
				return 0, err
			}
			total = passerelle.AddCents(total, v.Int64)
		}
		return total, nil
	}
	client := func(w *where) {
		if f.OrganizationID != 0 {
			w.add("p.client_org_id = ?", f.OrganizationID)
		}
		projectInCountry(w, actor, f.Country)
	}
	// An EU project of a country: one where an organisation of that country takes part
	// (the rule /projects?country= lists by).
	partners := func(w *where) {
		projectInCountry(w, actor, f.Country)
	}
	if k.Money.RDContractsForeign, err = money(`'rd_contract'`, func(w *where) { client(w); foreign(w, "p.client_country") }); err != nil {
		return k, err
	}
	contracts, err := money(`'rd_contract', 'licence'`, client)
	if err != nil {
		return k, err
	}

	// EU projects: the members' own participations (records with a member), or, for one
	// organisation, the amounts and roles of its participations.
	if f.OrganizationID == 0 {
		if k.Money.EUProjects, err = money(`'eu_project'`, partners); err != nil {
			return k, err
		}
		// A project counts once, in the figures of each member that has a part in it;
		// coordinated when that member (for the network: any member) coordinates it.
		w := &where{}
		share := "SELECT 1 FROM project_members s WHERE s.workspace_id = p.workspace_id AND s.project_id = p.id"
		var coordinated string
		if f.MemberID != 0 {
			coordinated = "(p.member_id = " + w.arg(f.MemberID) + " AND p.role = 'coordinator') OR EXISTS (" + share +
				" AND s.member_id = " + w.arg(f.MemberID) + " AND s.role = 'coordinator')"
		} else {
			coordinated = "p.role = 'coordinator' OR EXISTS (" + share + " AND s.role = 'coordinator')"
		}
		w.scope(actor, "p")
		w.add("p.kind = 'eu_project'")
		if f.MemberID != 0 {
			w.add("(p.member_id = ? OR EXISTS ("+share+" AND s.member_id = ?))", f.MemberID, f.MemberID)
		} else {
			w.add("p.member_id IS NOT NULL")
		}
		if f.Year != 0 {
			w.add("p.start_year = ?", f.Year)
		}
		partners(w)
		var n, c sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN `+coordinated+` THEN 1 ELSE 0 END) FROM projects p`+w.String(), w.args...).Scan(&n, &c); err != nil {
			return k, err
		}
		k.Counts.EUProjects, k.Counts.EUProjectsCoordinated = int(n.Int64), int(c.Int64)
	} else {
		w := &where{}
		w.scope(actor, "p")
		w.add("x.workspace_id = p.workspace_id AND x.project_id = p.id AND p.kind = 'eu_project' AND x.organization_id = ?", f.OrganizationID)
		if f.MemberID != 0 {
			w.add("p.member_id = ?", f.MemberID)
		}
		if f.Year != 0 {
			w.add("p.start_year = ?", f.Year)
		}
		inCountry(w, actor, f.Country, orgsOf{col: "x.organization_id"})
		var n, c, sum sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT p.id), SUM(CASE WHEN x.role = 'coordinator' THEN 1 ELSE 0 END), SUM(x.amount_cents)
			FROM projects p, participations x`+w.String(), w.args...).Scan(&n, &c, &sum); err != nil {
			return k, err
		}
		k.Counts.EUProjects, k.Counts.EUProjectsCoordinated, k.Money.EUProjects = int(n.Int64), int(c.Int64), sum.Int64
	}
	k.Money.PartnershipRevenue = passerelle.AddCents(contracts, k.Money.EUProjects)

	// Agreements signed: by their year of signature; a member's are those it owns or
	// where its directory record is a partner.
	w = &where{}
	w.scope(actor, "g")
	if f.Year != 0 {
		w.add("g.signed_year = ?", f.Year)
	} else {
		w.add("(g.signed_year <> 0 OR g.signed_date <> '')")
	}
	if f.MemberID != 0 {
		w.add(`(g.owner_member_id = ? OR EXISTS (SELECT 1 FROM agreement_partners ap JOIN members mb ON mb.workspace_id = ap.workspace_id
			AND mb.organization_id = ap.organization_id WHERE ap.workspace_id = g.workspace_id AND ap.agreement_id = g.id AND mb.id = ?))`, f.MemberID, f.MemberID)
	}
	if f.OrganizationID != 0 {
		w.add(`EXISTS (SELECT 1 FROM agreement_partners ap WHERE ap.workspace_id = g.workspace_id AND ap.agreement_id = g.id AND ap.organization_id = ?)`, f.OrganizationID)
	}
	inCountry(w, actor, f.Country, orgsOf{"agreement_partners ap", "ap.workspace_id = g.workspace_id AND ap.agreement_id = g.id", "ap.organization_id"})
	if err := one(&k.Counts.AgreementsSigned, `SELECT COUNT(*) FROM agreements g`, w); err != nil {
		return k, err
	}

	// Opportunities opened in the period, and those won in it.
	opp := func(dst *int, yearCol string, won bool) error {
		w := &where{}
		w.scope(actor, "o")
		if f.MemberID != 0 {
			w.add("o.member_id = ?", f.MemberID)
		}
		if won {
			w.add("o.stage = 'won'")
		}
		if f.Year != 0 {
			w.add(yearCol+" = ?", f.Year)
		}
		if f.OrganizationID != 0 {
			w.add(`EXISTS (SELECT 1 FROM opportunity_links l WHERE l.workspace_id = o.workspace_id AND l.opportunity_id = o.id
				AND l.kind = 'organization' AND l.target_id = ?)`, f.OrganizationID)
		}
		inCountry(w, actor, f.Country, opportunityOrgs)
		return one(dst, `SELECT COUNT(*) FROM opportunities o`, w)
	}
	if err := opp(&k.Counts.Opportunities, "o.opened_year", false); err != nil {
		return k, err
	}
	if err := opp(&k.Counts.OpportunitiesWon, "o.won_year", true); err != nil {
		return k, err
	}
	return k, nil
}

// foreignCountry keeps the rows whose country column col is set and differs from home
// ("" when unknown: every country is foreign then).
func foreignCountry(w *where, col, home string) {
	if home == "" {
		w.add(col + " <> ''")
		return
	}
	w.add(col+" <> '' AND "+col+" <> ?", home)
}

// sharedReader is the actor reading as every member would: shared records only. The
// network's figures count what members share, whoever reads them; a reader's own
// private records count in its member's figures only. The lists behind the network's
// figures read the same way (the filters' Shared).
func sharedReader(a *passerelle.Actor) *passerelle.Actor {
	net := *a
	net.System, net.MemberID = false, 0
	return &net
}

// scopeAlso adds the visibility rule of a second table of a query.
func scopeAlso(w *where, a *passerelle.Actor, alias string) {
	if !a.System {
		w.add("("+alias+".visibility = 'shared' OR "+alias+".owner_member_id = ?)", a.MemberID)
	}
}

// homeCountry is the country "abroad" is measured from: the member's directory record's
// country, or the country most members' records have (ties: the first in alphabetical
// order); "" when none is known.
func homeCountry(ctx context.Context, q queryer, ws, member int64) (string, error) {
	var c sql.NullString
	if member != 0 {
		err := q.QueryRowContext(ctx, `SELECT o.country FROM members m JOIN organizations o ON o.workspace_id = m.workspace_id AND o.id = m.organization_id
			WHERE m.workspace_id = $1 AND m.id = $2`, ws, member).Scan(&c)
		if err != nil && err != sql.ErrNoRows {
			return "", err
		}
		if c.String != "" {
			return c.String, nil
		}
	}
	err := q.QueryRowContext(ctx, `SELECT o.country FROM members m JOIN organizations o ON o.workspace_id = m.workspace_id AND o.id = m.organization_id
		WHERE m.workspace_id = $1 AND o.country <> '' GROUP BY o.country ORDER BY COUNT(*) DESC, o.country LIMIT 1`, ws).Scan(&c)
	if err != nil && err != sql.ErrNoRows {
		return "", err
	}
	return c.String, nil
}

// HomeCountry is the country the figures of a member (0: the network) measure "abroad" from.
func (s *PipelineService) HomeCountry(ctx context.Context, actor *passerelle.Actor, member int64) (string, error) {
	return homeCountry(ctx, s.db.read, actor.WorkspaceID, member)
}
