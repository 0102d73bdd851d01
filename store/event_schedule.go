package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"passerelle"
)

// EventPlacement is where a schedule puts one accepted request.
type EventPlacement struct {
	RequestID int64
	Start     time.Time
	End       time.Time
	Table     string
	Pinned    bool
}

// EventScheduleInput is what a schedule needs: the event, its participants, its accepted
// requests and where their meetings stand now.
type EventScheduleInput struct {
	Event        *passerelle.Event
	Participants []*passerelle.EventParticipant
	Requests     []*passerelle.EventRequest // accepted only
	Current      map[int64]EventPlacement   // by request id: the meeting of the last schedule (not cancelled)
	// LastMeeting is the highest id of the event's meetings when the input was read (0:
	// none): SaveSchedule refuses a result that a meeting booked since (by the organiser
	// or at a free common slot) would contradict. Ids only grow; a clock to the second
	// would take a booking in the same second for an older one.
	LastMeeting int64
}

// ScheduleInput reads what a schedule of the event needs.
func (s *EventService) ScheduleInput(ctx context.Context, slug string) (*EventScheduleInput, error) {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return nil, err
	}
	e, err := findEvent(ctx, s.db.read, a.WorkspaceID, "e.slug = $2", slug)
	if err != nil {
		return nil, err
	}
	in := &EventScheduleInput{Event: e, Current: map[int64]EventPlacement{}}
	// Before the meetings are read: one booked meanwhile is both read and newer, and the
	// save's refusal costs a second run, never a meeting.
	if err := s.db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(meeting_id), 0) FROM event_meetings WHERE workspace_id = $1 AND event_id = $2`,
		a.WorkspaceID, e.ID).Scan(&in.LastMeeting); err != nil {
		return nil, err
	}
	if in.Participants, err = loadEventParticipants(ctx, s.db.read, a.WorkspaceID, e.ID); err != nil {
		return nil, err
	}
	rqs, err := loadEventRequests(ctx, s.db.read, a.WorkspaceID, e.ID, string(passerelle.RequestAccepted))
	if err != nil {
		return nil, err
	}
	// Only the requests between two who take part: a re-import of the organiser's file
	// sets back the requests that leaving cancelled, and a request may be accepted as its
	// side leaves; one who left or waits is given no meeting (SaveSchedule cancels theirs).
	takesPart := make(map[int64]bool, len(in.Participants))
	for _, p := range in.Participants {
		takesPart[p.ID] = p.Status == ""
	}
	for _, r := range rqs {
		if takesPart[r.FromID] && takesPart[r.ToID] {
			in.Requests = append(in.Requests, r)
		}
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT em.request_id, m.starts_at, m.ends_at, m.room, em.pinned FROM event_meetings em
		JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
		WHERE em.workspace_id = $1 AND em.event_id = $2 AND m.status <> 'cancelled'`, a.WorkspaceID, e.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p EventPlacement
		if err := rows.Scan(&p.RequestID, &p.Start, &p.End, &p.Table, &p.Pinned); err != nil {
			return nil, err
		}
		p.Start, p.End = p.Start.UTC(), p.End.UTC()
		in.Current[p.RequestID] = p
	}
	return in, rows.Err()
}

// loadEventRequests reads an event's requests, with the participants' refs; status ""
// for all.
func loadEventRequests(ctx context.Context, q queryer, ws, eventID int64, status string) ([]*passerelle.EventRequest, error) {
	query := eventRequestQuery
	args := []any{ws, eventID}
	if status != "" {
		query += ` AND r.status = $3`
		args = append(args, status)
	}
	return scanEventRequests(q.QueryContext(ctx, query+` ORDER BY r.id`, args...))
}

