package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"passerelle"
	"passerelle/match"
)

// MatchIndex reads the organisations the actor may see into the matching engine's
// index: another member's private records are never candidates, nor another
// workspace's.
func (s *OrganizationService) MatchIndex(ctx context.Context) (*match.Index, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var ix *match.Index
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ix, err = loadMatchIndex(ctx, tx, a)
		return err
	})
	return ix, err
}

func loadMatchIndex(ctx context.Context, tx *Tx, a *passerelle.Actor) (*match.Index, error) {
	return loadEngineIndex(ctx, tx, a, false)
}

// loadEngineIndex builds the engine's index of the organisations a may see; sharedOnly
// leaves out the member's private ones (an event's participants name shared records
// only: the event's meetings are shared).
func loadEngineIndex(ctx context.Context, tx *Tx, a *passerelle.Actor, sharedOnly bool) (*match.Index, error) {
	w := &where{}
	w.scope(a, "o")
	if sharedOnly {
		w.add("o.visibility = 'shared'")
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.name, o.names, o.acronyms, o.aliases, COALESCE(o.ror_id, ''), o.website,
		o.country, o.city FROM organizations o`+w.String()+` ORDER BY o.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []*match.Record
	for rows.Next() {
		r := &match.Record{}
		var names, acr, ali string
		if err := rows.Scan(&r.ID, &r.Name, &names, &acr, &ali, &r.ROR, &r.Website, &r.Country, &r.City); err != nil {
			return nil, err
		}
		r.Labels = append(labelsOf(names), parseList(ali)...)
		r.Acronyms = parseList(acr)
		recs = append(recs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ix := match.NewIndex()
	ix.AddAll(recs)
	return ix, nil
}

// labelsOf reads the values of a record's stored names.
func labelsOf(names string) []string {
	if names == "[]" || names == "" {
		return nil
	}
	var ns []passerelle.LocalizedName
	_ = json.Unmarshal([]byte(names), &ns)
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.Value)
	}
	return out
}

// ImportOrganizationRows matches each row of an organisations file against the
// workspace's records and, unless opt.DryRun, creates the new ones and fills the empty
// fields of the matched ones, in one transaction: a bad row, or an ambiguous one that
// opt does not settle, and nothing is saved.
func (s *OrganizationService) ImportOrganizationRows(ctx context.Context, rows []passerelle.OrgRow, opt passerelle.OrgImportOptions) (*passerelle.OrgImportReport, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !opt.DryRun {
		if a, err = passerelle.RequireWriter(ctx); err != nil {
			return nil, err
		}
	}
	if err := checkAmbiguous(opt); err != nil {
		return nil, err
	}
	if res := checkOrgRows(rows); res.ProblemCount() > 0 {
		return nil, rowsError(res)
	}
	rep := &passerelle.OrgImportReport{DryRun: opt.DryRun}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ix, err := loadMatchIndex(ctx, tx, a)
		if err != nil {
			return err
		}
		decideRows(ix, rows, rep)
		if opt.DryRun {
			return nil
		}
		return applyRows(ctx, tx, a, rows, rep, opt)
	})
	if err != nil {
		return nil, err
	}
	if !opt.DryRun && rep.Created > 0 {
		if err := s.db.analyze(ctx, "organizations, org_keys"); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// checkAmbiguous checks what an import is told to do with ambiguous rows.
func checkAmbiguous(opt passerelle.OrgImportOptions) error {
	switch opt.Ambiguous {
	case passerelle.AmbiguousStop, passerelle.AmbiguousNew, passerelle.AmbiguousSkip:
		return nil
	}
	return passerelle.FieldError("ambiguous", "use new or skip")
}

// checkOrgRows validates every row's organisation and collects the problems, each with
// its line.
func checkOrgRows(rows []passerelle.OrgRow) *passerelle.ImportResult {
	res := &passerelle.ImportResult{}
	for _, r := range rows {
		addRowProblems(res, r.Line, r.Organization.Validate())
	}
	return res
}

// addRowProblems records a row's validation error: one problem per field, or the error's
// message.
func addRowProblems(res *passerelle.ImportResult, line int, err error) {
	if err == nil {
		return
	}
	for f, m := range passerelle.ErrorFieldMsgs(err) {
		res.AddProblems(passerelle.ImportProblem{Line: line, Field: f, Message: m})
	}
	if len(passerelle.ErrorFieldMsgs(err)) == 0 {
		res.AddProblems(passerelle.ImportProblem{Line: line, Message: passerelle.ErrorMsg(err)})
	}
}

func rowsError(res *passerelle.ImportResult) error {
	ps, n := res.Problems, res.ProblemCount()
	ps = ps[:min(len(ps), 20)]
	return &passerelle.Error{Code: passerelle.EINVALID,
		Message: passerelle.M("nothing imported: %d bad row(s):\n%s", n, passerelle.ImportProblemList(ps, n-len(ps)))}
}

// queryOf is the engine's view of an incoming row.
func queryOf(o *passerelle.Organization) *match.Query {
	q := &match.Query{Name: o.Name, Acronyms: o.Acronyms, Aliases: o.Aliases, ROR: o.RORID, Website: o.Website,
		Country: o.Country, City: o.City}
	for _, n := range o.Names {
		q.Aliases = append(q.Aliases, n.Value)
	}
	return q
}

// decideRows matches every row. A row that matches no record but an earlier new row of
// the same file is new too, the same organisation as that row.
func decideRows(ix *match.Index, rows []passerelle.OrgRow, rep *passerelle.OrgImportReport) {
	file := match.NewIndex()
	file.T = ix.T
	qs := make([]*match.Query, len(rows))
	for i, r := range rows {
		qs[i] = queryOf(r.Organization)
	}
	ms := ix.MatchAll(qs)
	for i, r := range rows {
		o, q, m := r.Organization, qs[i], ms[i]
		d := passerelle.OrgRowDecision{Line: r.Line, Name: o.Name, Decision: string(m.Decision), Reasons: []string{}}
		if m.Best != nil {
			d.Score = m.Best.Score
			d.Reasons = m.Best.Reasons
		}
		switch m.Decision {
		case match.Same:
			d.Match = &passerelle.OrgMatchRef{ID: m.Best.ID, Name: m.Best.Name, ROR: m.Best.ROR}
			rep.Matched++
		case match.Ambiguous:
			for _, c := range append([]match.Candidate{*m.Best}, m.Others...) {
				d.Candidates = append(d.Candidates, passerelle.OrgMatchRef{ID: c.ID, Name: c.Name, ROR: c.ROR, Score: c.Score})
			}
			rep.Ambiguous++
		default:
			d.Decision, d.Score, d.Reasons = passerelle.DecisionNew, 0, []string{}
			if fm := file.Match(q); fm.Decision == match.Same {
				d.SameAsLine = rows[-fm.Best.ID-1].Line
				d.Reasons = []string{fmt.Sprintf("same organisation as line %d", d.SameAsLine)}
				d.Score = fm.Best.Score
			} else {
				file.Add(&match.Record{ID: -int64(i + 1), Name: o.Name, Labels: append(append([]string{}, o.Aliases...), namesOf(o)...),
					Acronyms: o.Acronyms, ROR: o.RORID, Website: o.Website, Country: o.Country, City: o.City})
			}
			rep.New++
		}
		rep.Rows = append(rep.Rows, d)
	}
}

func namesOf(o *passerelle.Organization) []string {
	var out []string
	for _, n := range o.Names {
		out = append(out, n.Value)
	}
	return out
}

// applyRows saves the decisions: new records, the empty fields of matched ones.
func applyRows(ctx context.Context, tx *Tx, a *passerelle.Actor, rows []passerelle.OrgRow, rep *passerelle.OrgImportReport, opt passerelle.OrgImportOptions) error {
	unsettled, err := settleChoices(rep, opt.Choices)
	if err != nil {
		return err
	}
	if opt.Ambiguous == passerelle.AmbiguousStop && unsettled > 0 {
		var lines []string
		for _, d := range rep.Rows {
			if d.Decision == passerelle.DecisionAmbiguous && d.Action == "" {
				var cs []string
				for _, c := range d.Candidates {
					cs = append(cs, fmt.Sprintf("%s (id %d, %.2f)", c.Name, c.ID, c.Score))
				}
				lines = append(lines, fmt.Sprintf("line %d: %s: %s", d.Line, d.Name, strings.Join(cs, ", ")))
			}
		}
		return ambiguousStop(lines)
	}
	if err := tx.ForBulk(ctx); err != nil {
		return err
	}
	sv := newOrgSaver(tx, a)
	if err := sv.load(ctx, rep); err != nil {
		return err
	}
	created := map[int]int64{} // line -> id
	for i := range rep.Rows {
		d := &rep.Rows[i]
		o := rows[i].Organization
		switch {
		case d.Decision == passerelle.DecisionMatch:
			if err := sv.fill(d, o, rep); err != nil {
				return fmt.Errorf("line %d: %w", d.Line, err)
			}
		case d.SameAsLine > 0:
			d.ID, d.Action = created[d.SameAsLine], "linked"
		case d.Action == "skipped":
			rep.Skipped++
		case d.Decision == passerelle.DecisionAmbiguous && d.Action == "" && opt.Ambiguous == passerelle.AmbiguousSkip:
			d.Action = "skipped"
			rep.Skipped++
		default:
			d.Action = ""
			if err := sv.create(ctx, d.Line, o); err != nil {
				return fmt.Errorf("line %d: %w", d.Line, err)
			}
			created[d.Line], d.ID, d.Action = o.ID, o.ID, "created"
			rep.Created++
		}
	}
	return sv.flush(ctx)
}

// ambiguousStop refuses an import whose ambiguous rows were left without a choice,
// listing the first 20 of them.
func ambiguousStop(lines []string) error {
	n := len(lines)
	if n > 20 {
		lines = append(lines[:20], fmt.Sprintf("... and %d more", n-20))
	}
	return &passerelle.Error{Code: passerelle.EINVALID, Message: passerelle.M(
		"nothing imported: %d ambiguous row(s); say what to do with them (--ambiguous new or skip), or fix the file:\n%s",
		n, strings.Join(lines, "\n"))}
}

// settleChoices applies the user's choices to ambiguous rows: a candidate's id makes the
// row a match of it, ChoiceSkip marks it skipped, ChoiceNew leaves it to be created
// (marked "new" until then). It returns how many ambiguous rows stay unsettled.
func settleChoices(rep *passerelle.OrgImportReport, choices map[int]int64) (int, error) {
	unsettled := 0
	for i := range rep.Rows {
		d := &rep.Rows[i]
		if d.Decision != passerelle.DecisionAmbiguous {
			continue
		}
		pick, c, ok, err := choose(choices, d.Line, d.Candidates, orgRefID)
		switch {
		case err != nil:
			return 0, err
		case !ok:
			unsettled++
		case c == passerelle.ChoiceSkip:
			d.Action = "skipped"
		case c == passerelle.ChoiceNew:
			d.Action = "new"
		default:
			d.Decision, d.Match, d.Score = passerelle.DecisionMatch, &passerelle.OrgMatchRef{ID: pick.ID, Name: pick.Name, ROR: pick.ROR}, pick.Score
		}
	}
	return unsettled, nil
}

// choose reads the choice made for the ambiguous row of a line among its candidates:
// ok is false when there is none; else c is the choice, and pick the candidate chosen
// (nil for ChoiceNew and ChoiceSkip). An id that is not one of the candidates is
// refused: the choices come from a form, and must not link a row to a record the
// preview did not offer (another member's private one, another workspace's).
func choose[C any](choices map[int]int64, line int, candidates []C, id func(C) int64) (pick *C, c int64, ok bool, err error) {
	c, ok = choices[line]
	if !ok || c == passerelle.ChoiceNew || c == passerelle.ChoiceSkip {
		return nil, c, ok, nil
	}
	for i := range candidates {
		if id(candidates[i]) == c {
			return &candidates[i], c, true, nil
		}
	}
	return nil, c, true, passerelle.Errorf(passerelle.EINVALID, "line %d: the record chosen is not one of the row's candidates: preview the file again", line)
}

func orgRefID(r passerelle.OrgMatchRef) int64 { return r.ID }

// FindDuplicates returns the pairs of organisations the actor may see that the engine
// finds alike (at least the "maybe" threshold), best first, at most limit. Records of
// two different ROR ids are the registry's two organisations and are not listed.
func (s *OrganizationService) FindDuplicates(ctx context.Context, limit int) ([]passerelle.DuplicatePair, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var pairs []passerelle.DuplicatePair
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ix, err := loadMatchIndex(ctx, tx, a)
		if err != nil {
			return err
		}
		marked, err := notDuplicates(ctx, tx, a, "org_not_duplicates")
		if err != nil {
			return err
		}
		recs := ix.Records()
		qs := make([]*match.Query, len(recs))
		for i, r := range recs {
			qs[i] = &match.Query{Name: r.Name, Aliases: r.Labels, Acronyms: r.Acronyms, ROR: r.ROR, Website: r.Website, Country: r.Country, City: r.City}
		}
		for i, m := range ix.MatchAll(qs) {
			r := recs[i]
			pairs = appendPairs(pairs, passerelle.OrgMatchRef{ID: r.ID, Name: r.Name, ROR: r.ROR}, m, ix.T, marked)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bestPairs(pairs, limit), nil
}

// appendPairs adds the pairs of a record and its candidates (at least the "maybe"
// threshold) to pairs: each pair once, from its record of the lower id, unless marked
// "not a duplicate".
func appendPairs(pairs []passerelle.DuplicatePair, r passerelle.OrgMatchRef, res match.Result, t match.Thresholds, marked map[[2]int64]bool) []passerelle.DuplicatePair {
	if res.Best == nil {
		return pairs
	}
	for _, c := range append([]match.Candidate{*res.Best}, res.Others...) {
		if c.ID <= r.ID || c.Score < t.Maybe || marked[[2]int64{r.ID, c.ID}] {
			continue
		}
		pairs = append(pairs, passerelle.DuplicatePair{A: r, B: passerelle.OrgMatchRef{ID: c.ID, Name: c.Name, ROR: c.ROR},
			Score: c.Score, Reasons: c.Reasons, Likely: c.Score >= t.Same})
	}
	return pairs
}

// bestPairs sorts pairs best first and keeps at most limit.
func bestPairs(pairs []passerelle.DuplicatePair, limit int) []passerelle.DuplicatePair {
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].Score > pairs[j].Score })
	if limit > 0 && len(pairs) > limit {
		pairs = pairs[:limit]
	}
	return pairs
}

