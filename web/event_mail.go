package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// EventMail sends the mail of partnering events that goes out beside a page's own
// answer: the changes a hand move or a schedule run makes to published agendas, and the
// outcome survey's reminders. The pages use it, and so do the schedule job and the
// commands, which have no request (cmd/passerelle wires it with the configured mail
// server and base URL).
type EventMail struct {
	Mailer  Mailer // nil: nothing is sent, the log says so
	BaseURL string // the public address the participants' pages are under
	Log     *slog.Logger
	Events  *store.EventService
	Outbox  *store.OutboxService

	// The outbox sender's tuning (0: the defaults below): attempts in all, the wait
	// before the first retry (doubled at each next one) and how often RunOutbox looks.
	Attempts      int
	Backoff, Poll time.Duration
	// Clock is the time the day-before reminders are reckoned at (nil: the real one).
	Clock func() time.Time
}

// NewEventMail returns the event mail of db; m nil sends nothing.
func NewEventMail(db *store.DB, m Mailer, baseURL string, log *slog.Logger) *EventMail {
	if log == nil {
		log = slog.Default()
	}
	return &EventMail{Mailer: m, BaseURL: strings.TrimRight(baseURL, "/"), Log: log, Events: store.NewEventService(db),
		Outbox: store.NewOutboxService(db)}
}

// eventMail is the event mail of a page, on the request's address when no base URL is set.
func (s *Server) eventMail(r *http.Request) *EventMail {
	return &EventMail{Mailer: s.opts.Mailer, BaseURL: s.baseURL(r), Log: s.log, Events: s.eventService(),
		Outbox: store.NewOutboxService(s.db)}
}

// Outbox defaults: a failed mail is tried again after 1, 2, 4, 8 and 16 minutes, six
// attempts in all (about half an hour), then marked failed for the organiser to see; a
// mail being sent is leased for two minutes (a process that stops while sending leaves
// it to the next claim); the sender looks for due mails every 15 seconds.
const (
	outboxAttempts = 6
	outboxBackoff  = time.Minute
	outboxLease    = 2 * time.Minute
	outboxPoll     = 15 * time.Second
	// Sent mails are kept 30 days (the event's page counts them), then deleted.
	outboxKeep = 30 * 24 * time.Hour
)

// Deliverer is the event mail as events.Schedule takes it: nil when no mail server is
// configured (then nothing is written to the outbox and the log says nobody was mailed).
func (em *EventMail) Deliverer() events.Deliverer {
	if em == nil || em.Mailer == nil {
		return nil
	}
	return em
}

// Deliver sends the outbox mails with these ids now (the change that wrote them has
// committed) and returns how many went. A mail that fails stays in the outbox for the
// sender (RunOutbox) to try again later; one claimed elsewhere meanwhile is left to it.
func (em *EventMail) Deliver(ctx context.Context, ids []int64) int {
	sent := 0
	for _, id := range ids {
		if em.sendOne(ctx, id) {
			sent++
		}
	}
	return sent
}

// SendDue sends the outbox's mails whose time has come (new ones, and failed ones whose
// retry is due), at most 100, and returns how many went.
func (em *EventMail) SendDue(ctx context.Context) (int, error) {
	ids, err := em.outbox().DueMails(ctx, 100)
	if err != nil {
		return 0, err
	}
	return em.Deliver(ctx, ids), nil
}