// loadParticipantRequests reads the requests one participant sent or received.
// participantRequests reads the requests a participant sent and received, by id, with
// the other side's ref and name (names, by ref, holds theirs and the participant's own).
// Each direction is its own query on its own index: with the two in one OR, SQLite
// (which plans without statistics) read all the event's requests (110,000 at a BIO-size
// event) for each participant. withdrawn holds the cancelled ones no meeting ever came
// of (their sender withdrew them, or left while they waited), by id.
func participantRequests(ctx context.Context, q queryer, ws, eventID int64, me *passerelle.EventParticipant) (out []*passerelle.EventRequest, names map[string]string, withdrawn map[int64]bool, err error) {
	const cols = `SELECT r.event_id, r.id, r.from_id, r.to_id, o.ref, o.name, r.status, r.priority, r.message, r.offer_ref, r.slot_start,
		CASE WHEN r.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM event_meetings em WHERE em.workspace_id = r.workspace_id
			AND em.request_id = r.id) THEN 1 ELSE 0 END FROM event_requests r
		JOIN event_participants o ON o.workspace_id = r.workspace_id AND o.id = `
	rows, err := q.QueryContext(ctx, cols+`r.to_id WHERE r.workspace_id = $1 AND r.event_id = $2 AND r.from_id = $3
		UNION ALL `+cols+`r.from_id WHERE r.workspace_id = $1 AND r.to_id = $3`, ws, eventID, me.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	names = map[string]string{me.Ref: me.Name}
	withdrawn = map[int64]bool{}
	for rows.Next() {
		r := &passerelle.EventRequest{}
		var st, ref, name string
		var slot sql.NullTime
		var ev, gone int64
		if err := rows.Scan(&ev, &r.ID, &r.FromID, &r.ToID, &ref, &name, &st, &r.Priority, &r.Message, &r.OfferRef, &slot, &gone); err != nil {
			return nil, nil, nil, err
		}
		if gone == 1 {
			withdrawn[r.ID] = true
		}
		if ev != eventID {
			continue // the event is checked here: see participantMeetingQuery
		}
		r.From, r.To = me.Ref, ref
		if r.ToID == me.ID {
			r.From, r.To = ref, me.Ref
		}
		names[ref] = name
		if slot.Valid {
			r.Slot = slot.Time.UTC()
		}
		r.Status = passerelle.RequestStatus(st)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	slices.SortFunc(out, func(a, b *passerelle.EventRequest) int { return cmp.Compare(a.ID, b.ID) })
	return out, names, withdrawn, nil
}

const eventRequestQuery = `SELECT r.id, r.from_id, r.to_id, f.ref, t.ref, r.status, r.priority, r.message, r.offer_ref, r.slot_start FROM event_requests r
		JOIN event_participants f ON f.workspace_id = r.workspace_id AND f.id = r.from_id
		JOIN event_participants t ON t.workspace_id = r.workspace_id AND t.id = r.to_id
		WHERE r.workspace_id = $1 AND r.event_id = $2`

func scanEventRequests(rows *sql.Rows, err error) ([]*passerelle.EventRequest, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.EventRequest
	for rows.Next() {
		r := &passerelle.EventRequest{}
		var st string
		var slot sql.NullTime
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &r.From, &r.To, &st, &r.Priority, &r.Message, &r.OfferRef, &slot); err != nil {
			return nil, err
		}
		if slot.Valid {
			r.Slot = slot.Time.UTC()
		}
		r.Status = passerelle.RequestStatus(st)
		out = append(out, r)
	}
	return out, rows.Err()
}

// EventScheduleSummary is what SaveSchedule changed.
type EventScheduleSummary struct {
	Created, Moved, Unchanged, Cancelled int
	// Changes are the meetings created, moved or cancelled, with both sides, when the
	// event was published already (the participants knew their agendas and are to be
	// told); nil before publication.
	Changes []EventChange
	// Mails are the outbox mails (one per participant with an email) written with the
	// changes when SaveSchedule was asked to mail them.
	Mails []int64
}

// EventChange is one meeting of a published event that a schedule run or the
// organiser's hand changed: what it was, what it is, and whom to tell.
type EventChange struct {
	Kind      string // "moved", "added" or "cancelled"
	MeetingID int64
	Old, New  EventPlacement // Old is zero for an added meeting, New for a cancelled one
	// Participants are the meeting's two sides (email and language included).
	Participants []MovedParticipant
}

// Kinds of EventChange.
const (
	ChangeMoved     = "moved"
	ChangeAdded     = "added"
	ChangeCancelled = "cancelled"
)

// SaveSchedule stores a schedule of the event: each placed request's meeting is created,
// or moved (its calendar sequence raised) when its time or table changed; the meetings of
// requests no longer placed are cancelled, which tells the participants' calendars.
// unplaced gives the reason of each accepted request left out. lastMeeting is the
// input's EventScheduleInput.LastMeeting: a meeting of the event booked since refuses
// the save (ECONFLICT, run it again); -1 skips the look. With mail, the changes to a
// published event's agendas are written to the outbox as mails to the participants, in
// the same transaction. One transaction, one audit entry.
func (s *EventService) SaveSchedule(ctx context.Context, eventID, lastMeeting int64, placed []EventPlacement, unplaced map[int64]passerelle.Msg, mail bool) (*EventScheduleSummary, error) {
	sum := &EventScheduleSummary{}
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", eventID)
		if err != nil {
			return err
		}
		// A meeting booked while the schedule was computed is not in its result: saving
		// would cancel it (and mail its two sides) or give its table to another. The run
		// is refused instead; the next one reads it, pinned, and keeps it. The event's row
		// is held so that no booking lands between this look and the save.
		if lastMeeting >= 0 {
			if err := lockEvent(ctx, tx, e); err != nil {
				return err
			}
			var booked int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_meetings WHERE workspace_id = $1 AND event_id = $2 AND meeting_id > $3`,
				a.WorkspaceID, e.ID, lastMeeting).Scan(&booked); err != nil {
				return err
			}
			if booked > 0 {
				return passerelle.Errorf(passerelle.ECONFLICT, "meetings were booked while the schedule was computed: run it again")
			}
		}
		ps, err := loadEventParticipants(ctx, tx, a.WorkspaceID, e.ID)
		if err != nil {
			return err
		}
		byID := make(map[int64]*passerelle.EventParticipant, len(ps))
		for _, p := range ps {
			byID[p.ID] = p
		}
		rqs, err := loadEventRequests(ctx, tx, a.WorkspaceID, e.ID, "")
		if err != nil {
			return err
		}
		reqs := make(map[int64]*passerelle.EventRequest, len(rqs))
		for _, r := range rqs {
			reqs[r.ID] = r
		}
		type cur struct {
			meeting      int64
			start, end   time.Time
			room, status string
			seq          int
			pinned       bool
		}
		current := map[int64]cur{}
		rows, err := tx.QueryContext(ctx, `SELECT em.request_id, m.id, m.starts_at, m.ends_at, m.room, m.status, m.sequence, em.pinned FROM event_meetings em
			JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id WHERE em.workspace_id = $1 AND em.event_id = $2`,
			a.WorkspaceID, e.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var rid int64
			var c cur
			if err := rows.Scan(&rid, &c.meeting, &c.start, &c.end, &c.room, &c.status, &c.seq, &c.pinned); err != nil {
				rows.Close()
				return err
			}
			c.start, c.end = c.start.UTC(), c.end.UTC()
			current[rid] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The organisations the participants name that still exist, read once.
		orgExists := map[int64]bool{}
		orows, err := tx.QueryContext(ctx, `SELECT o.id FROM organizations o WHERE o.workspace_id = $1 AND o.id IN
			(SELECT p.organization_id FROM event_participants p WHERE p.workspace_id = $1 AND p.event_id = $2)`, a.WorkspaceID, e.ID)
		if err != nil {
			return err
		}
		for orows.Next() {
			var id int64
			if err := orows.Scan(&id); err != nil {
				orows.Close()
				return err
			}
			orgExists[id] = true
		}
		orows.Close()
		if err := orows.Err(); err != nil {
			return err
		}
		// Once published, the participants know their agendas: what changes is told to them.
		tell := e.Status == passerelle.EventPublished
		change := func(kind string, meeting, request int64, was, is EventPlacement) {
			if !tell {
				return
			}
			r := reqs[request]
			sum.Changes = append(sum.Changes, EventChange{Kind: kind, MeetingID: meeting, Old: was, New: is,
				Participants: []MovedParticipant{{ID: r.FromID}, {ID: r.ToID}}})
		}
		var fresh []newEventMeeting
		done := map[int64]bool{}
		for _, pl := range placed {
			r := reqs[pl.RequestID]
			// A placement read before one side left or joined the waiting list (ScheduleInput
			// leaves out such requests) is refused: the run is done again.
			if r == nil || r.Status != passerelle.RequestAccepted || byID[r.FromID].Status != "" || byID[r.ToID].Status != "" {
				return passerelle.Errorf(passerelle.EINVALID, "request %d is not an accepted request of this event", pl.RequestID)
			}
			done[r.ID] = true
			start, end := pl.Start.UTC().Truncate(time.Second), pl.End.UTC().Truncate(time.Second)
			if c, ok := current[r.ID]; ok {
				if c.start.Equal(start) && c.room == pl.Table && c.status != string(passerelle.MeetingCancelled) {
					sum.Unchanged++
					continue
				}
				status := c.status
				if status == string(passerelle.MeetingCancelled) {
					status = string(passerelle.MeetingPlanned)
				}
				if _, err := tx.ExecContext(ctx, `UPDATE meetings SET starts_at = $1, ends_at = $2, room = $3, status = $4, sequence = sequence + 1,
					updated_at = $5 WHERE workspace_id = $6 AND id = $7`, start, end, pl.Table, status, tx.now, a.WorkspaceID, c.meeting); err != nil {
					return classify(err, "meeting")
				}
				sum.Moved++
				old := EventPlacement{RequestID: r.ID, Start: c.start, End: c.end, Table: c.room}
				if c.status == string(passerelle.MeetingCancelled) {
					change(ChangeAdded, c.meeting, r.ID, EventPlacement{}, EventPlacement{RequestID: r.ID, Start: start, End: end, Table: pl.Table})
				} else {
					change(ChangeMoved, c.meeting, r.ID, old, EventPlacement{RequestID: r.ID, Start: start, End: end, Table: pl.Table})
				}
				continue
			}
			from, to := byID[r.FromID], byID[r.ToID]
			m := &passerelle.Meeting{WorkspaceID: a.WorkspaceID, Title: eventMeetingTitle(e, from, to), Start: start, End: end,
				TimeZone: e.TimeZone, Location: e.Location, Room: pl.Table, Status: passerelle.MeetingPlanned,
				Origin: passerelle.OriginEvent, OriginID: e.ID, Visibility: passerelle.VisibilityShared, CreatedBy: a.UserID}
			if m.UID, err = newMeetingUID(); err != nil {
				return err
			}
			if e.VideoURL != "" {
				m.VideoURL = strings.TrimRight(e.VideoURL, "/") + "/" + e.Slug + "-" + m.UID[:12]
			}
			for _, p := range []*passerelle.EventParticipant{from, to} {
				// Organisations deleted since the import are left out rather than failing the schedule.
				if p.OrganizationID != 0 && orgExists[p.OrganizationID] && !containsID(m.OrganizationIDs, p.OrganizationID) {
					m.OrganizationIDs = append(m.OrganizationIDs, p.OrganizationID)
				}
				if p.UserID != 0 && !containsID(m.AttendeeIDs, p.UserID) {
					m.AttendeeIDs = append(m.AttendeeIDs, p.UserID)
				}
			}
			fresh = append(fresh, newEventMeeting{m: m, request: r.ID, pinned: pl.Pinned})
			sum.Created++
		}
		if err := insertEventMeetings(ctx, tx, e, fresh); err != nil {
			return err
		}
		for _, f := range fresh {
			change(ChangeAdded, f.m.ID, f.request, EventPlacement{}, EventPlacement{RequestID: f.request, Start: f.m.Start, End: f.m.End, Table: f.m.Room})
		}
		for rid, c := range current {
			if done[rid] || c.status == string(passerelle.MeetingCancelled) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = $1
				WHERE workspace_id = $2 AND id = $3`, tx.now, a.WorkspaceID, c.meeting); err != nil {
				return err
			}
			sum.Cancelled++
			if reqs[rid] != nil {
				change(ChangeCancelled, c.meeting, rid, EventPlacement{RequestID: rid, Start: c.start, End: c.end, Table: c.room}, EventPlacement{})
			}
		}
		if err := fillChangeParticipants(ctx, tx, a.WorkspaceID, e.ID, sum.Changes); err != nil {
			return err
		}
		if mail {
			if sum.Mails, err = queueChangeMails(ctx, tx, a.WorkspaceID, e, sum.Changes); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_requests SET unplaced = '' WHERE workspace_id = $1 AND event_id = $2 AND unplaced <> ''`,
			a.WorkspaceID, e.ID); err != nil {
			return err
		}
		for rid, why := range unplaced {
			if _, err := tx.ExecContext(ctx, `UPDATE event_requests SET unplaced = $1 WHERE workspace_id = $2 AND event_id = $3 AND id = $4`,
				passerelle.EncodeMsg(why), a.WorkspaceID, e.ID, rid); err != nil {
				return err
			}
		}
		status := e.Status
		if status == passerelle.EventDraft {
			status = passerelle.EventScheduled
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = $1, scheduled_at = $2 WHERE workspace_id = $3 AND id = $4`,
			string(status), tx.now, a.WorkspaceID, e.ID); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s: schedule, %d meetings created, %d moved, %d unchanged, %d cancelled, %d not placed",
			e.Name, sum.Created, sum.Moved, sum.Unchanged, sum.Cancelled, len(unplaced))
		return writeAudit(ctx, tx, a, "schedule", "event", e.ID, summary, nil, passerelle.VisibilityShared, 0)
	})
	if err != nil {
		return nil, err
	}
	if sum.Created >= bulkEventRows {
		// See ImportEvent: the participants' agendas and feeds read these next.
		if err := s.db.analyze(ctx, "meetings, event_meetings"); err != nil {
			return nil, err
		}
	}
	return sum, nil
}

