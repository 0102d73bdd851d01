package web

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"passerelle"
)

// reqInfo is what the wrapper learns about a request besides its actor.
type reqInfo struct {
	lang  string
	email string // of the signed-in user, for the header
	// session is true when the session was loaded for this request.
	session bool
	addr    string // the client's, see clientAddrOf
}

type infoKey struct{}

func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
		return i
	}
	return &reqInfo{lang: "en"}
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// sessionLoaded reports whether withSession loaded a session for the request.
func sessionLoaded(r *http.Request) bool {
	return !(strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" ||
		(strings.HasPrefix(r.URL.Path, "/api/") && bearer(r) != ""))
}

// hasSession reports whether handlers may use the session: the request went through
// wrap (so through withSession) on a path that loads one.
func hasSession(r *http.Request) bool {
	ri, ok := r.Context().Value(infoKey{}).(*reqInfo)
	return ok && ri.session
}

// wrap resolves who calls (API token or session), checks the route's access level and
// runs the handler, mapping its error in one place.
func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		ri := &reqInfo{}
		var actor *passerelle.Actor
		switch {
		case rt.API && bearer(r) != "":
			a, err := s.actorForToken(ctx, bearer(r))
			if err != nil {
				s.fail(w, r, rt, err)
				return
			}
			actor = a
		case sessionLoaded(r):
			ri.session = true
			if uid := s.sessions.GetInt64(ctx, "user_id"); uid != 0 && s.idle(ctx) {
				_ = s.sessions.Destroy(ctx)
			} else if uid != 0 {
				a, err := s.actorFor(ctx, uid, s.sessions.GetInt64(ctx, "workspace_id"), s.sessions.GetInt64(ctx, "epoch"))
				switch {
				case err == nil:
					actor, ri.email = a, s.sessions.GetString(ctx, "email")
				case passerelle.ErrorCode(err) == passerelle.EFORBIDDEN, passerelle.ErrorCode(err) == passerelle.EUNAUTHORIZED:
					// The membership was removed, or the password changed since this
					// session signed in: the session no longer grants anything.
					_ = s.sessions.Destroy(ctx)
				default:
					s.fail(w, r, rt, err)
					return
				}
			}
		}
		ri.lang, ri.addr = s.langOf(r), s.clientAddrOf(r)
		if actor != nil {
			ctx = passerelle.NewContextWithActor(ctx, actor)
		}
		r = r.WithContext(context.WithValue(ctx, infoKey{}, ri))
		if err := allowed(rt.Access, actor); err != nil {
			s.fail(w, r, rt, err)
			return
		}
		r, cancel, err := s.limitRequest(w, r, rt)
		defer cancel()
		defer removeUpload(r) // a multipart form's temporary files
		if err != nil {
			s.fail(w, r, rt, err)
			return
		}
		if err := refuseNUL(r); err != nil {
			s.fail(w, r, rt, err)
			return
		}
		if changes(r) {
			// Whatever the outcome, the memo must not outlive a change made here.
			defer s.memo.forget()
		}
		if err := rt.Handle(s, w, r); err != nil {
			s.fail(w, r, rt, err)
		}
	})
}

// sessionIdle ends a session unused for that long (ASVS V3.3.2 at level 2: 30 minutes
// of inactivity). Use is recorded at most every sessionSeenEvery, so that an active
// session costs a write a minute rather than one per request; a session therefore ends
// between 30 and 31 minutes after its last use.
const (
	sessionIdle      = 30 * time.Minute
	sessionSeenEvery = time.Minute
)

// idle reports whether the signed-in session has been unused longer than sessionIdle,
// and otherwise records its use.
func (s *Server) idle(ctx context.Context) bool {
	now := s.db.Now().Unix()
	seen := s.sessions.GetInt64(ctx, "seen")
	if seen != 0 && now-seen > int64(sessionIdle/time.Second) {
		return true
	}
	// A session signed in before idle timeouts existed has no mark: it starts now.
	if now-seen >= int64(sessionSeenEvery/time.Second) {
		s.sessions.Put(ctx, "seen", now)
	}
	return false
}

// allowed checks a route's access level against the actor's role.
func allowed(need Access, a *passerelle.Actor) error {
	if need == Public {
		return nil
	}
	if a == nil {
		return passerelle.Errorf(passerelle.EUNAUTHORIZED, "sign in first")
	}
	switch {
	case need == Writer && !a.Role.CanWrite():
		return passerelle.Errorf(passerelle.EFORBIDDEN, "your role does not allow changes")
	case need == Manager && !a.Role.CanManage():
		return passerelle.Errorf(passerelle.EFORBIDDEN, "only administrators and coordinators may do this")
	}
	return nil
}

// level is the highest access level an actor has, for the navigation.
func level(a *passerelle.Actor) Access {
	switch {
	case a == nil:
		return Public
	case a.Role.CanManage():
		return Manager
	case a.Role.CanWrite():
		return Writer
	}
	return Reader
}

// clientAddr is the address that sign-in attempts are counted against.
func clientAddr(r *http.Request) string {
	if a := info(r).addr; a != "" {
		return a
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// refuseNUL answers 422 for a NUL character, or bytes that are not UTF-8, in the path,
// the query string or a form value, for every route at once (JSON bodies are checked by
// decode, files by the importers): PostgreSQL cannot store either, and both databases
// must behave alike. A multipart form's text fields are checked too, read by
// limitRequest within the route's bound (its files are not: the importers read them).
func refuseNUL(r *http.Request) error {
	if passerelle.HasNUL(r.URL.Path) {
		return passerelle.NULError("path")
	}
	if !utf8.ValidString(r.URL.Path) {
		return passerelle.NotUTF8Error("path")
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		_ = r.ParseForm() // a body that does not parse is the handler's to report
	}
	vals := r.URL.Query()
	if r.PostForm != nil {
		vals = r.Form
	}
	for k, vs := range vals {
		if passerelle.HasNUL(k) {
			return passerelle.NULError(strings.ReplaceAll(k, "\x00", `\u0000`))
		}
		if !utf8.ValidString(k) {
			return passerelle.NotUTF8Error(strings.ToValidUTF8(k, "\uFFFD"))
		}
		for _, v := range vs {
			if passerelle.HasNUL(v) {
				return passerelle.NULError(k)
			}
			if !utf8.ValidString(v) {
				return passerelle.NotUTF8Error(k)
			}
		}
	}
	return nil
}
