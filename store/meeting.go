package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"passerelle"
)

// MeetingService keeps the meetings of a workspace and its users' calendar feeds.
type MeetingService struct{ db *DB }

func NewMeetingService(db *DB) *MeetingService { return &MeetingService{db: db} }

const meetingColumns = `m.id, m.workspace_id, m.uid, m.sequence, m.title, m.starts_at, m.ends_at, m.time_zone, m.location,
	m.room, m.video_url, m.status, m.origin, COALESCE(m.origin_id, 0), m.notes, m.outcome, m.follow_up, m.visibility,
	COALESCE(m.owner_member_id, 0), COALESCE(m.created_by, 0), m.created_at, m.updated_at, m.version`

func scanMeeting(sc interface{ Scan(...any) error }, extra ...any) (*passerelle.Meeting, error) {
	m := &passerelle.Meeting{}
	var status, origin, outcome, vis string
	dest := []any{&m.ID, &m.WorkspaceID, &m.UID, &m.Sequence, &m.Title, &m.Start, &m.End, &m.TimeZone, &m.Location,
		&m.Room, &m.VideoURL, &status, &origin, &m.OriginID, &m.Notes, &outcome, &m.FollowUp, &vis,
		&m.OwnerMemberID, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt, &m.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	m.Status, m.Origin, m.Outcome, m.Visibility = passerelle.MeetingStatus(status), passerelle.MeetingOrigin(origin),
		passerelle.MeetingOutcome(outcome), passerelle.Visibility(vis)
	m.Start, m.End = m.Start.UTC(), m.End.UTC()
	return m, nil
}

// meetingFields is the flat view of a meeting that the audit log compares.
func meetingFields(m *passerelle.Meeting) map[string]any {
	ids := func(xs []int64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = fmt.Sprint(x)
		}
		return strings.Join(s, "; ")
	}
	return map[string]any{
		"title": m.Title, "start": m.Start.UTC().Format(time.RFC3339), "end": m.End.UTC().Format(time.RFC3339),
		"time_zone": m.TimeZone, "location": m.Location, "room": m.Room, "video_url": m.VideoURL, "status": string(m.Status),
		"origin": string(m.Origin), "origin_id": m.OriginID, "notes": m.Notes, "outcome": string(m.Outcome), "follow_up": m.FollowUp,
		"person_ids": ids(m.PersonIDs), "organization_ids": ids(m.OrganizationIDs), "attendee_ids": ids(m.AttendeeIDs),
		"visibility": string(m.Visibility),
	}
}

// newMeetingUID returns a calendar UID: random, so that it says nothing of the workspace
// and stays the same whatever changes.
func newMeetingUID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b) + "@passerelle", nil
}

// FindMeetingByID returns a meeting the actor may see, with its participants.
func (s *MeetingService) FindMeetingByID(ctx context.Context, id int64) (*passerelle.Meeting, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := findMeeting(ctx, s.db.read, a, id)
	if err != nil {
		return nil, err
	}
	if err := loadPrivateNotes(ctx, s.db.read, a, m); err != nil {
		return nil, err
	}
	return m, loadParticipants(ctx, s.db.read, a, []*passerelle.Meeting{m})
}

