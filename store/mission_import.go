package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"passerelle"
)

// ImportTargets adds the rows of a targets file to a mission (docs/missions.md): each
// row's organisation is matched against the directory by the organisations import's
// engine (new, match, ambiguous; opt settles the ambiguous rows as there), and, unless
// opt.DryRun, the new organisations are created, the matched ones linked, and every row
// becomes a target with its why, group, availability and venue, all in one transaction:
// a bad row, or an ambiguous one left unsettled, and nothing is saved. Rows of one group
// (its "group" cell) are met in one meeting; a row without one keeps, if it is already a
// target, the group it has.
func (s *MissionService) ImportTargets(ctx context.Context, missionID int64, rows []passerelle.OrgRow, opt passerelle.OrgImportOptions) (*passerelle.TargetImportReport, error) {
	// Even the preview is a writer's: it is the first step of a change.
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.FindMission(ctx, strconv.FormatInt(missionID, 10))
	if err != nil {
		return nil, err
	}
	if err := checkAmbiguous(opt); err != nil {
		return nil, err
	}
	res := checkOrgRows(rows)
	targets := make([]passerelle.MissionTarget, len(rows))
	for i, r := range rows {
		t := passerelle.MissionTarget{Why: r.Extra["why"], Group: r.Extra["group"], Availability: r.Extra["availability"], Venue: r.Extra["venue"]}
		if cell := r.Extra["members"]; strings.TrimSpace(cell) != "" {
			// The members who want it; a row without any keeps those it has.
			w, err := WishMembers(m, cell)
			addRowProblems(res, r.Line, err)
			t.WantedBy = w
		}
		addRowProblems(res, r.Line, checkTarget(m, &t))
		if t.Group != "" {
			// Apart from the default groups, which are organisation ids.
			t.Group = "file:" + passerelle.Fold(t.Group)
		}
		targets[i] = t
	}
	if res.ProblemCount() > 0 {
		return nil, rowsError(res)
	}
	already := map[int64]bool{}
	for _, t := range m.Targets {
		already[t.OrganizationID] = true
	}
	rep := &passerelle.TargetImportReport{OrgImportReport: passerelle.OrgImportReport{DryRun: opt.DryRun}, AlreadyTargets: []int{}}
	created := false
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ix, err := loadMatchIndex(ctx, tx, a)
		if err != nil {
			return err
		}
		decideRows(ix, rows, &rep.OrgImportReport)
		for _, d := range rep.Rows {
			if d.Match != nil && already[d.Match.ID] {
				rep.AlreadyTargets = append(rep.AlreadyTargets, d.Line)
			}
		}
		if opt.DryRun {
			return nil
		}
		if err := missionExists(ctx, tx, a, m.ID); err != nil {
			return err
		}
		if err := applyRows(ctx, tx, a, rows, &rep.OrgImportReport, opt); err != nil {
			return err
		}
		created = rep.Created > 0
		// Targets already there, read again in the transaction: another member's private
		// ones too, so that a row matched to none of them is never counted as new twice.
		present := map[int64]bool{}
		rs, err := tx.QueryContext(ctx, `SELECT organization_id FROM mission_targets WHERE workspace_id = $1 AND mission_id = $2`, a.WorkspaceID, m.ID)
		if err != nil {
			return err
		}
		for rs.Next() {
			var id int64
			if err := rs.Scan(&id); err != nil {
				rs.Close()
				return err
			}
			present[id] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		done := map[int64]bool{}
		for i, d := range rep.Rows {
			if d.ID == 0 || d.Action == "skipped" || done[d.ID] {
				continue // left out, or the same organisation as an earlier row: the first row's
			}
			done[d.ID] = true
			t := targets[i]
			t.OrganizationID = d.ID
			group := t.Group != ""
			if !group {
				t.Group = strconv.FormatInt(d.ID, 10)
			}
			if err := upsertTarget(ctx, tx, a, m.ID, t, group, true); err != nil {
				return fmt.Errorf("line %d: %w", d.Line, err)
			}
			if present[d.ID] {
				rep.TargetsUpdated++
			} else {
				rep.TargetsAdded++
			}
		}
		return writeAudit(ctx, tx, a, "import", "mission", m.ID,
			fmt.Sprintf("targets imported: %d added, %d updated, %d organisations created", rep.TargetsAdded, rep.TargetsUpdated, rep.Created),
			nil, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	if created {
		if err := s.db.analyze(ctx, "organizations, org_keys"); err != nil {
			return nil, err
		}
	}
	return rep, nil
}
