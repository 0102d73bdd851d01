package web

import (
	"net/http"
	"slices"
	"strings"
)

// Access is what a route requires of the caller. The store checks the same rules again
// (and visibility, which only it can); the route's level gives the right status early
// and lets the access test know what to expect.
type Access int

const (
	Public  Access = iota // anyone, signed in or not
	Reader                // any member of the workspace, viewers included
	Writer                // admin, coordinator, member
	Manager               // admin, coordinator
)

func (a Access) String() string {
	return [...]string{"public", "reader", "writer", "manager"}[a]
}

// Route is one entry of the route table.
type Route struct {
	Method string
	// Path is a ServeMux pattern. Wildcards name what they hold: {org}, {person},
	// {link}, {affiliation}, {user}, {token}, {secret}, {file}; the access test fills them.
	Path    string
	Name    string // unique; the OpenAPI operationId for API routes
	Summary string
	Access  Access
	// API marks JSON routes under /api/v1: errors as JSON, 401 instead of a redirect
	// to the sign-in page, and an entry in the OpenAPI document.
	API bool
	// Query lists the query parameters, for the OpenAPI document.
	Query []string
	// Body and Reply are example values whose types describe the request and the
	// response in the OpenAPI document; nil for none.
	Body, Reply any
	Handle      func(s *Server, w http.ResponseWriter, r *http.Request) error
}

// extraRoutes holds routes that other files of the package add from init functions
// (RegisterRoutes), so that a feature brings its pages without editing this table.
var extraRoutes []Route

// RegisterRoutes adds routes to the table; call it from an init function. They are
// served, documented in OpenAPI when API, and walked by the access test like the others.
func RegisterRoutes(rs ...Route) { extraRoutes = append(extraRoutes, rs...) }

// NavLink is an entry of the main navigation. Label is a catalogue key.
type NavLink struct {
	Label string
	Path  string
	Order int    // ascending, left to right
	Min   Access // the least access that sees the link
}

var navLinks = []NavLink{
	{"nav.dashboard", "/", 10, Reader},
	{"nav.organizations", "/organizations", 20, Reader},
	{"nav.people", "/people", 30, Reader},
	{"nav.themes", "/themes", 40, Reader},
	{"nav.users", "/users", 80, Manager},
	{"nav.audit", "/audit", 90, Manager},
}

// RegisterNav adds a link to the main navigation; call it from an init function.
func RegisterNav(l NavLink) { navLinks = append(navLinks, l) }

func sortedNav() []NavLink {
	out := slices.Clone(navLinks)
	slices.SortStableFunc(out, func(a, b NavLink) int { return a.Order - b.Order })
	return out
}

func allRoutes() []Route {
	rs := append(slices.Clone(coreRoutes), apiRoutes...)
	return append(rs, extraRoutes...)
}

