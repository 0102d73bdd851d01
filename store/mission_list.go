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
	rows, err := s.db.read.QueryContext(ctx, `SELECT id FROM missions WHERE workspace_id = $1 AND start_date <= $2 AND end_date >= $3
		ORDER BY start_date, id`, a.WorkspaceID, to, from)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
