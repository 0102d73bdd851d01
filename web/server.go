// Package web serves passerelle's HTML pages and its JSON API under /api/v1. Pages are
// server-rendered html/template, progressively enhanced with htmx; templates, assets and
// message catalogues are embedded. Every route is declared in one table (routes.go),
// from which the mux, the OpenAPI document and the access test are derived.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"passerelle/jobs"
	"passerelle/store"
)

// Options configure a Server.
type Options struct {
	Logger *slog.Logger
	// BaseURL is the public address (https://passerelle.example.org). An https address
	// makes cookies Secure and is trusted as an origin behind a proxy; invitation links
	// are built on it (else on the request's host).
	BaseURL string
	// SecureCookies forces the Secure flag on cookies even without an https BaseURL.
	SecureCookies bool
	// Mailer sends invitations; nil shows the link to the inviting manager instead.
	Mailer Mailer
	// Version is shown in the footer and /healthz.
	Version string
	// Jobs runs the background jobs the API queues (nil: the API refuses to queue them);
	// the server only wakes its workers, which serve runs.
	Jobs *jobs.Runner
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client
	// (for sign-in limits and logs); empty trusts none.
	TrustedProxies []netip.Prefix
}

// Server is the web application. It is an http.Handler.
type Server struct {
	db         *store.DB
	orgs       *store.OrganizationService
	people     *store.PersonService
	themes     *store.ThemeService
	workspaces *store.WorkspaceService
	users      *store.UserService
	audit      *store.AuditService
	search     *store.SearchService
	accounts   *store.AccountService
	meetings   *store.MeetingService
	jobs       *store.JobService
	sessions   *scs.SessionManager
	sessStore  *store.SessionStore
	orgCache   *orgCache
	memo       *memo
	rows       rowsCache // the participants' pages' directory rows (event_participant_rows.go)

	pages   map[string]*template.Template
	assets  *assetSet
	routes  []Route
	handler http.Handler
	log     *slog.Logger
	opts    Options
}

// NewServer builds the application on an open database. It parses and checks every
// template now, so that a broken template stops the start rather than a page later.
func NewServer(db *store.DB, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{
		db: db, orgs: store.NewOrganizationService(db), people: store.NewPersonService(db),
		themes: store.NewThemeService(db), workspaces: store.NewWorkspaceService(db), users: store.NewUserService(db),
		audit: store.NewAuditService(db), search: store.NewSearchService(db), accounts: store.NewAccountService(db),
		meetings: store.NewMeetingService(db), jobs: store.NewJobService(db),
		sessStore: store.NewSessionStore(db), log: opts.Logger, opts: opts,
		orgCache: newOrgCache(2000, 30*time.Second), memo: newMemo(),
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.sessions = scs.New()
	s.sessions.Store = s.sessStore
	// An absolute lifetime of 7 days, and an idle timeout (sessionIdle) that wrap
	// enforces itself: scs's own IdleTimeout re-commits the session on every request,
	// which would make every page view a write.
	s.sessions.Lifetime = 7 * 24 * time.Hour
	s.sessions.Cookie.Name = "passerelle_session"
	if s.secureCookies() {
		// __Host-: the browser accepts the cookie only if Secure, for the whole site
		// (Path=/) and without Domain, so a sibling subdomain cannot set or shadow it.
		s.sessions.Cookie.Name = "__Host-passerelle_session"
	}
	s.sessions.Cookie.Path = "/"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = s.secureCookies()
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.log.Error("session", "err", err, "path", r.URL.Path)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
	s.routes = routeTable
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
	}
	// An unknown address still resolves who asks, so that a signed-in user's 404 page
	// keeps their navigation and language.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		rt := routeFor(r)
		rt.Handle = func(*Server, http.ResponseWriter, *http.Request) error { return errNotFound }
		s.wrap(rt).ServeHTTP(w, r)
	})
	s.handler = s.securityHeaders(s.crossOrigin(s.withSession(mux)))
	return s, nil
}

func (s *Server) secureCookies() bool {
	return s.opts.SecureCookies || strings.HasPrefix(s.opts.BaseURL, "https://")
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table, for the OpenAPI document and the tests.
func (s *Server) Routes() []Route { return s.routes }

// DB returns the database, for handlers registered by other files of the package.
func (s *Server) DB() *store.DB { return s.db }

// CleanSessions deletes expired sessions every interval until ctx ends.
func (s *Server) CleanSessions(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.sessStore.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("delete expired sessions", "err", err)
			}
		}
	}
}

// withSession loads the session of browser requests. API calls with a bearer token
// skip it: they carry no cookie and must not create one.
func (s *Server) withSession(next http.Handler) http.Handler {
	withSess := s.sessions.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" ||
			(strings.HasPrefix(r.URL.Path, "/api/") && bearer(r) != "") {
			next.ServeHTTP(w, r)
			return
		}
		withSess.ServeHTTP(w, r)
	})
}
