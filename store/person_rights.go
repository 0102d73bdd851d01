package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"passerelle"
)

// canHandlePersonalData says who answers for a person's data: for a shared person the
// network's managers (coordinators, administrators), for a member's private one that
// member's writers. Reading a record is not enough to erase it or to export all of it.
func canHandlePersonalData(a *passerelle.Actor, p *passerelle.Person) error {
	if a.System {
		return nil
	}
	if p.Visibility == passerelle.VisibilityShared && !a.Role.CanManage() {
		return passerelle.Errorf(passerelle.EFORBIDDEN, "a shared person's data is handled by a coordinator or an administrator")
	}
	return canEdit(a, p.Visibility, p.OwnerMemberID)
}

// AddConsent records a lawful basis for a person; any writer who may edit the person.
func (s *PersonService) AddConsent(ctx context.Context, c *passerelle.Consent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		p, err := findPerson(ctx, tx, a, c.PersonID)
		if err != nil {
			return err
		}
		if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		// A consent given after today, wherever the user is (UTC+14 is a day ahead), is
		// a typo: its withdrawal today would come before it.
		if c.GivenOn > tx.now.UTC().Add(14*time.Hour).Format(time.DateOnly) {
			return passerelle.FieldError("given_on", "a date not in the future")
		}
		c.RecordedAt = tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO person_consents (workspace_id, person_id, basis, purpose, source, given_on, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, a.WorkspaceID, p.ID, string(c.Basis), c.Purpose, c.Source, c.GivenOn,
			nullID(a.UserID), tx.now).Scan(&c.ID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "consent", "person", p.ID, string(c.Basis)+": "+c.Purpose, nil, p.Visibility, p.OwnerMemberID)
	})
}

