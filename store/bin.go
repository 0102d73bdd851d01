package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"passerelle"
)

// The bin (issue 20): a delete keeps the record, and what goes with it, for
// passerelle.BinDays; an editor restores it from there. The entry is written in the
// delete's own transaction and carries the record's visibility and owner, so that
// reading the bin obeys the same rule as reading the record did.

// BinService lists and restores deleted records.
type BinService struct{ db *DB }

func NewBinService(db *DB) *BinService { return &BinService{db: db} }

// binLink and binAffiliation are what went with a record: restored when the other end
// is still there.
type binLink struct {
	Kind      passerelle.LinkKind `json:"kind"`
	FromID    int64               `json:"from_id"`
	ToID      int64               `json:"to_id,omitempty"`
	ToRef     string              `json:"to_ref,omitempty"`
	ToLabel   string              `json:"to_label,omitempty"`
	StartDate string              `json:"start_date,omitempty"`
	EndDate   string              `json:"end_date,omitempty"`
	Source    string              `json:"source,omitempty"`
}

type binAffiliation struct {
	PersonID       int64  `json:"person_id"`
	OrganizationID int64  `json:"organization_id"`
	Role           string `json:"role,omitempty"`
	Title          string `json:"title,omitempty"`
	StartDate      string `json:"start_date,omitempty"`
	EndDate        string `json:"end_date,omitempty"`
}

// binMeeting is a meeting that named the record, and the record's place in its list.
type binMeeting struct {
	MeetingID int64 `json:"meeting_id"`
	Position  int   `json:"position"`
}

type binData struct {
	Organization *passerelle.Organization `json:"organization,omitempty"`
	Person       *passerelle.Person       `json:"person,omitempty"`
	Agreement    *passerelle.Agreement    `json:"agreement,omitempty"`
	Links        []binLink                `json:"links,omitempty"`
	Affiliations []binAffiliation         `json:"affiliations,omitempty"`
	Meetings     []binMeeting             `json:"meetings,omitempty"`
	// Refs are what named an organisation elsewhere (bin_refs.go): its missions,
	// member, participants, follow-ups, opportunities and projects.
	Refs *binRefs `json:"refs,omitempty"`
}

func binCutoff(now time.Time) time.Time { return now.Add(-passerelle.BinDays * 24 * time.Hour) }

