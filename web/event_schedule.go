package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"passerelle"
	"passerelle/events"
)

// eventScheduleLimit bounds a schedule run within the page's request, when the server
// has no jobs runner; eventJobLimit one run as a background job.
const (
	eventScheduleLimit = 20 * time.Second
	eventJobLimit      = 60 * time.Second
)

// eventSchedule places the event's accepted requests (events.Schedule) and comes back to
// the event's page, which shows what was placed and why the rest was not.
func (s *Server) eventSchedule(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	if s.opts.Jobs != nil && s.opts.Jobs.Has(events.ScheduleKind) {
		// A background job: its page shows the progress bar and the Cancel button.
		params, err := json.Marshal(events.ScheduleParams{Slug: e.Slug, TimeLimitMS: eventJobLimit.Milliseconds()})
		if err != nil {
			return err
		}
		j := &passerelle.Job{Kind: events.ScheduleKind, Params: params, Visibility: passerelle.VisibilityShared}
		if err := s.jobs.CreateJob(r.Context(), j); err != nil {
			return err
		}
		s.opts.Jobs.Wake()
		return s.redirect(w, r, "/jobs/"+strconv.FormatInt(j.ID, 10), "")
	}
	// No jobs runner (tests, embedded servers): within the request, bounded.
	res, err := events.Schedule(r.Context(), s.eventService(), e.Slug, events.ScheduleOptions{TimeLimit: eventScheduleLimit,
		Mail: s.eventMail(r).Deliverer()}, nil)
	if err != nil {
		return err
	}
	s.log.Info("event scheduled", "event", e.ID, "requested", res.Requested, "placed", res.Placed, "moved", res.Moved,
		"cancelled", res.Cancelled, "told", res.Told, "ms", res.ElapsedMS)
	return s.redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10)+"#schedule", "flash.event_scheduled")
}

// eventPublish shows the schedule to the participants.
func (s *Server) eventPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	// With a mail server each participant's agenda is written to the outbox with the
	// publication; the outbox's sender (serve) sends them within seconds, so that an
	// event of thousands does not hold the organiser's page while they go.
	n, err := s.eventService().PublishEventMailed(r.Context(), id, s.opts.Mailer != nil)
	if err != nil {
		return err
	}
	if n > 0 {
		return s.redirectMsg(w, r, "/events/"+strconv.FormatInt(id, 10), "flash.event_published_mailed", n)
	}
	return s.redirect(w, r, "/events/"+strconv.FormatInt(id, 10), "flash.event_published")
}

// eventRegistration opens or closes the event's public registration page.
func (s *Server) eventRegistration(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	if err := s.eventService().SetRegistrationOpen(r.Context(), id, r.PostFormValue("open") == "1"); err != nil {
		return err
	}
	return s.redirect(w, r, "/events/"+strconv.FormatInt(id, 10), "flash.event_saved")
}
