package store

import (
	"context"

	"passerelle"
)

// DebriefRecipients lists whom a debrief sent is mailed to: the users of its member in
// the workspace (every role), with their language, by email. The debrief must be one the
// actor may read (its member's users, the organisers); another member's is not found.
func (s *MissionService) DebriefRecipients(ctx context.Context, missionID, debriefID int64) ([]*passerelle.User, error) {
	d, err := s.FindDebrief(ctx, missionID, debriefID)
	if err != nil {
		return nil, err
	}
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT u.id, u.email, u.name, u.lang FROM memberships ms JOIN users u ON u.id = ms.user_id
		WHERE ms.workspace_id = $1 AND ms.member_id = $2 ORDER BY u.email`, a.WorkspaceID, d.Member.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.User
	for rows.Next() {
		u := &passerelle.User{}
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Lang); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