// WithdrawConsent marks a consent withdrawn on a date (YYYY-MM-DD); it stays on record.
func (s *PersonService) WithdrawConsent(ctx context.Context, personID, consentID int64, on string) error {
	if !passerelle.IsISODate(on) {
		return passerelle.FieldError("withdrawn_on", "a date YYYY-MM-DD")
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		p, err := findPerson(ctx, tx, a, personID)
		if err != nil {
			return err
		}
		if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE person_consents SET withdrawn_on = $1 WHERE workspace_id = $2 AND person_id = $3 AND id = $4 AND withdrawn_on = ''`,
			on, a.WorkspaceID, p.ID, consentID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return passerelle.Errorf(passerelle.ENOTFOUND, "consent not found, or withdrawn already")
		}
		return writeAudit(ctx, tx, a, "withdraw", "person", p.ID, "consent withdrawn on "+on, nil, p.Visibility, p.OwnerMemberID)
	})
}

// FindConsents lists a person's consents, newest first.
func (s *PersonService) FindConsents(ctx context.Context, personID int64) ([]*passerelle.Consent, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findPerson(ctx, s.db.read, a, personID); err != nil {
		return nil, err
	}
	return findConsents(ctx, s.db.read, a.WorkspaceID, personID)
}

func findConsents(ctx context.Context, q queryer, ws, personID int64) ([]*passerelle.Consent, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.person_id, c.basis, c.purpose, c.source, c.given_on, c.withdrawn_on, COALESCE(u.email, ''), c.recorded_at
		FROM person_consents c LEFT JOIN users u ON u.id = c.recorded_by
		WHERE c.workspace_id = $1 AND c.person_id = $2 ORDER BY c.id DESC`, ws, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*passerelle.Consent{}
	for rows.Next() {
		c := &passerelle.Consent{}
		var basis string
		if err := rows.Scan(&c.ID, &c.PersonID, &basis, &c.Purpose, &c.Source, &c.GivenOn, &c.WithdrawnOn, &c.RecordedBy, &c.RecordedAt); err != nil {
			return nil, err
		}
		c.Basis = passerelle.LawfulBasis(basis)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetContactOwner names the user to ask before contacting a person (a user of the
// workspace); userID 0 removes it.
func (s *PersonService) SetContactOwner(ctx context.Context, personID, userID int64, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 500 {
		return passerelle.FieldError("note", "at most 500 characters")
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		p, err := findPerson(ctx, tx, a, personID)
		if err != nil {
			return err
		}
		if err := canEdit(a, p.Visibility, p.OwnerMemberID); err != nil {
			return err
		}
		// "Ask me first" is its user's claim: another member's user removing it, or
		// putting their own in its place, would contact the person behind their back.
		old, err := findContactOwner(ctx, tx, a.WorkspaceID, p.ID)
		if err != nil {
			return err
		}
		if old != nil && old.UserID != a.UserID && !a.System && !a.Role.CanManage() {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "only %s, a coordinator or an administrator may change who to ask first", old.Email)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_owners WHERE workspace_id = $1 AND person_id = $2`, a.WorkspaceID, p.ID); err != nil {
			return err
		}
		summary := "no contact owner"
		if userID != 0 {
			var email string
			if err := tx.QueryRowContext(ctx, `SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id
				WHERE m.workspace_id = $1 AND u.id = $2`, a.WorkspaceID, userID).Scan(&email); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return passerelle.FieldError("user_id", "not a user of this workspace")
				}
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_owners (workspace_id, person_id, user_id, note) VALUES ($1, $2, $3, $4)`,
				a.WorkspaceID, p.ID, userID, note); err != nil {
				return err
			}
			summary = "contact owner " + email
		}
		return writeAudit(ctx, tx, a, "update", "person", p.ID, summary, nil, p.Visibility, p.OwnerMemberID)
	})
}

// FindContactOwner returns the user to ask before contacting a person, or nil.
func (s *PersonService) FindContactOwner(ctx context.Context, personID int64) (*passerelle.ContactOwner, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findPerson(ctx, s.db.read, a, personID); err != nil {
		return nil, err
	}
	return findContactOwner(ctx, s.db.read, a.WorkspaceID, personID)
}

func findContactOwner(ctx context.Context, q queryer, ws, personID int64) (*passerelle.ContactOwner, error) {
	o := &passerelle.ContactOwner{}
	// A user who left the workspace can no longer be asked: their claim lapses.
	err := q.QueryRowContext(ctx, `SELECT o.user_id, u.email, o.note FROM person_owners o JOIN users u ON u.id = o.user_id
		JOIN memberships m ON m.workspace_id = o.workspace_id AND m.user_id = o.user_id
		WHERE o.workspace_id = $1 AND o.person_id = $2`, ws, personID).Scan(&o.UserID, &o.Email, &o.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return o, err
}

// PersonData gathers what the workspace holds on a person, as far as the actor may read
// it: the record, affiliations, meetings, agreements that name them as a contact,
// consents, the contact owner, the members' private notes and the history. A member's
// private records (its notes on the person too) are in its own
// members' answers only: each member answers for what it keeps.
func (s *PersonService) PersonData(ctx context.Context, personID int64) (*passerelle.PersonData, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.FindPersonByID(ctx, personID)
	if err != nil {
		return nil, err
	}
	if err := canHandlePersonalData(a, p); err != nil {
		return nil, err
	}
	d := &passerelle.PersonData{ExportedAt: s.db.Now(), Person: p, Affiliations: p.Affiliations,
		Meetings: []passerelle.PersonDataMeeting{}, Agreements: []passerelle.PersonDataDocument{}}
	// Every other record that names the person (personRefs): the missions they lead, the
	// opportunities linked to them, as the actor may read them.
	mw := &where{}
	mw.add("m.workspace_id = ?", a.WorkspaceID)
	mw.add("m.lead_person_id = ?", personID)
	if d.Missions, err = personDocuments(ctx, s.db.read, `SELECT m.id, m.name, 'lead' FROM missions m`+mw.String()+` ORDER BY m.start_date, m.id`, mw.args); err != nil {
		return nil, err
	}
	ow := &where{}
	ow.scope(a, "o")
	ow.add(`EXISTS (SELECT 1 FROM opportunity_links l WHERE l.workspace_id = o.workspace_id AND l.opportunity_id = o.id
		AND l.kind = 'person' AND l.target_id = ?)`, personID)
	if d.Opportunities, err = personDocuments(ctx, s.db.read, `SELECT o.id, o.title, o.stage FROM opportunities o`+ow.String()+` ORDER BY o.opened_on, o.id`, ow.args); err != nil {
		return nil, err
	}
	if d.Affiliations == nil {
		d.Affiliations = []*passerelle.Affiliation{}
	}
	ms, _, err := findMeetings(ctx, s.db.read, a, passerelle.MeetingFilter{PersonID: personID, Limit: 10000}, 10000, 10000)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		d.Meetings = append(d.Meetings, passerelle.PersonDataMeeting{ID: m.ID, Title: m.Title, Start: m.Start, Location: m.Location, Status: string(m.Status)})
	}
	w := &where{}
	w.scope(a, "ag")
	w.add("ag.contacts LIKE ?", "%\"person_id\":"+strconv.FormatInt(personID, 10)+",%")
	rows, err := s.db.read.QueryContext(ctx, `SELECT ag.id, ag.title, ag.contacts FROM agreements ag`+w.String()+` ORDER BY ag.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc passerelle.PersonDataDocument
		var contacts string
		if err := rows.Scan(&doc.ID, &doc.Title, &contacts); err != nil {
			return nil, err
		}
		var cs []passerelle.AgreementContact
		_ = json.Unmarshal([]byte(contacts), &cs)
		for _, c := range cs {
			if c.PersonID == personID {
				doc.Role = c.Role
				d.Agreements = append(d.Agreements, doc)
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if d.Consents, err = findConsents(ctx, s.db.read, a.WorkspaceID, personID); err != nil {
		return nil, err
	}
	if d.ContactOwner, err = findContactOwner(ctx, s.db.read, a.WorkspaceID, personID); err != nil {
		return nil, err
	}
	if d.MemberNotes, err = memberNotesOf(ctx, s.db.read, a, personID); err != nil {
		return nil, err
	}
	// The records merged into the person held their data too: their history is theirs.
	ids, _, err := mergedInto(ctx, s.db.read, a.WorkspaceID, personID)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		for _, e := range []string{"person", "affiliation"} {
			h, err := NewAuditService(s.db).FindAuditEntries(ctx, passerelle.AuditFilter{Entity: e, EntityID: id, Limit: 1000})
			if err != nil {
				return nil, err
			}
			d.History = append(d.History, h...)
		}
	}
	return d, nil
}

// personDocuments reads the records of a subject-access answer: id, title and role.
func personDocuments(ctx context.Context, q queryer, query string, args []any) ([]passerelle.PersonDataDocument, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []passerelle.PersonDataDocument{}
	for rows.Next() {
		var doc passerelle.PersonDataDocument
		if err := rows.Scan(&doc.ID, &doc.Title, &doc.Role); err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, rows.Err()
}

// memberNotesOf reads the members' private notes on a person that the actor answers
// for: its own member's, or every member's for the system.
func memberNotesOf(ctx context.Context, q queryer, a *passerelle.Actor, personID int64) ([]passerelle.PersonDataNote, error) {
	w := &where{}
	w.add("n.workspace_id = ?", a.WorkspaceID)
	w.add("n.person_id = ?", personID)
	if !a.System {
		w.add("n.member_id = ?", a.MemberID)
	}
	rows, err := q.QueryContext(ctx, `SELECT m.name, n.notes FROM person_member_notes n
		JOIN members m ON m.workspace_id = n.workspace_id AND m.id = n.member_id`+w.String()+` ORDER BY m.name`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []passerelle.PersonDataNote{}
	for rows.Next() {
		var n passerelle.PersonDataNote
		if err := rows.Scan(&n.Member, &n.Notes); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ErasePerson anonymises a person (GDPR article 17) and keeps the record, so that counts
// and money stay right: names, e-mails, phones, languages, topics and notes go; the
// affiliations keep their organisation but lose role and title; the meetings keep the
// person as "Erased person"; agreements that name them as a contact keep an anonymous
// contact; the history of the person and of their affiliations loses its summaries and
// changes; consents and the contact owner go; so do the history of the records merged
// into them and the merges' undo data, and the bin's copies of their contacts and
// affiliations; the meetings and opportunities that name them lose their name, e-mails
// and phones in their text. An audit entry "erase" remains. Other free text is not searched: the
// page says so.
func (s *PersonService) ErasePerson(ctx context.Context, personID int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		p, err := findPerson(ctx, tx, a, personID)
		if err != nil {
			return err
		}
		if err := canHandlePersonalData(a, p); err != nil {
			return err
		}
		ws := a.WorkspaceID
		if _, err := bumpVersion(ctx, tx, "people", ws, p.ID, p.Version); err != nil {
			return err
		}
		// The records merged into this one were this person too: their history, and the
		// merges' undo data (both records as they were), go with the erasure.
		ids, merged, err := mergedInto(ctx, tx, ws, p.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET first_name = '', last_name = $1, emails = '[]', phones = '[]', languages = '[]',
			topics = '[]', notes = '', search_doc = '', name_key = '', erased_at = $2, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			passerelle.ErasedPersonName, tx.now, ws, p.ID); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE affiliations SET role = '', title = '' WHERE workspace_id = $1 AND person_id = $2`,
			`DELETE FROM person_consents WHERE workspace_id = $1 AND person_id = $2`,
			`DELETE FROM person_owners WHERE workspace_id = $1 AND person_id = $2`,
			`DELETE FROM person_keys WHERE workspace_id = $1 AND person_id = $2`,
			`DELETE FROM person_member_notes WHERE workspace_id = $1 AND person_id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, ws, p.ID); err != nil {
				return err
			}
		}
		for _, id := range ids {
			for _, q := range []string{
				`UPDATE audit_log SET summary = '', changes = '{}' WHERE workspace_id = $1 AND entity IN ('person', 'affiliation') AND entity_id = $2`,
				`DELETE FROM person_merges WHERE workspace_id = $1 AND (kept_id = $2 OR gone_id = $2)`,
			} {
				if _, err := tx.ExecContext(ctx, q, ws, id); err != nil {
					return err
				}
			}
			if err := scrubBin(ctx, tx, ws, id); err != nil {
				return err
			}
		}
		// Agreements keep their contact, anonymous: every agreement of the workspace,
		// whoever may read it, since the erasure is of the person, not of a view.
		found, err := agreementsNaming(ctx, tx, ws, p.ID)
		if err != nil {
			return err
		}
		var agIDs []int64
		for _, x := range found {
			for i, c := range x.contacts {
				if c.PersonID == p.ID {
					x.contacts[i].FirstName, x.contacts[i].LastName, x.contacts[i].Email = "", passerelle.ErasedPersonName, ""
				}
			}
			if err := setAgreementContacts(ctx, tx, ws, x); err != nil {
				return err
			}
			agIDs = append(agIDs, x.id)
		}
		if err := reindexAgreements(ctx, tx, ws, agIDs); err != nil {
			return err
		}
		everyone := append([]*passerelle.Person{p}, merged...)
		for _, x := range everyone {
			if err := scrubHistory(ctx, tx, ws, x); err != nil {
				return err
			}
		}
		if err := scrubFreeText(ctx, tx, ws, p.ID, everyone); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "erase", "person", p.ID, passerelle.ErasedPersonName, nil, p.Visibility, p.OwnerMemberID)
	})
}

// mergedInto returns a person's id with the ids of the records merged into them (and
// into those, and so on) and not put back, and those records as they were merged.
func mergedInto(ctx context.Context, q queryer, ws, personID int64) ([]int64, []*passerelle.Person, error) {
	ids := []int64{personID}
	var gone []*passerelle.Person
	for i := 0; i < len(ids); i++ {
		rows, err := q.QueryContext(ctx, `SELECT id, data FROM person_merges WHERE workspace_id = $1 AND kept_id = $2 AND undone_at IS NULL ORDER BY id`, ws, ids[i])
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var data string
			var d personMergeData
			if err := rows.Scan(&id, &data); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if err := json.Unmarshal([]byte(data), &d); err != nil || d.Gone == nil {
				rows.Close()
				return nil, nil, fmt.Errorf("person merge %d: %v", id, err)
			}
			if !slices.Contains(ids, d.Gone.ID) {
				ids = append(ids, d.Gone.ID)
				gone = append(gone, d.Gone)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return ids, gone, nil
}

// scrubBin makes a person anonymous in the bin's agreements (their contacts) and
// organisations (their affiliations): a restore after the erasure would otherwise bring
// the name, e-mail and role back.
func scrubBin(ctx context.Context, tx *Tx, ws, personID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, data FROM bin WHERE workspace_id = $1 AND entity IN ('agreement', 'organization') AND data LIKE $2 ORDER BY id`,
		ws, "%\"person_id\":"+strconv.FormatInt(personID, 10)+",%")
	if err != nil {
		return err
	}
	found := map[int64]*binData{}
	var order []int64
	for rows.Next() {
		var id int64
		var data string
		d := &binData{}
		if err := rows.Scan(&id, &data); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(data), d); err != nil {
			rows.Close()
			return fmt.Errorf("bin entry %d: %w", id, err)
		}
		found[id], order = d, append(order, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range order {
		d := found[id]
		if d.Agreement != nil {
			for i, c := range d.Agreement.Contacts {
				if c.PersonID == personID {
					d.Agreement.Contacts[i].FirstName, d.Agreement.Contacts[i].LastName, d.Agreement.Contacts[i].Email = "", passerelle.ErasedPersonName, ""
				}
			}
		}
		for i, af := range d.Affiliations {
			if af.PersonID == personID {
				d.Affiliations[i].Role, d.Affiliations[i].Title = "", ""
			}
		}
		b, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bin SET data = $1 WHERE workspace_id = $2 AND id = $3`, string(b), ws, id); err != nil {
			return err
		}
	}
	return nil
}

// agreementContacts is an agreement's contacts, as stored.
type agreementContacts struct {
	id       int64
	contacts []passerelle.AgreementContact
}

// agreementsNaming reads the agreements whose contacts name a person: every agreement
// of the workspace, whoever may read it, since an erasure or a merge is of the person,
// not of a view.
func agreementsNaming(ctx context.Context, tx *Tx, ws, personID int64) ([]agreementContacts, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, contacts FROM agreements WHERE workspace_id = $1 AND contacts LIKE $2 ORDER BY id`,
		ws, "%\"person_id\":"+strconv.FormatInt(personID, 10)+",%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agreementContacts
	for rows.Next() {
		var x agreementContacts
		var cs string
		if err := rows.Scan(&x.id, &cs); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(cs), &x.contacts); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// setAgreementContacts writes an agreement's contacts.
func setAgreementContacts(ctx context.Context, tx *Tx, ws int64, x agreementContacts) error {
	b, err := json.Marshal(x.contacts)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE agreements SET contacts = $1 WHERE workspace_id = $2 AND id = $3`, string(b), ws, x.id)
	return err
}

// scrubber finds a person's name, e-mails and phones in free text, in any case (an
// agreement's contact typed "DUPONT" names the person "Dupont" too), and takes them out:
// the last name becomes "Erased person", the rest goes.
type scrubber struct {
	marks []string // what a text holding the person holds: last name, e-mails, phones
	re    *regexp.Regexp
	with  map[string]string // lower-cased match → replacement
}

func newScrubber(p *passerelle.Person) (*scrubber, error) {
	s := &scrubber{with: map[string]string{}}
	var alts []string
	add := func(m, by string) {
		if _, ok := s.with[strings.ToLower(m)]; !ok {
			s.with[strings.ToLower(m)] = by
		}
		alts = append(alts, regexp.QuoteMeta(m))
	}
	for _, m := range append(slices.Clone(p.Emails), p.Phones...) {
		s.marks = append(s.marks, m)
		add(m, "")
	}
	if len(p.LastName) >= 2 {
		s.marks = append(s.marks, p.LastName)
		add(p.LastName, passerelle.ErasedPersonName)
	}
	if len(p.FirstName) >= 2 {
		add(p.FirstName, "")
	}
	if len(s.marks) == 0 {
		return nil, nil
	}
	var err error
	s.re, err = regexp.Compile("(?i)" + strings.Join(alts, "|"))
	return s, err
}

// replace takes the marks out of t where they stand as words: a name inside another word
// is another word ("Li" in "Lisbon", "Ana" in "Analysis", "Roy" in "Royal").
func (s *scrubber) replace(t string) string {
	var b strings.Builder
	last := 0
	for _, m := range s.re.FindAllStringIndex(t, -1) {
		before, _ := utf8.DecodeLastRuneInString(t[:m[0]])
		after, _ := utf8.DecodeRuneInString(t[m[1]:])
		if m[0] > 0 && wordRune(before) || m[1] < len(t) && wordRune(after) {
			continue
		}
		b.WriteString(t[last:m[0]])
		b.WriteString(s.with[strings.ToLower(t[m[0]:m[1]])])
		last = m[1]
	}
	b.WriteString(t[last:])
	return b.String()
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// scrubHistory takes a person's name, e-mails and phones out of the history of other
// records (an agreement's changes keep its contacts as they were): every entry of the
// workspace that holds the last name or an e-mail loses them, and the first name with
// them.
func scrubHistory(ctx context.Context, tx *Tx, ws int64, p *passerelle.Person) error {
	s, err := newScrubber(p)
	if s == nil || err != nil {
		return err
	}
	w := &where{}
	w.add("workspace_id = ?", ws)
	// PostgreSQL's LIKE heeds case, SQLite's folds only ASCII.
	var ors []string
	for _, m := range s.marks {
		ors = append(ors, w.arg("%"+strings.ToLower(m)+"%"))
	}
	cond := "(LOWER(summary) LIKE " + strings.Join(ors, " OR LOWER(summary) LIKE ") + " OR LOWER(changes) LIKE " + strings.Join(ors, " OR LOWER(changes) LIKE ") + ")"
	w.add(cond)
	rows, err := tx.QueryContext(ctx, `SELECT id, summary, changes FROM audit_log`+w.String(), w.args...)
	if err != nil {
		return err
	}
	type entry struct {
		id               int64
		summary, changes string
	}
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.summary, &e.changes); err != nil {
			rows.Close()
			return err
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range es {
		if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET summary = $1, changes = $2 WHERE workspace_id = $3 AND id = $4`,
			s.replace(e.summary), s.replace(e.changes), ws, e.id); err != nil {
			return err
		}
	}
	return nil
}

// scrubFreeText takes the people's name, e-mails and phones out of the title, the
// shared notes and every member's private notes of the meetings that name personID,
// and out of the title, notes and next action of the opportunities linked to them
// (whoever may read them): the record keeps its anonymous participant, its text should
// not keep who it was. A changed record raises its version (and a meeting its calendar
// sequence), so that open forms and calendars take the new text.
func scrubFreeText(ctx context.Context, tx *Tx, ws, personID int64, people []*passerelle.Person) error {
	var ss []*scrubber
	for _, p := range people {
		s, err := newScrubber(p)
		if err != nil {
			return err
		}
		if s != nil {
			ss = append(ss, s)
		}
	}
	if len(ss) == 0 {
		return nil
	}
	replace := func(t string) string {
		for _, s := range ss {
			t = s.replace(t)
		}
		return t
	}
	type text struct {
		meeting, member int64
		a, b            string
	}
	read := func(q string) ([]text, error) {
		rows, err := tx.QueryContext(ctx, q, ws, personID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []text
		for rows.Next() {
			var x text
			if err := rows.Scan(&x.meeting, &x.member, &x.a, &x.b); err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, rows.Err()
	}
	ms, err := read(`SELECT m.id, 0, m.title, m.notes FROM meetings m JOIN meeting_people mp ON mp.workspace_id = m.workspace_id AND mp.meeting_id = m.id
		WHERE m.workspace_id = $1 AND mp.person_id = $2 ORDER BY m.id`)
	if err != nil {
		return err
	}
	for _, m := range ms {
		title, notes := replace(m.a), replace(m.b)
		if title == m.a && notes == m.b {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET title = $1, notes = $2, version = version + 1, sequence = sequence + 1, updated_at = $3
			WHERE workspace_id = $4 AND id = $5`, title, notes, tx.now, ws, m.meeting); err != nil {
			return err
		}
	}
	// The opportunities linked to the person: their title, notes and next action.
	type opp struct {
		id                 int64
		title, notes, next string
	}
	var opps []opp
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.title, o.notes, o.next_action FROM opportunities o JOIN opportunity_links l
		ON l.workspace_id = o.workspace_id AND l.opportunity_id = o.id AND l.kind = 'person'
		WHERE o.workspace_id = $1 AND l.target_id = $2 ORDER BY o.id`, ws, personID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o opp
		if err := rows.Scan(&o.id, &o.title, &o.notes, &o.next); err != nil {
			rows.Close()
			return err
		}
		opps = append(opps, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range opps {
		title, notes, next := replace(o.title), replace(o.notes), replace(o.next)
		if title == o.title && notes == o.notes && next == o.next {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE opportunities SET title = $1, notes = $2, next_action = $3, version = version + 1, updated_at = $4
			WHERE workspace_id = $5 AND id = $6`, title, notes, next, tx.now, ws, o.id); err != nil {
			return err
		}
	}
	ns, err := read(`SELECT n.meeting_id, n.member_id, n.notes, '' FROM meeting_private_notes n JOIN meeting_people mp ON mp.workspace_id = n.workspace_id
		AND mp.meeting_id = n.meeting_id WHERE n.workspace_id = $1 AND mp.person_id = $2 ORDER BY n.meeting_id, n.member_id`)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if notes := replace(n.a); notes != n.a {
			if _, err := tx.ExecContext(ctx, `UPDATE meeting_private_notes SET notes = $1 WHERE workspace_id = $2 AND meeting_id = $3 AND member_id = $4`,
				notes, ws, n.meeting, n.member); err != nil {
				return err
			}
		}
	}
	return nil
}

// StalePerson is a person not seen for a while: no meeting and no change since Seen.
type StalePerson struct {
	ID   int64     `json:"id"`
	Name string    `json:"name"`
	Seen time.Time `json:"seen"`
}

// FindStalePeople lists the people the actor may read that no meeting names since
// before, and that nobody changed since (their record, lawful bases, affiliations,
// notes: the history of the person and of their affiliations): the candidates of a
// retention rule. Erased people are left out.
func (s *PersonService) FindStalePeople(ctx context.Context, before time.Time) ([]StalePerson, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.scope(a, "p")
	w.add("p.erased_at IS NULL")
	w.add("p.updated_at < ?", before)
	w.add(`NOT EXISTS (SELECT 1 FROM meeting_people mp JOIN meetings m ON m.workspace_id = mp.workspace_id AND m.id = mp.meeting_id
		WHERE mp.workspace_id = p.workspace_id AND mp.person_id = p.id AND m.starts_at >= ?)`, before)
	// A lawful basis recorded, an affiliation or a member's note is a change to the
	// person too, though the record's own fields (updated_at) stay as they were.
	w.add(`NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.workspace_id = p.workspace_id AND l.entity IN ('person', 'affiliation')
		AND l.entity_id = p.id AND l.at >= ?)`, before)
	rows, err := s.db.read.QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name, p.updated_at FROM people p`+w.String()+` ORDER BY p.updated_at, p.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StalePerson{}
	for rows.Next() {
		var sp StalePerson
		var first, last string
		if err := rows.Scan(&sp.ID, &first, &last, &sp.Seen); err != nil {
			return nil, err
		}
		sp.Name = strings.TrimSpace(first + " " + last)
		out = append(out, sp)
	}
	return out, rows.Err()
}
