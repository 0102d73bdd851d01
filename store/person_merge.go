package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"passerelle"
)

// personRefs is every column that names a person, but the "not a duplicate" marks
// (which follow the record's own life) and the audit log (whose entries stay with the
// record they tell of). Agreements name people inside their contacts' JSON, which
// relinkContacts rewrites. A feature that adds such a column adds it here, or a merge
// would lose its rows: TestPersonRefsCoverTheSchema fails until it does.
var personRefs = []refCol{
	{table: "affiliations", col: "person_id", key: []string{"id"}},
	{table: "meeting_people", col: "person_id", key: []string{"meeting_id"}, conflict: true, ints: []string{"position"}, keyParent: "meetings"},
	{table: "person_consents", col: "person_id", key: []string{"id"}},
	// One owner a person: the kept record's stays, the other's is dropped (and kept for
	// an undo).
	{table: "person_owners", col: "person_id", conflict: true, ints: []string{"user_id"}, texts: []string{"note"}},
	{table: "missions", col: "lead_person_id", key: []string{"id"}},
	// A member's private notes: the kept record's stay, the other's are dropped (and kept
	// for an undo).
	{table: "person_member_notes", col: "person_id", key: []string{"member_id"}, conflict: true, texts: []string{"notes"}, keyParent: "members"},
	{table: "opportunity_links", col: "target_id", key: []string{"opportunity_id"}, conflict: true, ints: []string{"position"},
		texts: []string{"kind"}, filter: "kind = 'person'", keyParent: "opportunities"},
}

// personMergeData is what an undo of a merge of two people needs.
type personMergeData struct {
	Gone        *passerelle.Person `json:"gone"`
	KeptBefore  *passerelle.Person `json:"kept_before"`
	KeptVersion int64              `json:"kept_version"`
	movedRows
	// Contacts are the agreements' contacts that named gone (an agreement's contacts
	// are JSON, not rows): agreement id and position.
	Contacts      [][2]int64         `json:"contacts,omitempty"`
	NotDuplicates []notDuplicateMark `json:"not_duplicates,omitempty"`
}

// relinkContacts makes the agreements' contacts that name gone name kept, recording them.
func relinkContacts(ctx context.Context, tx *Tx, ws, gone, kept int64, d *personMergeData) error {
	found, err := agreementsNaming(ctx, tx, ws, gone)
	if err != nil {
		return err
	}
	for _, x := range found {
		for i, c := range x.contacts {
			if c.PersonID == gone {
				x.contacts[i].PersonID = kept
				d.Contacts = append(d.Contacts, [2]int64{x.id, int64(i)})
			}
		}
		if err := setAgreementContacts(ctx, tx, ws, x); err != nil {
			return err
		}
	}
	return nil
}

// unlinkContacts undoes relinkContacts, for the contacts that still name kept where
// they were.
func unlinkContacts(ctx context.Context, tx *Tx, ws, gone, kept int64, d *personMergeData) error {
	found, err := agreementsNaming(ctx, tx, ws, kept)
	if err != nil {
		return err
	}
	for _, x := range found {
		changed := false
		for _, ref := range d.Contacts {
			if i := int(ref[1]); ref[0] == x.id && i < len(x.contacts) && x.contacts[i].PersonID == kept {
				x.contacts[i].PersonID, changed = gone, true
			}
		}
		if changed {
			if err := setAgreementContacts(ctx, tx, ws, x); err != nil {
				return err
			}
		}
	}
	return nil
}

