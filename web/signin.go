package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"passerelle"
)

type signinData struct {
	Email, Next, Error string
	SignedOut          bool // arrived from signing out: say so (the session, and its flash, are gone)
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if passerelle.ActorFromContext(r.Context()) != nil {
		return s.redirect(w, r, safeNext(r.URL.Query().Get("next")), "")
	}
	p := s.newPage(r, "signin.title")
	p.Data = signinData{Next: r.URL.Query().Get("next"), SignedOut: r.URL.Query().Has("signed_out")}
	return s.render(w, r, "signin.html", p)
}

// signin checks the password, renews the session token (so that a token planted before
// sign-in is worthless after it) and remembers the user's language.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, next := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("next")
	u, err := s.accounts.Authenticate(ctx, email, r.PostFormValue("password"), clientAddr(r))
	if err == nil {
		var a *passerelle.Actor
		if a, err = s.accounts.ActorFor(ctx, u.ID, 0); err == nil {
			if err := s.startSession(ctx, u, a.WorkspaceID); err != nil {
				return err
			}
			if _, cerr := r.Cookie("lang"); cerr != nil && (u.Lang == "fr" || u.Lang == "en") {
				s.setLangCookie(w, u.Lang)
			}
			s.log.Info("signed in", "user", u.ID, "addr", clientAddr(r))
			return s.redirect(w, r, safeNext(next), "")
		}
	}
	code := passerelle.ErrorCode(err)
	if code != passerelle.EUNAUTHORIZED && code != passerelle.EFORBIDDEN && code != passerelle.EBUSY {
		return err
	}
	// Refusals are logged with the email typed (never the password), for whoever
	// watches for guessing; the counts that stop it are in sign_in_attempts.
	s.log.Info("sign-in refused", "email", email, "addr", clientAddr(r), "reason", code)
	var e *passerelle.Error
	switch {
	case code != passerelle.EBUSY:
	case errors.As(err, &e) && e.RetryAfter > 0:
		s.log.Warn("sign-in rate-limited", "email", email, "addr", clientAddr(r), "retry_after", e.RetryAfter.Round(time.Second))
		w.Header().Set("Retry-After", retryAfter(err))
	default:
		s.log.Warn("password hashing is at its bound", "slots", s.db.Hashing.Slots())
		w.Header().Set("Retry-After", retryAfter(err))
	}
	p := s.newPage(r, "signin.title")
	p.Data = signinData{Email: email, Next: next, Error: p.L.Error(err)}
	return s.renderStatus(w, r, status(err), "signin.html", p)
}

// startSession signs a user in on this browser: a new session token (so that a token
// planted before is worthless after), the user, the workspace, and the user's session
// epoch, which a later password change raises to end the session.
func (s *Server) startSession(ctx context.Context, u *passerelle.User, workspaceID int64) error {
	epoch, err := s.accounts.SessionEpoch(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, "user_id", u.ID)
	s.sessions.Put(ctx, "workspace_id", workspaceID)
	s.sessions.Put(ctx, "email", u.Email)
	s.sessions.Put(ctx, "epoch", epoch)
	s.sessions.Put(ctx, "seen", s.db.Now().Unix())
	return nil
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	return s.redirect(w, r, "/login?signed_out", "")
}

// safeNext keeps redirects after sign-in on this site: it accepts only a plain local
// path ("/organizations?q=x"), and anything else becomes "/". Browsers drop tabs and
// newlines from a Location and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" would leave the site: control characters, backslashes, spaces and
// non-ASCII bytes are refused outright rather than cleaned.
func safeNext(next string) string {
	if len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

func (s *Server) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode})
}

// setLang switches the interface language, and remembers it for a signed-in user.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if lang != "fr" && lang != "en" {
		return passerelle.FieldError("lang", "fr or en")
	}
	s.setLangCookie(w, lang)
	if passerelle.ActorFromContext(r.Context()) != nil {
		if err := s.accounts.SetLang(r.Context(), lang); err != nil {
			return err
		}
	}
	// An event's participant signed in on this browser: their mails follow too.
	if pid, ws := s.sessions.GetInt64(r.Context(), "ev_pid"), s.sessions.GetInt64(r.Context(), "ev_ws"); pid != 0 && ws != 0 {
		if err := s.eventService().SetParticipantLang(r.Context(), ws, pid, lang); err != nil {
			return err
		}
	}
	return s.redirect(w, r, safeNext(r.PostFormValue("next")), "")
}
