package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"passerelle"
)

// PersonService implements passerelle.PersonService.
type PersonService struct{ db *DB }

func NewPersonService(db *DB) *PersonService { return &PersonService{db: db} }

const personColumns = `p.id, p.workspace_id, p.first_name, p.last_name, p.emails, p.phones, p.languages, p.topics,
	p.country, p.notes, p.fictional, p.visibility, p.owner_member_id, p.created_at, p.updated_at, p.version`

func scanPerson(sc interface{ Scan(...any) error }, extra ...any) (*passerelle.Person, error) {
	p := &passerelle.Person{}
	var emails, phones, langs, topics, vis string
	var owner sql.NullInt64
	dest := []any{&p.ID, &p.WorkspaceID, &p.FirstName, &p.LastName, &emails, &phones, &langs, &topics,
		&p.Country, &p.Notes, &p.Fictional, &vis, &owner, &p.CreatedAt, &p.UpdatedAt, &p.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	p.Emails, p.Phones, p.Languages, p.Topics = parseList(emails), parseList(phones), parseList(langs), parseList(topics)
	p.Visibility, p.OwnerMemberID = passerelle.Visibility(vis), owner.Int64
	return p, nil
}

func personFields(p *passerelle.Person) map[string]any {
	return map[string]any{
		"first_name": p.FirstName, "last_name": p.LastName, "emails": strings.Join(p.Emails, "; "),
		"phones": strings.Join(p.Phones, "; "), "languages": strings.Join(p.Languages, "; "),
		"topics": strings.Join(p.Topics, "; "), "country": p.Country, "notes": p.Notes, "visibility": string(p.Visibility),
	}
}

func personSearchText(p *passerelle.Person) (doc, nameKey string) {
	parts := append([]string{wsToken(p.WorkspaceID), p.FirstName, p.LastName}, p.Emails...)
	parts = append(parts, p.Topics...)
	return passerelle.Fold(strings.Join(parts, " ")), passerelle.Fold(p.LastName + " " + p.FirstName)
}

func findPerson(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.Person, error) {
	w := &where{}
	w.scope(a, "p")
	w.add("p.id = ?", id)
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, fmt.Sprintf("person %d", id))
	}
	return p, nil
}

func (s *PersonService) FindPersonByID(ctx context.Context, id int64) (*passerelle.Person, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := findPerson(ctx, s.db.read, a, id)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.add("af.workspace_id = ?", a.WorkspaceID)
	w.add("af.person_id = ?", id)
	w.scope(a, "o")
	p.Affiliations, err = findAffiliations(ctx, s.db.read, w)
	return p, err
}