// fillChangeParticipants completes the two sides of each change (name, email, language)
// from the event's participants, read once.
func fillChangeParticipants(ctx context.Context, q queryer, ws, eventID int64, changes []EventChange) error {
	if len(changes) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, ref, name, email, lang FROM event_participants WHERE workspace_id = $1 AND event_id = $2`, ws, eventID)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[int64]MovedParticipant{}
	for rows.Next() {
		var p MovedParticipant
		if err := rows.Scan(&p.ID, &p.Ref, &p.Name, &p.Email, &p.Lang); err != nil {
			return err
		}
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range changes {
		for j, p := range changes[i].Participants {
			if full, ok := byID[p.ID]; ok {
				changes[i].Participants[j] = full
			}
		}
	}
	return nil
}

func containsID(xs []int64, id int64) bool {
	for _, x := range xs {
		if x == id {
			return true
		}
	}
	return false
}

// eventMeetingTitle names a meeting in calendars: the event and both sides.
func eventMeetingTitle(e *passerelle.Event, a, b *passerelle.EventParticipant) string {
	side := func(p *passerelle.EventParticipant) string {
		if p.Organization.Name != "" {
			return p.Name + " (" + p.Organization.Name + ")"
		}
		return p.Name
	}
	t := e.Name + ": " + side(a) + " / " + side(b)
	if len(t) > 500 {
		t = t[:497] + "..."
	}
	return strings.ToValidUTF8(t, "")
}

// EventMeeting is a meeting of an event with the refs of its two participants.
type EventMeeting struct {
	Meeting   *passerelle.Meeting
	RequestID int64
	From, To  string // refs
	FromID    int64
	ToID      int64
	Pinned    bool
}

const eventMeetingQuery = `SELECT ` + meetingColumns + `, em.request_id, f.ref, t.ref, r.from_id, r.to_id, em.pinned FROM event_meetings em
	JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
	JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id
	JOIN event_participants f ON f.workspace_id = r.workspace_id AND f.id = r.from_id
	JOIN event_participants t ON t.workspace_id = r.workspace_id AND t.id = r.to_id`

// participantMeetingQuery is eventMeetingQuery for one participant's meetings ($1 the
// workspace, $2 the event, $3 the participant), reached from their requests through
// the requests' indexes (see participantRequests) rather than by filtering the event's
// meetings (18,000 at a BIO-size event): SQLite, without statistics, otherwise walks all
// the workspace's meetings (in start order, to spare the sort): CROSS JOIN makes it start
// from the requests. The event is checked on em: with it in the second branch, SQLite
// takes the (workspace, event) index there, which reads all the event's requests.
const participantMeetingQuery = `SELECT ` + meetingColumns + `, em.request_id, f.ref, t.ref, r.from_id, r.to_id, em.pinned
	FROM (SELECT id FROM event_requests WHERE workspace_id = $1 AND event_id = $2 AND from_id = $3
		UNION ALL SELECT id FROM event_requests WHERE workspace_id = $1 AND to_id = $3) x
	CROSS JOIN event_meetings em
	JOIN meetings m ON m.workspace_id = em.workspace_id AND m.id = em.meeting_id
	JOIN event_requests r ON r.workspace_id = em.workspace_id AND r.id = em.request_id
	JOIN event_participants f ON f.workspace_id = r.workspace_id AND f.id = r.from_id
	JOIN event_participants t ON t.workspace_id = r.workspace_id AND t.id = r.to_id
	WHERE em.workspace_id = $1 AND em.request_id = x.id AND em.event_id = $2`

func scanEventMeetings(rows *sql.Rows) ([]*EventMeeting, error) {
	defer rows.Close()
	var out []*EventMeeting
	for rows.Next() {
		em := &EventMeeting{}
		m, err := scanMeeting(rows, &em.RequestID, &em.From, &em.To, &em.FromID, &em.ToID, &em.Pinned)
		if err != nil {
			return nil, err
		}
		em.Meeting = m
		out = append(out, em)
	}
	return out, rows.Err()
}

// EventMeetings lists the event's meetings (cancelled ones included), by start. Event
// meetings are shared records: any reader of the workspace may read them.
func (s *EventService) EventMeetings(ctx context.Context, eventID int64) ([]*EventMeeting, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, eventMeetingQuery+` WHERE em.workspace_id = $1 AND em.event_id = $2 ORDER BY m.starts_at, m.id`,
		a.WorkspaceID, eventID)
	if err != nil {
		return nil, err
	}
	return scanEventMeetings(rows)
}

// EventParticipants lists the event's participants with their unavailability.
func (s *EventService) EventParticipants(ctx context.Context, eventID int64) ([]*passerelle.EventParticipant, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return loadEventParticipants(ctx, s.db.read, a.WorkspaceID, eventID)
}

// EventRequests lists the event's requests; with unplaced, each accepted request's reason
// for being left out of the last schedule.
func (s *EventService) EventRequests(ctx context.Context, eventID int64) ([]*passerelle.EventRequest, map[int64]passerelle.Msg, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	rqs, err := loadEventRequests(ctx, s.db.read, a.WorkspaceID, eventID, "")
	if err != nil {
		return nil, nil, err
	}
	why := map[int64]passerelle.Msg{}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, unplaced FROM event_requests WHERE workspace_id = $1 AND event_id = $2 AND unplaced <> ''`,
		a.WorkspaceID, eventID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var w string
		if err := rows.Scan(&id, &w); err != nil {
			return nil, nil, err
		}
		why[id] = passerelle.DecodeMsg(w)
	}
	return rqs, why, rows.Err()
}