// MarkNotDuplicate records that two organisations the actor may see are not one: the
// duplicates list no longer shows the pair. Audited on the first of the two.
func (s *OrganizationService) MarkNotDuplicate(ctx context.Context, id1, id2 int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if id1 == id2 {
			return passerelle.FieldError("id", "an organisation is not a duplicate of itself")
		}
		if id1 > id2 {
			id1, id2 = id2, id1
		}
		o1, err := findOrg(ctx, tx, a, id1)
		if err != nil {
			return err
		}
		o2, err := findOrg(ctx, tx, a, id2)
		if err != nil {
			return err
		}
		if added, err := insertNotDuplicate(ctx, tx, a, "org_not_duplicates", id1, id2); err != nil || !added {
			return err // or already marked
		}
		vis, owner := narrowest(o1.Visibility, o1.OwnerMemberID, o2.Visibility, o2.OwnerMemberID)
		return writeAudit(ctx, tx, a, "not_duplicate", "organization", id1, o1.Name+" ≠ "+o2.Name,
			map[string]passerelle.Change{"not_duplicate_of": {Old: nil, New: id2}}, vis, owner)
	})
}

// insertNotDuplicate marks two records (id1 < id2) of a table of marks
// (org_not_duplicates, person_not_duplicates); false when they were marked already.
func insertNotDuplicate(ctx context.Context, tx *Tx, a *passerelle.Actor, table string, id1, id2 int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (workspace_id, a_id, b_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, a.WorkspaceID, id1, id2, nullID(a.UserID), tx.now)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// notDuplicates reads the pairs of a table of marks in the actor's workspace.
func notDuplicates(ctx context.Context, tx *Tx, a *passerelle.Actor, table string) (map[[2]int64]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a_id, b_id FROM `+table+` WHERE workspace_id = $1`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[[2]int64]bool{}
	for rows.Next() {
		var x, y int64
		if err := rows.Scan(&x, &y); err != nil {
			return nil, err
		}
		m[[2]int64{x, y}] = true
	}
	return m, rows.Err()
}
