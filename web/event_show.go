package web

import (
	"net/http"
	"sort"
	"time"

	"passerelle"
	"passerelle/store"
)

type eventRequestRow struct {
	*passerelle.EventRequest
	FromName, ToName string
	Unplaced         passerelle.Msg
}

type participantActivity struct{ Sent, Received, Meetings int }

type eventShowData struct {
	Event        *passerelle.Event
	Participants []*passerelle.EventParticipant
	Requests     []eventRequestRow
	Meetings     []*store.EventMeeting
	Names        map[string]string
	Counts       map[string]int // requests by status
	Unplaced     []eventRequestRow
	Slots        int
	// StandingMeetings and CancelledMeetings count the meetings apart.
	StandingMeetings, CancelledMeetings int
	// RegistrationOpen: the public registration page takes registrations.
	RegistrationOpen bool
	// PhaseNote says, for the dated phases that open and close something (registration,
	// requests), whether they take anything today or when they open or closed.
	PhaseNote     map[string]string
	Reminded      int       // participants reminded of the outcome survey in the round open now
	FollowUp      bool      // the round open now is the second, months after the event
	FollowUpOpens time.Time // when the second round opens
	// Activity is each participant's (by ref) requests sent and received and meetings
	// standing, so that the organiser sees who has none yet; Away their unavailable
	// periods in the event's local time, as they or the import set them.
	Activity map[string]*participantActivity
	Away     map[string][]string
	// Mails is the event's outbox: the changes' mails sent, waiting, and failed for good.
	Mails *store.EventMailStatus
	// CanMail: a mail server is configured, so that a failed mail can be sent again.
	CanMail bool
	// Unanswered are the required registration questions each participant (by ref)
	// leaves unanswered: an import from another tool may lack the answers.
	Unanswered map[string][]string
	// Capacity counts the places taken and the waiting list; Waiting is the list, in
	// its order.
	Capacity store.EventCapacity
	Waiting  []*passerelle.EventParticipant
	// Over: the event's last day has ended; no one is removed or restored then.
	Over bool
}

// eventShow is the organiser's page of an event: its facts, the schedule's result with
// what was not placed and why, the participants, requests and meetings.
func (s *Server) eventShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	svc := s.eventService()
	e, err := svc.FindEventByID(r.Context(), id)
	if err != nil {
		return err
	}
	d := eventShowData{Event: e, Names: map[string]string{}, Counts: map[string]int{}, Slots: len(e.Slots()), CanMail: s.opts.Mailer != nil}
	if ws, err := svc.WorkspaceSlug(r.Context(), e.WorkspaceID); err == nil {
		if _, open, err := svc.PublicEvent(r.Context(), ws, e.Slug); err == nil {
			d.RegistrationOpen = open
		}
	}
	l := newLocalizer(info(r).lang)
	d.PhaseNote = map[string]string{}
	for _, ph := range []string{"registration", "requests"} {
		if err := e.PhaseClosed(ph, s.db.Now()); err != nil {
			d.PhaseNote[ph] = l.Error(err)
		} else {
			d.PhaseNote[ph] = l.T("event.phase_open_now")
		}
	}
	if d.Participants, err = svc.EventParticipants(r.Context(), e.ID); err != nil {
		return err
	}
	qs, err := svc.EventQuestions(r.Context(), e)
	if err != nil {
		return err
	}
	d.Unanswered = map[string][]string{}
	d.Activity, d.Away = map[string]*participantActivity{}, map[string][]string{}
	zone := e.Zone()
	d.Over = !e.Ends().IsZero() && !s.db.Now().Before(e.Ends())
	if d.Capacity, err = svc.Capacity(r.Context(), e); err != nil {
		return err
	}
	for _, p := range d.Participants {
		if p.Status == passerelle.ParticipantWaiting {
			d.Waiting = append(d.Waiting, p)
		}
		d.Names[p.Ref] = p.Name
		d.Activity[p.Ref] = &participantActivity{}
		for _, u := range p.Unavailable {
			from, to := u.Start.In(zone), u.End.In(zone)
			when := from.Format("2006-01-02 15:04") + "–" + to.Format("15:04")
			if to.Format("2006-01-02") != from.Format("2006-01-02") {
				when = from.Format("2006-01-02 15:04") + " – " + to.Format("2006-01-02 15:04")
			}
			d.Away[p.Ref] = append(d.Away[p.Ref], when)
		}
		if u := passerelle.UnansweredRequired(qs, p.Answers); len(u) > 0 {
			d.Unanswered[p.Ref] = u
		}
	}
	rqs, why, err := svc.EventRequests(r.Context(), e.ID)
	if err != nil {
		return err
	}
	for _, rq := range rqs {
		row := eventRequestRow{EventRequest: rq, FromName: d.Names[rq.From], ToName: d.Names[rq.To], Unplaced: why[rq.ID]}
		d.Counts[string(rq.Status)]++
		if a := d.Activity[rq.From]; a != nil {
			a.Sent++
		}
		if a := d.Activity[rq.To]; a != nil {
			a.Received++
		}
		if row.Unplaced.Key != "" {
			d.Unplaced = append(d.Unplaced, row)
		}
		if len(d.Requests) < 1000 {
			d.Requests = append(d.Requests, row)
		}
	}
	sort.SliceStable(d.Unplaced, func(a, b int) bool { return d.Unplaced[a].ID < d.Unplaced[b].ID })
	sort.SliceStable(d.Waiting, func(a, b int) bool { return d.Waiting[a].WaitlistedAt.Before(d.Waiting[b].WaitlistedAt) })
	if d.Meetings, err = svc.EventMeetings(r.Context(), e.ID); err != nil {
		return err
	}
	for _, m := range d.Meetings {
		if m.Meeting.Status == passerelle.MeetingCancelled {
			d.CancelledMeetings++
		} else {
			d.StandingMeetings++
			for _, ref := range []string{m.From, m.To} {
				if a := d.Activity[ref]; a != nil {
					a.Meetings++
				}
			}
		}
	}
	if e.Status == passerelle.EventPublished {
		d.FollowUpOpens = e.FollowUpOpens()
		if d.Reminded, d.FollowUp, err = svc.SurveyReminded(r.Context(), e.ID); err != nil {
			return err
		}
	}
	if d.Mails, err = svc.EventMailStatus(r.Context(), e.ID); err != nil {
		return err
	}
	p := s.newPage(r, "")
	p.TitleText = e.Name
	p.Data = d
	return s.render(w, r, "event_show.html", p)
}

// eventFromPath reads the {event} of the path and finds it in the reader's workspace.
func (s *Server) eventFromPath(r *http.Request) (*passerelle.Event, error) {
	id, err := idParam(r, "event")
	if err != nil {
		return nil, err
	}
	return s.eventService().FindEventByID(r.Context(), id)
}
