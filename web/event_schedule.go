package web

import (
	"net/http"
	"strconv"
	"time"

	"passerelle/events"
)

// eventScheduleLimit bounds a schedule started from the page, which runs within the
// request until the background jobs runner takes it over.
const eventScheduleLimit = 20 * time.Second

// eventSchedule places the event's accepted requests (events.Schedule) and comes back to
// the event's page, which shows what was placed and why the rest was not.
func (s *Server) eventSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	e, err := s.eventService().FindEventByID(r.Context(), id)
	if err != nil {
		return err
	}
	res, err := events.Schedule(r.Context(), s.eventService(), e.Slug, events.ScheduleOptions{TimeLimit: eventScheduleLimit}, nil)
	if err != nil {
		return err
	}
	s.log.Info("event scheduled", "event", e.ID, "requested", res.Requested, "placed", res.Placed, "ms", res.ElapsedMS)
	return s.redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10)+"#schedule", "flash.event_scheduled")
}

// eventPublish shows the schedule to the participants.
func (s *Server) eventPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	if err := s.eventService().PublishEvent(r.Context(), id); err != nil {
		return err
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