func findMeeting(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.Meeting, error) {
	w := &where{}
	w.scope(a, "m")
	w.add("m.id = ?", id)
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings m`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, fmt.Sprintf("meeting %d", id))
	}
	return m, nil
}

// FindMeetings returns one page of the meetings the actor may see, by start, and the
// total number of matches.
func (s *MeetingService) FindMeetings(ctx context.Context, f passerelle.MeetingFilter) ([]*passerelle.Meeting, int, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	if f.Country, err = countryParam(f.Country); err != nil {
		return nil, 0, err
	}
	if f.Shared {
		a = sharedReader(a)
	}
	return findMeetings(ctx, s.db.read, a, f, 50, 1000)
}

// meetingWhere is the condition of a filter, through the actor's scope.
func meetingWhere(a *passerelle.Actor, f passerelle.MeetingFilter) *where {
	w := &where{}
	w.scope(a, "m")
	if !f.From.IsZero() {
		w.add("m.starts_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add("m.starts_at < ?", f.To.UTC())
	}
	if f.Status != "" {
		w.add("m.status = ?", string(f.Status))
	}
	if f.Origin != "" {
		w.add("m.origin = ?", string(f.Origin))
	}
	// Participants as IN lists rather than EXISTS: the database then starts from the
	// participant's few meetings (their index) instead of testing every meeting of the
	// workspace in start order, which a count over all matches cannot stop early.
	if f.OrganizationID != 0 {
		w.add(`m.id IN (SELECT x.meeting_id FROM meeting_organizations x WHERE x.workspace_id = ? AND x.organization_id = ?)`,
			a.WorkspaceID, f.OrganizationID)
	}
	// A country as the figures count it (country_filter.go).
	inCountry(w, a, f.Country, meetingOrgs)
	if f.PersonID != 0 {
		w.add(`m.id IN (SELECT x.meeting_id FROM meeting_people x WHERE x.workspace_id = ? AND x.person_id = ?)`, a.WorkspaceID, f.PersonID)
	}
	if f.AttendeeID != 0 && f.WithMember != 0 {
		ws := w.arg(a.WorkspaceID)
		w.add(`(m.id IN (SELECT x.meeting_id FROM meeting_attendees x WHERE x.workspace_id = `+ws+` AND x.user_id = ?)
			OR (m.origin = 'mission' AND m.origin_id IN (SELECT mi.id FROM missions mi WHERE mi.workspace_id = `+ws+` AND mi.kind = 'incoming')
				AND m.id IN (SELECT x.meeting_id FROM meeting_organizations x JOIN members mb ON mb.workspace_id = x.workspace_id AND mb.organization_id = x.organization_id
					WHERE x.workspace_id = `+ws+` AND mb.id = ?)))`, f.AttendeeID, f.WithMember)
	} else if f.AttendeeID != 0 {
		w.add(`m.id IN (SELECT x.meeting_id FROM meeting_attendees x WHERE x.workspace_id = ? AND x.user_id = ?)`, a.WorkspaceID, f.AttendeeID)
	}
	if f.MemberID != 0 {
		mem := w.arg(f.MemberID)
		w.conds = append(w.conds, `(m.owner_member_id = `+mem+` OR EXISTS (SELECT 1 FROM meeting_attendees x
			JOIN memberships ms ON ms.workspace_id = x.workspace_id AND ms.user_id = x.user_id
			WHERE x.workspace_id = m.workspace_id AND x.meeting_id = m.id AND ms.member_id = `+mem+`)
			OR (m.origin = 'mission' AND m.origin_id IN (`+hostedMissions(w.arg(a.WorkspaceID), mem)+`)))`)
	}
	return w
}

// hostedMissions selects the incoming delegations a member hosts (docs/missions.md): one
// it takes part in, or one that meets its own record of the directory. Their programme
// is in the member's agenda, though no user of the member attends.
func hostedMissions(ws, mem string) string {
	return `SELECT mi.id FROM missions mi WHERE mi.workspace_id = ` + ws + ` AND mi.kind = 'incoming' AND (
		mi.id IN (SELECT x.mission_id FROM mission_members x WHERE x.workspace_id = ` + ws + ` AND x.member_id = ` + mem + `)
		OR mi.id IN (SELECT t.mission_id FROM mission_targets t JOIN members mb ON mb.workspace_id = t.workspace_id AND mb.organization_id = t.organization_id
			WHERE t.workspace_id = ` + ws + ` AND mb.id = ` + mem + `))`
}

func findMeetings(ctx context.Context, q queryer, a *passerelle.Actor, f passerelle.MeetingFilter, def, maxN int) ([]*passerelle.Meeting, int, error) {
	return queryMeetings(ctx, q, a, f, def, maxN, true)
}

// queryMeetings is findMeetings with the count of all matches optional: a window count
// makes the database visit every match before the first row, which a feed does not need.
func queryMeetings(ctx context.Context, q queryer, a *passerelle.Actor, f passerelle.MeetingFilter, def, maxN int, count bool) ([]*passerelle.Meeting, int, error) {
	w := meetingWhere(a, f)
	order := "m.starts_at, m.id"
	if f.Newest {
		order = "m.starts_at DESC, m.id DESC"
	}
	total := 0
	cols, extra := meetingColumns, []any(nil)
	if count {
		cols, extra = meetingColumns+", COUNT(*) OVER()", []any{&total}
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM meetings m`+w.String()+
		fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, limitOf(f.Limit, def, maxN), max(f.Offset, 0)), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*passerelle.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows, extra...)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if !count {
		total = len(out)
	}
	return out, total, loadParticipants(ctx, q, a, out)
}