// toBin keeps a record about to be deleted (its links and affiliations read here, before
// the delete cascades them) and empties the workspace's bin of what has expired.
func toBin(ctx context.Context, tx *Tx, a *passerelle.Actor, entity string, id int64, summary string,
	vis passerelle.Visibility, owner int64, d *binData) error {
	ws := a.WorkspaceID
	if entity == "organization" || entity == "person" {
		col := "organization_id"
		if entity == "person" {
			col = "person_id"
		}
		rows, err := tx.QueryContext(ctx, `SELECT person_id, organization_id, role, title, start_date, end_date FROM affiliations
			WHERE workspace_id = $1 AND `+col+` = $2 ORDER BY id`, ws, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var af binAffiliation
			if err := rows.Scan(&af.PersonID, &af.OrganizationID, &af.Role, &af.Title, &af.StartDate, &af.EndDate); err != nil {
				rows.Close()
				return err
			}
			d.Affiliations = append(d.Affiliations, af)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if entity == "organization" || entity == "person" {
		// Every meeting that names the record, whoever may read it: the restore puts
		// each back as it was, so that a member's history does not lose a meeting to
		// another member's delete and restore.
		q := `SELECT meeting_id, position FROM meeting_organizations WHERE workspace_id = $1 AND organization_id = $2 ORDER BY meeting_id`
		if entity == "person" {
			q = `SELECT meeting_id, position FROM meeting_people WHERE workspace_id = $1 AND person_id = $2 ORDER BY meeting_id`
		}
		rows, err := tx.QueryContext(ctx, q, ws, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m binMeeting
			if err := rows.Scan(&m.MeetingID, &m.Position); err != nil {
				rows.Close()
				return err
			}
			d.Meetings = append(d.Meetings, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if entity == "organization" {
		rows, err := tx.QueryContext(ctx, `SELECT kind, from_id, COALESCE(to_id, 0), COALESCE(to_ref, ''), to_label, start_date, end_date, source
			FROM org_links WHERE workspace_id = $1 AND (from_id = $2 OR to_id = $2) ORDER BY id`, ws, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var l binLink
			var kind string
			if err := rows.Scan(&kind, &l.FromID, &l.ToID, &l.ToRef, &l.ToLabel, &l.StartDate, &l.EndDate, &l.Source); err != nil {
				rows.Close()
				return err
			}
			l.Kind = passerelle.LinkKind(kind)
			d.Links = append(d.Links, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if entity == "organization" {
		d.Refs = &binRefs{}
		if err := unlinkOrg(ctx, tx, ws, id, d.Refs); err != nil {
			return err
		}
	}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bin WHERE workspace_id = $1 AND deleted_at < $2`, ws, binCutoff(tx.now)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO bin (workspace_id, entity, entity_id, summary, data, visibility, owner_member_id, deleted_by, deleted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ws, entity, id, summary, string(b), string(vis), nullID(owner), nullID(a.UserID), tx.now)
	return err
}

// PurgeBin removes what has been in the workspace's bin longer than
// passerelle.BinDays, and says how many entries went. A delete purges them too, but a
// workspace where nobody deletes anything would keep the deleted people's data for good;
// the retention rule (passerelle people stale --erase) calls this.
func (s *BinService) PurgeBin(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if !a.System && !a.Role.CanManage() {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "your role does not allow changes")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM bin WHERE workspace_id = $1 AND deleted_at < $2`, a.WorkspaceID, binCutoff(tx.now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// FindBin lists what the actor may read in the workspace's bin, newest first; what
// has been there longer than passerelle.BinDays is not listed (and is purged by the
// next delete).
func (s *BinService) FindBin(ctx context.Context) ([]*passerelle.BinEntry, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.scope(a, "b")
	w.add("b.deleted_at >= ?", binCutoff(s.db.Now()))
	rows, err := s.db.read.QueryContext(ctx, `SELECT b.id, b.entity, b.entity_id, b.summary, b.visibility, COALESCE(b.owner_member_id, 0),
		COALESCE(u.email, ''), b.deleted_at FROM bin b LEFT JOIN users u ON u.id = b.deleted_by`+w.String()+` ORDER BY b.deleted_at DESC, b.id DESC LIMIT 500`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.BinEntry
	for rows.Next() {
		e := &passerelle.BinEntry{}
		var vis string
		if err := rows.Scan(&e.ID, &e.Entity, &e.EntityID, &e.Summary, &vis, &e.OwnerMemberID, &e.DeletedBy, &e.DeletedAt); err != nil {
			return nil, err
		}
		e.Visibility = passerelle.Visibility(vis)
		e.ExpiresAt = e.DeletedAt.Add(passerelle.BinDays * 24 * time.Hour)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Restore brings a record back from the bin, under a new id, with the links and
// affiliations whose other end still exists and the actor may read, and, for an
// organisation, what named it elsewhere (relinkOrg); the bin entry goes
// and the audit log says "restore". Restoring needs the right to edit the record.
func (s *BinService) Restore(ctx context.Context, binID int64) (*passerelle.Restored, error) {
	var res *passerelle.Restored
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		w := &where{}
		w.scope(a, "b")
		w.add("b.id = ?", binID)
		w.add("b.deleted_at >= ?", binCutoff(tx.now))
		var entity, data, vis string
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT b.entity, b.data, b.visibility, COALESCE(b.owner_member_id, 0) FROM bin b`+w.String(), w.args...).
			Scan(&entity, &data, &vis, &owner)
		if err != nil {
			return classify(err, "bin entry")
		}
		if err := canEdit(a, passerelle.Visibility(vis), owner); err != nil {
			return err
		}
		var d binData
		if err := json.Unmarshal([]byte(data), &d); err != nil {
			return fmt.Errorf("bin entry %d: %w", binID, err)
		}
		res = &passerelle.Restored{Entity: entity}
		switch {
		case entity == "organization" && d.Organization != nil:
			err = restoreOrg(ctx, tx, a, &d, res)
		case entity == "person" && d.Person != nil:
			err = restorePerson(ctx, tx, a, &d, res)
		case entity == "agreement" && d.Agreement != nil:
			err = restoreAgreement(ctx, tx, a, &d, res)
		default:
			err = fmt.Errorf("bin entry %d: nothing to restore", binID)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM bin WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, binID)
		return err
	})
	return res, err
}

func restoreOrg(ctx context.Context, tx *Tx, a *passerelle.Actor, d *binData, res *passerelle.Restored) error {
	o := d.Organization
	oldID := o.ID
	o.ID = 0
	// A shared record with the same ROR id created since would clash: say so.
	if err := insertOrg(ctx, tx, a, o, true); err != nil {
		return err
	}
	res.ID = o.ID
	for _, l := range d.Links {
		// The link as stated, with the deleted id replaced by the new one; the other end
		// must still be there and readable (a link waiting for a ROR id has none).
		other := l.ToID
		if l.FromID != oldID {
			other = l.FromID
		}
		if l.FromID == oldID {
			l.FromID = o.ID
		}
		if l.ToID == oldID {
			l.ToID = o.ID
		}
		if other != 0 && other != oldID {
			if _, err := findOrg(ctx, tx, a, other); err != nil {
				res.Dropped++
				continue
			}
		}
		ol := &passerelle.OrgLink{Kind: l.Kind, FromID: l.FromID, ToID: l.ToID, ToRef: l.ToRef, ToLabel: l.ToLabel,
			StartDate: l.StartDate, EndDate: l.EndDate, Source: l.Source}
		if err := insertLink(ctx, tx, a, ol); err != nil {
			return err
		}
		res.Links++
	}
	for _, af := range d.Affiliations {
		if _, err := findPerson(ctx, tx, a, af.PersonID); err != nil {
			res.Dropped++
			continue
		}
		af.OrganizationID = o.ID
		if err := insertAffiliation(ctx, tx, a, af); err != nil {
			return err
		}
		res.Affected++
	}
	if err := relinkMeetings(ctx, tx, a, "organization", o.ID, d.Meetings, res); err != nil {
		return err
	}
	if d.Refs != nil {
		if err := relinkOrg(ctx, tx, a.WorkspaceID, o.ID, d.Refs, res); err != nil {
			return err
		}
	}
	return writeAudit(ctx, tx, a, "restore", "organization", o.ID, o.Name, diff(nil, orgFields(o)), o.Visibility, o.OwnerMemberID)
}

func restorePerson(ctx context.Context, tx *Tx, a *passerelle.Actor, d *binData, res *passerelle.Restored) error {
	p := d.Person
	p.ID = 0
	if err := insertPerson(ctx, tx, a, p); err != nil {
		return err
	}
	res.ID = p.ID
	for _, af := range d.Affiliations {
		if _, err := findOrg(ctx, tx, a, af.OrganizationID); err != nil {
			res.Dropped++
			continue
		}
		af.PersonID = p.ID
		if err := insertAffiliation(ctx, tx, a, af); err != nil {
			return err
		}
		res.Affected++
	}
	if err := relinkMeetings(ctx, tx, a, "person", p.ID, d.Meetings, res); err != nil {
		return err
	}
	return writeAudit(ctx, tx, a, "restore", "person", p.ID, p.Name(), diff(nil, personFields(p)), p.Visibility, p.OwnerMemberID)
}

func restoreAgreement(ctx context.Context, tx *Tx, a *passerelle.Actor, d *binData, res *passerelle.Restored) error {
	ag := d.Agreement
	ag.ID = 0
	if err := ag.Validate(); err != nil {
		return err
	}
	themes, err := loadThemes(ctx, tx, a.WorkspaceID)
	if err != nil {
		return err
	}
	// A partner deleted since cannot come back with it: resolvePartners names it.
	if err := resolvePartners(ctx, tx, a, ag, nil); err != nil {
		return err
	}
	if err := saveAgreement(ctx, tx, a, ag, nil, themes); err != nil {
		return err
	}
	res.ID = ag.ID
	return writeAudit(ctx, tx, a, "restore", "agreement", ag.ID, ag.Title, diff(nil, agreementFields(ag)), ag.Visibility, ag.OwnerMemberID)
}

// relinkMeetings names the restored record again in the meetings that named it and still
// exist (a meeting deleted since is left alone). Only the meetings the restorer may read
// are counted in res, so that the count tells nothing of other members' private ones.
func relinkMeetings(ctx context.Context, tx *Tx, a *passerelle.Actor, entity string, id int64, ms []binMeeting, res *passerelle.Restored) error {
	q := `INSERT INTO meeting_organizations (workspace_id, meeting_id, organization_id, position)
		SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM meetings WHERE workspace_id = $1 AND id = $2)`
	if entity == "person" {
		q = `INSERT INTO meeting_people (workspace_id, meeting_id, person_id, position)
		SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM meetings WHERE workspace_id = $1 AND id = $2)`
	}
	for _, m := range ms {
		r, err := tx.ExecContext(ctx, q, a.WorkspaceID, m.MeetingID, id, m.Position)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			continue
		}
		if _, err := findMeeting(ctx, tx, a, m.MeetingID); err == nil {
			res.Meetings++
		}
	}
	return nil
}

func insertAffiliation(ctx context.Context, tx *Tx, a *passerelle.Actor, af binAffiliation) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO affiliations (workspace_id, person_id, organization_id, role, title, start_date, end_date, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.WorkspaceID, af.PersonID, af.OrganizationID, af.Role, af.Title, af.StartDate, af.EndDate, tx.now)
	return classify(err, "affiliation")
}
