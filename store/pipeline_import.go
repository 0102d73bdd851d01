package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"passerelle"
)

// errDryRun rolls back a dry run's transaction once it has done everything.
var errDryRun = errors.New("dry run")

// ImportParticipations saves the EU projects of a participations file with their
// organisations, all or nothing (docs/pipeline.md). The file's organisations are
// matched to the directory by the matching engine (as `import organizations` does): the
// same organisation on many rows becomes one record, a known one is linked, not
// duplicated. A project is found again by its reference, so importing the same file
// twice changes nothing. A project where a member's organisation takes part becomes
// that member's, with its role and its EU contribution counted in the project's start
// year. With opt.DryRun everything is done and then rolled back: the report tells
// exactly what an import would do.
func (s *PipelineService) ImportParticipations(ctx context.Context, rows []passerelle.ParticipationRow, opt passerelle.ParticipationImportOptions) (*passerelle.ParticipationImportReport, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !opt.DryRun {
		if a, err = passerelle.RequireWriter(ctx); err != nil {
			return nil, err
		}
	}
	switch opt.Ambiguous {
	case passerelle.AmbiguousStop, passerelle.AmbiguousNew, passerelle.AmbiguousSkip:
	default:
		return nil, passerelle.FieldError("ambiguous", "use new or skip")
	}
	// The distinct organisations of the file, each at its first line.
	res := &passerelle.ImportResult{}
	var orgRows []passerelle.OrgRow
	orgOf := make([]int, len(rows)) // row -> index in orgRows
	byKey := map[string]int{}
	for i, r := range rows {
		o := r.Organization
		if err := o.Validate(); err != nil {
			for f, m := range passerelle.ErrorFieldMsgs(err) {
				res.AddProblems(passerelle.ImportProblem{Line: r.Line, Field: "organization_" + f, Message: m})
			}
			continue
		}
		key := passerelle.Fold(o.Name) + "|" + o.Country
		j, ok := byKey[key]
		if !ok {
			j = len(orgRows)
			byKey[key] = j
			orgRows = append(orgRows, passerelle.OrgRow{Line: r.Line, Organization: o})
		}
		orgOf[i] = j
	}
	if res.ProblemCount() > 0 {
		return nil, rowsError(res)
	}
	rep := &passerelle.ParticipationImportReport{Rows: len(rows), Organizations: len(orgRows), DryRun: opt.DryRun}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ix, err := loadMatchIndex(ctx, tx, a)
		if err != nil {
			return err
		}
		orep := &passerelle.OrgImportReport{}
		decideRows(ix, orgRows, orep)
		if err := applyRows(ctx, tx, a, orgRows, orep, passerelle.OrgImportOptions{Ambiguous: opt.Ambiguous}); err != nil {
			return err
		}
		rep.Decisions = orep.Rows
		rep.OrganizationsNew, rep.OrganizationsMatched, rep.OrganizationsSkipped = orep.New, orep.Matched, orep.Skipped
		orgIDs := make([]int64, len(orgRows))
		for j, d := range orep.Rows {
			orgIDs[j] = d.ID
		}
		members := map[int64]int64{} // organisation -> member
		mr, err := tx.QueryContext(ctx, `SELECT organization_id, id FROM members WHERE workspace_id = $1 AND organization_id IS NOT NULL ORDER BY id`, a.WorkspaceID)
		if err != nil {
			return err
		}
		for mr.Next() {
			var o, m int64
			if err := mr.Scan(&o, &m); err != nil {
				mr.Close()
				return err
			}
			if members[o] == 0 {
				members[o] = m
			}
		}
		mr.Close()
		if err := mr.Err(); err != nil {
			return err
		}
		// Projects in the order the file first names them.
		var order []string
		byRef := map[string][]int{}
		for i, r := range rows {
			if _, ok := byRef[r.ProjectRef]; !ok {
				order = append(order, r.ProjectRef)
			}
			byRef[r.ProjectRef] = append(byRef[r.ProjectRef], i)
		}
		rep.Projects = len(order)
		known, hidden, err := knownProjects(ctx, tx, a)
		if err != nil {
			return err
		}
		var fresh []*passerelle.Project // new projects, written in batches after the loop
		for _, ref := range order {
			idx := byRef[ref]
			first := rows[idx[0]]
			p := &passerelle.Project{Kind: passerelle.KindEUProject, Ref: ref, Source: "import", Visibility: passerelle.VisibilityShared,
				Participations: []passerelle.Participation{}}
			// The members taking part, in the file's order: the first is the project's
			// member, the others have their parts (shares), each its role and contribution.
			var parts []*memberPart
			for _, i := range idx {
				r := rows[i]
				fill := func(dst *string, v string) {
					if *dst == "" {
						*dst = v
					}
				}
				fill(&p.Acronym, r.Acronym)
				fill(&p.Title, r.Title)
				fill(&p.Programme, r.Programme)
				fill(&p.CallID, r.CallID)
				fill(&p.Topic, r.Topic)
				fill(&p.StartDate, r.StartDate)
				fill(&p.EndDate, r.EndDate)
				id := orgIDs[orgOf[i]]
				if id == 0 { // an ambiguous organisation left out
					continue
				}
				p.Participations = append(p.Participations, passerelle.Participation{OrganizationID: id, Role: r.Role, AmountCents: r.AmountCents})
				if m := members[id]; m != 0 {
					var mp *memberPart
					for _, x := range parts {
						if x.member == m {
							mp = x
						}
					}
					if mp == nil {
						mp = &memberPart{member: m}
						parts = append(parts, mp)
					}
					mp.cents += r.AmountCents
					mp.coordinates = mp.coordinates || r.Role == passerelle.ProjectCoordinator
				}
			}
			if p.Title == "" {
				p.Title = ref
			}
			for i, mp := range parts {
				role, amounts := passerelle.ProjectParticipant, []passerelle.ProjectAmount{}
				if mp.coordinates {
					role = passerelle.ProjectCoordinator
				}
				if y := yearOf(p.StartDate); y != 0 {
					amounts = []passerelle.ProjectAmount{{Year: y, AmountCents: mp.cents}}
				}
				if i == 0 {
					p.MemberID, p.Role = mp.member, role
					if len(amounts) > 0 {
						p.Amounts = amounts
					}
					continue
				}
				p.Shares = append(p.Shares, passerelle.ProjectShare{MemberID: mp.member, Role: role, Amounts: amounts})
			}
			if hidden[ref] {
				return fmt.Errorf("line %d: %w", first.Line, passerelle.Errorf(passerelle.ECONFLICT, "project %s is another member's private record", ref))
			}
			if err := importProject(ctx, tx, a, known[ref], p, rep, &fresh); err != nil {
				return fmt.Errorf("line %d: %w", first.Line, err)
			}
		}
		if err := insertProjects(ctx, tx, a, fresh, "import"); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	if !opt.DryRun && rep.ProjectsCreated > 0 {
		if err := s.Analyze(ctx); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// Analyze refreshes the planner's statistics of the pipeline's tables after a bulk load
// (PostgreSQL; SQLite plans without them).
func (s *PipelineService) Analyze(ctx context.Context) error {
	return s.db.analyze(ctx, "projects, project_amounts, participations, opportunities, opportunity_links, organizations")
}

// knownProjects reads the workspace's EU projects that have a reference: those the
// actor may read with their amounts and participations (in a few statements, not four
// per project), and the references of those it may not.
func knownProjects(ctx context.Context, tx *Tx, a *passerelle.Actor) (map[string]*passerelle.Project, map[string]bool, error) {
	known, hidden := map[string]*passerelle.Project{}, map[string]bool{}
	w := &where{}
	w.scope(a, "p")
	w.add("p.kind = 'eu_project' AND p.ref IS NOT NULL")
	rows, err := tx.QueryContext(ctx, `SELECT `+projectColumns+` FROM projects p`+w.String(), w.args...)
	if err != nil {
		return nil, nil, err
	}
	var ps []*passerelle.Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		ps = append(ps, p)
		known[p.Ref] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for i := 0; i < len(ps); i += 1000 {
		if err := loadProjectDetails(ctx, tx, a, ps[i:min(i+1000, len(ps))]); err != nil {
			return nil, nil, err
		}
	}
	rows, err = tx.QueryContext(ctx, `SELECT ref FROM projects WHERE workspace_id = $1 AND kind = 'eu_project' AND ref IS NOT NULL`, a.WorkspaceID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, nil, err
		}
		if known[ref] == nil {
			hidden[ref] = true
		}
	}
	return known, hidden, rows.Err()
}

// memberPart is what one member's organisations contribute to an imported project.
type memberPart struct {
	member      int64
	cents       int64
	coordinates bool
}

// importProject checks a new imported project and adds it to fresh (insertProjects
// writes them), or updates old, the one with its reference: the file's fields and
// organisations; what the network added (member, amounts, role, visibility,
// opportunity, notes) stays unless the file gives the member.
func importProject(ctx context.Context, tx *Tx, a *passerelle.Actor, old, p *passerelle.Project, rep *passerelle.ParticipationImportReport, fresh *[]*passerelle.Project) error {
	if old == nil {
		if err := p.Validate(); err != nil {
			return err
		}
		if p.MemberID != 0 {
			rep.MemberProjects++
		}
		rep.ProjectsCreated++
		*fresh = append(*fresh, p)
		return nil
	}
	n := *old
	n.Amounts = append([]passerelle.ProjectAmount(nil), old.Amounts...)
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&n.Acronym, p.Acronym)
	set(&n.Title, p.Title)
	set(&n.Programme, p.Programme)
	set(&n.CallID, p.CallID)
	set(&n.Topic, p.Topic)
	set(&n.StartDate, p.StartDate)
	set(&n.EndDate, p.EndDate)
	n.Participations = p.Participations
	if old.MemberID == 0 && p.MemberID != 0 {
		n.MemberID, n.Role, n.Amounts, n.Shares = p.MemberID, p.Role, p.Amounts, p.Shares
	} else if len(old.Shares) == 0 && old.MemberID == p.MemberID && len(p.Shares) > 0 {
		// The other members' parts of a project imported before they were kept.
		n.Shares = p.Shares
	}
	if err := n.Validate(); err != nil {
		return err
	}
	if n.MemberID != 0 {
		rep.MemberProjects++
	}
	changed, err := updateProject(ctx, tx, a, old, &n)
	if err != nil {
		return err
	}
	if changed {
		rep.ProjectsUpdated++
	} else {
		rep.ProjectsUnchanged++
	}
	return nil
}