// HistoryLimit bounds the meetings an organisation or a person page lists.
const HistoryLimit = 50

// MeetingHistory returns the meetings the actor may see with an organisation or a
// person (f.OrganizationID or f.PersonID), the HistoryLimit newest first, and counts over
// all of them: held meetings, and the members that met them (see
// passerelle.MeetingHistory).
func (s *MeetingService) MeetingHistory(ctx context.Context, f passerelle.MeetingFilter) (*passerelle.MeetingHistory, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if f.OrganizationID == 0 && f.PersonID == 0 {
		return nil, passerelle.FieldError("organization_id", "an organisation or a person is required")
	}
	f.Newest, f.Offset, f.Limit = true, 0, HistoryLimit
	h := &passerelle.MeetingHistory{}
	if h.Meetings, h.Total, err = findMeetings(ctx, s.db.read, a, f, HistoryLimit, HistoryLimit); err != nil {
		return nil, err
	}
	if h.Total == 0 {
		return h, nil
	}
	// Both counts over the held meetings: the same condition serves the three selects,
	// its parameters being numbered.
	f.Status = passerelle.MeetingHeld
	w := meetingWhere(a, f)
	cond := w.String()
	err = s.db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM meetings m`+cond+`),
		(SELECT COUNT(*) FROM (
			SELECT m.owner_member_id AS member_id FROM meetings m`+cond+` AND m.owner_member_id IS NOT NULL
			UNION
			SELECT ms.member_id FROM meetings m
				JOIN meeting_attendees x ON x.workspace_id = m.workspace_id AND x.meeting_id = m.id
				JOIN memberships ms ON ms.workspace_id = x.workspace_id AND ms.user_id = x.user_id`+cond+`
		) t)`, w.args...).Scan(&h.Held, &h.Members)
	if err != nil {
		return nil, err
	}
	return h, nil
}

// loadParticipants fills the participants of meetings. Names come only from the records
// the actor may read; a participant it may not read keeps its id without a name (a
// private meeting of its owner may name its member's private records).
func loadParticipants(ctx context.Context, q queryer, a *passerelle.Actor, ms []*passerelle.Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	idx := make(map[int64]*passerelle.Meeting, len(ms))
	for _, m := range ms {
		idx[m.ID] = m
		m.PersonIDs, m.OrganizationIDs, m.AttendeeIDs, m.Attendees, m.People, m.Organizations = []int64{}, []int64{}, []int64{}, []string{}, nil, nil
	}
	// Pages of meetings are bounded (limitOf), so one IN list per query is too.
	mids := make([]int64, len(ms))
	for i, m := range ms {
		mids[i] = m.ID
	}
	ids := idList(mids)
	vis := func(w *where, alias string) string {
		if a.System {
			return "TRUE"
		}
		return "(" + alias + ".visibility = 'shared' OR " + alias + ".owner_member_id = " + w.arg(a.MemberID) + ")"
	}
	w := &where{}
	ws := w.arg(a.WorkspaceID)
	rows, err := q.QueryContext(ctx, `SELECT x.meeting_id, x.person_id, CASE WHEN `+vis(w, "p")+` THEN p.first_name || ' ' || p.last_name ELSE '' END
		FROM meeting_people x JOIN people p ON p.workspace_id = x.workspace_id AND p.id = x.person_id
		WHERE x.workspace_id = `+ws+` AND x.meeting_id IN (`+ids+`) ORDER BY x.meeting_id, x.position`, w.args...)
	if err != nil {
		return err
	}
	if err := scanRefs(rows, func(mid int64, r passerelle.NamedRef) {
		m := idx[mid]
		m.PersonIDs = append(m.PersonIDs, r.ID)
		if r.Name = strings.TrimSpace(r.Name); r.Name != "" {
			m.People = append(m.People, r)
		}
	}); err != nil {
		return err
	}
	w = &where{}
	ws = w.arg(a.WorkspaceID)
	rows, err = q.QueryContext(ctx, `SELECT x.meeting_id, x.organization_id, CASE WHEN `+vis(w, "o")+` THEN o.name ELSE '' END
		FROM meeting_organizations x JOIN organizations o ON o.workspace_id = x.workspace_id AND o.id = x.organization_id
		WHERE x.workspace_id = `+ws+` AND x.meeting_id IN (`+ids+`) ORDER BY x.meeting_id, x.position`, w.args...)
	if err != nil {
		return err
	}
	if err := scanRefs(rows, func(mid int64, r passerelle.NamedRef) {
		m := idx[mid]
		m.OrganizationIDs = append(m.OrganizationIDs, r.ID)
		if r.Name != "" {
			m.Organizations = append(m.Organizations, r)
		}
	}); err != nil {
		return err
	}
	w = &where{}
	ws = w.arg(a.WorkspaceID)
	rows, err = q.QueryContext(ctx, `SELECT x.meeting_id, x.user_id, u.email FROM meeting_attendees x JOIN users u ON u.id = x.user_id
		WHERE x.workspace_id = `+ws+` AND x.meeting_id IN (`+ids+`) ORDER BY x.meeting_id, x.position`, w.args...)
	if err != nil {
		return err
	}
	return scanRefs(rows, func(mid int64, r passerelle.NamedRef) {
		m := idx[mid]
		m.AttendeeIDs = append(m.AttendeeIDs, r.ID)
		m.Attendees = append(m.Attendees, r.Name)
	})
}

func scanRefs(rows *sql.Rows, each func(meetingID int64, r passerelle.NamedRef)) error {
	defer rows.Close()
	for rows.Next() {
		var mid int64
		var r passerelle.NamedRef
		if err := rows.Scan(&mid, &r.ID, &r.Name); err != nil {
			return err
		}
		each(mid, r)
	}
	return rows.Err()
}

// checkParticipants verifies that the participants exist and that the actor may read
// them, resolves attendees' emails to users of the workspace, and refuses what would
// show a private record to readers who may not see it.
func checkParticipants(ctx context.Context, tx *Tx, a *passerelle.Actor, m *passerelle.Meeting) error {
	shared := m.Visibility == passerelle.VisibilityShared
	for _, id := range m.OrganizationIDs {
		o, err := findOrg(ctx, tx, a, id)
		if err != nil {
			return passerelle.FieldError("organization_ids", "no such organisation: %d", id)
		}
		if shared && o.Visibility == passerelle.VisibilityPrivate {
			return passerelle.FieldError("visibility", "%s is private: a meeting that names it must be private too", o.Name)
		}
	}
	for _, id := range m.PersonIDs {
		p, err := findPerson(ctx, tx, a, id)
		if err != nil {
			return passerelle.FieldError("person_ids", "no such person: %d", id)
		}
		if shared && p.Visibility == passerelle.VisibilityPrivate {
			return passerelle.FieldError("visibility", "%s is private: a meeting that names it must be private too", p.Name())
		}
	}
	if len(m.AttendeeIDs) == 0 && len(m.Attendees) > 0 {
		for _, e := range m.Attendees {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT u.id FROM users u JOIN memberships ms ON ms.user_id = u.id AND ms.workspace_id = $1
				WHERE LOWER(u.email) = $2`, a.WorkspaceID, e).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return passerelle.FieldError("attendees", "%s is not a user of this workspace", e)
			} else if err != nil {
				return err
			}
			m.AttendeeIDs = append(m.AttendeeIDs, id)
		}
	}
	for _, id := range m.AttendeeIDs {
		var member int64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(member_id, 0) FROM memberships WHERE workspace_id = $1 AND user_id = $2`,
			a.WorkspaceID, id).Scan(&member)
		if errors.Is(err, sql.ErrNoRows) {
			return passerelle.FieldError("attendees", "user %d is not a user of this workspace", id)
		} else if err != nil {
			return err
		}
		// An attendee of another member could not read the meeting, nor see it in a feed.
		if !shared && member != m.OwnerMemberID {
			return passerelle.FieldError("attendees", "user %d is not of the member that owns this private meeting", id)
		}
	}
	return nil
}

func setParticipants(ctx context.Context, tx *Tx, m *passerelle.Meeting, replace bool) error {
	for _, t := range []struct {
		table, col string
		ids        []int64
	}{{"meeting_people", "person_id", m.PersonIDs}, {"meeting_organizations", "organization_id", m.OrganizationIDs},
		{"meeting_attendees", "user_id", m.AttendeeIDs}} {
		if replace {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE workspace_id = $1 AND meeting_id = $2`, m.WorkspaceID, m.ID); err != nil {
				return err
			}
		}
		for i, id := range t.ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.table+` (workspace_id, meeting_id, `+t.col+`, position) VALUES ($1, $2, $3, $4)`,
				m.WorkspaceID, m.ID, id, i); err != nil {
				return classify(err, "participant")
			}
		}
	}
	return nil
}

