package store

import (
	"context"
	"slices"

	"passerelle"
	"passerelle/match"
)

// loadPersonIndex reads the people the actor may see into the engine's index, with
// the organisations of their affiliations that the actor may see (another member's
// private organisation is no evidence the reader could check). Erased people are left
// out: nothing of them is left to compare. With only, it reads the candidates of those
// people alone (personCandidates), and the index keeps only what answers them
// (match.PersonIndex.Restrict): an import of 10,000 rows no longer reads a contact book
// of a million.
func loadPersonIndex(ctx context.Context, tx *Tx, a *passerelle.Actor, only []*match.PersonRecord) (*match.PersonIndex, error) {
	ix := match.NewPersonIndex()
	var recs []*match.PersonRecord
	var err error
	if only == nil {
		recs, err = readPersonRecords(ctx, tx, a, nil)
	} else {
		var ids []int64
		var common []string
		if ids, common, err = personCandidates(ctx, tx, a, only); err != nil {
			return nil, err
		}
		ix.Restrict(only)
		ix.Drop(common)
		for batch := range slices.Chunk(ids, keyBatch) {
			var part []*match.PersonRecord
			if part, err = readPersonRecords(ctx, tx, a, batch); err != nil {
				break
			}
			recs = append(recs, part...)
		}
	}
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ix.Add(r)
	}
	return ix, nil
}

// readPersonRecords reads the people the actor may see, all of them or those of ids,
// with the organisations of their affiliations the actor may see, in id order.
func readPersonRecords(ctx context.Context, tx *Tx, a *passerelle.Actor, ids []int64) ([]*match.PersonRecord, error) {
	w := &where{}
	if ids != nil {
		w.add("p.id IN (" + idList(ids) + ")")
		w.scopeByID(a, "p")
	} else {
		w.scope(a, "p")
	}
	w.add("p.erased_at IS NULL")
	rows, err := tx.queryOnce(ctx, `SELECT p.id, p.first_name, p.last_name, p.emails FROM people p`+w.String()+` ORDER BY p.id`, w.args...)
	if err != nil {
		return nil, err
	}
	var recs []*match.PersonRecord
	byID := map[int64]*match.PersonRecord{}
	for rows.Next() {
		r := &match.PersonRecord{}
		var emails string
		if err := rows.Scan(&r.ID, &r.FirstName, &r.LastName, &emails); err != nil {
			rows.Close()
			return nil, err
		}
		r.Emails = parseList(emails)
		recs = append(recs, r)
		byID[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	w = &where{}
	w.add("af.workspace_id = ?", a.WorkspaceID)
	order := ` ORDER BY af.id` // by id, a sort SQLite would avoid by reading every affiliation
	if ids != nil {
		order = ""
		w.add("af.person_id IN (" + idList(ids) + ")")
		w.scopeByID(a, "o")
	} else {
		w.scope(a, "o")
	}
	rows, err = tx.queryOnce(ctx, `SELECT af.person_id, af.organization_id FROM affiliations af
		JOIN organizations o ON o.workspace_id = af.workspace_id AND o.id = af.organization_id`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, oid int64
		if err := rows.Scan(&pid, &oid); err != nil {
			return nil, err
		}
		if r := byID[pid]; r != nil {
			r.OrgIDs = append(r.OrgIDs, oid)
		}
	}
	return recs, rows.Err()
}

// FindDuplicates returns the pairs of people the actor may see that the engine finds
// alike (at least the "maybe" threshold), best first, at most limit; pairs marked "not
// a duplicate" are left out.
func (s *PersonService) FindDuplicates(ctx context.Context, limit int) ([]passerelle.DuplicatePair, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var pairs []passerelle.DuplicatePair
	err = s.db.inTx(ctx, func(tx *Tx) error {
		ix, err := loadPersonIndex(ctx, tx, a, nil)
		if err != nil {
			return err
		}
		marked, err := notDuplicates(ctx, tx, a, "person_not_duplicates")
		if err != nil {
			return err
		}
		for _, r := range ix.Records() {
			pairs = appendPairs(pairs, passerelle.OrgMatchRef{ID: r.ID, Name: r.Name()}, ix.Match(r), ix.T, marked)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bestPairs(pairs, limit), nil
}

// MarkNotDuplicate records that two people the actor may see are not one: the
// duplicates list no longer shows the pair. Audited on the first of the two.
func (s *PersonService) MarkNotDuplicate(ctx context.Context, id1, id2 int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if id1 == id2 {
			return passerelle.FieldError("id", "a person is not a duplicate of themselves")
		}
		if id1 > id2 {
			id1, id2 = id2, id1
		}
		p1, err := findPerson(ctx, tx, a, id1)
		if err != nil {
			return err
		}
		p2, err := findPerson(ctx, tx, a, id2)
		if err != nil {
			return err
		}
		if added, err := insertNotDuplicate(ctx, tx, a, "person_not_duplicates", id1, id2); err != nil || !added {
			return err // or already marked
		}
		vis, owner := narrowest(p1.Visibility, p1.OwnerMemberID, p2.Visibility, p2.OwnerMemberID)
		return writeAudit(ctx, tx, a, "not_duplicate", "person", id1, p1.Name()+" ≠ "+p2.Name(),
			map[string]passerelle.Change{"not_duplicate_of": {Old: nil, New: id2}}, vis, owner)
	})
}
