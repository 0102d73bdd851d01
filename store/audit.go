package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"passerelle"
)

// writeAudit records a change in the same transaction as the change itself. The entry
// carries the record's visibility so that reading the log obeys the same rule.
func writeAudit(ctx context.Context, tx *Tx, a *passerelle.Actor, action, entity string, id int64, summary string,
	changes map[string]passerelle.Change, vis passerelle.Visibility, owner int64) error {
	ch := "{}"
	if len(changes) > 0 {
		b, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		ch = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (workspace_id, at, user_id, action, entity, entity_id, summary, changes, visibility, owner_member_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		a.WorkspaceID, tx.now, nullID(a.UserID), action, entity, id, summary, ch, string(vis), nullID(owner))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// diff compares two flat field maps (either may be nil, for a creation or a deletion) and
// returns the changed fields; a field empty on both sides is no change.
func diff(old, new map[string]any) map[string]passerelle.Change {
	out := map[string]passerelle.Change{}
	keys := map[string]bool{}
	for k := range old {
		keys[k] = true
	}
	for k := range new {
		keys[k] = true
	}
	for k := range keys {
		ov, nv := old[k], new[k]
		if isEmpty(ov) && isEmpty(nv) || reflect.DeepEqual(ov, nv) {
			continue
		}
		out[k] = passerelle.Change{Old: ov, New: nv}
	}
	return out
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case int:
		return x == 0
	}
	return false
}

// auditRecords are the tables of the records with a visibility, each with the entities
// whose entries tell of one of its rows by its id: a link's entry names the organisation
// it starts from, an affiliation's the person.
var auditRecords = []struct{ table, entities string }{
	{"organizations", "'organization', 'link'"},
	{"people", "'person', 'affiliation'"},
	{"agreements", "'agreement'"},
	{"meetings", "'meeting'"},
	{"opportunities", "'opportunity'"},
	{"projects", "'project'"},
	{"jobs", "'job'"},
}

// auditRecordVisible keeps the entries whose record the reader may still read. An entry
// carries the visibility its record had when it was written; a record made private
// since must take its past entries with it, or the other members would go on reading in
// the log what the record said while it was shared. An entry whose record is gone (in
// the bin, purged) keeps its own visibility. It takes auditRecordArgs.
var auditRecordVisible = func() string {
	var b strings.Builder
	for i, r := range auditRecords {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("NOT EXISTS (SELECT 1 FROM " + r.table + " r WHERE l.entity IN (" + r.entities + ")" +
			" AND r.workspace_id = l.workspace_id AND r.id = l.entity_id AND r.visibility = 'private'" +
			" AND (r.owner_member_id IS NULL OR r.owner_member_id <> ?))")
	}
	return "(" + b.String() + ")"
}()

// accountEntities are the entries of the workspace's accounts, managers' only.
const accountEntities = "'invitation', 'membership', 'password_reset'"

func auditRecordArgs(a *passerelle.Actor) []any {
	args := make([]any, len(auditRecords))
	for i := range args {
		args[i] = a.MemberID
	}
	return args
}

// AuditService implements passerelle.AuditService.
type AuditService struct{ db *DB }

func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

func (s *AuditService) FindAuditEntries(ctx context.Context, f passerelle.AuditFilter) ([]*passerelle.AuditEntry, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.add("l.workspace_id = ?", a.WorkspaceID)
	switch {
	case a.System:
	case a.Role.CanManage():
		// Managers also read every change of visibility, so that a record taken private
		// never hides who took it, and every report's written text, as they read every
		// report.
		w.add("(l.visibility = 'shared' OR l.owner_member_id = ? OR l.action = ? OR l.entity = 'report_section')", a.MemberID, actionVisibility)
		w.add("(l.action = ? OR "+auditRecordVisible+")", append([]any{actionVisibility}, auditRecordArgs(a)...)...)
	default:
		w.add("(l.visibility = 'shared' OR l.owner_member_id = ?)", a.MemberID)
		w.add(auditRecordVisible, auditRecordArgs(a)...)
		// Who was invited, whose role changed, who got a reset link: the users page's
		// business, which is the managers'. The dashboard shows other readers the log.
		w.add("l.entity NOT IN (" + accountEntities + ")")
		// The network's report is the managers' to read, and so the history of its text.
		w.add("NOT (l.entity = 'report_section' AND l.owner_member_id IS NULL)")
	}
	if f.Entity != "" {
		w.add("l.entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		w.add("l.entity_id = ?", f.EntityID)
	}
	if f.Before != 0 {
		w.add("l.id < ?", f.Before)
	}
	q := `SELECT l.id, l.workspace_id, l.at, l.user_id, COALESCE(u.email, ''), l.action, l.entity, l.entity_id, l.summary, l.changes
		FROM audit_log l LEFT JOIN users u ON u.id = l.user_id` + w.String() +
		` ORDER BY l.id DESC LIMIT ` + fmt.Sprint(limitOf(f.Limit, 50, 500))
	rows, err := s.db.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.AuditEntry
	for rows.Next() {
		e := &passerelle.AuditEntry{}
		var uid sql.NullInt64
		var ch string
		if err := rows.Scan(&e.ID, &e.WorkspaceID, &e.At, &uid, &e.UserEmail, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &ch); err != nil {
			return nil, err
		}
		e.UserID = uid.Int64
		if ch != "{}" {
			_ = json.Unmarshal([]byte(ch), &e.Changes)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
