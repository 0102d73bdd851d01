package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"passerelle"
)

// The organiser books a meeting between two participants by hand: the desk of a
// partnering day, where two people ask for a meeting on the spot (docs/events.md).

type eventBookData struct {
	Event        *passerelle.Event
	Participants []*passerelle.EventParticipant // those who take part, by name
	Slots        []moveSlot                     // the slots still to come
	From, To     string                         // refs as chosen
	Slot         string
}

func (s *Server) renderEventBook(w http.ResponseWriter, r *http.Request, d eventBookData, saveErr error) error {
	ps, err := s.eventService().EventParticipants(r.Context(), d.Event.ID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Status == "" {
			d.Participants = append(d.Participants, p)
		}
	}
	sort.SliceStable(d.Participants, func(a, b int) bool {
		return passerelle.Fold(d.Participants[a].Name) < passerelle.Fold(d.Participants[b].Name)
	})
	loc, now := d.Event.Zone(), s.db.Now()
	for _, sl := range d.Event.Slots() {
		if sl.Start.After(now) {
			d.Slots = append(d.Slots, moveSlot{Value: slotValue(sl.Start, loc), Label: slotLabel(sl.Start, sl.End, loc)})
		}
	}
	p := s.newPage(r, "event.book_title")
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
	}
	return s.renderStatus(w, r, code, "event_book.html", p)
}

// eventBookForm offers two participants and a slot still to come.
func (s *Server) eventBookForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	return s.renderEventBook(w, r, eventBookData{Event: e}, nil)
}

// eventBook books the meeting, pinned, at a free table, and tells both participants
// once the agenda is published.
func (s *Server) eventBook(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	d := eventBookData{Event: e, From: strings.TrimSpace(r.PostFormValue("from")), To: strings.TrimSpace(r.PostFormValue("to")),
		Slot: strings.TrimSpace(r.PostFormValue("slot"))}
	var start time.Time
	if start, err = parseSlot(d.Slot, e.Zone()); err != nil {
		return s.renderEventBook(w, r, d, passerelle.FieldError("slot", "not a meeting time of the event: %s", passerelle.Clip(d.Slot, passerelle.EchoLength)))
	}
	em := s.eventMail(r)
	mails, err := s.eventService().BookMeeting(r.Context(), e.ID, d.From, d.To, start, em.Mailer != nil)
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderEventBook(w, r, d, err)
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	return s.redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10)+"#meetings", "flash.event_meeting_booked_by_organiser")
}