// EventFeed is one participant's calendar: found by the feed secret alone (the URL is
// the credential), it holds that participant's meetings of that event and nothing else.
type EventFeed struct {
	Event       *passerelle.Event
	Participant *passerelle.EventParticipant
	Meetings    []*EventMeeting
	Lang        string // the participant's language, which the feed's words are in
}

// FindEventFeed returns the feed of the participant whose secret this is; an unknown
// secret is ENOTFOUND.
func (s *EventService) FindEventFeed(ctx context.Context, secret string) (*EventFeed, error) {
	var ws, eventID, pid int64
	var lang string
	err := s.db.read.QueryRowContext(ctx, `SELECT workspace_id, event_id, id, lang FROM event_participants WHERE feed_secret = $1`, secret).
		Scan(&ws, &eventID, &pid, &lang)
	if err != nil {
		return nil, classify(err, "feed")
	}
	e, err := findEvent(ctx, s.db.read, ws, "e.id = $2", eventID)
	if err != nil {
		return nil, err
	}
	f := &EventFeed{Event: e, Lang: lang}
	// The one participant, not the event's thousands.
	if f.Participant, err = participantByID(ctx, s.db.read, ws, pid); err != nil {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "feed not found")
	}
	rows, err := s.db.read.QueryContext(ctx, participantMeetingQuery+` ORDER BY m.starts_at, m.id`, ws, eventID, pid)
	if err != nil {
		return nil, err
	}
	f.Meetings, err = scanEventMeetings(rows)
	return f, err
}