// RunOutbox is the outbox's sender (serve runs it): it sends the due mails every Poll
// (15 s by default) until ctx ends. A mail server that fails makes each mail wait longer
// before its next attempt; after the last one the mail is marked failed and the event's
// page shows it to the organiser.
func (em *EventMail) RunOutbox(ctx context.Context) {
	poll := em.Poll
	if poll <= 0 {
		poll = outboxPoll
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	var purged, reminded time.Time
	for {
		if time.Since(purged) > time.Hour {
			purged = time.Now()
			if _, err := em.outbox().PurgeSentMails(ctx, outboxKeep); err != nil && ctx.Err() == nil {
				em.Log.Error("mail outbox: purge", "err", err)
			}
		}
		// The day before each day of a published event, its participants get that day's
		// meetings (once: the store records the day); looked for every ten minutes.
		if time.Since(reminded) > 10*time.Minute {
			reminded = time.Now()
			if n, err := em.outbox().QueueDayReminders(ctx, em.now()); err != nil && ctx.Err() == nil {
				em.Log.Error("mail outbox: the day before", "err", err)
			} else if n > 0 {
				em.Log.Info("mail outbox: meetings of tomorrow queued", "mails", n)
			}
		}
		for ctx.Err() == nil {
			n, err := em.SendDue(ctx)
			if err != nil && ctx.Err() == nil {
				em.Log.Error("mail outbox", "err", err)
			}
			if n == 0 || err != nil {
				break // until the next tick; a full batch sent looks again at once
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (em *EventMail) outbox() *store.OutboxService { return em.Outbox }

// now is the sender's clock: the store's, so that tests moving it move the day-before
// reminders too.
func (em *EventMail) now() time.Time {
	if em.Clock != nil {
		return em.Clock()
	}
	return time.Now()
}

// sendOne claims, renders and sends one outbox mail, and records what came of it.
func (em *EventMail) sendOne(ctx context.Context, id int64) bool {
	ob := em.outbox()
	m, err := ob.ClaimMail(ctx, id, outboxLease)
	if err != nil {
		em.Log.Error("mail outbox: claim", "mail", id, "err", err)
		return false
	}
	if m == nil {
		return false // sent, failed, or being sent elsewhere
	}
	// Rendered only when it can go: a survey's reminder makes a sign-in link.
	final := false
	if em.Mailer == nil {
		err = errors.New("no mail server is configured")
	} else {
		var subject, body string
		subject, body, err = em.render(ctx, m)
		// A mail the store refuses to write (a survey's reminder to one who left the
		// event) would be refused at every attempt: failed at once, for the organiser.
		final = passerelle.ErrorCode(err) == passerelle.ECONFLICT
		if err == nil {
			// Whatever a name in it holds, the subject is one header line.
			err = em.Mailer.Send(ctx, m.Recipient, passerelle.OneLine(subject), body)
		}
	}
	// What is recorded must be recorded even when the caller's context has ended.
	rctx := context.WithoutCancel(ctx)
	if err == nil {
		if err := ob.MailSent(rctx, m.ID); err != nil {
			em.Log.Error("mail outbox: sent mail not marked", "mail", m.ID, "err", err)
		}
		return true
	}
	attempts, backoff := em.Attempts, em.Backoff
	if attempts <= 0 {
		attempts = outboxAttempts
	}
	if backoff <= 0 {
		backoff = outboxBackoff
	}
	var retry time.Duration
	if m.Attempts < attempts && !final {
		retry = backoff << min(m.Attempts-1, 10)
	}
	em.Log.Warn("mail not sent", "mail", m.ID, "event", m.EventID, "attempt", m.Attempts, "retry_in", retry, "err", err)
	if err := ob.MailNotSent(rctx, m.ID, err.Error(), retry); err != nil {
		em.Log.Error("mail outbox: failure not recorded", "mail", m.ID, "err", err)
	}
	return false
}

// render writes an outbox mail in its recipient's language.
func (em *EventMail) render(ctx context.Context, m *store.OutboxMail) (subject, body string, err error) {
	switch m.Kind {
	case store.MailEventSurvey:
		var c store.SurveyMail
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return "", "", err
		}
		return em.renderSurvey(ctx, newLocalizer(m.Lang), m.ID, c)
	case store.MailEventChanges:
		var c store.ChangeMail
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return "", "", err
		}
		zone, err := time.LoadLocation(c.TimeZone)
		if err != nil {
			zone = time.UTC
		}
		at := func(p *store.MailPlacement) string {
			if p == nil {
				return ""
			}
			return p.Start.In(zone).Format(slotLayout) + "–" + p.End.In(zone).Format("15:04") + " (" + c.TimeZone + offsetNote(p.Start, zone) + ")"
		}
		l := newLocalizer(m.Lang)
		c.Event = passerelle.OneLine(c.Event)
		var lines []string
		for _, ch := range c.Changes {
			ch.Other = passerelle.OneLine(ch.Other)
			switch {
			case ch.Kind == store.ChangeMoved && ch.Old != nil && ch.New != nil:
				lines = append(lines, "- "+l.T("event.change_moved", ch.Other, at(ch.Old), ch.Old.Table, at(ch.New), ch.New.Table))
			case ch.Kind == store.ChangeAdded && ch.New != nil:
				lines = append(lines, "- "+l.T("event.change_added", ch.Other, at(ch.New), ch.New.Table))
			case ch.Kind == store.ChangeCancelled && ch.Old != nil:
				lines = append(lines, "- "+l.T("event.change_cancelled", ch.Other, at(ch.Old)))
			}
		}
		return l.T("event.changes_subject") + " " + c.Event, l.T("event.changes_body", c.Event, strings.Join(lines, "\n"), em.BaseURL+c.Page), nil
	case store.MailEventAgenda, store.MailEventDay:
		var c store.AgendaMail
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return "", "", err
		}
		zone, err := time.LoadLocation(c.TimeZone)
		if err != nil {
			zone = time.UTC
		}
		l := newLocalizer(m.Lang)
		c.Event = passerelle.OneLine(c.Event)
		subject = l.T("event.agenda_mail_subject") + " – " + c.Event
		if len(c.Meetings) == 0 {
			return subject, l.T("event.agenda_mail_none", c.Event, em.BaseURL+c.Page), nil
		}
		lines := make([]string, 0, len(c.Meetings))
		for _, mt := range c.Meetings {
			who := passerelle.OneLine(mt.Other)
			if mt.OtherOrg != "" {
				who += " (" + passerelle.OneLine(mt.OtherOrg) + ")"
			}
			at := slotLabel(mt.Start, mt.End, zone)
			if mt.Table != "" {
				lines = append(lines, "- "+l.T("event.agenda_mail_line", at, mt.Table, who))
			} else {
				lines = append(lines, "- "+at+": "+who)
			}
		}
		if m.Kind == store.MailEventDay {
			subject = l.T("event.day_mail_subject", l.PartialDate(c.Day)) + " – " + c.Event
			return subject, l.T("event.day_mail_body", c.Event, l.PartialDate(c.Day), l.N("event.agenda_mail_count", len(c.Meetings)), c.TimeZone,
				strings.Join(lines, "\n"), em.BaseURL+c.Page), nil
		}
		return subject, l.T("event.agenda_mail_body", c.Event, l.N("event.agenda_mail_count", len(c.Meetings)), c.TimeZone, strings.Join(lines, "\n"), em.BaseURL+c.Page), nil
	case store.MailEventAnnouncement:
		var c store.AnnouncementMail
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return "", "", err
		}
		l := newLocalizer(m.Lang)
		c.Event = passerelle.OneLine(c.Event)
		return "[" + c.Event + "] " + c.Subject, c.Body + "\n\n-- \n" + l.T("event.announce_footer", c.Event, em.BaseURL+c.Page), nil
	case store.MailEventRequest:
		var c store.RequestMail
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return "", "", err
		}
		return em.renderRequest(newLocalizer(m.Lang), c)
	case store.MailEventRegistration:
		var c store.RegistrationMail
		if err := json.Unmarshal(m.Data, &c); err != nil {
			return "", "", err
		}
		return em.renderRegistration(newLocalizer(m.Lang), c)
	}
	return "", "", fmt.Errorf("unknown kind of mail: %s", m.Kind)
}

