package web

import (
	"net/http"
	"strings"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// eventService is the store of partnering events (a value without state of its own).
func (s *Server) eventService() *store.EventService { return store.NewEventService(s.db) }

// eventFeed serves one event participant's meetings as an RFC 5545 calendar
// (docs/events.md). The path's secret is the only credential: an unknown one is 404
// like any missing page, and the feed holds that participant's meetings and nothing else.
func (s *Server) eventFeed(w http.ResponseWriter, r *http.Request) error {
	secret, found := strings.CutSuffix(r.PathValue("secret"), ".ics")
	if !found || !strings.HasPrefix(secret, "evf_") || len(secret) > 100 {
		return errNotFound
	}
	f, err := s.eventService().FindEventFeed(r.Context(), secret)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			return errNotFound
		}
		return err
	}
	names, err := s.eventService().ParticipantNames(r.Context(), f.Event, f.Meetings)
	if err != nil {
		return err
	}
	rows := make([]interchange.EventMeetingRow, len(f.Meetings))
	for i, m := range f.Meetings {
		rows[i] = interchange.EventMeetingRow{Meeting: m.Meeting, From: m.From, To: m.To}
	}
	// In the participant's language, as the event's mails to them are.
	cal := interchange.EventCalendarIn(newLocalizer(f.Lang).Lang, f.Event, f.Participant, rows, names, "")
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// The URL is a credential: keep it and the feed out of shared caches and referrers.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return cal.SerializeTo(w)
}
