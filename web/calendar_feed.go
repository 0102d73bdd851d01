package web

import (
	"net/http"
	"strings"

	"passerelle"
	"passerelle/interchange"
)

// calendarURL is the address of the actor's feed, absolute so that a calendar program
// can subscribe to it; the secret in it is the only credential.
func (s *Server) calendarURL(r *http.Request) (string, error) {
	secret, err := s.meetings.CalendarSecret(r.Context())
	if err != nil {
		return "", err
	}
	return s.baseURL(r) + "/calendar/" + secret + ".ics", nil
}

// calendarFeed serves a user's meetings as an RFC 5545 calendar. The path's secret is
// the credential: an unknown or rotated one is 404 like any missing page.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	secret, found := strings.CutSuffix(r.PathValue("secret"), ".ics")
	if !found || !strings.HasPrefix(secret, "cal_") {
		return errNotFound
	}
	a, err := s.meetings.ActorForCalendar(r.Context(), secret)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			return errNotFound
		}
		return err
	}
	ms, err := s.meetings.CalendarMeetings(passerelle.NewContextWithActor(r.Context(), a))
	if err != nil {
		return err
	}
	// The feed is written in the user's language, the one they chose on the pages: a
	// calendar program sends no cookie and its own Accept-Language.
	u, err := s.users.FindUserByID(r.Context(), a.UserID)
	if err != nil {
		return err
	}
	cal := interchange.MeetingCalendarIn(newLocalizer(u.Lang).Lang, s.baseURL(r), ms)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// The URL is a credential: keep it and the feed out of shared caches and referrers.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return cal.SerializeTo(w)
}

// accountCalendar gives the user a new feed URL; calendars subscribed to the old one
// stop receiving updates.
func (s *Server) accountCalendar(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.meetings.RotateCalendarSecret(r.Context()); err != nil {
		return err
	}
	a := passerelle.ActorFromContext(r.Context())
	s.log.Info("calendar feed rotated", "user", a.UserID, "workspace", a.WorkspaceID, "addr", clientAddr(r))
	return s.redirect(w, r, "/account", "flash.calendar_rotated")
}