// renderRequest writes the mail telling a participant that a meeting request reached
// them, or how the one they sent was answered.
func (em *EventMail) renderRequest(l *Localizer, c store.RequestMail) (subject, body string, err error) {
	zone, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	// Names are typed by participants: one line each, in the subject and in the text,
	// whatever they hold (the message alone keeps its lines).
	c.Other, c.OtherOrg, c.Event, c.About = passerelle.OneLine(c.Other), passerelle.OneLine(c.OtherOrg), passerelle.OneLine(c.Event), passerelle.OneLine(c.About)
	who := c.Other
	if c.OtherOrg != "" {
		who += " (" + c.OtherOrg + ")"
	}
	var parts []string
	switch c.What {
	case store.RequestReceived:
		subject = l.T("event.request_mail_subject", c.Other)
		parts = append(parts, l.T("event.request_mail_received", who, c.Event))
		if c.About != "" {
			parts = append(parts, l.T("event.request_mail_about", c.About))
		}
		if c.Slot != nil {
			parts = append(parts, l.T("event.request_mail_slot", c.Slot.Start.In(zone).Format(slotLayout)+" ("+c.TimeZone+offsetNote(c.Slot.Start, zone)+")"))
		}
		if c.Message != "" {
			parts = append(parts, l.T("event.request_mail_message", c.Message))
		}
		parts = append(parts, l.T("event.request_mail_answer", em.BaseURL+c.Page))
	case store.RequestAccepted:
		subject = l.T("event.accepted_mail_subject", c.Other)
		parts = append(parts, l.T("event.accepted_mail_body", who, c.Event))
		if c.Booked && c.Slot != nil {
			at := c.Slot.Start.In(zone).Format(slotLayout) + "–" + c.Slot.End.In(zone).Format("15:04") + " (" + c.TimeZone + offsetNote(c.Slot.Start, zone) + ")"
			if c.Slot.Table == "" {
				parts = append(parts, l.T("event.accepted_mail_booked_at", at))
			} else {
				parts = append(parts, l.T("event.accepted_mail_booked", at, c.Slot.Table))
			}
		} else {
			parts = append(parts, l.T("event.accepted_mail_later"))
		}
		parts = append(parts, l.T("event.request_mail_page", em.BaseURL+c.Page))
	case store.RequestDeclined:
		subject = l.T("event.declined_mail_subject", c.Other)
		parts = append(parts, l.T("event.declined_mail_body", who, c.Event), l.T("event.request_mail_page", em.BaseURL+c.Page))
	case store.RequestCancelled:
		subject = l.T("event.cancelled_mail_subject", c.Other)
		at := ""
		if c.Slot != nil {
			at = c.Slot.Start.In(zone).Format(slotLayout) + "–" + c.Slot.End.In(zone).Format("15:04") + " (" + c.TimeZone + offsetNote(c.Slot.Start, zone) + ")"
		}
		parts = append(parts, l.T("event.cancelled_mail_body", who, at, c.Event), l.T("event.request_mail_page", em.BaseURL+c.Page))
	default:
		return "", "", fmt.Errorf("unknown answer in a request mail: %s", c.What)
	}
	return subject + " – " + c.Event, strings.Join(parts, "\n\n") + "\n", nil
}

