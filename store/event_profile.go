package store

import (
	"context"
	"encoding/json"

	"passerelle"
)

// profileJSON is the stored form of a profile: "" when nothing is said.
func profileJSON(p *passerelle.EventProfile) string {
	if p == nil || p.IsZero() {
		return ""
	}
	b, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	return string(b)
}

// parseProfile reads a stored profile; nil for none (or one that no longer reads).
func parseProfile(s string) *passerelle.EventProfile {
	if s == "" {
		return nil
	}
	p := &passerelle.EventProfile{}
	if err := json.Unmarshal([]byte(s), p); err != nil {
		return nil
	}
	return p
}

// themeCodes is the set of the workspace's theme codes, what a profile may name.
func themeCodes(ctx context.Context, q queryer, ws int64) (map[string]bool, error) {
	ts, err := loadThemes(ctx, q, ws)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ts))
	for c := range ts {
		out[c] = true
	}
	return out, nil
}

// EventThemes returns the themes of the event's workspace, which profiles name: the
// labels a participant's page shows. ws comes from the participant's session.
func (s *EventService) EventThemes(ctx context.Context, ws int64) (map[string]*passerelle.Theme, error) {
	return loadThemes(ctx, s.db.read, ws)
}

// SaveProfile replaces a participant's profile with prof, checked against the
// workspace's themes (an unknown type or theme, too many offers: EINVALID naming the
// field, nothing saved). ws and id come from the participant's session.
func (s *EventService) SaveProfile(ctx context.Context, ws, id int64, prof *passerelle.EventProfile) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		me, err := participantByID(ctx, tx, ws, id)
		if err != nil {
			return err
		}
		themes, err := themeCodes(ctx, tx, ws)
		if err != nil {
			return err
		}
		if err := prof.Validate("", themes); err != nil {
			return err
		}
		before, after := profileJSON(me.Profile), profileJSON(prof)
		if before == after {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET profile = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			after, tx.now, ws, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, passerelle.SystemActor(ws), "update", "event_participant", id, me.Name+": profile",
			map[string]passerelle.Change{"profile": {Old: before, New: after}}, passerelle.VisibilityShared, 0)
	})
}
