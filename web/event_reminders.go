package web

import (
	"net/http"
	"strconv"
)

// remindersNow is how many reminders the page sends before it answers: the rest of a
// large event's go out from the outbox's sender (serve runs it with a mail server), as
// an announcement's do, instead of holding the page for minutes.
const remindersNow = 25

// eventSurveyReminders writes the outcome survey's reminder to the outbox for the
// participants who have a meeting over without their answer, each once per round, and
// sends them (EventMail.SurveyReminders); what the mail server refuses is left to the
// outbox's retries. It comes back to the event's page, which counts those reminded.
func (s *Server) eventSurveyReminders(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	if _, err := s.eventService().FindEventByID(r.Context(), id); err != nil {
		return err
	}
	n, sent, err := s.eventMail(r).SurveyReminders(r.Context(), id, remindersNow)
	if err != nil {
		return err
	}
	s.log.Info("event survey reminders", "event", id, "reminded", n, "sent", sent)
	return s.redirectMsg(w, r, "/events/"+strconv.FormatInt(id, 10)+"#survey", "flash.event_reminders_sent", n, sent)
}