// renderRegistration writes the organiser's notice of a registration confirmed, put on
// the waiting list or withdrawn, or of a meeting a participant cancelled, or the
// participant's news that a place is theirs or their registration approved.
func (em *EventMail) renderRegistration(l *Localizer, c store.RegistrationMail) (subject, body string, err error) {
	ev := passerelle.OneLine(c.Event)
	switch c.What {
	case store.PlaceAdmitted:
		return l.T("event.admitted_mail_subject") + " – " + ev, l.T("event.admitted_mail_body", ev, em.BaseURL+c.Page) + "\n", nil
	case store.PlaceApproved:
		return l.T("event.approved_mail_subject") + " – " + ev, l.T("event.approved_mail_body", ev, em.BaseURL+c.Page) + "\n", nil
	case store.PlaceRemoved:
		return l.T("event.removed_mail_subject") + " – " + ev, l.T("event.removed_mail_body", ev) + "\n", nil
	}
	who := passerelle.OneLine(c.Name)
	if org := passerelle.OneLine(c.Org); org != "" {
		who += " (" + org
		if c.Country != "" {
			who += ", " + passerelle.OneLine(c.Country)
		}
		who += ")"
	}
	if c.What == store.NoticeMeetingCancelled {
		return em.renderCancelNotice(l, c, who, ev)
	}
	places := l.N("event.notice_taken", c.Taken)
	if c.Max > 0 {
		places = l.T("event.notice_taken_max", c.Taken, c.Max)
	}
	if c.Waiting > 0 {
		places += " " + l.N("event.notice_waiting", c.Waiting)
	}
	switch c.What {
	case store.PlaceRegistered, store.PlaceWaiting, store.PlaceApproval, store.PlaceLeft:
	default:
		return "", "", fmt.Errorf("unknown news in a registration mail: %s", c.What)
	}
	subject = l.T("event.notice_"+c.What+"_subject", who) + " – " + ev
	what := l.T("event.notice_"+c.What, who, ev)
	if c.What == store.PlaceLeft && c.Cancelled != nil {
		what = leftMeetings(l, *c.Cancelled, c.TimeZone, who, ev)
	}
	return subject, strings.Join([]string{what, places, l.T("event.notice_page", em.BaseURL+c.Page)}, "\n\n") + "\n", nil
}

