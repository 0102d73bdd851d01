package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// The organiser moves or pins one meeting of an event by hand (docs/events.md). The
// participants whose meeting moved are told by email when a mail server is configured;
// their feeds show the new time at once (the meeting's sequence is raised).

type eventMoveData struct {
	Event   *passerelle.Event
	Meeting *store.EventMeeting
	Names   map[string]string
	Slots   []moveSlot
	Slot    string // the chosen slot, "YYYY-MM-DD HH:MM" local
	Table   string
	Pinned  bool
}

type moveSlot struct {
	Value string // local "2006-01-02 15:04", with the offset where that time repeats (slotValue)
	Label string
	ID    string // slotID's, for the free common slots' buttons
}

const slotLayout = "2006-01-02 15:04"

// eventMeetingFor reads the page's event and one of its meetings; another event's
// meeting, or another workspace's event, is not found.
func (s *Server) eventMeetingFor(r *http.Request) (*passerelle.Event, *store.EventMeeting, map[string]string, error) {
	id, err := idParam(r, "event")
	if err != nil {
		return nil, nil, nil, err
	}
	mid, err := idParam(r, "meeting")
	if err != nil {
		return nil, nil, nil, err
	}
	svc := s.eventService()
	e, err := svc.FindEventByID(r.Context(), id)
	if err != nil {
		return nil, nil, nil, err
	}
	ms, err := svc.EventMeetings(r.Context(), e.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, m := range ms {
		if m.Meeting.ID == mid {
			names, err := svc.ParticipantNames(r.Context(), e, []*store.EventMeeting{m})
			return e, m, names, err
		}
	}
	return nil, nil, nil, errNotFound
}

func (s *Server) renderEventMove(w http.ResponseWriter, r *http.Request, d eventMoveData, saveErr error) error {
	loc := d.Event.Zone()
	for _, sl := range d.Event.Slots() {
		d.Slots = append(d.Slots, moveSlot{Value: slotValue(sl.Start, loc), Label: slotLabel(sl.Start, sl.End, loc)})
	}
	p := s.newPage(r, "event.move_title")
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
	}
	return s.renderStatus(w, r, code, "event_move.html", p)
}

// eventMoveForm shows where a meeting is and the slots and tables it may go to.
func (s *Server) eventMoveForm(w http.ResponseWriter, r *http.Request) error {
	e, m, names, err := s.eventMeetingFor(r)
	if err != nil {
		return err
	}
	return s.renderEventMove(w, r, eventMoveData{Event: e, Meeting: m, Names: names, Slot: slotValue(m.Meeting.Start, e.Zone()),
		Table: m.Meeting.Room, Pinned: m.Pinned}, nil)
}

// eventMove moves and pins (or unpins) the meeting, then tells both participants.
func (s *Server) eventMove(w http.ResponseWriter, r *http.Request) error {
	e, m, names, err := s.eventMeetingFor(r)
	if err != nil {
		return err
	}
	d := eventMoveData{Event: e, Meeting: m, Names: names, Slot: strings.TrimSpace(r.PostFormValue("slot")),
		Table: strings.TrimSpace(r.PostFormValue("table")), Pinned: r.PostFormValue("pinned") == "1"}
	start, err := parseSlot(d.Slot, e.Zone())
	if err != nil {
		return s.renderEventMove(w, r, d, passerelle.FieldError("slot", "not a meeting time of the event: %s", passerelle.Clip(d.Slot, passerelle.EchoLength)))
	}
	em := s.eventMail(r)
	mv, err := s.eventService().MoveEventMeeting(r.Context(), e.ID, m.Meeting.ID, start, d.Table, d.Pinned, em.Mailer != nil)
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderEventMove(w, r, d, err)
	}
	// The mails to both participants (published event, mail server configured) were
	// written to the outbox with the move: sent now, retried by the outbox's sender.
	if len(mv.Mails) > 0 {
		em.Deliver(context.WithoutCancel(r.Context()), mv.Mails)
	} else if mv.Moved && e.Status == passerelle.EventPublished {
		s.log.Info("event meeting moved (no mail server configured: participants not mailed)", "event", e.ID, "meeting", m.Meeting.ID)
	}
	return s.redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10)+"#meetings", "flash.event_meeting_moved")
}