// coreRoutes is the table of the directory's pages and API.
var coreRoutes = []Route{
	{Method: "GET", Path: "/healthz", Name: "healthz", Summary: "Liveness, database kind and schema version", Access: Public, Handle: (*Server).healthz},
	{Method: "GET", Path: "/static/{file}", Name: "static", Summary: "Embedded assets at checksum names", Access: Public, Handle: (*Server).static},

	{Method: "GET", Path: "/login", Name: "signin_form", Summary: "Sign-in page", Access: Public, Handle: (*Server).signinForm},
	{Method: "POST", Path: "/login", Name: "signin", Summary: "Sign in", Access: Public, Handle: (*Server).signin},
	{Method: "POST", Path: "/logout", Name: "signout", Summary: "Sign out", Access: Public, Handle: (*Server).signout},
	{Method: "POST", Path: "/lang", Name: "lang", Summary: "Switch the language", Access: Public, Handle: (*Server).setLang},
	{Method: "GET", Path: "/invitations/{secret}", Name: "invitation_form", Summary: "Accept an invitation", Access: Public, Handle: (*Server).invitationForm},
	{Method: "POST", Path: "/invitations/{secret}", Name: "invitation_accept", Summary: "Accept an invitation", Access: Public, Handle: (*Server).invitationAccept},

	{Method: "GET", Path: "/{$}", Name: "dashboard", Summary: "Dashboard", Access: Reader, Handle: (*Server).dashboard},
	{Method: "GET", Path: "/search", Name: "search_page", Summary: "Search everything", Access: Reader, Handle: (*Server).searchPage},
	{Method: "GET", Path: "/organizations", Name: "organization_list", Access: Reader, Handle: (*Server).organizationList},
	{Method: "GET", Path: "/organizations/new", Name: "organization_new", Access: Writer, Handle: (*Server).organizationNew},
	{Method: "POST", Path: "/organizations", Name: "organization_create", Access: Writer, Handle: (*Server).organizationCreate},
	{Method: "GET", Path: "/organizations/{org}", Name: "organization_show", Access: Reader, Handle: (*Server).organizationShow},
	{Method: "GET", Path: "/organizations/{org}/edit", Name: "organization_edit", Access: Writer, Handle: (*Server).organizationEdit},
	{Method: "POST", Path: "/organizations/{org}", Name: "organization_update", Access: Writer, Handle: (*Server).organizationUpdate},
	{Method: "POST", Path: "/organizations/{org}/delete", Name: "organization_delete", Access: Writer, Handle: (*Server).organizationDelete},
	{Method: "POST", Path: "/organizations/{org}/links", Name: "organization_link_create", Access: Writer, Handle: (*Server).organizationLinkCreate},
	{Method: "POST", Path: "/organizations/{org}/links/{link}/delete", Name: "organization_link_delete", Access: Writer, Handle: (*Server).organizationLinkDelete},
	{Method: "GET", Path: "/people", Name: "person_list", Access: Reader, Handle: (*Server).personList},
	{Method: "GET", Path: "/people/new", Name: "person_new", Access: Writer, Handle: (*Server).personNew},
	{Method: "POST", Path: "/people", Name: "person_create", Access: Writer, Handle: (*Server).personCreate},
	{Method: "GET", Path: "/people/{person}", Name: "person_show", Access: Reader, Handle: (*Server).personShow},
	{Method: "GET", Path: "/people/{person}/edit", Name: "person_edit", Access: Writer, Handle: (*Server).personEdit},
	{Method: "POST", Path: "/people/{person}", Name: "person_update", Access: Writer, Handle: (*Server).personUpdate},
	{Method: "POST", Path: "/people/{person}/delete", Name: "person_delete", Access: Writer, Handle: (*Server).personDelete},
	{Method: "POST", Path: "/people/{person}/affiliations", Name: "affiliation_create", Access: Writer, Handle: (*Server).affiliationCreate},
	{Method: "POST", Path: "/people/{person}/affiliations/{affiliation}/delete", Name: "affiliation_delete", Access: Writer, Handle: (*Server).affiliationDelete},
	{Method: "GET", Path: "/themes", Name: "theme_list", Access: Reader, Handle: (*Server).themeList},
	{Method: "POST", Path: "/themes", Name: "theme_create", Access: Manager, Handle: (*Server).themeCreate},
	{Method: "GET", Path: "/users", Name: "user_list", Access: Manager, Handle: (*Server).userList},
	{Method: "POST", Path: "/users/{user}/role", Name: "user_role", Access: Manager, Handle: (*Server).userRole},
	{Method: "POST", Path: "/users/{user}/remove", Name: "user_remove", Access: Manager, Handle: (*Server).userRemove},
	{Method: "POST", Path: "/invitations", Name: "invitation_create", Access: Manager, Handle: (*Server).invitationCreate},
	{Method: "GET", Path: "/audit", Name: "audit_list", Access: Manager, Handle: (*Server).auditList},
	{Method: "GET", Path: "/account", Name: "account", Access: Reader, Handle: (*Server).account},
	{Method: "POST", Path: "/account/workspace", Name: "account_workspace", Access: Reader, Handle: (*Server).accountWorkspace},
	{Method: "POST", Path: "/account/password", Name: "account_password", Access: Reader, Handle: (*Server).accountPassword},
	{Method: "POST", Path: "/account/tokens", Name: "account_token_create", Access: Reader, Handle: (*Server).accountTokenCreate},
	{Method: "POST", Path: "/account/tokens/{token}/delete", Name: "account_token_delete", Access: Reader, Handle: (*Server).accountTokenDelete},
}

// routeFor finds the table entry of a request that the mux did not match, so that the
// 404 is rendered as JSON under /api/ and as a page elsewhere.
func routeFor(r *http.Request) Route {
	return Route{API: strings.HasPrefix(r.URL.Path, "/api/"), Access: Public}
}
