package store

import (
	"context"
	"fmt"
	"strings"

	"passerelle"
)

// Which members want to meet each target (table mission_target_members, docs/missions.md).
// The list is the mission's, shared like its targets: every reader of a target sees who
// asked for it.

// loadTargetWishes fills each of the mission's targets' WantedBy (never nil).
func loadTargetWishes(ctx context.Context, q queryer, a *passerelle.Actor, m *passerelle.Mission) error {
	at := map[int64]int{}
	for i := range m.Targets {
		m.Targets[i].WantedBy = []passerelle.TargetWish{}
		at[m.Targets[i].OrganizationID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT w.organization_id, w.member_id, mb.name, w.reason FROM mission_target_members w
		JOIN members mb ON mb.workspace_id = w.workspace_id AND mb.id = w.member_id
		WHERE w.workspace_id = $1 AND w.mission_id = $2 ORDER BY mb.name`, a.WorkspaceID, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org int64
		var w passerelle.TargetWish
		if err := rows.Scan(&org, &w.MemberID, &w.Name, &w.Reason); err != nil {
			return err
		}
		if i, ok := at[org]; ok { // a target the reader may not see stays out
			m.Targets[i].WantedBy = append(m.Targets[i].WantedBy, w)
		}
	}
	return rows.Err()
}

// checkWishes checks a target's wishes against the mission's members: each a member
// taking part, once, with a reason of at most 2000 characters. Names are filled.
func checkWishes(m *passerelle.Mission, t *passerelle.MissionTarget, p passerelle.Problems) {
	names := map[int64]string{}
	for _, x := range m.Members {
		names[x.MemberID] = x.Name
	}
	seen := map[int64]bool{}
	for i := range t.WantedBy {
		w := &t.WantedBy[i]
		w.Reason = strings.TrimSpace(w.Reason)
		name, ok := names[w.MemberID]
		switch {
		case !ok:
			p.Add(fmt.Sprintf("wanted_by[%d].member_id", i), "member %d does not take part in the mission", w.MemberID)
		case seen[w.MemberID]:
			p.Add(fmt.Sprintf("wanted_by[%d].member_id", i), "%s is listed twice", name)
		}
		if len(w.Reason) > 2000 {
			p.Add(fmt.Sprintf("wanted_by[%d].reason", i), "at most %d characters", 2000)
		}
		seen[w.MemberID], w.Name = true, name
	}
}

// WishMembers reads a cell of member institutes (a target import's "members" column:
// names, or names written as slugs, separated by semicolons or commas) as wishes of
// members taking part in the mission. An unknown name is an error that names it and
// lists the members taking part.
func WishMembers(m *passerelle.Mission, cell string) ([]passerelle.TargetWish, error) {
	out := []passerelle.TargetWish{}
	seen := map[int64]bool{}
	for _, v := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == ',' }) {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		var found *passerelle.MissionMember
		for i, x := range m.Members {
			if passerelle.Fold(x.Name) == passerelle.Fold(v) {
				found = &m.Members[i]
			}
		}
		if found == nil {
			names := make([]string, len(m.Members))
			for i, x := range m.Members {
				names[i] = x.Name
			}
			if len(names) == 0 {
				return nil, passerelle.FieldError("members", "%q: no member takes part in the mission", v)
			}
			return nil, passerelle.FieldError("members", "%q is not a member taking part in the mission (%s)", v, strings.Join(names, ", "))
		}
		if !seen[found.MemberID] {
			seen[found.MemberID] = true
			out = append(out, passerelle.TargetWish{MemberID: found.MemberID, Name: found.Name})
		}
	}
	return out, nil
}

// writeTargetWishes replaces a target's wishes with t.WantedBy (nil: kept as they are).
// With keepReasons, a member listed again without a reason keeps the one it had (an
// import's column names the members only).
func writeTargetWishes(ctx context.Context, tx *Tx, a *passerelle.Actor, missionID int64, t passerelle.MissionTarget, keepReasons bool) error {
	if t.WantedBy == nil {
		return nil
	}
	old := map[int64]string{}
	if keepReasons {
		rows, err := tx.QueryContext(ctx, `SELECT member_id, reason FROM mission_target_members WHERE workspace_id = $1 AND mission_id = $2 AND organization_id = $3`,
			a.WorkspaceID, missionID, t.OrganizationID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var r string
			if err := rows.Scan(&id, &r); err != nil {
				rows.Close()
				return err
			}
			old[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mission_target_members WHERE workspace_id = $1 AND mission_id = $2 AND organization_id = $3`,
		a.WorkspaceID, missionID, t.OrganizationID); err != nil {
		return err
	}
	for _, w := range t.WantedBy {
		reason := w.Reason
		if reason == "" {
			reason = old[w.MemberID]
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mission_target_members (workspace_id, mission_id, organization_id, member_id, reason)
			VALUES ($1, $2, $3, $4, $5)`, a.WorkspaceID, missionID, t.OrganizationID, w.MemberID, reason); err != nil {
			return classify(err, "member")
		}
	}
	return nil
}

// dropLeftWishes deletes the wishes of members that no longer take part in the mission,
// and those of organisations that are no longer its targets.
func dropLeftWishes(ctx context.Context, tx *Tx, a *passerelle.Actor, missionID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM mission_target_members WHERE workspace_id = $1 AND mission_id = $2 AND (member_id NOT IN
		(SELECT x.member_id FROM mission_members x WHERE x.workspace_id = $1 AND x.mission_id = $2) OR organization_id NOT IN
		(SELECT t.organization_id FROM mission_targets t WHERE t.workspace_id = $1 AND t.mission_id = $2))`, a.WorkspaceID, missionID)
	return err
}

// TargetsWantedBy lists the mission's targets (those the actor may read) that the member
// asked for, with its reason in WantedBy[0].
func TargetsWantedBy(m *passerelle.Mission, memberID int64) []passerelle.MissionTarget {
	var out []passerelle.MissionTarget
	for _, t := range m.Targets {
		if w, ok := t.WantedByMember(memberID); ok {
			t.WantedBy = []passerelle.TargetWish{w}
			out = append(out, t)
		}
	}
	return out
}
