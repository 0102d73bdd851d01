package web

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy allows only this origin's scripts and styles: no inline script,
// no inline style (htmx is told not to inject its indicator style), no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.secureCookies() {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests that a browser sends from another site
// (Sec-Fetch-Site, else Origin against Host). Scripts with a token send neither header
// and pass; the API is still protected because a browser cannot add the token itself.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if b := strings.TrimRight(s.opts.BaseURL, "/"); b != "" {
		if err := cop.AddTrustedOrigin(b); err != nil {
			s.log.Warn("base URL is not a valid origin", "url", b, "err", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, routeFor(r), errCrossOrigin)
	}))
	return cop.Handler(next)
}