// CreateMeeting stores a new meeting. Without attendees, the creating user attends.
func (s *MeetingService) CreateMeeting(ctx context.Context, m *passerelle.Meeting) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	if len(m.AttendeeIDs) == 0 && len(m.Attendees) == 0 && a.UserID != 0 {
		m.AttendeeIDs = []int64{a.UserID}
	}
	if err := m.Validate(); err != nil {
		return err
	}
	if err := prepareOwnership(a, m.Visibility, &m.OwnerMemberID); err != nil {
		return err
	}
	m.Version = 1 // the column's default
	if m.UID, err = newMeetingUID(); err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		if err := checkParticipants(ctx, tx, a, m); err != nil {
			return err
		}
		m.WorkspaceID, m.Sequence, m.CreatedBy, m.CreatedAt, m.UpdatedAt = a.WorkspaceID, 0, a.UserID, tx.now, tx.now
		err := tx.QueryRowContext(ctx, `INSERT INTO meetings (workspace_id, uid, sequence, title, starts_at, ends_at, time_zone,
			location, room, video_url, status, origin, origin_id, notes, outcome, follow_up, visibility, owner_member_id, created_by,
			created_at, updated_at) VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
			RETURNING id`,
			m.WorkspaceID, m.UID, m.Title, m.Start, m.End, m.TimeZone, m.Location, m.Room, m.VideoURL, string(m.Status),
			string(m.Origin), nullID(m.OriginID), m.Notes, string(m.Outcome), m.FollowUp, string(m.Visibility),
			nullID(m.OwnerMemberID), nullID(m.CreatedBy), m.CreatedAt).Scan(&m.ID)
		if err != nil {
			return classify(err, "meeting")
		}
		if err := setParticipants(ctx, tx, m, false); err != nil {
			return err
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{m}); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "create", "meeting", m.ID, m.Title, diff(nil, meetingFields(m)), m.Visibility, m.OwnerMemberID)
	})
}