func findAffiliations(ctx context.Context, q queryer, w *where) ([]*passerelle.Affiliation, error) {
	rows, err := q.QueryContext(ctx, `SELECT af.id, af.workspace_id, af.person_id, af.organization_id, af.role, af.title,
		af.start_date, af.end_date, o.name, p.first_name, p.last_name
		FROM affiliations af JOIN organizations o ON o.workspace_id = af.workspace_id AND o.id = af.organization_id
		JOIN people p ON p.workspace_id = af.workspace_id AND p.id = af.person_id`+w.String()+` ORDER BY af.start_date DESC, af.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.Affiliation
	for rows.Next() {
		af := &passerelle.Affiliation{}
		var first, last string
		if err := rows.Scan(&af.ID, &af.WorkspaceID, &af.PersonID, &af.OrganizationID, &af.Role, &af.Title,
			&af.StartDate, &af.EndDate, &af.OrganizationName, &first, &last); err != nil {
			return nil, err
		}
		af.PersonName = strings.TrimSpace(first + " " + last)
		out = append(out, af)
	}
	return out, rows.Err()
}

// FindAffiliationsOfOrganization lists the people of an organisation that the actor may see.
func (s *PersonService) FindAffiliationsOfOrganization(ctx context.Context, orgID int64) ([]*passerelle.Affiliation, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findOrg(ctx, s.db.read, a, orgID); err != nil {
		return nil, err
	}
	w := &where{}
	w.add("af.organization_id = ?", orgID)
	w.scope(a, "p")
	return findAffiliations(ctx, s.db.read, w)
}

func (s *PersonService) FindPeople(ctx context.Context, f passerelle.PersonFilter) ([]*passerelle.Person, int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := &where{}
	w.scope(a, "p")
	if f.Country != "" {
		w.add("p.country = ?", strings.ToUpper(f.Country))
	}
	if f.OrganizationID != 0 {
		// An organisation the actor may not see has nobody, as one that does not exist:
		// its count would tell that it exists.
		org := `EXISTS (SELECT 1 FROM affiliations af JOIN organizations o ON o.workspace_id = af.workspace_id AND o.id = af.organization_id
			WHERE af.workspace_id = p.workspace_id AND af.person_id = p.id AND af.organization_id = ?`
		if a.System {
			w.add(org+`)`, f.OrganizationID)
		} else {
			w.add(org+` AND (o.visibility = 'shared' OR o.owner_member_id = ?))`, f.OrganizationID, a.MemberID)
		}
	}
	with, from, order := "", "people p", "p.name_key, p.id"
	if terms := passerelle.SearchTerms(f.Query); len(terms) > 0 {
		with, from = s.db.textCandidates(w, "people", "p", a.WorkspaceID, terms, "", "")
		order = "CASE WHEN p.name_key LIKE " + w.arg(strings.Join(terms, " ")+"%") + " THEN 0 ELSE 1 END, p.name_key, p.id"
	}
	rows, err := s.db.read.QueryContext(ctx, with+`SELECT `+personColumns+`, COUNT(*) OVER() FROM `+from+w.String()+` ORDER BY `+order+
		fmt.Sprintf(` LIMIT %d OFFSET %d`, limitOf(f.Limit, 50, 1000), max(f.Offset, 0)), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*passerelle.Person
	total := 0
	for rows.Next() {
		p, err := scanPerson(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	// Their organisations, as a contact list shows them: one query for the page, the
	// organisations the actor may not see left out as FindPersonByID leaves them.
	if len(out) > 0 {
		ids := make([]int64, len(out))
		byID := make(map[int64]*passerelle.Person, len(out))
		for i, p := range out {
			ids[i], byID[p.ID] = p.ID, p
		}
		w := &where{}
		w.add("af.workspace_id = ?", a.WorkspaceID)
		w.add("af.person_id IN (" + idList(ids) + ")")
		w.scope(a, "o")
		afs, err := findAffiliations(ctx, s.db.read, w)
		if err != nil {
			return nil, 0, err
		}
		for _, af := range afs {
			p := byID[af.PersonID]
			p.Affiliations = append(p.Affiliations, af)
		}
	}
	return out, total, nil
}

// EachPerson calls fn with the people the actor may see, batch by batch in name order,
// by keyset (name_key, id), as EachOrganization and for the same reason.
func (s *PersonService) EachPerson(ctx context.Context, batch int, fn func([]*passerelle.Person) error) error {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	return eachByName(ctx, s.db.read, a, "people", "p", personColumns, batch,
		func(rows *sql.Rows, key *string) (*passerelle.Person, int64, error) {
			p, err := scanPerson(rows, key)
			if err != nil {
				return nil, 0, err
			}
			return p, p.ID, nil
		}, fn)
}

func (s *PersonService) CreatePerson(ctx context.Context, p *passerelle.Person) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if err := prepareOwnership(a, p.Visibility, &p.OwnerMemberID); err != nil {
		return err
	}
	p.ID, p.Version = 0, 1 // the database gives the id; the column's default
	return s.db.inTx(ctx, func(tx *Tx) error {
		if err := insertPerson(ctx, tx, a, p); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "create", "person", p.ID, p.Name(), diff(nil, personFields(p)), p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
}

func insertPerson(ctx context.Context, tx *Tx, a *passerelle.Actor, p *passerelle.Person) error {
	p.WorkspaceID, p.CreatedAt, p.UpdatedAt = a.WorkspaceID, tx.now, tx.now
	doc, key := personSearchText(p)
	// An id given is kept (an undone merge puts the record back under its own id).
	idCol, idVal := "", ""
	args := []any{p.WorkspaceID, p.FirstName, p.LastName, jsonList(p.Emails), jsonList(p.Phones), jsonList(p.Languages), jsonList(p.Topics),
		p.Country, p.Notes, p.Fictional, string(p.Visibility), nullID(p.OwnerMemberID), doc, key, p.CreatedAt}
	id := p.ID
	if id == 0 {
		last, err := tx.lastRecordID(ctx, "people", "person", p.WorkspaceID)
		if err != nil {
			return err
		}
		if last > 0 {
			id = last + 1
		}
	}
	if id > 0 {
		idCol, idVal = "id, ", "$16, "
		args = append(args, id)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO people (`+idCol+`workspace_id, first_name, last_name, emails, phones, languages, topics,
		country, notes, fictional, visibility, owner_member_id, search_doc, name_key, created_at, updated_at)
		VALUES (`+idVal+`$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`, args...).Scan(&p.ID)
	if err != nil {
		return classify(err, "person")
	}
	return setPersonKeys(ctx, tx, p, false)
}

