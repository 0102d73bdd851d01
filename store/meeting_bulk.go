package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"passerelle"
)

// The bulk paths of the scheduling service (package scheduling): a schedule of
// thousands of meetings is read and stored in a few statements per few hundred meetings,
// in one transaction, each meeting with its audit entry.

// Ref is a person or an organisation as a schedule names it: its name and whether it is
// private.
type Ref struct {
	Name    string
	Private bool
}

// ReadRefs returns the people and organisations among ids that the actor may read; an id
// missing from a map is not found (or not the actor's to read).
func (s *MeetingService) ReadRefs(ctx context.Context, personIDs, orgIDs []int64) (people, orgs map[int64]Ref, err error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	people, orgs = map[int64]Ref{}, map[int64]Ref{}
	for _, t := range []struct {
		q   string
		ids []int64
		out map[int64]Ref
	}{{`SELECT p.id, TRIM(p.first_name || ' ' || p.last_name), p.visibility FROM people p`, personIDs, people},
		{`SELECT o.id, o.name, o.visibility FROM organizations o`, orgIDs, orgs}} {
		alias := t.q[len(t.q)-1:]
		for chunk := range chunks(t.ids, 500) {
			w := &where{}
			w.scope(a, alias)
			w.conds = append(w.conds, alias+".id IN ("+inList(w, chunk)+")")
			rows, err := s.db.read.QueryContext(ctx, t.q+w.String(), w.args...)
			if err != nil {
				return nil, nil, err
			}
			for rows.Next() {
				var id int64
				var r Ref
				var vis string
				if err := rows.Scan(&id, &r.Name, &vis); err != nil {
					rows.Close()
					return nil, nil, err
				}
				r.Private = vis == string(passerelle.VisibilityPrivate)
				t.out[id] = r
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, nil, err
			}
		}
	}
	return people, orgs, nil
}

func chunks[T any](xs []T, n int) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for i := 0; i < len(xs); i += n {
			if !yield(xs[i:min(i+n, len(xs))]) {
				return
			}
		}
	}
}

func inList(w *where, ids []int64) string {
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	return strings.Join(ph, ", ")
}

// MeetingsByIDs returns the meetings among ids that the actor may read, with their
// participants' ids, by id.
func (s *MeetingService) MeetingsByIDs(ctx context.Context, ids []int64) (map[int64]*passerelle.Meeting, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*passerelle.Meeting, len(ids))
	for chunk := range chunks(ids, 500) {
		w := &where{}
		w.scope(a, "m")
		w.conds = append(w.conds, "m.id IN ("+inList(w, chunk)+")")
		rows, err := s.db.read.QueryContext(ctx, `SELECT `+meetingColumns+` FROM meetings m`+w.String(), w.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			m, err := scanMeeting(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[m.ID] = m
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SchedulePlan is what a scheduling run changes: meetings to create, meetings to move
// (ID with the new Start, End and Room) and meetings to cancel.
type SchedulePlan struct {
	Create []*passerelle.Meeting
	Move   []*passerelle.Meeting
	Cancel []int64
}

// SaveSchedule applies a plan in one transaction: the new meetings in multi-row inserts
// (their participants and audit entries too; IDs and UIDs are filled), then each move
// and cancellation of a meeting the actor may edit, raising its sequence. The new
// meetings must have been checked by the caller with ReadRefs (participants readable,
// none private on a shared meeting); each is validated here.
func (s *MeetingService) SaveSchedule(ctx context.Context, plan *SchedulePlan) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		// Not ForBulk: with custom plans PostgreSQL plans each row's foreign-key checks
		// again (12.8 s to save 18,000 meetings); the statistics refreshed below as the
		// tables grow keep the checks' cached plans on the indexes (4.2-6.1 s). Without
		// either, the plans made on a nearly empty table read it whole: 275 s.
		for i, m := range plan.Create {
			if err := m.Validate(); err != nil {
				return fmt.Errorf("meeting %d: %w", i+1, err)
			}
			if err := prepareOwnership(a, m.Visibility, &m.OwnerMemberID); err != nil {
				return err
			}
			uid, err := newMeetingUID()
			if err != nil {
				return err
			}
			m.UID, m.WorkspaceID, m.Sequence, m.CreatedBy, m.CreatedAt, m.UpdatedAt = uid, a.WorkspaceID, 0, a.UserID, tx.now, tx.now
		}
		n := 0
		for batch := range chunks(plan.Create, 200) {
			if err := insertMeetings(ctx, tx, a, batch); err != nil {
				return err
			}
			if n++; n == 1 || n == 5 || n == 20 {
				if err := tx.analyze(ctx, "meetings, meeting_people, meeting_organizations, audit_log"); err != nil {
					return err
				}
			}
		}
		for _, mv := range plan.Move {
			old, err := findMeeting(ctx, tx, a, mv.ID)
			if err != nil {
				return err
			}
			if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
				return err
			}
			// The version rises as with any update: an edit based on the meeting before the
			// move is refused rather than putting it back.
			if _, err := bumpVersion(ctx, tx, "meetings", a.WorkspaceID, old.ID, old.Version); err != nil {
				return err
			}
			// A move to another venue changes the location too; without one it stays.
			loc := old.Location
			if mv.Location != "" {
				loc = mv.Location
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET starts_at = $1, ends_at = $2, room = $3, sequence = sequence + 1,
				updated_at = $4, location = $7 WHERE workspace_id = $5 AND id = $6`, mv.Start.UTC(), mv.End.UTC(), mv.Room, tx.now, a.WorkspaceID, mv.ID, loc); err != nil {
				return err
			}
			ch := diff(map[string]any{"start": old.Start.Format(time.RFC3339), "end": old.End.Format(time.RFC3339), "room": old.Room, "location": old.Location},
				map[string]any{"start": mv.Start.UTC().Format(time.RFC3339), "end": mv.End.UTC().Format(time.RFC3339), "room": mv.Room, "location": loc})
			if err := writeAudit(ctx, tx, a, "update", "meeting", old.ID, old.Title, ch, old.Visibility, old.OwnerMemberID); err != nil {
				return err
			}
		}
		for _, id := range plan.Cancel {
			old, err := findMeeting(ctx, tx, a, id)
			if err != nil {
				return err
			}
			if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
				return err
			}
			if old.Status == passerelle.MeetingCancelled {
				continue
			}
			if _, err := bumpVersion(ctx, tx, "meetings", a.WorkspaceID, old.ID, old.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
				WHERE workspace_id = $2 AND id = $3`, tx.now, a.WorkspaceID, id); err != nil {
				return err
			}
			ch := map[string]passerelle.Change{"status": {Old: string(old.Status), New: string(passerelle.MeetingCancelled)}}
			if err := writeAudit(ctx, tx, a, "update", "meeting", old.ID, old.Title, ch, old.Visibility, old.OwnerMemberID); err != nil {
				return err
			}
		}
		// The next reads of the meetings (agendas, histories) plan on fresh statistics.
		if len(plan.Create) >= 1000 {
			return tx.analyze(ctx, "meetings, meeting_people, meeting_organizations")
		}
		return nil
	})
}