// leftMeetings says that who left ev and lists, one a line, the meetings it cancelled:
// when in the event's time zone, at which table, with whom. A mail written before the
// list was kept has none and says only that meetings were cancelled (notice_left).
func leftMeetings(l *Localizer, ms []store.NoticeMeeting, tz, who, ev string) string {
	if len(ms) == 0 {
		return l.T("event.notice_left_none", who, ev)
	}
	zone, err := time.LoadLocation(tz)
	if err != nil {
		zone = time.UTC
	}
	lines := []string{l.T("event.notice_left_head", who, ev) + " " + l.N("event.notice_left_meetings", len(ms))}
	for _, m := range ms {
		with := passerelle.OneLine(m.With)
		if org := passerelle.OneLine(m.WithOrg); org != "" {
			with += " (" + org + ")"
		}
		at := slotAt(&m.Slot, zone, tz)
		if table := passerelle.OneLine(m.Slot.Table); table != "" {
			lines = append(lines, l.T("event.notice_left_meeting", at, table, with))
		} else {
			lines = append(lines, l.T("event.notice_left_meeting_untabled", at, with))
		}
	}
	return strings.Join(lines, "\n")
}

// slotAt is a meeting's time as the organiser's notices say it: local start and end
// with the zone's name, and the offset when the local time repeats.
func slotAt(p *store.MailPlacement, zone *time.Location, tz string) string {
	return p.Start.In(zone).Format(slotLayout) + "–" + p.End.In(zone).Format("15:04") + " (" + tz + offsetNote(p.Start, zone) + ")"
}

// renderCancelNotice writes the organiser's notice of a meeting a participant (who)
// cancelled: with whom, when in the event's time zone and at which table, so that the
// desk knows the table stands empty.
func (em *EventMail) renderCancelNotice(l *Localizer, c store.RegistrationMail, who, ev string) (subject, body string, err error) {
	if c.Slot == nil {
		return "", "", errors.New("a cancelled meeting's notice without its time")
	}
	zone, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	with := passerelle.OneLine(c.With)
	if org := passerelle.OneLine(c.WithOrg); org != "" {
		with += " (" + org + ")"
	}
	at := slotAt(c.Slot, zone, c.TimeZone)
	what := l.T("event.notice_meeting_cancelled_untabled", ev, who, with, at)
	if table := passerelle.OneLine(c.Slot.Table); table != "" {
		what = l.T("event.notice_meeting_cancelled", ev, who, with, at, table)
	}
	subject = l.T("event.notice_meeting_cancelled_subject", passerelle.OneLine(c.Name), passerelle.OneLine(c.With)) + " – " + ev
	return subject, what + "\n\n" + l.T("event.notice_page", em.BaseURL+c.Page) + "\n", nil
}

// renderSurvey writes the outcome survey's reminder with a sign-in link made now, for
// this sending only (store.OutboxService.SurveyLink): the outbox holds no link.
func (em *EventMail) renderSurvey(ctx context.Context, l *Localizer, mailID int64, c store.SurveyMail) (subject, body string, err error) {
	token, err := em.outbox().SurveyLink(ctx, mailID)
	if err != nil {
		return "", "", err
	}
	link, page, name := em.BaseURL+"/e/signin/"+token, em.BaseURL+c.Page, passerelle.OneLine(c.Event)
	days := store.SurveyLinkValidity.Hours() / 24
	if c.FollowUp {
		return l.T("event.survey_followup_mail_subject") + " " + name,
			l.T("event.survey_followup_mail_body", c.Months, name, c.Unanswered, days, link, page), nil
	}
	return l.T("event.survey_mail_subject") + " " + name, l.T("event.survey_mail_body", name, c.Unanswered, days, link, page), nil
}

// SurveyReminders writes to the outbox the outcome survey's reminder of each participant
// of the published event who has a meeting over without their answer in the survey's
// round open now (right after the event, or months later) and was not reminded in it
// yet; each participant gets one at most per round (store.ClaimSurveyReminders). It
// then sends the first now of them (all when now < 0), each with a sign-in link made as
// it goes (renderSurvey); the others, and what the mail server refuses, are the
// outbox's sender's. It returns how many were reminded and how many went now. ctx
// carries a writer of the event's workspace. Without a mail server nothing is claimed:
// ECONFLICT says so.
func (em *EventMail) SurveyReminders(ctx context.Context, eventID int64, now int) (reminded, sent int, err error) {
	if em.Mailer == nil {
		return 0, 0, passerelle.Errorf(passerelle.ECONFLICT, "no mail server is configured: the reminders cannot be sent")
	}
	e, rs, err := em.Events.ClaimSurveyReminders(ctx, eventID)
	if err != nil {
		return 0, 0, err
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.MailID
	}
	if now >= 0 && len(ids) > now {
		ids = ids[:now]
	}
	sent = em.Deliver(context.WithoutCancel(ctx), ids)
	em.Log.Info("survey reminders", "event", e.ID, "reminded", len(rs), "sent", sent)
	return len(rs), sent, nil
}
