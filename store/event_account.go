package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"passerelle"
)

// SigninLinkValidity is how long a participant's one-time sign-in link works.
const SigninLinkValidity = 24 * time.Hour

// PublicEvent finds an event by its workspace's and its own slug for the public pages;
// it carries no actor. An unknown one is ENOTFOUND.
func (s *EventService) PublicEvent(ctx context.Context, workspace, slug string) (*passerelle.Event, bool, error) {
	var ws int64
	if err := s.db.read.QueryRowContext(ctx, `SELECT id FROM workspaces WHERE slug = $1`, workspace).Scan(&ws); err != nil {
		return nil, false, classify(err, "event")
	}
	e, err := findEvent(ctx, s.db.read, ws, "e.slug = $2", slug)
	if err != nil {
		return nil, false, err
	}
	var open bool
	if err := s.db.read.QueryRowContext(ctx, `SELECT registration_open FROM events WHERE workspace_id = $1 AND id = $2`, ws, e.ID).Scan(&open); err != nil {
		return nil, false, err
	}
	return e, open, nil
}

// SetRegistrationOpen opens or closes the event's public registration page.
func (s *EventService) SetRegistrationOpen(ctx context.Context, id int64, open bool) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		e, err := findEvent(ctx, tx, a.WorkspaceID, "e.id = $2", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET registration_open = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			open, tx.now, a.WorkspaceID, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, a, "update", "event", id, e.Name, map[string]passerelle.Change{"registration_open": {Old: !open, New: open}},
			passerelle.VisibilityShared, 0)
	})
}