// bulkArgs collects the parameters of a multi-row statement, with the dialect's
// placeholders (DB.bulkParam).
type bulkArgs struct {
	db   *DB
	args []any
}

func (b *bulkArgs) arg(v any) string {
	b.args = append(b.args, v)
	return b.db.bulkParam(len(b.args))
}

// insertMeetings inserts up to a few hundred new meetings, their participants and their
// audit entries, a multi-row statement each.
func insertMeetings(ctx context.Context, tx *Tx, a *passerelle.Actor, ms []*passerelle.Meeting) error {
	w := &bulkArgs{db: tx.db}
	rows := make([]string, len(ms))
	byUID := make(map[string]*passerelle.Meeting, len(ms))
	for i, m := range ms {
		byUID[m.UID] = m
		rows[i] = "(" + strings.Join([]string{w.arg(m.WorkspaceID), w.arg(m.UID), w.arg(m.Title), w.arg(m.Start), w.arg(m.End),
			w.arg(m.TimeZone), w.arg(m.Location), w.arg(m.Room), w.arg(m.VideoURL), w.arg(string(m.Status)), w.arg(string(m.Origin)),
			w.arg(nullID(m.OriginID)), w.arg(string(m.Visibility)), w.arg(nullID(m.OwnerMemberID)), w.arg(nullID(m.CreatedBy)),
			w.arg(m.CreatedAt), w.arg(m.UpdatedAt)}, ", ") + ")"
	}
	// The ids come back with their UIDs: RETURNING's order is not promised.
	r, err := tx.queryOnce(ctx, `INSERT INTO meetings (workspace_id, uid, title, starts_at, ends_at, time_zone, location, room,
		video_url, status, origin, origin_id, visibility, owner_member_id, created_by, created_at, updated_at) VALUES `+strings.Join(rows, ", ")+
		` RETURNING id, uid`, w.args...)
	if err != nil {
		return classify(err, "meeting")
	}
	for r.Next() {
		var id int64
		var uid string
		if err := r.Scan(&id, &uid); err != nil {
			r.Close()
			return err
		}
		byUID[uid].ID = id
	}
	r.Close()
	if err := r.Err(); err != nil {
		return err
	}
	for _, t := range []struct {
		table, col string
		of         func(m *passerelle.Meeting) []int64
	}{{"meeting_people", "person_id", func(m *passerelle.Meeting) []int64 { return m.PersonIDs }},
		{"meeting_organizations", "organization_id", func(m *passerelle.Meeting) []int64 { return m.OrganizationIDs }},
		{"meeting_attendees", "user_id", func(m *passerelle.Meeting) []int64 { return m.AttendeeIDs }}} {
		w := &bulkArgs{db: tx.db}
		var rows []string
		for _, m := range ms {
			for i, id := range t.of(m) {
				rows = append(rows, "("+w.arg(m.WorkspaceID)+", "+w.arg(m.ID)+", "+w.arg(id)+", "+w.arg(i)+")")
			}
		}
		if len(rows) == 0 {
			continue
		}
		if _, err := tx.execOnce(ctx, `INSERT INTO `+t.table+` (workspace_id, meeting_id, `+t.col+`, position) VALUES `+
			strings.Join(rows, ", "), w.args...); err != nil {
			return classify(err, "participant")
		}
	}
	w = &bulkArgs{db: tx.db}
	rows = rows[:0]
	for _, m := range ms {
		rows = append(rows, "("+strings.Join([]string{w.arg(a.WorkspaceID), w.arg(tx.now), w.arg(nullID(a.UserID)), w.arg("create"),
			w.arg("meeting"), w.arg(m.ID), w.arg(m.Title), w.arg(`{"start":{"new":"` + m.Start.Format(time.RFC3339) + `"}}`),
			w.arg(string(m.Visibility)), w.arg(nullID(m.OwnerMemberID))}, ", ")+")")
	}
	_, err = tx.execOnce(ctx, `INSERT INTO audit_log (workspace_id, at, user_id, action, entity, entity_id, summary, changes,
		visibility, owner_member_id) VALUES `+strings.Join(rows, ", "), w.args...)
	return err
}
