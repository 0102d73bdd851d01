package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// The organiser's message to the participants (docs/events.md): a subject and a text,
// mailed through the outbox to every participant with an email, or only to those with
// a meeting.

type eventAnnounceData struct {
	Event         *passerelle.Event
	Subject, Body string
	To            store.AnnounceTo
	NoMailServer  bool // nothing can be sent: the form says so and sends nothing
	// Counts are how many each audience holds, shown beside it before sending.
	Counts map[string]int // by store.AnnounceTo
}

// eventAnnounceForm shows the message form.
func (s *Server) eventAnnounceForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	counts, err := s.eventService().AnnounceCounts(r.Context(), e.ID)
	if err != nil {
		return err
	}
	p := s.newPage(r, "event.announce")
	p.Data = eventAnnounceData{Event: e, To: store.AnnounceAll, NoMailServer: s.opts.Mailer == nil, Counts: counts}
	return s.render(w, r, "event_announce.html", p)
}

// eventAnnounce writes the message to the outbox for each recipient; a refused form
// comes back as typed with its problems, nothing written.
func (s *Server) eventAnnounce(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	d := eventAnnounceData{Event: e, Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"),
		To: store.AnnounceTo(r.PostFormValue("to")), NoMailServer: s.opts.Mailer == nil}
	switch d.To {
	case store.AnnounceAll, store.AnnounceWithMeetings, store.AnnounceWithoutMeetings:
	case "":
		d.To = store.AnnounceAll
	default:
		err = passerelle.FieldError("to", "all, with_meetings or without_meetings")
	}
	var n int
	var err2 error
	switch {
	case err != nil:
	case d.NoMailServer:
		err = passerelle.Errorf(passerelle.ECONFLICT, "no mail server is configured: nothing can be sent")
	default:
		n, err = s.eventService().Announce(r.Context(), e.ID, d.Subject, d.Body, d.To)
	}
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		if d.Counts, err2 = s.eventService().AnnounceCounts(r.Context(), e.ID); err2 != nil {
			return err2
		}
		p := s.newPage(r, "event.announce")
		p.Errors = p.L.FormErrors(err, "_")
		p.Data = d
		return s.renderStatus(w, r, status(err), "event_announce.html", p)
	}
	s.log.Info("event announcement queued", "event", e.ID, "recipients", n)
	return s.redirectMsg(w, r, "/events/"+strconv.FormatInt(e.ID, 10), "flash.event_announced", n)
}