// Register records an outside participant of an open event, or finds the one with that
// email, and returns a one-time sign-in link token for them: the same answer either
// way, so that the page tells no one who registered. Their organisation is matched to
// the workspace's shared record; none is created from a public page (the organiser's
// import does that). The participant counts only once they confirm (Signin).
func (s *EventService) Register(ctx context.Context, e *passerelle.Event, p *passerelle.EventParticipant, lang, addr string) (string, error) {
	if err := checkRegistration(p); err != nil {
		return "", err
	}
	if err := s.registrationLimit(ctx, p.Email, addr); err != nil {
		return "", err
	}
	if lang != "fr" {
		lang = "en"
	}
	token, hash, err := newSecret("evs_")
	if err != nil {
		return "", err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var open bool
		if err := tx.QueryRowContext(ctx, `SELECT registration_open FROM events WHERE workspace_id = $1 AND id = $2`, e.WorkspaceID, e.ID).Scan(&open); err != nil {
			return classify(err, "event")
		}
		if !open {
			return passerelle.Errorf(passerelle.EFORBIDDEN, "registration is closed")
		}
		if err := e.PhaseClosed("registration", tx.now); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND email = $3`,
			e.WorkspaceID, e.ID, p.Email).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			a := passerelle.SystemActor(e.WorkspaceID)
			m := &orgMatcher{tx: tx, a: a, cache: map[string]int64{}, noCreate: true}
			if p.OrganizationID, err = m.find(ctx, p.Organization); err != nil {
				return err
			}
			if p.FeedSecret, err = newEventSecret("evf_"); err != nil {
				return err
			}
			ref, err := newEventSecret("")
			if err != nil {
				return err
			}
			p.Ref = "reg-" + ref[:10]
			// The answers to the registration questions are saved with the first
			// registration only: a registration again, which anyone may make with anyone's
			// email, changes nothing.
			answers, err := formatAnswers(p.Answers)
			if err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO event_participants (workspace_id, event_id, ref, name, email, org_name,
				org_country, org_website, organization_id, feed_secret, lang, registered, answers, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, TRUE, $12, $13, $13) RETURNING id`,
				e.WorkspaceID, e.ID, p.Ref, p.Name, p.Email, p.Organization.Name, p.Organization.Country, p.Organization.Website,
				nullID(p.OrganizationID), p.FeedSecret, lang, answers, tx.now).Scan(&id); err != nil {
				return classify(err, "participant")
			}
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_signin_tokens (token_hash, workspace_id, participant_id, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, e.WorkspaceID, id, tx.now.Add(SigninLinkValidity)); err != nil {
			return err
		}
		// Each link sent counts against the address and the email (registrationLimit).
		_, err = tx.ExecContext(ctx, `INSERT INTO sign_in_attempts (subject, at) VALUES ($1, $2), ($3, $2)`,
			"evreg-email:"+p.Email, tx.now, "evreg-addr:"+addr)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// SigninLink returns a one-time sign-in link token for the participant of the event
// with that email, or "" when there is none: the page answers the same either way. It
// is the way in of a participant without a password (an imported one, one who forgot
// it) whether the registration is open or not, and creates no one. Each call counts
// against the registration's limits, as it mails a link too.
func (s *EventService) SigninLink(ctx context.Context, e *passerelle.Event, email, addr string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || len(email) > 300 {
		return "", passerelle.FieldError("email", "required, at most 300 characters")
	}
	if err := s.registrationLimit(ctx, email, addr); err != nil {
		return "", err
	}
	token, hash, err := newSecret("evs_")
	if err != nil {
		return "", err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND email = $3`,
			e.WorkspaceID, e.ID, email).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			token = ""
		} else if err != nil {
			return err
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO event_signin_tokens (token_hash, workspace_id, participant_id, expires_at)
			VALUES ($1, $2, $3, $4)`, hash, e.WorkspaceID, id, tx.now.Add(SigninLinkValidity)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sign_in_attempts (subject, at) VALUES ($1, $2), ($3, $2)`,
			"evreg-email:"+email, tx.now, "evreg-addr:"+addr)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Limits of the public registration, which mails a link each time: per email (a
// mailbox flooded with links) and per client address (one client registering many),
// within the sign-in limits' window (sign_in_attempts holds both, with their own
// subjects; a successful password sign-in's clean-up of old rows keeps the table small).
const (
	maxRegistrationsPerEmail = 5
	maxRegistrationsPerAddr  = 30
)

// registrationLimit refuses a registration with EBUSY (HTTP 429, with the wait) when the
// email or the address had too many within the window.
func (s *EventService) registrationLimit(ctx context.Context, email, addr string) error {
	if wait, err := overLimit(ctx, s.db, attemptLimit{"evreg-email:" + email, maxRegistrationsPerEmail}); err != nil {
		return err
	} else if wait > 0 {
		return busy(passerelle.Errorf(passerelle.EBUSY, "too many sign-in links were sent to this email: try again in %d minutes", minutes(wait)), wait)
	}
	if wait, err := overLimit(ctx, s.db, attemptLimit{"evreg-addr:" + addr, maxRegistrationsPerAddr}); err != nil {
		return err
	} else if wait > 0 {
		return busy(passerelle.Errorf(passerelle.EBUSY, "too many registrations from your network address: try again in %d minutes", minutes(wait)), wait)
	}
	return nil
}

// checkRegistration is what the public form must give: a name, an email, an
// organisation with a known country.
func checkRegistration(p *passerelle.EventParticipant) error {
	pr := passerelle.Problems{}
	if p.Name == "" || len(p.Name) > 300 {
		pr.Add("name", "required, at most 300 characters")
	}
	if p.Email == "" {
		pr.Add("email", "required")
	}
	if p.Organization.Name == "" {
		pr.Add("organization", "required")
	}
	if p.Organization.Country == "" {
		pr.Add("country", "required")
	}
	return pr.Err()
}

// Signin consumes a one-time link: the participant's email is then confirmed. It
// returns the participant and their event's workspace. A registration's first
// confirmation takes a place at the event, or one on its waiting list when it is full
// (takePlace); with mail, the organiser's notice is written to the outbox and its id
// returned.
func (s *EventService) Signin(ctx context.Context, token string, mail bool) (p *passerelle.EventParticipant, mails []int64, err error) {
	err = s.db.inTx(ctx, func(tx *Tx) error {
		mails = nil
		var ws, pid int64
		var exp time.Time
		var used sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT workspace_id, participant_id, expires_at, used_at FROM event_signin_tokens WHERE token_hash = $1`,
			hashSecret(token)).Scan(&ws, &pid, &exp, &used)
		if err != nil {
			return classify(err, "link")
		}
		if used.Valid || tx.now.After(exp) {
			return passerelle.Errorf(passerelle.ENOTFOUND, "this link was used or has expired: register again to get a new one")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_signin_tokens SET used_at = $1 WHERE token_hash = $2`, tx.now, hashSecret(token)); err != nil {
			return err
		}
		// The first confirmation also names ref, unchanged, so that the migration 00027's
		// trigger stamps the row: the event's directory, which shows a registration once
		// confirmed, is read again.
		res, err := tx.ExecContext(ctx, `UPDATE event_participants SET confirmed_at = $1, ref = ref WHERE workspace_id = $2 AND id = $3
			AND confirmed_at IS NULL`, tx.now, ws, pid)
		if err != nil {
			return err
		}
		if p, err = participantByID(ctx, tx, ws, pid); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			// An imported participant has their place already: only a registration takes one.
			var registered bool
			if err := tx.QueryRowContext(ctx, `SELECT registered FROM event_participants WHERE workspace_id = $1 AND id = $2`, ws, pid).Scan(&registered); err != nil || !registered {
				return err
			}
			e, err := findEvent(ctx, tx, ws, "e.id = $2", p.EventID)
			if err != nil {
				return err
			}
			if mails, err = takePlace(ctx, tx, e, pid, mail); err != nil {
				return err
			}
		}
		return nil
	})
	return p, mails, err
}

func participantByID(ctx context.Context, q queryer, ws, id int64) (*passerelle.EventParticipant, error) {
	p := &passerelle.EventParticipant{ID: id}
	var prof string
	err := q.QueryRowContext(ctx, `SELECT event_id, ref, name, email, org_name, org_country, org_website, COALESCE(organization_id, 0),
		feed_secret, profile FROM event_participants WHERE workspace_id = $1 AND id = $2`, ws, id).Scan(&p.EventID, &p.Ref, &p.Name, &p.Email,
		&p.Organization.Name, &p.Organization.Country, &p.Organization.Website, &p.OrganizationID, &p.FeedSecret, &prof)
	if err != nil {
		return nil, classify(err, "participant")
	}
	p.Profile = parseProfile(prof)
	return p, nil
}

// ParticipantView is what one participant sees of their event: the other participants
// (name, organisation, country, profile: nothing of the workspace's records), the
// requests they sent and received, and their meetings once the schedule is published.
type ParticipantView struct {
	Event *passerelle.Event
	Me    *passerelle.EventParticipant
	// Others are shared by every view of the event (event_directory.go): read only.
	Others   []*passerelle.EventParticipant
	Sent     []*passerelle.EventRequest
	Received []*passerelle.EventRequest
	Meetings []*EventMeeting
	// Names are the names of the participant and of those their requests and meetings
	// are with, by ref.
	Names map[string]string
	// Outcomes are the participant's survey answers of the round open now by meeting
	// id; Over the meetings that are over (the survey opens then; a cancelled or
	// no-show one never), by id. In the
	// second round (FollowUp, months after the event), Earlier holds the first's.
	Outcomes map[int64]passerelle.MeetingOutcome
	Over     map[int64]bool
	FollowUp bool
	Earlier  map[int64]passerelle.MeetingOutcome
	// Status is where the participant stands ("": they take part; then Others is
	// empty), Position their place on the waiting list (1: next).
	Status   passerelle.ParticipantStatus
	Position int
	dir      *eventDirectory
	// withdrawn are the requests of Sent and Received cancelled with no meeting ever
	// booked, by id (Stands).
	withdrawn map[int64]bool
}

// Stands reports whether a request of Sent or Received keeps the participant from
// asking its other side for a meeting, as SendSlotRequest rules: every request does,
// whatever became of it, but one received that its sender withdrew before any meeting
// came of it (the participant asked nothing, and may ask now).
func (v *ParticipantView) Stands(r *passerelle.EventRequest) bool {
	return r.FromID == v.Me.ID || !v.withdrawn[r.ID]
}

// Other returns the participant of the event with that ref as Others has them, or nil.
func (v *ParticipantView) Other(ref string) *passerelle.EventParticipant {
	if ref == v.Me.Ref || v.Status != "" {
		return nil
	}
	return v.dir.byRef[ref]
}

// DirectoryVersion names the directory Others comes from: the event's count of
// participants and highest change stamp, which the directory is kept by
// (event_directory.go). While it is the same, so is everything the directory holds of
// each participant, so a page may keep what it renders of them under it.
func (v *ParticipantView) DirectoryVersion() (count, stamp int64) {
	if v.dir == nil {
		return 0, 0
	}
	return v.dir.count, v.dir.stamp
}

// Recommend ranks the other participants for this one with passerelle.Recommend.
func (v *ParticipantView) Recommend(requested map[string]bool, limit int) []passerelle.Recommendation {
	if v.Status != "" {
		return nil
	}
	return v.dir.recommender.Recommend(v.Me.Ref, v.Me.Profile, requested, limit)
}

// ErrSessionEnded refuses a participant's session opened before their password changed.
var ErrSessionEnded = passerelle.Errorf(passerelle.EUNAUTHORIZED, "your session has ended: sign in again")

// ParticipantHome reads a participant's view of their event. ws and id come from the
// participant's session with epoch, the session epoch it recorded at sign-in: a session
// of an older one (the password changed since) is ErrSessionEnded. eventID is the page's
// event, which must be theirs. It reads the
// participant's own requests and meetings; the others come from the event's directory,
// read again only when they changed.
func (s *EventService) ParticipantHome(ctx context.Context, ws, id, eventID, epoch int64) (*ParticipantView, error) {
	me, err := participantByID(ctx, s.db.read, ws, id)
	if err != nil {
		return nil, err
	}
	if cur, err := s.ParticipantSessionEpoch(ctx, ws, id); err != nil {
		return nil, err
	} else if cur != epoch {
		return nil, ErrSessionEnded
	}
	if me.EventID != eventID {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "not found")
	}
	e, err := findEvent(ctx, s.db.read, ws, "e.id = $2", eventID)
	if err != nil {
		return nil, err
	}
	v := &ParticipantView{Event: e, Me: me}
	if me.Unavailable, err = ownUnavailability(ctx, s.db.read, ws, id); err != nil {
		return nil, err
	}
	var since time.Time
	if v.Status, since, err = participantStatus(ctx, s.db.read, ws, id); err != nil {
		return nil, err
	}
	if v.Status == passerelle.ParticipantWaiting {
		if v.Position, err = waitingPosition(ctx, s.db.read, ws, eventID, id, since); err != nil {
			return nil, err
		}
	}
	if v.dir, err = s.eventDirectory(ctx, ws, eventID); err != nil {
		return nil, err
	}
	// One without a place sees no one (and no one sees them).
	if v.Status == "" {
		v.Others = make([]*passerelle.EventParticipant, 0, len(v.dir.all))
		for _, p := range v.dir.all {
			if p.Ref != me.Ref {
				v.Others = append(v.Others, p)
			}
		}
	}
	rqs, names, withdrawn, err := participantRequests(ctx, s.db.read, ws, eventID, me)
	if err != nil {
		return nil, err
	}
	v.Names, v.withdrawn = names, withdrawn
	for _, r := range rqs {
		switch id {
		case r.FromID:
			v.Sent = append(v.Sent, r)
		case r.ToID:
			v.Received = append(v.Received, r)
		}
	}
	if e.Status == passerelle.EventPublished {
		rows, err := s.db.read.QueryContext(ctx, participantMeetingQuery+` ORDER BY m.starts_at, m.id`, ws, eventID, id)
		if err != nil {
			return nil, err
		}
		if v.Meetings, err = scanEventMeetings(rows); err != nil {
			return nil, err
		}
		now := s.db.Now()
		v.FollowUp = inFollowUp(e, now)
		if v.Outcomes, err = participantOutcomes(ctx, s.db.read, ws, id, v.FollowUp); err != nil {
			return nil, err
		}
		if v.FollowUp {
			if v.Earlier, err = participantOutcomes(ctx, s.db.read, ws, id, false); err != nil {
				return nil, err
			}
		}
		v.Over = map[int64]bool{}
		for _, m := range v.Meetings {
			v.Over[m.Meeting.ID] = surveyed(m.Meeting.Status) && !now.Before(m.Meeting.End)
		}
	}
	return v, nil
}

// SendRequest records a participant's meeting request to another of the same event,
// optionally about one offer or request of the recipient (offerRef, its ref). A request
// to oneself, a second one between the same two, an offer the recipient does not have,
// or a request from someone who has the event's maximum of meetings already is refused
// and nothing is saved.
func (s *EventService) SendRequest(ctx context.Context, ws, fromID int64, toRef, message, offerRef string) error {
	_, err := s.SendSlotRequest(ctx, ws, fromID, toRef, message, offerRef, time.Time{}, false)
	return err
}

// SendSlotRequest is SendRequest at a free common slot (CommonSlots) starting at slot
// (zero: none): the slot must be one of the event's, still to come, with both sides and
// a table free then (else EINVALID naming "slot"); AnswerRequest books it. With mail,
// the mail telling the recipient is written to the outbox with the request; its id is
// returned for the caller to send once committed.
func (s *EventService) SendSlotRequest(ctx context.Context, ws, fromID int64, toRef, message, offerRef string, slot time.Time, mail bool) (mails []int64, err error) {
	err = s.db.inTx(ctx, func(tx *Tx) error {
		mails = nil
		me, err := participantByID(ctx, tx, ws, fromID)
		if err != nil {
			return err
		}
		if err := checkTakesPart(ctx, tx, ws, fromID); err != nil {
			return err
		}
		var toID int64
		var toProfile string
		// A registration not yet confirmed by its link, one on the waiting list or gone is
		// no one to request (nor shown).
		err = tx.QueryRowContext(ctx, `SELECT id, profile FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND ref = $3
			AND `+countedSQL("")+``, ws, me.EventID, toRef).Scan(&toID, &toProfile)
		if errors.Is(err, sql.ErrNoRows) {
			return passerelle.FieldError("to", "no participant has the ref %s", toRef)
		} else if err != nil {
			return err
		}
		if toID == fromID {
			return passerelle.FieldError("to", "a participant cannot request a meeting with themselves")
		}
		if len(message) > 2000 {
			return passerelle.FieldError("message", "at most 2000 characters")
		}
		if err := requestsOpen(ctx, tx, ws, me.EventID, true); err != nil {
			return err
		}
		if pr := parseProfile(toProfile); offerRef != "" && (pr == nil || pr.Offer(offerRef) == nil) {
			return passerelle.FieldError("offer", "this participant has no offer or request %s", offerRef)
		}
		var max, accepted int
		if err := tx.QueryRowContext(ctx, `SELECT max_meetings FROM events WHERE workspace_id = $1 AND id = $2`, ws, me.EventID).Scan(&max); err != nil {
			return err
		}
		if max > 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_requests WHERE workspace_id = $1 AND event_id = $2
				AND status = 'accepted' AND (from_id = $3 OR to_id = $3)`, ws, me.EventID, fromID).Scan(&accepted); err != nil {
				return err
			}
			if accepted >= max {
				return passerelle.FieldError("to", "you have the event's maximum of %d meetings already", max)
			}
		}
		// One request between two, either way, whatever became of it; but a request the
		// other withdrew (cancelled, no meeting ever came of it) does not stop the one it
		// asked, who never asked: its sender alone may not ask again (each request mails).
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_requests r WHERE r.workspace_id = $1 AND r.event_id = $2
			AND ((r.from_id = $3 AND r.to_id = $4) OR (r.from_id = $4 AND r.to_id = $3))
			AND NOT (r.from_id = $4 AND r.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM event_meetings em
				WHERE em.workspace_id = r.workspace_id AND em.request_id = r.id))`, ws, me.EventID, fromID, toID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return passerelle.FieldError("to", "a request between you two exists already")
		}
		var slotStart sql.NullTime
		if !slot.IsZero() {
			e, err := findEvent(ctx, tx, ws, "e.id = $2", me.EventID)
			if err != nil {
				return err
			}
			sl, _, err := checkSlot(ctx, tx, ws, e, slot, fromID, toID)
			if err != nil {
				return err
			}
			slotStart = sql.NullTime{Time: sl.Start.UTC(), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_requests (workspace_id, event_id, from_id, to_id, status, priority, message,
			offer_ref, slot_start, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', 1, $5, $6, $7, $8, $8)`, ws, me.EventID, fromID, toID, message,
			offerRef, slotStart, tx.now); err != nil {
			return classify(err, "request")
		}
		if !mail {
			return nil
		}
		m := RequestMail{What: RequestReceived, Message: message}
		if offerRef != "" {
			m.About = parseProfile(toProfile).Offer(offerRef).Title
		}
		if slotStart.Valid {
			m.Slot = &MailPlacement{Start: slotStart.Time}
		}
		id, err := queueRequestMail(ctx, tx, ws, me.EventID, toID, fromID, m)
		if id != 0 {
			mails = append(mails, id)
		}
		return err
	})
	return mails, err
}

