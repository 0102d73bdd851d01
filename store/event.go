package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"passerelle"
	"passerelle/match"
)

// EventService keeps partnering events: the event, its participants and their requests
// (docs/events.md). The meetings a schedule places are ordinary meetings (origin event).
type EventService struct{ db *DB }

func NewEventService(db *DB) *EventService { return &EventService{db: db} }

const eventColumns = `e.id, e.workspace_id, e.slug, e.name, e.location, e.time_zone, e.meeting_minutes, e.max_meetings,
	e.video_url, e.followup_months, e.status, e.scheduled_at, e.created_at, e.updated_at, e.max_participants, e.notify_email, e.notify_lang, e.approval`

func scanEvent(sc interface{ Scan(...any) error }) (*passerelle.Event, error) {
	e := &passerelle.Event{}
	var status string
	var sched sql.NullTime
	if err := sc.Scan(&e.ID, &e.WorkspaceID, &e.Slug, &e.Name, &e.Location, &e.TimeZone, &e.MeetingMinutes, &e.MaxMeetings,
		&e.VideoURL, &e.FollowUpMonths, &status, &sched, &e.CreatedAt, &e.UpdatedAt, &e.MaxParticipants, &e.NotifyEmail, &e.NotifyLang, &e.Approval); err != nil {
		return nil, err
	}
	e.Status = passerelle.EventStatus(status)
	if sched.Valid {
		e.ScheduledAt = sched.Time.UTC()
	}
	return e, nil
}

// newEventSecret returns a random credential with a prefix that says what it opens.
func newEventSecret(prefix string) (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + hex.EncodeToString(b), nil
}

// FindEventBySlug returns an event of the actor's workspace with its days, tables and
// phases. Events are the workspace's: every reader of it may read them.
func (s *EventService) FindEventBySlug(ctx context.Context, slug string) (*passerelle.Event, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return findEvent(ctx, s.db.read, a.WorkspaceID, "e.slug = $2", slug)
}

// FindEventByID is FindEventBySlug by id.
func (s *EventService) FindEventByID(ctx context.Context, id int64) (*passerelle.Event, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return findEvent(ctx, s.db.read, a.WorkspaceID, "e.id = $2", id)
}

// FindEvents lists the workspace's events, newest first, with their days, tables and phases.
func (s *EventService) FindEvents(ctx context.Context) ([]*passerelle.Event, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	// The list shows each event's first day: without its days the column was empty.
	return s.listEvents(ctx, `WHERE e.workspace_id = $1 ORDER BY e.id DESC`, a.WorkspaceID)
}

// FindEventsBetween lists the workspace's events with a day from from to to (dates
// YYYY-MM-DD, both included), newest first, with their days, tables and phases: a year's
// report reads only that year's events.
func (s *EventService) FindEventsBetween(ctx context.Context, from, to string) ([]*passerelle.Event, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return s.listEvents(ctx, `WHERE e.workspace_id = $1 AND EXISTS (SELECT 1 FROM event_days d
		WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id AND d.day >= $2 AND d.day <= $3) ORDER BY e.id DESC`, a.WorkspaceID, from, to)
}