func (s *PersonService) UpdatePerson(ctx context.Context, p *passerelle.Person) error {
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := p.Validate(); err != nil {
			return err
		}
		if err := tx.lockRow(ctx, "people", a.WorkspaceID, p.ID); err != nil {
			return err
		}
		old, err := findPerson(ctx, tx, a, p.ID)
		if err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := checkVersion(p.Version, old.Version); err != nil {
			return err
		}
		if err := canChangeVisibility(a, old.Visibility, p.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if p.OwnerMemberID, err = newOwner(a, old.Visibility, p.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		changes := diff(personFields(old), personFields(p))
		if len(changes) == 0 {
			*p = *old
			return nil
		}
		if err := updatePersonRow(ctx, tx, a, p, old); err != nil {
			return err
		}
		return auditUpdate(ctx, tx, a, "person", p.ID, old.Name(), p.Name(), changes, p.Visibility, p.OwnerMemberID)
	})
	return withCurrent(err, func() (*passerelle.Person, error) { return s.FindPersonByID(ctx, p.ID) })
}

// updatePersonRow writes p over old (checked by the caller), with a new version.
func updatePersonRow(ctx context.Context, tx *Tx, a *passerelle.Actor, p, old *passerelle.Person) error {
	var err error
	p.WorkspaceID, p.CreatedAt, p.UpdatedAt, p.Fictional = a.WorkspaceID, old.CreatedAt, tx.now, old.Fictional
	if p.Version, err = bumpVersion(ctx, tx, "people", a.WorkspaceID, p.ID, old.Version); err != nil {
		return err
	}
	doc, key := personSearchText(p)
	if _, err := tx.ExecContext(ctx, `UPDATE people SET first_name = $1, last_name = $2, emails = $3, phones = $4, languages = $5,
		topics = $6, country = $7, notes = $8, visibility = $9, owner_member_id = $10, search_doc = $11, name_key = $12, updated_at = $13
		WHERE workspace_id = $14 AND id = $15`,
		p.FirstName, p.LastName, jsonList(p.Emails), jsonList(p.Phones), jsonList(p.Languages), jsonList(p.Topics),
		p.Country, p.Notes, string(p.Visibility), nullID(p.OwnerMemberID), doc, key, p.UpdatedAt, p.WorkspaceID, p.ID); err != nil {
		return classify(err, "person")
	}
	if slices.Equal(old.Emails, p.Emails) && old.FirstName == p.FirstName && old.LastName == p.LastName {
		return nil
	}
	return setPersonKeys(ctx, tx, p, true)
}

func (s *PersonService) DeletePerson(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findPerson(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := toBin(ctx, tx, a, "person", id, old.Name(), old.Visibility, old.OwnerMemberID, &binData{Person: old}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "delete", "person", id, old.Name(), diff(personFields(old), nil), old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
}

func (s *PersonService) CreateAffiliation(ctx context.Context, af *passerelle.Affiliation) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := af.Validate(); err != nil {
			return err
		}
		p, err := findPerson(ctx, tx, a, af.PersonID)
		if err != nil {
			return passerelle.FieldError("person_id", "no such person")
		}
		if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		o, err := findOrg(ctx, tx, a, af.OrganizationID)
		if err != nil {
			return passerelle.FieldError("organization_id", "no such organisation")
		}
		af.WorkspaceID, af.OrganizationName, af.PersonName = a.WorkspaceID, o.Name, p.Name()
		if err := tx.QueryRowContext(ctx, `INSERT INTO affiliations (workspace_id, person_id, organization_id, role, title, start_date, end_date, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			af.WorkspaceID, af.PersonID, af.OrganizationID, af.Role, af.Title, af.StartDate, af.EndDate, tx.now).Scan(&af.ID); err != nil {
			return classify(err, "affiliation")
		}
		vis, owner := narrowest(p.Visibility, p.OwnerMemberID, o.Visibility, o.OwnerMemberID)
		if err := writeAudit(ctx, tx, a, "create", "affiliation", p.ID, p.Name()+" — "+o.Name, nil, vis, owner); err != nil {
			return err
		}
		return nil
	})
}

func (s *PersonService) DeleteAffiliation(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var personID int64
		if err := tx.QueryRowContext(ctx, `SELECT person_id FROM affiliations WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id).Scan(&personID); err != nil {
			return classify(err, "affiliation")
		}
		p, err := findPerson(ctx, tx, a, personID)
		if err != nil {
			return passerelle.Errorf(passerelle.ENOTFOUND, "affiliation not found")
		}
		if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM affiliations WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
		if err := writeAudit(ctx, tx, a, "delete", "affiliation", p.ID, p.Name(), nil, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		return nil
	})
}
