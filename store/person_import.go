package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"passerelle"
	"passerelle/match"
)

// ImportPersonRows imports a contact list: each row's organisation is matched in the
// directory (created when new), each person against the contact book: a match gets
// what the row adds (emails, phones, empty fields, the affiliation), a new person is
// created, all in one transaction. Rows that are the same person, or name the same new
// organisation, make one record. A row is ambiguous when its person or its organisation
// is; the import then stops and lists them unless opt.Ambiguous says new or skip.
func (s *PersonService) ImportPersonRows(ctx context.Context, rows []passerelle.PersonRow, opt passerelle.PersonImportOptions) (*passerelle.PersonImportReport, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !opt.DryRun {
		if a, err = passerelle.RequireWriter(ctx); err != nil {
			return nil, err
		}
	}
	if err := checkAmbiguous(passerelle.OrgImportOptions{Ambiguous: opt.Ambiguous}); err != nil {
		return nil, err
	}
	res := &passerelle.ImportResult{}
	for _, r := range rows {
		addRowProblems(res, r.Line, r.Person.Validate())
	}
	if res.ProblemCount() > 0 {
		return nil, rowsError(res)
	}
	rep := &passerelle.PersonImportReport{DryRun: opt.DryRun}
	var plan *personPlan
	err = s.db.inTx(ctx, func(tx *Tx) error {
		orgs, err := loadMatchIndex(ctx, tx, a)
		if err != nil {
			return err
		}
		var qs []*match.PersonRecord
		plan, qs = resolveRowOrgs(orgs, rows, rep)
		people, err := loadPersonIndex(ctx, tx, a, qs)
		if err != nil {
			return err
		}
		decidePersonRows(people, rows, qs, rep)
		if opt.DryRun {
			return nil
		}
		return applyPersonRows(ctx, tx, a, rows, plan, rep, opt)
	})
	if err != nil {
		return nil, err
	}
	if !opt.DryRun && rep.Created > 0 {
		if err := s.db.analyze(ctx, "people, affiliations, organizations, org_keys, person_keys"); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// personPlan is what the decisions leave to the save: for each row, the row whose new
// organisation it names (its own index, or an earlier row's), or -1.
type personPlan struct {
	newOrgOf []int
}

// resolveRowOrgs matches every row's organisation in the directory (a row naming one
// that the directory lacks names the file's new organisation, created once) and returns
// the people to look for, each with their organisation as evidence.
func resolveRowOrgs(orgs *match.Index, rows []passerelle.PersonRow, rep *passerelle.PersonImportReport) (*personPlan, []*match.PersonRecord) {
	plan := &personPlan{newOrgOf: make([]int, len(rows))}
	fileOrgs := match.NewIndex()
	fileOrgs.T = orgs.T
	qs := make([]*match.PersonRecord, len(rows))
	// The rows' organisations, matched on every processor first.
	oqs := make([]*match.Query, len(rows))
	for i, r := range rows {
		if r.Organization != "" {
			oqs[i] = &match.Query{Name: r.Organization, Country: r.OrgCountry}
		}
	}
	oms := orgs.MatchAll(oqs)
	for i, r := range rows {
		p := r.Person
		d := passerelle.PersonRowDecision{Line: r.Line, Name: p.Name(), Reasons: []string{}}
		plan.newOrgOf[i] = -1
		q := &match.PersonRecord{FirstName: p.FirstName, LastName: p.LastName, Emails: p.Emails}
		if r.Organization != "" {
			oq, m := oqs[i], oms[i]
			ro := &passerelle.PersonRowOrg{Name: r.Organization, Decision: string(m.Decision)}
			switch m.Decision {
			case match.Same:
				ro.Match = &passerelle.OrgMatchRef{ID: m.Best.ID, Name: m.Best.Name, ROR: m.Best.ROR, Score: m.Best.Score}
				q.OrgIDs = []int64{m.Best.ID}
			case match.Ambiguous:
				var cs []string
				for _, c := range append([]match.Candidate{*m.Best}, m.Others...) {
					cs = append(cs, fmt.Sprintf("%s (id %d)", c.Name, c.ID))
					ro.Candidates = append(ro.Candidates, passerelle.OrgMatchRef{ID: c.ID, Name: c.Name, ROR: c.ROR, Score: c.Score})
				}
				d.Reasons = append(d.Reasons, fmt.Sprintf("organisation %q may be %s", r.Organization, strings.Join(cs, " or ")))
			default:
				ro.Decision = passerelle.DecisionNew
				if fm := fileOrgs.Match(oq); fm.Decision == match.Same {
					plan.newOrgOf[i] = int(-fm.Best.ID - 1)
				} else {
					plan.newOrgOf[i] = i
					rep.NewOrgs++
					fileOrgs.Add(&match.Record{ID: -int64(i + 1), Name: r.Organization, Country: r.OrgCountry})
				}
				// The file's new organisation stands for the evidence of a shared employer
				// between rows of the file.
				q.OrgIDs = []int64{-int64(plan.newOrgOf[i] + 1)}
			}
			d.Organization = ro
		}
		qs[i] = q
		rep.Rows = append(rep.Rows, d)
	}
	return plan, qs
}

// decidePersonRows matches every row's person (qs, from resolveRowOrgs) in the contact
// book; a row that is no one there but an earlier new row of the file is that person.
// A row whose organisation is ambiguous is ambiguous.
func decidePersonRows(people *match.PersonIndex, rows []passerelle.PersonRow, qs []*match.PersonRecord, rep *passerelle.PersonImportReport) {
	filePeople := match.NewPersonIndex()
	for i, q := range qs {
		d := &rep.Rows[i]
		orgAmbiguous := d.Organization != nil && d.Organization.Decision == passerelle.DecisionAmbiguous
		m := people.Match(q)
		switch {
		case m.Decision == match.Same && !orgAmbiguous:
			d.Decision, d.Score, d.Reasons = passerelle.DecisionMatch, m.Best.Score, append(d.Reasons, m.Best.Reasons...)
			d.Match = &passerelle.PersonMatchRef{ID: m.Best.ID, Name: m.Best.Name}
			rep.Matched++
		case m.Decision == match.Ambiguous || orgAmbiguous:
			d.Decision = passerelle.DecisionAmbiguous
			if m.Best != nil && m.Decision != match.New {
				d.Score = m.Best.Score
				for _, c := range append([]match.Candidate{*m.Best}, m.Others...) {
					d.Candidates = append(d.Candidates, passerelle.PersonMatchRef{ID: c.ID, Name: c.Name, Score: c.Score})
				}
				d.Reasons = append(d.Reasons, m.Best.Reasons...)
			}
			rep.Ambiguous++
		default:
			d.Decision = passerelle.DecisionNew
			if fm := filePeople.Match(q); fm.Decision == match.Same {
				d.SameAsLine = rows[-fm.Best.ID-1].Line
				d.Score = fm.Best.Score
				d.Reasons = append(d.Reasons, fmt.Sprintf("same person as line %d", d.SameAsLine))
			} else {
				filePeople.Add(&match.PersonRecord{ID: -int64(i + 1), FirstName: q.FirstName, LastName: q.LastName, Emails: q.Emails, OrgIDs: q.OrgIDs})
			}
			rep.New++
		}
	}
}

// applyPersonRows saves the decisions.
func applyPersonRows(ctx context.Context, tx *Tx, a *passerelle.Actor, rows []passerelle.PersonRow, plan *personPlan, rep *passerelle.PersonImportReport, opt passerelle.PersonImportOptions) error {
	unsettled, err := settlePersonChoices(rep, opt)
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
				lines = append(lines, fmt.Sprintf("line %d: %s: %s", d.Line, d.Name, strings.Join(append(cs, d.Reasons...), "; ")))
			}
		}
		return ambiguousStop(lines)
	}
	if err := tx.ForBulk(ctx); err != nil {
		return err
	}
	sv := newPersonSaver(tx, a)
	if err := sv.load(ctx, rep); err != nil {
		return err
	}
	newOrg := map[int]int64{}    // row index -> organisation created for it
	newPerson := map[int]int64{} // line -> person created
	for i := range rep.Rows {
		d, r := &rep.Rows[i], rows[i]
		if d.Action == "skipped" || d.Decision == passerelle.DecisionAmbiguous && d.Action == "" && opt.Ambiguous == passerelle.AmbiguousSkip {
			d.Action = "skipped"
			rep.Skipped++
			continue
		}
		orgID, err := sv.organization(ctx, r, d, plan.newOrgOf[i], newOrg, rep)
		if err != nil {
			return fmt.Errorf("line %d: %w", d.Line, err)
		}
		switch {
		case d.Decision == passerelle.DecisionMatch:
			if err := sv.addTo(d.Match.ID, r, orgID, d, rep); err != nil {
				return fmt.Errorf("line %d: %w", d.Line, err)
			}
		case d.SameAsLine > 0:
			if err := sv.addTo(newPerson[d.SameAsLine], r, orgID, d, rep); err != nil {
				return fmt.Errorf("line %d: %w", d.Line, err)
			}
			d.Action = "linked"
		default:
			p, err := sv.create(ctx, r)
			if err != nil {
				return fmt.Errorf("line %d: %w", d.Line, err)
			}
			if orgID != 0 {
				if _, err := sv.affiliate(p, orgID, r.Role); err != nil {
					return fmt.Errorf("line %d: %w", d.Line, err)
				}
			}
			newPerson[d.Line], d.ID, d.Action = p.ID, p.ID, "created"
			rep.Created++
		}
	}
	return sv.flush(ctx)
}