// ParticipantNames gives the display name ("name, organisation") of every participant of
// these meetings, by ref: what a participant's feed and agenda say of the people they meet.
func (s *EventService) ParticipantNames(ctx context.Context, e *passerelle.Event, ms []*EventMeeting) (map[string]string, error) {
	out := map[string]string{}
	if len(ms) == 0 {
		return out, nil
	}
	want := map[int64]bool{}
	for _, m := range ms {
		want[m.FromID], want[m.ToID] = true, true
	}
	w := &where{}
	w.add("workspace_id = ?", e.WorkspaceID)
	w.add("event_id = ?", e.ID)
	var in []string
	for id := range want {
		in = append(in, w.arg(id))
	}
	w.add("id IN (" + strings.Join(in, ", ") + ")")
	rows, err := s.db.read.QueryContext(ctx, `SELECT ref, name, org_name FROM event_participants`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ref, name, org string
		if err := rows.Scan(&ref, &name, &org); err != nil {
			return nil, err
		}
		if org != "" {
			name += ", " + org
		}
		out[ref] = name
	}
	return out, rows.Err()
}

type newEventMeeting struct {
	m       *passerelle.Meeting
	request int64
	pinned  bool
}

// eventMeetingBatch is how many meetings one INSERT carries: a BIO-size schedule creates
// tens of thousands, and a statement each (with its participants and link) made
// PostgreSQL's round trips the bulk of the work.
const eventMeetingBatch = 300