// UpdateMeeting replaces a meeting's fields with m's (participants included). A change
// that a calendar shows raises the sequence.
func (s *MeetingService) UpdateMeeting(ctx context.Context, m *passerelle.Meeting) error {
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := m.Validate(); err != nil {
			return err
		}
		old, err := findMeeting(ctx, tx, a, m.ID)
		if err != nil {
			return err
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{old}); err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := checkVersion(m.Version, old.Version); err != nil {
			return err
		}
		if err := keepsEventPlace(old, m); err != nil {
			return err
		}
		if err := canChangeVisibility(a, old.Visibility, m.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if m.OwnerMemberID, err = newOwner(a, old.Visibility, m.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		if err := checkParticipants(ctx, tx, a, m); err != nil {
			return err
		}
		m.WorkspaceID, m.UID, m.CreatedBy, m.CreatedAt, m.Sequence = old.WorkspaceID, old.UID, old.CreatedBy, old.CreatedAt, old.Sequence
		changes := diff(meetingFields(old), meetingFields(m))
		if len(changes) == 0 {
			*m = *old
			return loadPrivateNotes(ctx, tx, a, m)
		}
		if m.CalendarChanged(old) {
			m.Sequence++
		}
		m.UpdatedAt = tx.now
		if m.Version, err = bumpVersion(ctx, tx, "meetings", m.WorkspaceID, m.ID, old.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET sequence = $1, title = $2, starts_at = $3, ends_at = $4, time_zone = $5,
			location = $6, room = $7, video_url = $8, status = $9, origin = $10, origin_id = $11, notes = $12, outcome = $13,
			follow_up = $14, visibility = $15, owner_member_id = $16, updated_at = $17 WHERE workspace_id = $18 AND id = $19`,
			m.Sequence, m.Title, m.Start, m.End, m.TimeZone, m.Location, m.Room, m.VideoURL, string(m.Status), string(m.Origin),
			nullID(m.OriginID), m.Notes, string(m.Outcome), m.FollowUp, string(m.Visibility), nullID(m.OwnerMemberID), m.UpdatedAt,
			m.WorkspaceID, m.ID); err != nil {
			return classify(err, "meeting")
		}
		if err := setParticipants(ctx, tx, m, true); err != nil {
			return err
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{m}); err != nil {
			return err
		}
		if err := loadPrivateNotes(ctx, tx, a, m); err != nil {
			return err
		}
		return auditUpdate(ctx, tx, a, "meeting", m.ID, old.Title, m.Title, changes, m.Visibility, m.OwnerMemberID)
	})
	return withCurrent(err, func() (*passerelle.Meeting, error) { return s.FindMeetingByID(ctx, m.ID) })
}

// keepsEventPlace refuses an update that would change the time or the place of a
// partnering event's meeting (or take it out of its event): those belong to the
// event's schedule, where a move checks the slots, the tables and both sides'
// availability and mails the participants (MoveEventMeeting). Every generic edit (the
// meeting form, its status and notes, the API's PATCH) comes through UpdateMeeting, so
// this is where it is refused; its title, status, notes and outcome stay editable.
func keepsEventPlace(old, m *passerelle.Meeting) error {
	if old.Origin != passerelle.OriginEvent {
		return nil
	}
	if m.Origin != old.Origin || m.OriginID != old.OriginID || !m.Start.Equal(old.Start) || !m.End.Equal(old.End) ||
		m.TimeZone != old.TimeZone || m.Location != old.Location || m.Room != old.Room || m.VideoURL != old.VideoURL {
		return passerelle.Errorf(passerelle.ECONFLICT,
			"this meeting is part of a partnering event: change its time or place on the event's schedule, /events/%d/meetings/%d/move",
			old.OriginID, old.ID)
	}
	return nil
}

// DeleteMeeting removes a meeting. Calendars that showed it lose it at their next
// refresh; cancelling (status cancelled) is what tells them, and keeps the record.
func (s *MeetingService) DeleteMeeting(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findMeeting(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := canEdit(a, old.Visibility, old.OwnerMemberID); err != nil {
			return err
		}
		// A partnering event's meeting is on its participants' agendas, booked from their
		// request: deleting it would take it from the schedule with no word to them.
		// Cancelling it (its status) keeps it, cancelled, where they see it.
		if old.Origin == passerelle.OriginEvent {
			return passerelle.Errorf(passerelle.ECONFLICT,
				"this meeting is part of a partnering event: cancel it rather than delete it, or change it on the event's schedule, /events/%d/meetings/%d/move",
				old.OriginID, old.ID)
		}
		if err := loadParticipants(ctx, tx, a, []*passerelle.Meeting{old}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meetings WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return classify(err, "meeting")
		}
		return writeAudit(ctx, tx, a, "delete", "meeting", id, old.Title, diff(meetingFields(old), nil), old.Visibility, old.OwnerMemberID)
	})
}

// CalendarFeedLimit bounds the meetings of one feed: the most recent by start.
const CalendarFeedLimit = 5000

// CalendarSecret returns the actor's calendar feed secret, creating it on first use.
func (s *MeetingService) CalendarSecret(ctx context.Context) (string, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return "", err
	}
	if a.UserID == 0 {
		return "", passerelle.Errorf(passerelle.EFORBIDDEN, "only a user has a calendar")
	}
	var secret string
	err = s.db.read.QueryRowContext(ctx, `SELECT secret FROM calendar_feeds WHERE workspace_id = $1 AND user_id = $2`,
		a.WorkspaceID, a.UserID).Scan(&secret)
	if err == nil {
		return secret, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	plain, _, err := newSecret("cal_")
	if err != nil {
		return "", err
	}
	// Two first requests at once: the second keeps the first's secret.
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (workspace_id, user_id, secret, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (workspace_id, user_id) DO NOTHING`, a.WorkspaceID, a.UserID, plain, tx.now); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT secret FROM calendar_feeds WHERE workspace_id = $1 AND user_id = $2`,
			a.WorkspaceID, a.UserID).Scan(&secret)
	})
	return secret, err
}

// RotateCalendarSecret gives the actor a new feed secret; the old URL stops working.
func (s *MeetingService) RotateCalendarSecret(ctx context.Context) (string, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return "", err
	}
	if a.UserID == 0 {
		return "", passerelle.Errorf(passerelle.EFORBIDDEN, "only a user has a calendar")
	}
	plain, _, err := newSecret("cal_")
	if err != nil {
		return "", err
	}
	return plain, s.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (workspace_id, user_id, secret, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (workspace_id, user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
			a.WorkspaceID, a.UserID, plain, tx.now)
		return err
	})
}

// ActorForCalendar resolves a feed secret to the actor of its user in its workspace,
// with the user's current role and member. An unknown or replaced secret, or a user who
// left the workspace, is ENOTFOUND: the URL is all the caller has.
func (s *MeetingService) ActorForCalendar(ctx context.Context, secret string) (*passerelle.Actor, error) {
	a := &passerelle.Actor{}
	var role string
	err := s.db.read.QueryRowContext(ctx, `SELECT f.workspace_id, f.user_id, COALESCE(ms.member_id, 0), ms.role
		FROM calendar_feeds f JOIN memberships ms ON ms.workspace_id = f.workspace_id AND ms.user_id = f.user_id
		WHERE f.secret = $1`, secret).Scan(&a.WorkspaceID, &a.UserID, &a.MemberID, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "calendar not found")
	} else if err != nil {
		return nil, err
	}
	a.Role = passerelle.Role(role)
	return a, nil
}

// CalendarMeetings returns the meetings of the actor's calendar: those its user attends
// and may read, cancelled ones included (a calendar learns of a cancellation from the
// feed), the most recent CalendarFeedLimit by start.
func (s *MeetingService) CalendarMeetings(ctx context.Context) ([]*passerelle.Meeting, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	// Newest first, so that past the limit the oldest go, not the meetings ahead; then
	// back to the order of their starts.
	f := passerelle.MeetingFilter{AttendeeID: a.UserID, From: s.db.Now().AddDate(-2, 0, 0), Limit: CalendarFeedLimit, Newest: true}
	ms, _, err := queryMeetings(ctx, s.db.read, a, f, CalendarFeedLimit, CalendarFeedLimit, false)
	slices.Reverse(ms)
	return ms, err
}

// exportPage is how many meetings an export reads at a time.
const exportPage = 1000

// EachMeeting calls fn with the meetings the actor may see that match f (its paging
// ignored), a page at a time, by start: for exports of any size. Each meeting carries
// its participants and the actor's member's private notes, which only that member's
// users read; an export by the system (the command line without --as) has none.
func (s *MeetingService) EachMeeting(ctx context.Context, f passerelle.MeetingFilter, fn func([]*passerelle.Meeting) error) error {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return err
	}
	var after *passerelle.Meeting
	for {
		w := meetingWhere(a, f)
		if after != nil {
			// Keyset paging: the next page starts after the last meeting read, so that a
			// long export does not rescan what it has written.
			t, id := w.arg(after.Start), w.arg(after.ID)
			w.conds = append(w.conds, `(m.starts_at > `+t+` OR (m.starts_at = `+t+` AND m.id > `+id+`))`)
		}
		rows, err := s.db.read.QueryContext(ctx, `SELECT `+meetingColumns+` FROM meetings m`+w.String()+
			fmt.Sprintf(` ORDER BY m.starts_at, m.id LIMIT %d`, exportPage), w.args...)
		if err != nil {
			return err
		}
		var page []*passerelle.Meeting
		for rows.Next() {
			m, err := scanMeeting(rows)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		if err := loadParticipants(ctx, s.db.read, a, page); err != nil {
			return err
		}
		if err := loadPrivateNotesOf(ctx, s.db.read, a, page); err != nil {
			return err
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1]
	}
}