// requestsOpen refuses a meeting request, or its acceptance, once the event is over:
// no slot is left to meet in, and an organiser's run would place it in the past. A
// request sent (not an answer) is also refused outside the requests phase the organiser
// dated: before it the participants are still registering, after it the organiser
// schedules the requests as they stand. Requests waiting then may still be answered.
func requestsOpen(ctx context.Context, tx *Tx, ws, eventID int64, sending bool) error {
	e, err := findEvent(ctx, tx, ws, "e.id = $2", eventID)
	if err != nil {
		return err
	}
	if ends := e.Ends(); !ends.IsZero() && !tx.now.Before(ends) {
		return passerelle.Errorf(passerelle.ECONFLICT, "the event is over: meeting requests are closed")
	}
	if sending {
		return e.PhaseClosed("requests", tx.now)
	}
	return nil
}

// AnswerRequest accepts or declines a request the participant received, once: one no
// longer pending is ECONFLICT (the same answer again changes nothing). Accepting one
// beyond the event's maximum of meetings (for either side) is refused. Accepting one
// asked at a free common slot books the meeting there (booked), pinned, when both sides
// and a table are still free then; otherwise it stays accepted for the schedule.
func (s *EventService) AnswerRequest(ctx context.Context, ws, participantID, requestID int64, accept, mail bool) (booked bool, mails []int64, err error) {
	err = s.db.inTx(ctx, func(tx *Tx) error {
		booked, mails = false, nil
		var eventID, fromID int64
		var status string
		var slot sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT event_id, from_id FROM event_requests WHERE workspace_id = $1 AND id = $2 AND to_id = $3`,
			ws, requestID, participantID).Scan(&eventID, &fromID)
		if err != nil {
			return classify(err, "request")
		}
		// Both sides are locked before their meetings are counted: on PostgreSQL two
		// acceptances at once (the same participant's requests, answered by others)
		// otherwise each counted fewer than the maximum and both wrote theirs. The
		// request is read again under the locks, as the one before us left it. The
		// event's row first, which bookAsked holds to choose a table: the organiser's
		// booking and a leave or removal lock the event, then the participants, and in
		// the other order each of them and an acceptance at once waited for the other
		// (PostgreSQL's "deadlock detected").
		if err := tx.lockRow(ctx, "events", ws, eventID); err != nil {
			return err
		}
		if err := lockParticipants(ctx, tx, ws, participantID, fromID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT status, slot_start FROM event_requests WHERE workspace_id = $1 AND id = $2`,
			ws, requestID).Scan(&status, &slot); err != nil {
			return classify(err, "request")
		}
		// Both sides must take part, read under the locks: leaving cancels the requests, but
		// a re-import of the organiser's file sets them back, and a request sent as its
		// recipient left stays waiting; one who left or waits answers nothing, and a request
		// of one who is gone is answered by no one.
		if err := checkTakesPart(ctx, tx, ws, participantID); err != nil {
			return err
		}
		if st, _, err := participantStatus(ctx, tx, ws, fromID); err != nil {
			return err
		} else if st != "" {
			return passerelle.Errorf(passerelle.ECONFLICT, "this participant no longer takes part in the event")
		}
		next := passerelle.RequestDeclined
		if accept {
			next = passerelle.RequestAccepted
		}
		// Only a request waiting for an answer is answered: the page offers nothing
		// else, and declining an accepted one (a stale page, a crafted form) left its
		// meeting in both agendas. The same answer again (a second click) is a no-op.
		if status == string(next) {
			return nil
		} else if status != string(passerelle.RequestPending) {
			return passerelle.Errorf(passerelle.ECONFLICT, "this request is no longer waiting for an answer")
		}
		if accept {
			if err := requestsOpen(ctx, tx, ws, eventID, false); err != nil {
				return err
			}
			var max int
			if err := tx.QueryRowContext(ctx, `SELECT max_meetings FROM events WHERE workspace_id = $1 AND id = $2`, ws, eventID).Scan(&max); err != nil {
				return err
			}
			if max > 0 {
				for _, pid := range []int64{participantID, fromID} {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_requests WHERE workspace_id = $1 AND event_id = $2
						AND status = 'accepted' AND (from_id = $3 OR to_id = $3)`, ws, eventID, pid).Scan(&n); err != nil {
						return err
					}
					if n >= max {
						return passerelle.Errorf(passerelle.ECONFLICT, "%s would have more than the event's maximum of %d meetings",
							map[bool]string{true: "you", false: "they"}[pid == participantID], max)
					}
				}
			}
		}
		if _, err = tx.ExecContext(ctx, `UPDATE event_requests SET status = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4`,
			string(next), tx.now, ws, requestID); err != nil {
			return err
		}
		var at *MailPlacement
		if accept && slot.Valid {
			if at, err = bookAsked(ctx, tx, ws, eventID, requestID, fromID, participantID, slot.Time.UTC()); err != nil {
				return err
			}
			booked = at != nil
		}
		if !mail {
			return nil
		}
		m := RequestMail{What: RequestDeclined}
		if accept {
			m.What, m.Slot, m.Booked = RequestAccepted, at, at != nil
		}
		id, err := queueRequestMail(ctx, tx, ws, eventID, fromID, participantID, m)
		if id != 0 {
			mails = append(mails, id)
		}
		return err
	})
	return booked, mails, err
}

// bookAsked books the meeting of a request accepted at the free common slot it asked
// for, pinned, when both sides and a table are still free then, and returns its time
// and table; nil when the slot is no longer free (the schedule places it) or the
// request has its meeting already.
func bookAsked(ctx context.Context, tx *Tx, ws, eventID, requestID, fromID, toID int64, slot time.Time) (*MailPlacement, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_meetings em JOIN meetings m ON m.workspace_id = em.workspace_id
		AND m.id = em.meeting_id WHERE em.workspace_id = $1 AND em.request_id = $2 AND m.status <> 'cancelled'`, ws, requestID).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	// The event's row is held while a table is chosen, so that two pairs accepting at
	// the same moment cannot both take the slot's last free table on PostgreSQL.
	if err := tx.lockRow(ctx, "events", ws, eventID); err != nil {
		return nil, err
	}
	e, err := findEvent(ctx, tx, ws, "e.id = $2", eventID)
	if err != nil {
		return nil, err
	}
	sl, table, err := checkSlot(ctx, tx, ws, e, slot, fromID, toID)
	if passerelle.ErrorCode(err) == passerelle.EINVALID {
		return nil, nil // no longer free: the schedule places it
	} else if err != nil {
		return nil, err
	}
	r := &passerelle.EventRequest{ID: requestID, FromID: fromID, ToID: toID}
	if err := bookEventMeeting(ctx, tx, passerelle.SystemActor(ws), e, r, sl, table); err != nil {
		return nil, err
	}
	return &MailPlacement{Start: sl.Start.UTC(), End: sl.End.UTC(), Table: table}, nil
}

// lockParticipants makes the transaction wait for, then hold, the participants' rows,
// in the order of their ids so that two transactions locking the same two cannot wait
// for each other (SQLite's single writer needs nothing: lockRow).
func lockParticipants(ctx context.Context, tx *Tx, ws int64, ids ...int64) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if err := tx.lockRow(ctx, "event_participants", ws, id); err != nil {
			return err
		}
	}
	return nil
}

// EventsOfParticipant returns the event of a participant (a list, for a participant
// who may later take part in several).
func (s *EventService) EventsOfParticipant(ctx context.Context, participantID int64) ([]*passerelle.Event, error) {
	var ws, eventID int64
	if err := s.db.read.QueryRowContext(ctx, `SELECT workspace_id, event_id FROM event_participants WHERE id = $1`, participantID).Scan(&ws, &eventID); err != nil {
		return nil, classify(err, "participant")
	}
	e, err := findEvent(ctx, s.db.read, ws, "e.id = $2", eventID)
	if err != nil {
		return nil, err
	}
	return []*passerelle.Event{e}, nil
}

// WorkspaceSlug returns a workspace's slug, for the addresses of public pages.
func (s *EventService) WorkspaceSlug(ctx context.Context, ws int64) (string, error) {
	var slug string
	err := s.db.read.QueryRowContext(ctx, `SELECT slug FROM workspaces WHERE id = $1`, ws).Scan(&slug)
	return slug, classify(err, "workspace")
}