// insertEventMeetings creates the meetings of a schedule, their organisations and
// attendees, and their links to the requests, a batch per statement. The ids come back
// with the UIDs, which name each row whatever order RETURNING gives.
func insertEventMeetings(ctx context.Context, tx *Tx, e *passerelle.Event, ms []newEventMeeting) error {
	for start := 0; start < len(ms); start += eventMeetingBatch {
		batch := ms[start:min(start+eventMeetingBatch, len(ms))]
		w := &where{}
		ws, now := w.arg(e.WorkspaceID), w.arg(tx.now)
		origin, originID, vis, tz, loc := w.arg(string(passerelle.OriginEvent)), w.arg(e.ID), w.arg(string(passerelle.VisibilityShared)),
			w.arg(e.TimeZone), w.arg(e.Location)
		vals := make([]string, len(batch))
		byUID := make(map[string]*passerelle.Meeting, len(batch))
		for i, b := range batch {
			m := b.m
			byUID[m.UID] = m
			vals[i] = "(" + ws + ", " + w.arg(m.UID) + ", 0, " + w.arg(m.Title) + ", " + w.arg(m.Start) + ", " + w.arg(m.End) + ", " + tz + ", " +
				loc + ", " + w.arg(m.Room) + ", " + w.arg(m.VideoURL) + ", 'planned', " + origin + ", " + originID + ", " + vis + ", " +
				w.arg(nullID(m.CreatedBy)) + ", " + now + ", " + now + ")"
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO meetings (workspace_id, uid, sequence, title, starts_at, ends_at, time_zone,
			location, room, video_url, status, origin, origin_id, visibility, created_by, created_at, updated_at) VALUES `+
			strings.Join(vals, ", ")+` RETURNING id, uid`, w.args...)
		if err != nil {
			return classify(err, "meeting")
		}
		for rows.Next() {
			var id int64
			var uid string
			if err := rows.Scan(&id, &uid); err != nil {
				rows.Close()
				return err
			}
			if m := byUID[uid]; m != nil {
				m.ID = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, b := range batch {
			if b.m.ID == 0 {
				return fmt.Errorf("meeting %s: no id returned", b.m.UID)
			}
		}
		for _, t := range []struct {
			table, col string
			ids        func(m *passerelle.Meeting) []int64
		}{{"meeting_organizations", "organization_id", func(m *passerelle.Meeting) []int64 { return m.OrganizationIDs }},
			{"meeting_attendees", "user_id", func(m *passerelle.Meeting) []int64 { return m.AttendeeIDs }}} {
			w := &where{}
			ws := w.arg(e.WorkspaceID)
			var vals []string
			for _, b := range batch {
				for i, id := range t.ids(b.m) {
					vals = append(vals, "("+ws+", "+w.arg(b.m.ID)+", "+w.arg(id)+", "+w.arg(i)+")")
				}
			}
			if len(vals) == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.table+` (workspace_id, meeting_id, `+t.col+`, position) VALUES `+
				strings.Join(vals, ", "), w.args...); err != nil {
				return classify(err, "participant")
			}
		}
		w = &where{}
		ws, ev := w.arg(e.WorkspaceID), w.arg(e.ID)
		vals = vals[:0]
		for _, b := range batch {
			vals = append(vals, "("+ws+", "+ev+", "+w.arg(b.request)+", "+w.arg(b.m.ID)+", "+w.arg(b.pinned)+")")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_meetings (workspace_id, event_id, request_id, meeting_id, pinned) VALUES `+
			strings.Join(vals, ", "), w.args...); err != nil {
			return classify(err, "event meeting")
		}
	}
	return nil
}
