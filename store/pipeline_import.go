package store

import (
	"context"
	"errors"
	"fmt"

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
		for _, ref := range order {
			idx := byRef[ref]
			first := rows[idx[0]]
			p := &passerelle.Project{Kind: passerelle.KindEUProject, Ref: ref, Source: "import", Visibility: passerelle.VisibilityShared,
				Participations: []passerelle.Participation{}}
			var role string
			var memberCents int64
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
				if m := members[id]; m != 0 && (p.MemberID == 0 || p.MemberID == m) {
					p.MemberID = m
					memberCents += r.AmountCents
					if r.Role == passerelle.ProjectCoordinator || role == "" {
						role = r.Role
					}
				}
			}
			if p.Title == "" {
				p.Title = ref
			}
			if p.MemberID != 0 {
				p.Role = passerelle.ProjectParticipant
				if role == passerelle.ProjectCoordinator {
					p.Role = role
				}
				if y := yearOf(p.StartDate); y != 0 {
					p.Amounts = []passerelle.ProjectAmount{{Year: y, AmountCents: memberCents}}
				}
			}
			if hidden[ref] {
				return fmt.Errorf("line %d: %w", first.Line, passerelle.Errorf(passerelle.ECONFLICT, "project %s is another member's private record", ref))
			}
			if err := importProject(ctx, tx, a, known[ref], p, rep); err != nil {
				return fmt.Errorf("line %d: %w", first.Line, err)
			}
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

// importProject creates an imported project, or updates old, the one with its
// reference: the file's fields and organisations; what the network added (member,
// amounts, role, visibility, opportunity, notes) stays unless the file gives the member.
func importProject(ctx context.Context, tx *Tx, a *passerelle.Actor, old, p *passerelle.Project, rep *passerelle.ParticipationImportReport) error {
	if old == nil {
		if err := p.Validate(); err != nil {
			return err
		}
		if p.MemberID != 0 {
			rep.MemberProjects++
		}
		rep.ProjectsCreated++
		return insertProject(ctx, tx, a, p, "import")
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
		n.MemberID, n.Role, n.Amounts = p.MemberID, p.Role, p.Amounts
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