// settlePersonChoices applies the user's choices to ambiguous rows, as settleChoices
// does for organisations: a candidate's id makes the row a match of that person,
// ChoiceNew leaves it to be created (marked "new"), ChoiceSkip marks it skipped. A row
// whose organisation is ambiguous is settled only with a choice of its organisation
// too (a candidate, or ChoiceNew). It returns how many ambiguous rows stay unsettled;
// they are left as they were.
func settlePersonChoices(rep *passerelle.PersonImportReport, opt passerelle.PersonImportOptions) (int, error) {
	unsettled := 0
	for i := range rep.Rows {
		d := &rep.Rows[i]
		if d.Decision != passerelle.DecisionAmbiguous {
			continue
		}
		pick, c, ok, err := choose(opt.Choices, d.Line, d.Candidates, func(r passerelle.PersonMatchRef) int64 { return r.ID })
		if err != nil {
			return 0, err
		}
		if ok && c == passerelle.ChoiceSkip {
			d.Action = "skipped"
			continue
		}
		var org *passerelle.OrgMatchRef
		ro := d.Organization
		if ok && ro != nil && ro.Decision == passerelle.DecisionAmbiguous {
			var oc int64
			org, oc, ok, err = choose(opt.OrgChoices, d.Line, ro.Candidates, orgRefID)
			if err != nil {
				return 0, err
			}
			ok = ok && oc != passerelle.ChoiceSkip // a row is skipped by its person's choice
		}
		if !ok {
			unsettled++
			continue
		}
		if ro != nil && ro.Decision == passerelle.DecisionAmbiguous {
			ro.Decision = passerelle.DecisionNew
			if org != nil {
				ro.Decision, ro.Match = passerelle.DecisionMatch, &passerelle.OrgMatchRef{ID: org.ID, Name: org.Name, ROR: org.ROR}
			}
		}
		if pick == nil {
			d.Action = "new"
			continue
		}
		d.Decision, d.Match, d.Score = passerelle.DecisionMatch, &passerelle.PersonMatchRef{ID: pick.ID, Name: pick.Name}, pick.Score
	}
	return unsettled, nil
}

// union is a followed by the values of b it lacks (case-insensitively).
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, v) }) {
			out = append(out, v)
		}
	}
	return out
}
