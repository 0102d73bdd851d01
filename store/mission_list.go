package store

import (
	"context"
	"strconv"

	"passerelle"
)

// MissionsBetween returns the workspace's missions whose days overlap from..to (dates,
// YYYY-MM-DD, inclusive), earliest first, each with its advisers and the targets the
// actor may see (as FindMission). Missions are the workspace's: every reader may list them.
func (s *MissionService) MissionsBetween(ctx context.Context, from, to string) ([]*passerelle.Mission, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := queryIDs(ctx, s.db.read, `SELECT id FROM missions WHERE workspace_id = $1 AND start_date <= $2 AND end_date >= $3
		ORDER BY start_date, id`, a.WorkspaceID, to, from)
	if err != nil {
		return nil, err
	}
	out := make([]*passerelle.Mission, 0, len(ids))
	for _, id := range ids {
		m, err := s.FindMission(ctx, strconv.FormatInt(id, 10))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// DelegationRef names an incoming delegation, for the agenda's meetings of its programme.
type DelegationRef struct {
	ID   int64
	Slug string
	Name string
}

// IncomingDelegations returns, among the missions ids, the incoming delegations of the
// actor's workspace, by id (missions are the workspace's: every reader may name them).
func (s *MissionService) IncomingDelegations(ctx context.Context, ids []int64) (map[int64]DelegationRef, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]DelegationRef{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, slug, name FROM missions WHERE workspace_id = $1 AND kind = 'incoming' AND id IN (`+idList(ids)+`)`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d DelegationRef
		if err := rows.Scan(&d.ID, &d.Slug, &d.Name); err != nil {
			return nil, err
		}
		out[d.ID] = d
	}
	return out, rows.Err()
}

// MissionsNaming counts the workspace's missions that name an organisation, as their
// organiser or among their targets: what a delete of the organisation takes from them
// (the bin puts it back on restore).
func (s *MissionService) MissionsNaming(ctx context.Context, orgID int64) (int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM missions m WHERE m.workspace_id = $1 AND (m.organiser_id = $2
		OR EXISTS (SELECT 1 FROM mission_targets t WHERE t.workspace_id = m.workspace_id AND t.mission_id = m.id AND t.organization_id = $2))`,
		a.WorkspaceID, orgID).Scan(&n)
	return n, err
}