// projectBatch is how many new projects one INSERT carries on PostgreSQL. An import of
// 100,000 participations may create as many projects; a few statements each (the
// project, its amounts, its organisations, its audit entry) made the round trips the
// bulk of the work there (docs/benchmarks.md).
const projectBatch = 200

// insertProjects creates checked projects, each with a reference of its own, with their
// amounts, organisations and audit entries (action, the fields as insertProject writes
// them). On PostgreSQL a batch per statement, the ids coming back with the references,
// which name each row whatever order RETURNING gives; on SQLite one by one, which its
// cached prepared statements make cheaper than parsing long statements (measured: 19 s
// of CPU against 28 s for 100,000 projects).
func insertProjects(ctx context.Context, tx *Tx, a *passerelle.Actor, ps []*passerelle.Project, action string) error {
	if tx.db.Dialect != Postgres {
		for _, p := range ps {
			if err := insertProject(ctx, tx, a, p, action); err != nil {
				return fmt.Errorf("project %s: %w", p.Ref, err)
			}
		}
		return nil
	}
	for start := 0; start < len(ps); start += projectBatch {
		batch := ps[start:min(start+projectBatch, len(ps))]
		w := &where{}
		ws, now := w.arg(a.WorkspaceID), w.arg(tx.now)
		vals := make([]string, len(batch))
		byKey := make(map[string]*passerelle.Project, len(batch))
		for i, p := range batch {
			if p.Ref == "" {
				return fmt.Errorf("project %q: a batch needs references", p.Title)
			}
			p.WorkspaceID, p.CreatedAt, p.UpdatedAt, p.Version, p.ID = a.WorkspaceID, tx.now, tx.now, 1, 0
			byKey[string(p.Kind)+"|"+p.Ref] = p
			vals[i] = "(" + strings.Join([]string{ws, w.arg(string(p.Kind)), w.arg(p.Ref), w.arg(p.Acronym), w.arg(p.Title), w.arg(nullID(p.MemberID)),
				w.arg(nullID(p.ClientID)), w.arg(p.ClientName), w.arg(p.ClientCountry), w.arg(p.Programme), w.arg(p.CallID), w.arg(p.Topic),
				w.arg(p.Role), w.arg(p.StartDate), w.arg(p.EndDate), w.arg(p.StartYear()), w.arg(p.SignedOn), w.arg(p.Currency), w.arg(p.Rate),
				w.arg(nullID(p.OpportunityID)), w.arg(p.Notes), w.arg(p.Source), w.arg(string(p.Visibility)), w.arg(nullID(p.OwnerMemberID)),
				now, now}, ", ") + ")"
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO projects (workspace_id, kind, ref, acronym, title, member_id, client_org_id, client_name,
			client_country, programme, call_id, topic, role, start_date, end_date, start_year, signed_on, currency, rate, opportunity_id, notes,
			source, visibility, owner_member_id, created_at, updated_at) VALUES `+strings.Join(vals, ", ")+` RETURNING id, kind, ref`, w.args...)
		if err != nil {
			if passerelle.ErrorCode(classify(err, "project")) == passerelle.ECONFLICT {
				return passerelle.FieldError("ref", "another project of this kind has this reference")
			}
			return classify(err, "project")
		}
		for rows.Next() {
			var id int64
			var kind, ref string
			if err := rows.Scan(&id, &kind, &ref); err != nil {
				rows.Close()
				return err
			}
			if p := byKey[kind+"|"+ref]; p != nil {
				p.ID = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var amounts, parts, shares, shareAmounts, audit [][]any
		for _, p := range batch {
			if p.ID == 0 {
				return fmt.Errorf("project %s: no id returned", p.Ref)
			}
			for _, am := range p.Amounts {
				amounts = append(amounts, []any{p.WorkspaceID, p.ID, am.Year, am.AmountCents, am.EURCents})
			}
			for i, x := range p.Participations {
				parts = append(parts, []any{p.WorkspaceID, p.ID, i, x.OrganizationID, x.Role, x.AmountCents})
			}
			for i, sh := range p.Shares {
				shares = append(shares, []any{p.WorkspaceID, p.ID, sh.MemberID, i, sh.Role})
				for _, am := range sh.Amounts {
					shareAmounts = append(shareAmounts, []any{p.WorkspaceID, p.ID, sh.MemberID, am.Year, am.AmountCents, am.EURCents})
				}
			}
			ch, err := json.Marshal(diff(nil, projectFields(p)))
			if err != nil {
				return err
			}
			audit = append(audit, []any{p.WorkspaceID, tx.now, nullID(a.UserID), action, "project", p.ID, p.Title, string(ch),
				string(p.Visibility), nullID(p.OwnerMemberID)})
		}
		if err := insertRows(ctx, tx, "project_amounts", "workspace_id, project_id, year, amount_cents, eur_cents", amounts); err != nil {
			return classify(err, "project")
		}
		if err := insertRows(ctx, tx, "participations", "workspace_id, project_id, position, organization_id, role, amount_cents", parts); err != nil {
			return classify(err, "participation")
		}
		if err := insertRows(ctx, tx, "project_members", "workspace_id, project_id, member_id, position, role", shares); err != nil {
			return classify(err, "project")
		}
		if err := insertRows(ctx, tx, "project_member_amounts", "workspace_id, project_id, member_id, year, amount_cents, eur_cents", shareAmounts); err != nil {
			return classify(err, "project")
		}
		if err := insertRows(ctx, tx, "audit_log", "workspace_id, at, user_id, action, entity, entity_id, summary, changes, visibility, owner_member_id", audit); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	return nil
}
