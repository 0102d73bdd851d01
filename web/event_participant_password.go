package web

import (
	"net/http"
	"strings"

	"passerelle"
)

// A participant's password (docs/events.md): set on their page, used on the event's
// sign-in page, with the users' sign-in limits. The one-time link stays: it confirms
// the email and is the way back for a participant who forgot their password.

type participantSigninData struct {
	Event    *passerelle.Event
	Workspc  string
	Email    string
	Open     bool // the registration page is open (the sign-in page links to it)
	LinkSent bool // a sign-in link was asked for (and sent if the email is a participant's)
}

// participantSigninForm is the event's password sign-in page.
func (s *Server) participantSigninForm(w http.ResponseWriter, r *http.Request) error {
	e, open, err := s.publicEvent(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "event.signin_title")
	p.Data = participantSigninData{Event: e, Workspc: r.PathValue("workspace"), Open: open}
	return s.render(w, r, "event_password_signin.html", p)
}

// participantPasswordSignin signs a participant in with their email and password: the
// browser's session becomes theirs, for this event only.
func (s *Server) participantPasswordSignin(w http.ResponseWriter, r *http.Request) error {
	e, open, err := s.publicEvent(r)
	if err != nil {
		return err
	}
	d := participantSigninData{Event: e, Workspc: r.PathValue("workspace"), Open: open, Email: strings.TrimSpace(r.PostFormValue("email"))}
	part, err := s.eventService().AuthenticateParticipant(r.Context(), e, d.Email, r.PostFormValue("password"), clientAddr(r))
	if err != nil {
		code := passerelle.ErrorCode(err)
		if code != passerelle.EUNAUTHORIZED && code != passerelle.EBUSY {
			return err
		}
		if code == passerelle.EBUSY {
			s.log.Warn("event participant sign-in limited", "event", e.ID, "addr", clientAddr(r))
			w.Header().Set("Retry-After", retryAfter(err))
		}
		p := s.newPage(r, "event.signin_title")
		p.Errors = map[string]string{"_": p.L.Error(err)}
		p.Data = d
		return s.renderStatus(w, r, status(err), "event_password_signin.html", p)
	}
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	if err := s.signInParticipant(ctx, part.ID, e.WorkspaceID, info(r).lang); err != nil {
		return err
	}
	s.sessions.Remove(ctx, "ev_link")
	s.log.Info("event participant signed in with a password", "participant", part.ID, "event", e.ID, "addr", clientAddr(r))
	return s.redirect(w, r, "/e/"+d.Workspc+"/"+e.Slug, "")
}

// participantSigninLink sends a one-time sign-in link to the event's participant with
// the email given, whether the registration is open or not: without it a participant
// who has no password (every imported one) had no way in once it closed. The answer is
// the same whether the email is a participant's or not, and the link is never shown.
func (s *Server) participantSigninLink(w http.ResponseWriter, r *http.Request) error {
	e, open, err := s.publicEvent(r)
	if err != nil {
		return err
	}
	d := participantSigninData{Event: e, Workspc: r.PathValue("workspace"), Open: open, Email: strings.TrimSpace(r.PostFormValue("email"))}
	pg := s.newPage(r, "event.signin_title")
	pg.Data = d
	token, err := s.eventService().SigninLink(r.Context(), e, d.Email, clientAddr(r))
	switch passerelle.ErrorCode(err) {
	case "":
	case passerelle.EBUSY:
		s.log.Warn("event sign-in link limited", "event", e.ID, "addr", clientAddr(r))
		w.Header().Set("Retry-After", retryAfter(err))
		pg.Errors = map[string]string{"_": pg.L.Error(err)}
		return s.renderStatus(w, r, http.StatusTooManyRequests, "event_password_signin.html", pg)
	case passerelle.EINVALID:
		pg.Errors = map[string]string{"_": pg.L.Error(err)}
		return s.renderStatus(w, r, status(err), "event_password_signin.html", pg)
	default:
		return err
	}
	if token != "" {
		s.mailSigninLink(r, e, strings.ToLower(d.Email), token)
	}
	d.LinkSent = true
	pg.Data = d
	return s.render(w, r, "event_password_signin.html", pg)
}

// participantPassword sets or changes the signed-in participant's password. A change
// asks for the current one, unless this session was opened by a link. It ends the
// participant's other sessions (other browsers, a session opened by a link someone else
// used); this one stays, under the new session epoch.
func (s *Server) participantPassword(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	viaLink := s.sessions.GetBool(r.Context(), "ev_link")
	epoch, err := s.eventService().SetParticipantPassword(r.Context(), v.Event.WorkspaceID, v.Me.ID, r.PostFormValue("current_password"),
		r.PostFormValue("password"), viaLink)
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), "ev_epoch", epoch)
	s.log.Info("event participant password set", "participant", v.Me.ID, "event", v.Event.ID)
	return s.redirect(w, r, "/e/"+r.PathValue("workspace")+"/"+v.Event.Slug+"#password", "flash.event_password_saved")
}