// MergePeople merges gone into kept: every affiliation, meeting, consent, mission,
// opportunity and agreement contact that named gone names kept; kept's emails, phones, languages and topics
// take gone's too, its empty country gone's, its notes gone's after its own; gone is
// deleted. Recorded, and undone by UndoMerge while kept is unchanged. Both records must
// be the actor's to edit: another member's private person is not found; a shared
// person is not merged into a private one, nor an erased person.
func (s *PersonService) MergePeople(ctx context.Context, keptID, goneID int64) (*Merge, error) {
	var m *Merge
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if keptID == goneID {
			return passerelle.Errorf(passerelle.EINVALID, "a person cannot be merged into themselves")
		}
		ws := a.WorkspaceID
		var kept, gone *passerelle.Person
		for _, x := range []struct {
			id  int64
			dst **passerelle.Person
		}{{keptID, &kept}, {goneID, &gone}} {
			if err := tx.lockRow(ctx, "people", ws, x.id); err != nil {
				return err
			}
			p, err := findPerson(ctx, tx, a, x.id)
			if err != nil {
				return err
			}
			if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
				return err
			}
			var erased bool
			if err := tx.QueryRowContext(ctx, `SELECT erased_at IS NOT NULL FROM people WHERE workspace_id = $1 AND id = $2`, ws, p.ID).Scan(&erased); err != nil {
				return err
			}
			if erased {
				return passerelle.Errorf(passerelle.EINVALID, "person %d was erased: nothing of them is left to merge", p.ID)
			}
			*x.dst = p
		}
		if gone.Visibility == passerelle.VisibilityShared && kept.Visibility != passerelle.VisibilityShared {
			return passerelle.Errorf(passerelle.EINVALID, "a shared person cannot be merged into a private one: merge the private one into it")
		}
		before := *kept
		d := &personMergeData{Gone: gone, KeptBefore: &before, movedRows: newMovedRows()}
		for _, r := range personRefs {
			if _, err := moveRefs(ctx, tx, ws, r, gone.ID, kept.ID, &d.movedRows); err != nil {
				return fmt.Errorf("merge %s: %w", r.table, err)
			}
		}
		if err := relinkContacts(ctx, tx, ws, gone.ID, kept.ID, d); err != nil {
			return err
		}
		n := mergedPerson(kept, gone)
		var err error
		if d.NotDuplicates, err = notDuplicatesOf(ctx, tx, "person_not_duplicates", ws, gone.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE workspace_id = $1 AND id = $2`, ws, gone.ID); err != nil {
			return classify(err, "person")
		}
		changes := diff(personFields(kept), personFields(n))
		if len(changes) > 0 {
			if err := updatePersonRow(ctx, tx, a, n, kept); err != nil {
				return err
			}
		}
		d.KeptVersion = n.Version
		b, err := json.Marshal(d)
		if err != nil {
			return err
		}
		m = &Merge{KeptID: kept.ID, GoneID: gone.ID, GoneName: gone.Name()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO person_merges (workspace_id, kept_id, gone_id, gone_name, data, merged_by, merged_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, ws, kept.ID, gone.ID, gone.Name(), string(b), nullID(a.UserID), tx.now).Scan(&m.ID); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "merge", "person", kept.ID, gone.Name()+" → "+kept.Name(), changes, n.Visibility, n.OwnerMemberID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "delete", "person", gone.ID, gone.Name(), nil, gone.Visibility, gone.OwnerMemberID)
	})
	return m, err
}

// mergedPerson is kept with what gone adds: its emails, phones, languages and topics
// that kept lacks (case-insensitive for emails), its country when kept has none, its
// notes after kept's. Names stay kept's: the user chose which record to keep.
func mergedPerson(kept, gone *passerelle.Person) *passerelle.Person {
	n := *kept
	union := func(a, b []string, fold bool) []string {
		out := slices.Clone(a)
		for _, x := range b {
			if !slices.ContainsFunc(out, func(y string) bool { return y == x || fold && strings.EqualFold(x, y) }) {
				out = append(out, x)
			}
		}
		return out
	}
	n.Emails = union(kept.Emails, gone.Emails, true)
	n.Phones = union(kept.Phones, gone.Phones, false)
	n.Languages = union(kept.Languages, gone.Languages, false)
	n.Topics = union(kept.Topics, gone.Topics, true)
	if n.Country == "" {
		n.Country = gone.Country
	}
	switch {
	case gone.Notes == "" || strings.Contains(n.Notes, gone.Notes):
	case n.Notes == "":
		n.Notes = gone.Notes
	default:
		n.Notes += "\n\n" + gone.Notes
	}
	return &n
}

// UndoMerge puts a merge of two people back: the person merged away returns under
// their own id, every row the merge moved names them again, the rows it dropped
// return, and the kept record gets its fields of before. Refused (ECONFLICT) once the
// kept record has changed since the merge, or when the merge was undone already.
func (s *PersonService) UndoMerge(ctx context.Context, mergeID int64) (*Merge, error) {
	var m *Merge
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var data string
		var undone sql.NullTime
		ws := a.WorkspaceID
		m = &Merge{ID: mergeID}
		err := tx.QueryRowContext(ctx, `SELECT kept_id, gone_id, gone_name, data, undone_at FROM person_merges WHERE workspace_id = $1 AND id = $2`,
			ws, mergeID).Scan(&m.KeptID, &m.GoneID, &m.GoneName, &data, &undone)
		if err != nil {
			return classify(err, "merge")
		}
		var d personMergeData
		if err := json.Unmarshal([]byte(data), &d); err != nil {
			return fmt.Errorf("merge %d: %w", mergeID, err)
		}
		// Read as the actor: another member's private record is not found, the same
		// as a merge that does not exist.
		if err := tx.lockRow(ctx, "people", ws, m.KeptID); err != nil {
			return err
		}
		kept, err := findPerson(ctx, tx, a, m.KeptID)
		if err != nil {
			return err
		}
		if !a.CanSee(d.Gone.Visibility, d.Gone.OwnerMemberID) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "merge not found")
		}
		for _, p := range []*passerelle.Person{kept, d.Gone} {
			if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
				return err
			}
		}
		if undone.Valid {
			return passerelle.Errorf(passerelle.ECONFLICT, "this merge was undone already")
		}
		if kept.Version != d.KeptVersion {
			return passerelle.Errorf(passerelle.ECONFLICT, "%s has changed since the merge: the merge can no longer be undone", kept.Name())
		}
		before := *d.KeptBefore
		changes := diff(personFields(kept), personFields(&before))
		if len(changes) > 0 {
			if err := updatePersonRow(ctx, tx, a, &before, kept); err != nil {
				return err
			}
		}
		gone := d.Gone
		if err := insertPerson(ctx, tx, a, gone); err != nil {
			return err
		}
		if err := restoreRefs(ctx, tx, ws, personRefs, "people", gone.ID, kept.ID, &d.movedRows); err != nil {
			return err
		}
		if err := unlinkContacts(ctx, tx, ws, gone.ID, kept.ID, &d); err != nil {
			return err
		}
		if err := restoreNotDuplicates(ctx, tx, ws, "person_not_duplicates", "people", d.NotDuplicates); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person_merges SET undone_at = $1 WHERE workspace_id = $2 AND id = $3`, tx.now, ws, mergeID); err != nil {
			return err
		}
		m.Undone = true
		if err := writeAudit(ctx, tx, a, "unmerge", "person", kept.ID, gone.Name()+" ← "+kept.Name(), changes, before.Visibility, before.OwnerMemberID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "restore", "person", gone.ID, gone.Name(), diff(nil, personFields(gone)), gone.Visibility, gone.OwnerMemberID)
	})
	return m, err
}

// FindMerges lists the merges into a person the actor may read, newest first.
func (s *PersonService) FindMerges(ctx context.Context, keptID int64) ([]*Merge, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findPerson(ctx, s.db.read, a, keptID); err != nil {
		return nil, err
	}
	return findMerges(ctx, s.db.read, "person_merges", a.WorkspaceID, keptID)
}
