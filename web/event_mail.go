package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"passerelle"
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
}

// NewEventMail returns the event mail of db; m nil sends nothing.
func NewEventMail(db *store.DB, m Mailer, baseURL string, log *slog.Logger) *EventMail {
	if log == nil {
		log = slog.Default()
	}
	return &EventMail{Mailer: m, BaseURL: strings.TrimRight(baseURL, "/"), Log: log, Events: store.NewEventService(db)}
}

// eventMail is the event mail of a page, on the request's address when no base URL is set.
func (s *Server) eventMail(r *http.Request) *EventMail {
	return &EventMail{Mailer: s.opts.Mailer, BaseURL: s.baseURL(r), Log: s.log, Events: s.eventService()}
}

// pageOf is the participants' page of the event.
func (em *EventMail) pageOf(ctx context.Context, e *passerelle.Event) string {
	ws, _ := em.Events.WorkspaceSlug(ctx, e.WorkspaceID)
	return em.BaseURL + "/e/" + ws + "/" + e.Slug
}

// when is a meeting's time as the participants read it: local, with the event's zone.
func when(e *passerelle.Event, p store.EventPlacement) string {
	return p.Start.In(e.Zone()).Format(slotLayout) + "–" + p.End.In(e.Zone()).Format("15:04") + " (" + e.TimeZone + ")"
}

// Changes mails each participant with an email the changes to their meetings (moved,
// added, cancelled), one mail each with every change of theirs, in their language, and
// returns how many were mailed. A mail that fails is logged: the changes are saved and
// the feeds show them.
func (em *EventMail) Changes(ctx context.Context, e *passerelle.Event, changes []store.EventChange) int {
	if em.Mailer == nil {
		em.Log.Info("event meetings changed (no mail server configured: participants not mailed)", "event", e.ID, "changes", len(changes))
		return 0
	}
	type letter struct {
		p     store.MovedParticipant
		lines []string
	}
	byID := map[int64]*letter{}
	var order []int64
	for _, c := range changes {
		for i, p := range c.Participants {
			if p.Email == "" {
				continue
			}
			other := ""
			if len(c.Participants) == 2 {
				other = c.Participants[1-i].Name
			}
			lt := byID[p.ID]
			if lt == nil {
				lt = &letter{p: p}
				byID[p.ID] = lt
				order = append(order, p.ID)
			}
			l := newLocalizer(p.Lang)
			var line string
			switch c.Kind {
			case store.ChangeMoved:
				line = l.T("event.change_moved", other, when(e, c.Old), c.Old.Table, when(e, c.New), c.New.Table)
			case store.ChangeAdded:
				line = l.T("event.change_added", other, when(e, c.New), c.New.Table)
			case store.ChangeCancelled:
				line = l.T("event.change_cancelled", other, when(e, c.Old))
			default:
				continue
			}
			lt.lines = append(lt.lines, "- "+line)
		}
	}
	page := em.pageOf(ctx, e)
	told := 0
	for _, id := range order {
		lt := byID[id]
		if len(lt.lines) == 0 {
			continue
		}
		l := newLocalizer(lt.p.Lang)
		body := l.T("event.changes_body", e.Name, strings.Join(lt.lines, "\n"), page)
		if err := em.Mailer.Send(ctx, lt.p.Email, l.T("event.changes_subject")+" "+e.Name, body); err != nil {
			em.Log.Warn("event change mail not sent", "event", e.ID, "participant", id, "err", err)
			continue
		}
		told++
	}
	em.Log.Info("event participants told of changes", "event", e.ID, "changes", len(changes), "told", told)
	return told
}

// SurveyReminders mails the outcome survey's reminder, with a sign-in link, to each
// participant of the published event who has a meeting over without their answer in
// the survey's round open now (right after the event, or months later) and was not
// reminded in it yet; each participant gets one at most per round (store.ClaimSurveyReminders).
// A mail that fails gives the participant back to the next run. It returns how many
// were mailed. ctx carries a writer of the event's workspace. Without a mail server
// nothing is claimed: ECONFLICT says so.
func (em *EventMail) SurveyReminders(ctx context.Context, eventID int64) (int, error) {
	if em.Mailer == nil {
		return 0, passerelle.Errorf(passerelle.ECONFLICT, "no mail server is configured: the reminders cannot be sent")
	}
	e, rs, err := em.Events.ClaimSurveyReminders(ctx, eventID)
	if err != nil {
		return 0, err
	}
	page := em.pageOf(ctx, e)
	sent := 0
	for _, r := range rs {
		l := newLocalizer(r.Participant.Lang)
		link := em.BaseURL + "/e/signin/" + r.Token
		body := l.T("event.survey_mail_body", e.Name, r.Unanswered, store.SurveyLinkValidity.Hours()/24, link, page)
		subject := l.T("event.survey_mail_subject") + " " + e.Name
		if r.FollowUp {
			months := e.FollowUpMonths
			if months == 0 {
				months = passerelle.DefaultFollowUpMonths
			}
			body = l.T("event.survey_followup_mail_body", months, e.Name, r.Unanswered, store.SurveyLinkValidity.Hours()/24, link, page)
			subject = l.T("event.survey_followup_mail_subject") + " " + e.Name
		}
		if err := em.Mailer.Send(ctx, r.Participant.Email, subject, body); err != nil {
			em.Log.Warn("survey reminder not sent", "event", e.ID, "participant", r.Participant.ID, "err", err)
			if err := em.Events.ReleaseSurveyReminder(context.WithoutCancel(ctx), e.ID, r.Participant.ID, r.FollowUp); err != nil {
				em.Log.Error("survey reminder not released", "event", e.ID, "participant", r.Participant.ID, "err", err)
			}
			continue
		}
		sent++
	}
	em.Log.Info("survey reminders sent", "event", e.ID, "claimed", len(rs), "sent", sent)
	return sent, nil
}