// listEvents reads the events that where (a WHERE clause on events e, scoped by the
// caller) selects, each with its days, tables and phases.
func (s *EventService) listEvents(ctx context.Context, where string, args ...any) ([]*passerelle.Event, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+eventColumns+` FROM events e `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []*passerelle.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range out {
		if err := loadEventParts(ctx, s.db.read, e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func findEvent(ctx context.Context, q queryer, ws int64, cond string, arg any) (*passerelle.Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.workspace_id = $1 AND `+cond, ws, arg))
	if err != nil {
		return nil, classify(err, "event")
	}
	return e, loadEventParts(ctx, q, e)
}

// loadEventParts fills the days with their breaks, the tables and the phases.
func loadEventParts(ctx context.Context, q queryer, e *passerelle.Event) error {
	e.Days, e.Tables, e.Phases = nil, nil, nil
	rows, err := q.QueryContext(ctx, `SELECT day, starts, ends FROM event_days WHERE workspace_id = $1 AND event_id = $2 ORDER BY day`, e.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for rows.Next() {
		var d passerelle.EventDay
		if err := rows.Scan(&d.Date, &d.Start, &d.End); err != nil {
			rows.Close()
			return err
		}
		idx[d.Date] = len(e.Days)
		e.Days = append(e.Days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT day, starts, ends FROM event_breaks WHERE workspace_id = $1 AND event_id = $2 ORDER BY day, starts`, e.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var day string
		var b passerelle.EventBreak
		if err := rows.Scan(&day, &b.Start, &b.End); err != nil {
			rows.Close()
			return err
		}
		if i, ok := idx[day]; ok {
			e.Days[i].Breaks = append(e.Days[i].Breaks, b)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT name FROM event_tables WHERE workspace_id = $1 AND event_id = $2 ORDER BY position`, e.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		e.Tables = append(e.Tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT phase, starts, ends FROM event_phases WHERE workspace_id = $1 AND event_id = $2`, e.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p passerelle.EventPhase
		if err := rows.Scan(&p.Phase, &p.Start, &p.End); err != nil {
			return err
		}
		e.Phases = append(e.Phases, p)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	slices.SortFunc(e.Phases, func(a, b passerelle.EventPhase) int {
		return slices.Index(passerelle.EventPhases, a.Phase) - slices.Index(passerelle.EventPhases, b.Phase)
	})
	return nil
}

// eventFields is the flat view of an event that the audit log compares.
func eventFields(e *passerelle.Event) map[string]any {
	var days []string
	for _, d := range e.Days {
		s := d.Date + " " + d.Start + "-" + d.End
		for _, b := range d.Breaks {
			s += " break " + b.Start + "-" + b.End
		}
		days = append(days, s)
	}
	var phases []string
	for _, p := range e.Phases {
		phases = append(phases, p.Phase+" "+p.Start+" "+p.End)
	}
	slices.Sort(phases)
	return map[string]any{"slug": e.Slug, "name": e.Name, "location": e.Location, "time_zone": e.TimeZone,
		"meeting_minutes": e.MeetingMinutes, "max_meetings": e.MaxMeetings, "video_url": e.VideoURL,
		"followup_months": e.FollowUpMonths, "max_participants": e.MaxParticipants, "notify_email": e.NotifyEmail,
		"notify_lang": e.NotifyLang, "approval": e.Approval,
		"days": strings.Join(days, "; "), "tables": strings.Join(e.Tables, "; "), "phases": strings.Join(phases, "; ")}
}

// saveEvent creates the event or updates it to e's fields (found by id, or by slug for
// a new one), replacing days, tables and phases when they changed. It reports the
// changes (none: nothing was written).
func saveEvent(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, old *passerelle.Event) (map[string]passerelle.Change, error) {
	var before map[string]any
	if old != nil {
		before = eventFields(old)
	}
	changes := diff(before, eventFields(e))
	if len(changes) == 0 {
		e.ID, e.WorkspaceID, e.Status, e.CreatedAt, e.UpdatedAt, e.ScheduledAt = old.ID, old.WorkspaceID, old.Status, old.CreatedAt, old.UpdatedAt, old.ScheduledAt
		return nil, nil
	}
	e.WorkspaceID, e.UpdatedAt = a.WorkspaceID, tx.now
	if old == nil {
		e.CreatedAt, e.Status = tx.now, passerelle.EventDraft
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (workspace_id, slug, name, location, time_zone, meeting_minutes,
			max_meetings, video_url, status, created_at, updated_at, followup_months, max_participants, notify_email, notify_lang, approval)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15) RETURNING id`,
			e.WorkspaceID, e.Slug, e.Name, e.Location, e.TimeZone, e.MeetingMinutes, e.MaxMeetings, e.VideoURL, string(e.Status),
			e.CreatedAt, e.FollowUpMonths, e.MaxParticipants, e.NotifyEmail, e.NotifyLang, e.Approval).Scan(&e.ID); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				return nil, passerelle.FieldError("slug", "another event has the slug %s", e.Slug)
			}
			return nil, classify(err, "event")
		}
	} else {
		e.ID, e.Status, e.CreatedAt, e.ScheduledAt = old.ID, old.Status, old.CreatedAt, old.ScheduledAt
		if _, err := tx.ExecContext(ctx, `UPDATE events SET slug = $1, name = $2, location = $3, time_zone = $4, meeting_minutes = $5,
			max_meetings = $6, video_url = $7, updated_at = $8, followup_months = $11, max_participants = $12, notify_email = $13,
			notify_lang = $14, approval = $15 WHERE workspace_id = $9 AND id = $10`,
			e.Slug, e.Name, e.Location, e.TimeZone, e.MeetingMinutes, e.MaxMeetings, e.VideoURL, e.UpdatedAt, e.WorkspaceID, e.ID, e.FollowUpMonths,
			e.MaxParticipants, e.NotifyEmail, e.NotifyLang, e.Approval); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				return nil, passerelle.FieldError("slug", "another event has the slug %s", e.Slug)
			}
			return nil, classify(err, "event")
		}
	}
	if old == nil || changes["days"].Old != changes["days"].New || changes["tables"].Old != changes["tables"].New ||
		changes["phases"].Old != changes["phases"].New {
		for _, t := range []string{"event_breaks", "event_days", "event_tables", "event_phases"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE workspace_id = $1 AND event_id = $2`, e.WorkspaceID, e.ID); err != nil {
				return nil, err
			}
		}
		for _, d := range e.Days {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_days (workspace_id, event_id, day, starts, ends) VALUES ($1, $2, $3, $4, $5)`,
				e.WorkspaceID, e.ID, d.Date, d.Start, d.End); err != nil {
				return nil, classify(err, "day "+d.Date)
			}
			for _, b := range d.Breaks {
				if _, err := tx.ExecContext(ctx, `INSERT INTO event_breaks (workspace_id, event_id, day, starts, ends) VALUES ($1, $2, $3, $4, $5)`,
					e.WorkspaceID, e.ID, d.Date, b.Start, b.End); err != nil {
					return nil, classify(err, "break "+d.Date+" "+b.Start)
				}
			}
		}
		for i, t := range e.Tables {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_tables (workspace_id, event_id, position, name) VALUES ($1, $2, $3, $4)`,
				e.WorkspaceID, e.ID, i, t); err != nil {
				return nil, classify(err, "table "+t)
			}
		}
		for _, p := range e.Phases {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_phases (workspace_id, event_id, phase, starts, ends) VALUES ($1, $2, $3, $4, $5)`,
				e.WorkspaceID, e.ID, p.Phase, p.Start, p.End); err != nil {
				return nil, classify(err, "phase "+p.Phase)
			}
		}
	}
	return changes, nil
}

// SaveEvent creates an event (ID 0) or updates one from the organiser's form. A
// maximum of participants raised or removed gives the places it frees to the waiting
// list (admitWaiting); with mail, those admitted are told through the outbox, the
// mails' ids returned.
func (s *EventService) SaveEvent(ctx context.Context, e *passerelle.Event, mail bool) (mails []int64, err error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		mails = nil
		var old *passerelle.Event
		if e.ID != 0 {
			var err error
			if old, err = findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", e.ID); err != nil {
				return err
			}
		}
		changes, err := saveEvent(ctx, tx, a, e, old)
		if err != nil || len(changes) == 0 {
			return err
		}
		action := "update"
		if old == nil {
			action = "create"
		}
		if err := writeAudit(ctx, tx, a, action, "event", e.ID, e.Name, changes, passerelle.VisibilityShared, 0); err != nil {
			return err
		}
		if old != nil && (changes["max_participants"].Old != changes["max_participants"].New || changes["approval"].Old != changes["approval"].New) {
			mails, err = admitWaiting(ctx, tx, e, mail)
		}
		return err
	})
	return mails, err
}

// cancelRemovedMeetings cancels the meetings still to take place (planned, confirmed;
// raising their calendar sequence) of the requests an import is about to delete, those of event_requests r where cond holds
// with $3 = arg: the delete cascades to event_meetings, and the meetings records used
// to stay planned, orphaned, in the workspace's agenda and feeds, where no schedule
// run would reach them again.
func cancelRemovedMeetings(ctx context.Context, tx *Tx, ws int64, cond string, arg int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
		WHERE workspace_id = $2 AND status IN ('planned', 'confirmed') AND id IN (SELECT em.meeting_id FROM event_meetings em
		JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id WHERE em.workspace_id = $2 AND `+cond+`)`,
		tx.now, ws, arg)
	return err
}

// EventImportResult says what an import changed.
type EventImportResult struct {
	Event                                          *passerelle.Event `json:"-"`
	Slug                                           string            `json:"slug"`
	Created                                        bool              `json:"created"`
	EventChanged                                   bool              `json:"event_changed"`
	ParticipantsAdded, ParticipantsUpdated         int
	ParticipantsRemoved                            int
	RequestsAdded, RequestsUpdated, RequestsRemove int
	OrganizationsMatched, OrganizationsCreated     int
	// Unanswered are the required registration questions each participant of the event
	// leaves unanswered once imported: accepted (the organiser's file may come from a
	// tool that did not ask them) but reported, in the order of the participants' refs.
	Unanswered []passerelle.EventUnanswered `json:"unanswered,omitempty"`
}

// Changed reports whether the import wrote anything.
func (r *EventImportResult) Changed() bool {
	return r.Created || r.EventChanged || r.ParticipantsAdded+r.ParticipantsUpdated+r.ParticipantsRemoved+
		r.RequestsAdded+r.RequestsUpdated+r.RequestsRemove+r.OrganizationsCreated > 0
}

// ImportEvent creates the event of imp or updates the one with its slug to match it:
// participants by ref (added, changed, removed), requests by their two participants.
// Participants keep their feed URL and organisation across imports; importing the same
// file again writes nothing. All or nothing, in one transaction.
func (s *EventService) ImportEvent(ctx context.Context, imp *passerelle.EventImport) (*EventImportResult, error) {
	if err := imp.Event.Validate(); err != nil {
		return nil, err
	}
	res := &EventImportResult{Slug: imp.Event.Slug}
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e := &imp.Event
		old, err := findEvent(ctx, tx, a.WorkspaceID, "e.slug = $2", e.Slug)
		if err != nil && passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			return err
		} else if err != nil {
			old = nil
		} else {
			// The public registration's settings are the organiser's, made on the event's
			// form: the file (from another tool) does not carry them.
			e.MaxParticipants, e.NotifyEmail, e.NotifyLang, e.Approval = old.MaxParticipants, old.NotifyEmail, old.NotifyLang, old.Approval
		}
		changes, err := saveEvent(ctx, tx, a, e, old)
		if err != nil {
			return err
		}
		res.Event, res.Created, res.EventChanged = e, old == nil, old != nil && len(changes) > 0
		qs, err := importQuestions(ctx, tx, a, e, imp, &changes)
		if err != nil {
			return err
		}
		res.EventChanged = res.EventChanged || old != nil && changes["questions"].Old != changes["questions"].New
		if err := importParticipants(ctx, tx, a, e, imp.Participants, qs, res); err != nil {
			return err
		}
		if err := importRequests(ctx, tx, a, e, imp.Participants, imp.Requests, res); err != nil {
			return err
		}
		if !res.Changed() {
			return nil
		}
		action := "import"
		summary := fmt.Sprintf("%s: participants +%d ~%d -%d, requests +%d ~%d -%d", e.Name, res.ParticipantsAdded, res.ParticipantsUpdated,
			res.ParticipantsRemoved, res.RequestsAdded, res.RequestsUpdated, res.RequestsRemove)
		return writeAudit(ctx, tx, a, action, "event", e.ID, summary, changes, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	if res.ParticipantsAdded+res.RequestsAdded >= bulkEventRows {
		// Without fresh statistics, PostgreSQL plans the participants' pages and feeds as
		// if the event were empty: 0.5 s a feed at a BIO-size event until autovacuum
		// analyses the tables.
		if err := s.db.analyze(ctx, "event_participants, event_requests"); err != nil {
			return nil, err
		}
	}
	if res.Unanswered, err = s.unansweredRequired(ctx, res.Event); err != nil {
		return nil, err
	}
	return res, nil
}

// unansweredRequired lists the required questions of the event that its participants
// leave unanswered, by participant ref.
func (s *EventService) unansweredRequired(ctx context.Context, e *passerelle.Event) ([]passerelle.EventUnanswered, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil || e == nil {
		return nil, err
	}
	ev := *e
	ev.WorkspaceID = a.WorkspaceID
	qs, err := s.EventQuestions(ctx, &ev)
	if err != nil || len(qs) == 0 {
		return nil, err
	}
	ps, err := s.EventParticipants(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	sort.Slice(ps, func(a, b int) bool { return ps[a].Ref < ps[b].Ref })
	var out []passerelle.EventUnanswered
	for _, p := range ps {
		for _, q := range passerelle.UnansweredRequired(qs, p.Answers) {
			out = append(out, passerelle.EventUnanswered{Ref: p.Ref, Question: q})
		}
	}
	return out, nil
}

// bulkEventRows is how many rows an import or a schedule writes before the planner's
// statistics are refreshed.
const bulkEventRows = 500

func unavKey(us []passerelle.Interval) string {
	var b strings.Builder
	for _, u := range us {
		b.WriteString(u.Start.UTC().Format(time.RFC3339) + "/" + u.End.UTC().Format(time.RFC3339) + ";")
	}
	return b.String()
}

// loadParticipants reads an event's participants (with their unavailability).
func loadEventParticipants(ctx context.Context, q queryer, ws, eventID int64) ([]*passerelle.EventParticipant, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, ref, name, email, org_name, org_country, org_website, COALESCE(organization_id, 0),
		COALESCE(user_id, 0), feed_secret, profile, answers, `+participantStatusSQL("")+`, waitlisted_at
		FROM event_participants WHERE workspace_id = $1 AND event_id = $2 ORDER BY id`, ws, eventID)
	if err != nil {
		return nil, err
	}
	var out []*passerelle.EventParticipant
	byID := map[int64]*passerelle.EventParticipant{}
	for rows.Next() {
		p := &passerelle.EventParticipant{EventID: eventID}
		var prof, answers, status string
		var waiting sql.NullTime
		if err := rows.Scan(&p.ID, &p.Ref, &p.Name, &p.Email, &p.Organization.Name, &p.Organization.Country, &p.Organization.Website,
			&p.OrganizationID, &p.UserID, &p.FeedSecret, &prof, &answers, &status, &waiting); err != nil {
			rows.Close()
			return nil, err
		}
		p.Profile = parseProfile(prof)
		p.Answers = parseAnswers(answers)
		p.Status = passerelle.ParticipantStatus(status)
		if waiting.Valid {
			p.WaitlistedAt = waiting.Time.UTC()
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT u.participant_id, u.starts_at, u.ends_at FROM event_unavailability u
		JOIN event_participants p ON p.workspace_id = u.workspace_id AND p.id = u.participant_id
		WHERE u.workspace_id = $1 AND p.event_id = $2 ORDER BY u.participant_id, u.starts_at`, ws, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var iv passerelle.Interval
		if err := rows.Scan(&id, &iv.Start, &iv.End); err != nil {
			return nil, err
		}
		if p := byID[id]; p != nil {
			p.Unavailable = append(p.Unavailable, passerelle.Interval{Start: iv.Start.UTC(), End: iv.End.UTC()})
		}
	}
	return out, rows.Err()
}

// orgMatcher finds the workspace's shared organisation a participant names, by name
// (any of its names, case and accents aside) with a compatible country, or by website;
// then, in an import, by the matching engine ("NOVO NORDISK A/S" is Novo Nordisk); it
// creates one when none matches. One per import, with a cache: the people of one
// organisation come together.
type orgMatcher struct {
	tx    *Tx
	a     *passerelle.Actor
	cache map[string]int64
	// noCreate leaves an unmatched organisation unlinked instead of creating it: a
	// public page must not add records to the workspace. It does not use the engine
	// either: its index of the whole directory is an import's cost, not a form's.
	noCreate bool
	ix       *match.Index // the shared records, read at the first name not found exactly
	matched  int
	created  int
}

// engine is the decision of the matching engine on o among the workspace's shared
// records: a record only when the engine says it is the same organisation (an
// ambiguous one is created, and the duplicates review shows the pair).
func (m *orgMatcher) engine(ctx context.Context, o passerelle.EventOrg) (int64, error) {
	if m.ix == nil {
		ix, err := loadEngineIndex(ctx, m.tx, m.a, true)
		if err != nil {
			return 0, err
		}
		m.ix = ix
	}
	r := m.ix.Match(&match.Query{Name: o.Name, Country: o.Country, Website: o.Website})
	if r.Decision == match.Same {
		return r.Best.ID, nil
	}
	return 0, nil
}

func websiteHost(s string) string {
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

func (m *orgMatcher) find(ctx context.Context, o passerelle.EventOrg) (int64, error) {
	if strings.TrimSpace(o.Name) == "" {
		return 0, nil
	}
	key := passerelle.Fold(o.Name) + "|" + o.Country + "|" + websiteHost(o.Website)
	if id, ok := m.cache[key]; ok {
		return id, nil
	}
	type cand struct {
		id            int64
		country, host string
	}
	var cands []cand
	scan := func(query string, args ...any) error {
		rows, err := m.tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c cand
			var web string
			if err := rows.Scan(&c.id, &c.country, &web); err != nil {
				return err
			}
			c.host = websiteHost(web)
			cands = append(cands, c)
		}
		return rows.Err()
	}
	if err := scan(`SELECT o.id, o.country, o.website FROM org_keys k JOIN organizations o ON o.workspace_id = k.workspace_id AND o.id = k.organization_id
		WHERE k.workspace_id = $1 AND k.key = $2 AND o.visibility = 'shared' ORDER BY o.id LIMIT 50`, m.a.WorkspaceID, passerelle.Fold(o.Name)); err != nil {
		return 0, err
	}
	host := websiteHost(o.Website)
	if host != "" {
		if err := scan(`SELECT o.id, o.country, o.website FROM organizations o WHERE o.workspace_id = $1 AND o.visibility = 'shared'
			AND LOWER(o.website) LIKE $2 ORDER BY o.id LIMIT 50`, m.a.WorkspaceID, "%"+host+"%"); err != nil {
			return 0, err
		}
	}
	var id int64
	best := -1
	for _, c := range cands {
		if o.Country != "" && c.country != "" && c.country != o.Country {
			continue
		}
		score := 1
		if host != "" && c.host == host {
			score = 3
		} else if host != "" && c.host != "" {
			continue // both have a website and they differ: another organisation of the same name
		}
		if c.country == o.Country {
			score++
		}
		if score > best {
			id, best = c.id, score
		}
	}
	if id == 0 && !m.noCreate {
		var err error
		if id, err = m.engine(ctx, o); err != nil {
			return 0, err
		}
	}
	if id != 0 {
		m.matched++
	} else if m.noCreate {
		return 0, nil
	} else {
		org := &passerelle.Organization{Name: o.Name, Country: o.Country, Website: o.Website, Kind: passerelle.KindOther,
			Visibility: passerelle.VisibilityShared}
		if err := org.Validate(); err != nil {
			return 0, err
		}
		if err := insertOrg(ctx, m.tx, m.a, org, true); err != nil {
			return 0, err
		}
		id = org.ID
		m.created++
		if m.ix != nil {
			// Later participants of this file may name it otherwise.
			m.ix.Add(&match.Record{ID: org.ID, Name: org.Name, Country: org.Country, Website: org.Website})
		}
	}
	m.cache[key] = id
	return id, nil
}

// workspaceUser returns the id of the workspace's user with this email, 0 for none.
func workspaceUser(ctx context.Context, tx *Tx, ws int64, email string) (int64, error) {
	if email == "" {
		return 0, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT u.id FROM users u JOIN memberships ms ON ms.user_id = u.id AND ms.workspace_id = $1
		WHERE LOWER(u.email) = $2`, ws, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// importQuestions saves the file's registration questions, when it gives them, and
// returns those the answers are checked against (the file's, else the stored ones).
func importQuestions(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, imp *passerelle.EventImport,
	changes *map[string]passerelle.Change) ([]passerelle.EventQuestion, error) {
	var stored string
	if err := tx.QueryRowContext(ctx, `SELECT questions FROM events WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, e.ID).Scan(&stored); err != nil {
		return nil, err
	}
	if !imp.QuestionsSet {
		return parseQuestions(stored)
	}
	text, err := formatQuestions(imp.Questions)
	if err != nil {
		return nil, err
	}
	if text != stored {
		if _, err := tx.ExecContext(ctx, `UPDATE events SET questions = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			text, tx.now, a.WorkspaceID, e.ID); err != nil {
			return nil, err
		}
		if *changes == nil {
			*changes = map[string]passerelle.Change{}
		}
		(*changes)["questions"] = passerelle.Change{Old: stored, New: text}
	}
	return imp.Questions, nil
}

func importParticipants(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, ps []*passerelle.EventParticipant,
	qs []passerelle.EventQuestion, res *EventImportResult) error {
	have, err := loadEventParticipants(ctx, tx, a.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	byRef := make(map[string]*passerelle.EventParticipant, len(have))
	for _, p := range have {
		byRef[p.Ref] = p
	}
	m := &orgMatcher{tx: tx, a: a, cache: map[string]int64{}}
	keep := map[string]bool{}
	var themes map[string]bool
	for i, p := range ps {
		keep[p.Ref] = true
		old := byRef[p.Ref]
		if p.Profile != nil {
			if themes == nil {
				if themes, err = themeCodes(ctx, tx, a.WorkspaceID); err != nil {
					return err
				}
			}
			if err := p.Profile.Validate(fmt.Sprintf("participants[%d].profile", i), themes); err != nil {
				return err
			}
		} else if old != nil {
			p.Profile = old.Profile // a file without the profile keeps what the participant wrote
		}
		if p.Answers != nil {
			if p.Answers, err = passerelle.CheckImportedAnswers(fmt.Sprintf("participants[%d].answers", i), qs, p.Answers); err != nil {
				return err
			}
		} else if old != nil {
			p.Answers = old.Answers // a file without answers keeps those given at registration
		}
		if p.Unavailable == nil && old != nil {
			// A file that does not give the participant's unavailability (nil, not an
			// empty list) keeps what is stored: what the participant ticked on their page.
			p.Unavailable = old.Unavailable
		}
		answers, err := formatAnswers(p.Answers)
		if err != nil {
			return err
		}
		// The organisation is matched again only when the participant names another one
		// (or theirs was deleted): the organiser may have merged records meanwhile.
		if old != nil && old.Organization == p.Organization && (old.OrganizationID != 0 || p.Organization.Name == "") {
			var ok bool
			if old.OrganizationID == 0 {
				ok = true
			} else if err := tx.QueryRowContext(ctx, `SELECT TRUE FROM organizations WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID,
				old.OrganizationID).Scan(&ok); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if ok {
				p.OrganizationID = old.OrganizationID
			}
		}
		if p.OrganizationID == 0 {
			if p.OrganizationID, err = m.find(ctx, p.Organization); err != nil {
				return passerelle.FieldError(fmt.Sprintf("participants[%d].organization", i), "%s", passerelle.ErrorMessage(err))
			}
		}
		if p.UserID, err = workspaceUser(ctx, tx, a.WorkspaceID, p.Email); err != nil {
			return err
		}
		if old == nil {
			if p.FeedSecret, err = newEventSecret("evf_"); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO event_participants (workspace_id, event_id, ref, name, email, org_name,
				org_country, org_website, organization_id, user_id, feed_secret, profile, answers, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
				a.WorkspaceID, e.ID, p.Ref, p.Name, p.Email, p.Organization.Name, p.Organization.Country, p.Organization.Website,
				nullID(p.OrganizationID), nullID(p.UserID), p.FeedSecret, profileJSON(p.Profile), answers, tx.now).Scan(&p.ID); err != nil {
				return classify(err, "participant "+p.Ref)
			}
			res.ParticipantsAdded++
		} else {
			p.ID, p.FeedSecret = old.ID, old.FeedSecret
			same := old.Name == p.Name && old.Email == p.Email && old.Organization == p.Organization &&
				old.OrganizationID == p.OrganizationID && old.UserID == p.UserID && profileJSON(old.Profile) == profileJSON(p.Profile)
			oldAnswers, err := formatAnswers(old.Answers)
			if err != nil {
				return err
			}
			same = same && oldAnswers == answers
			if !same {
				if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET name = $1, email = $2, org_name = $3, org_country = $4,
					org_website = $5, organization_id = $6, user_id = $7, profile = $8, answers = $9, updated_at = $10 WHERE workspace_id = $11 AND id = $12`,
					p.Name, p.Email, p.Organization.Name, p.Organization.Country, p.Organization.Website, nullID(p.OrganizationID),
					nullID(p.UserID), profileJSON(p.Profile), answers, tx.now, a.WorkspaceID, p.ID); err != nil {
					return classify(err, "participant "+p.Ref)
				}
			}
			if unavKey(old.Unavailable) == unavKey(p.Unavailable) {
				if !same {
					res.ParticipantsUpdated++
				}
				continue
			}
			res.ParticipantsUpdated++
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_unavailability WHERE workspace_id = $1 AND participant_id = $2`, a.WorkspaceID, p.ID); err != nil {
				return err
			}
		}
		for _, u := range p.Unavailable {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_unavailability (workspace_id, participant_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)`,
				a.WorkspaceID, p.ID, u.Start.UTC(), u.End.UTC()); err != nil {
				return classify(err, "unavailability of "+p.Ref)
			}
		}
	}
	for _, p := range have {
		if !keep[p.Ref] {
			// Participants who registered themselves stay: the file is the organiser's list.
			if err := cancelRemovedMeetings(ctx, tx, a.WorkspaceID, `(r.from_id = $3 OR r.to_id = $3) AND EXISTS (SELECT 1 FROM event_participants p
				WHERE p.workspace_id = r.workspace_id AND p.id = $3 AND p.registered = FALSE)`, p.ID); err != nil {
				return err
			}
			r, err := tx.ExecContext(ctx, `DELETE FROM event_participants WHERE workspace_id = $1 AND id = $2 AND registered = FALSE`, a.WorkspaceID, p.ID)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				res.ParticipantsRemoved++
			}
		}
	}
	res.OrganizationsMatched, res.OrganizationsCreated = m.matched, m.created
	return nil
}

// requestBatch is how many new requests one INSERT carries.
const requestBatch = 400

func importRequests(ctx context.Context, tx *Tx, a *passerelle.Actor, e *passerelle.Event, ps []*passerelle.EventParticipant,
	rqs []*passerelle.EventRequest, res *EventImportResult) error {
	idOf := make(map[string]int64, len(ps))
	byRef := make(map[string]*passerelle.EventParticipant, len(ps))
	for _, p := range ps {
		idOf[p.Ref], byRef[p.Ref] = p.ID, p
	}
	type stored struct {
		id       int64
		status   string
		priority int
		message  string
		offer    string
		slot     sql.NullTime
	}
	have := map[[2]int64]stored{}
	rows, err := tx.QueryContext(ctx, `SELECT id, from_id, to_id, status, priority, message, offer_ref, slot_start FROM event_requests
		WHERE workspace_id = $1 AND event_id = $2`, a.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s stored
		var k [2]int64
		if err := rows.Scan(&s.id, &k[0], &k[1], &s.status, &s.priority, &s.message, &s.offer, &s.slot); err != nil {
			rows.Close()
			return err
		}
		have[k] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Those who left or were removed: what leaving cancelled stays cancelled, whatever
	// the file (from another tool, which does not know who left) says.
	goneIDs, err := queryIDs(ctx, tx, `SELECT id FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND left_at IS NOT NULL`,
		a.WorkspaceID, e.ID)
	if err != nil {
		return err
	}
	gone := make(map[int64]bool, len(goneIDs))
	for _, id := range goneIDs {
		gone[id] = true
	}
	keep := map[int64]bool{}
	var fresh []*passerelle.EventRequest
	for i, r := range rqs {
		r.FromID, r.ToID = idOf[r.From], idOf[r.To]
		// The offer is the recipient's, in the profile the import leaves them.
		if to := byRef[r.To]; r.OfferRef != "" && (to == nil || to.Profile.Offer(r.OfferRef) == nil) {
			return passerelle.FieldError(fmt.Sprintf("requests[%d].offer", i), "%s has no offer or request %s", r.To, r.OfferRef)
		}
		slot := sql.NullTime{Time: r.Slot.UTC(), Valid: !r.Slot.IsZero()}
		s, ok := have[[2]int64{r.FromID, r.ToID}]
		if !ok {
			fresh = append(fresh, r)
			continue
		}
		r.ID = s.id
		keep[s.id] = true
		if s.status == string(passerelle.RequestCancelled) && (gone[r.FromID] || gone[r.ToID]) {
			r.Status = passerelle.RequestCancelled
		}
		if s.status == string(r.Status) && s.priority == r.Priority && s.message == r.Message && s.offer == r.OfferRef &&
			s.slot.Valid == slot.Valid && (!slot.Valid || s.slot.Time.Equal(slot.Time)) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_requests SET status = $1, priority = $2, message = $3, offer_ref = $4, slot_start = $5,
			updated_at = $6 WHERE workspace_id = $7 AND id = $8`, string(r.Status), r.Priority, r.Message, r.OfferRef, slot, tx.now,
			a.WorkspaceID, r.ID); err != nil {
			return classify(err, "request")
		}
		res.RequestsUpdated++
	}
	for _, s := range have {
		if !keep[s.id] {
			// Requests of participants who registered themselves are theirs, not the file's.
			if err := cancelRemovedMeetings(ctx, tx, a.WorkspaceID, `r.id = $3 AND NOT EXISTS (SELECT 1 FROM event_participants p
				WHERE p.workspace_id = r.workspace_id AND p.id IN (r.from_id, r.to_id) AND p.registered)`, s.id); err != nil {
				return err
			}
			r, err := tx.ExecContext(ctx, `DELETE FROM event_requests WHERE workspace_id = $1 AND id = $2 AND NOT EXISTS (SELECT 1
				FROM event_participants p WHERE p.workspace_id = $1 AND p.id IN (event_requests.from_id, event_requests.to_id) AND p.registered)`,
				a.WorkspaceID, s.id)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				res.RequestsRemove++
			}
		}
	}
	for start := 0; start < len(fresh); start += requestBatch {
		batch := fresh[start:min(start+requestBatch, len(fresh))]
		w := &where{}
		ws, ev, now := w.arg(a.WorkspaceID), w.arg(e.ID), w.arg(tx.now)
		vals := make([]string, len(batch))
		for i, r := range batch {
			slot := sql.NullTime{Time: r.Slot.UTC(), Valid: !r.Slot.IsZero()}
			vals[i] = "(" + ws + ", " + ev + ", " + w.arg(r.FromID) + ", " + w.arg(r.ToID) + ", " + w.arg(string(r.Status)) + ", " +
				w.arg(r.Priority) + ", " + w.arg(r.Message) + ", " + w.arg(r.OfferRef) + ", " + w.arg(slot) + ", " + now + ", " + now + ")"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_requests (workspace_id, event_id, from_id, to_id, status, priority, message,
			offer_ref, slot_start, created_at, updated_at) VALUES `+strings.Join(vals, ", "), w.args...); err != nil {
			return classify(err, "request")
		}
		res.RequestsAdded += len(batch)
	}
	return nil
}

// PublishEvent shows the event's schedule to its participants.
func (s *EventService) PublishEvent(ctx context.Context, id int64) error {
	_, err := s.PublishEventMailed(ctx, id, false)
	return err
}

// PublishEventMailed is PublishEvent; with mail, publishing writes to the outbox, in
// the same transaction, each participant's agenda (queueAgendaMails) and returns how
// many. Publishing again writes nothing: from then on what changes is mailed as changes.
func (s *EventService) PublishEventMailed(ctx context.Context, id int64, mail bool) (mails int, err error) {
	err = s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		mails = 0
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", id)
		if err != nil {
			return err
		}
		if e.Status == passerelle.EventPublished {
			return nil
		}
		if e.Status != passerelle.EventScheduled {
			return passerelle.Errorf(passerelle.ECONFLICT, "schedule the event before publishing it")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = 'published', updated_at = $1 WHERE workspace_id = $2 AND id = $3`,
			tx.now, a.WorkspaceID, id); err != nil {
			return err
		}
		if mail {
			ids, err := queueAgendaMails(ctx, tx, a.WorkspaceID, e)
			if err != nil {
				return err
			}
			mails = len(ids)
		}
		return writeAudit(ctx, tx, a, "publish", "event", id, e.Name, map[string]passerelle.Change{"status": {Old: string(e.Status), New: "published"}},
			passerelle.VisibilityShared, 0)
	})
	return mails, err
}
