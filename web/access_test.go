package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
	"passerelle/web"
)

var wildcard = regexp.MustCompile(`\{([a-z_$]+)\}`)

// variant is one way to fill a route's wildcards: with records every member may see,
// or with at least one record that only Alpha (or only its owner user) may see.
type variant struct {
	path    string
	private bool
}

// variants fills the wildcards of a route pattern with the world's records. A wildcard
// the test does not know gets an id that exists nowhere, which every caller must get
// 404 (or 403) for: add new wildcards here to test them with real records.
func (w *world) variants(pattern string) []variant {
	p := strings.ReplaceAll(pattern, "{$}", "")
	names := wildcard.FindAllStringSubmatch(p, -1)
	out := []variant{{path: p}}
	for _, m := range names {
		var shared, private string
		var more []string // further values that must be refused like private ones
		switch m[1] {
		case "org":
			shared, private = id(w.shared.ID), id(w.private.ID)
		case "person":
			shared, private = id(w.sharedP.ID), id(w.privateP.ID)
		case "link":
			shared, private = id(w.linkShr.ID), id(w.linkPriv.ID)
		case "affiliation":
			shared, private = id(w.affShr.ID), id(w.affPriv.ID)
		case "user":
			shared = id(w.users["alice"].ID)
		case "token":
			private = id(w.tokenIDs["alice"]) // a token is its owner's alone
		case "agreement":
			shared, private = id(w.agrShr.ID), id(w.agrPriv.ID)
		case "meeting":
			shared, private = id(w.meetShr.ID), id(w.meetPriv.ID)
		case "job":
			shared, private = id(w.jobShr.ID), id(w.jobPriv.ID)
		case "opportunity":
			shared, private = id(w.oppShr.ID), id(w.oppPriv.ID)
		case "project":
			shared, private = id(w.projShr.ID), id(w.projPriv.ID)
		case "workspace":
			shared = w.ws.Slug
		case "secret":
			private, more = "inv_no-such-invitation", w.secrets
		case "file":
			shared = "app.css"
		case "year":
			shared = "2027" // the year of the world's meetings; a year names no record
		case "mission":
			shared = w.mission.Slug
		case "debrief":
			private = id(w.debPriv.ID)
		case "followup":
			private = id(w.fuPriv.ID)
		case "section":
			// Alpha's report's, and the network's: the managers may write both, no
			// other member either.
			private, more = id(w.secPriv.ID), []string{id(w.secNet.ID)}
		default:
			private = "987654321"
		}
		var next []variant
		for _, v := range out {
			if shared != "" {
				next = append(next, variant{strings.Replace(v.path, m[0], shared, 1), v.private})
			}
			for _, p := range append([]string{private}, more...) {
				if p != "" {
					next = append(next, variant{strings.Replace(v.path, m[0], p, 1), true})
				}
			}
		}
		out = next
	}
	return out
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// namesRecord reports whether a route's path names a record of a workspace: another
// workspace's caller must then be refused. A year ({year} of the reports) names none:
// the caller gets its own workspace's report of that year.
func namesRecord(pattern string) bool {
	for _, m := range wildcard.FindAllStringSubmatch(strings.ReplaceAll(pattern, "{$}", ""), -1) {
		if m[1] != "year" {
			return true
		}
	}
	return false
}

// body is a request body that passes most forms' validation, so that a refusal
// cannot hide behind a validation error.
func (w *world) body(rt web.Route) (ctype, body string) {
	if rt.API {
		probe := map[string]any{"name": "Probe Org", "kind": "company", "last_name": "Probe", "to_id": w.shared2.ID,
			"organization_id": w.shared2.ID, "code": "probe", "label_en": "Probe", "visibility": "shared"}
		// The API refuses unknown fields: send only those of the route's body.
		known := jsonFields(reflect.TypeOf(rt.Body))
		for k := range probe {
			if known != nil && !known[k] {
				delete(probe, k)
			}
		}
		b, _ := json.Marshal(probe)
		return "application/json", string(b)
	}
	return "application/x-www-form-urlencoded", url.Values{"name": {"Probe Org"}, "kind": {"company"}, "last_name": {"Probe"},
		"email": {"probe@example.org"}, "password": {"wrong-password-1"}, "role": {"viewer"}, "to": {id(w.shared2.ID)},
		"organization": {id(w.shared2.ID)}, "code": {"probe"}, "label_en": {"Probe"}, "lang": {"en"}, "visibility": {"shared"},
		"current_password": {"nope"}, "new_password": {"x"}, "confirm_password": {"x"}}.Encode()
}

// TestAccess walks every route of the table (pages and API alike, extra routes
// included) as the owner of the private records, another member, a viewer, a
// coordinator of another member, the administrator of another workspace and an
// anonymous visitor, and checks that each gets only what it may.
func TestAccess(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testAccess(t, db) })
	}
}

func testAccess(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	routes := w.handler.Routes()
	if len(routes) < 50 {
		t.Fatalf("only %d routes in the table", len(routes))
	}
	alice := w.client(t, "alice")

	// Counts leak nothing: another member's total lacks the private organisation.
	bob := w.client(t, "bob")
	total := func(c *client) int {
		_, b := c.do("GET", "/api/v1/organizations", "", "", true)
		var l struct{ Total int }
		json.Unmarshal([]byte(b), &l)
		return l.Total
	}
	if a, b := total(alice), total(bob); a != 3 || b != 2 {
		t.Errorf("organisation totals: alice %d (want 3), bob %d (want 2)", a, b)
	}
	if _, b := bob.get("/search?q=secret"); strings.Contains(b, privateOrgName) || strings.Contains(b, privatePersonName) {
		t.Error("search shows another member's private records")
	}

	// The owner sees her private records on every page and API read: the fixture is
	// not vacuous.
	for _, rt := range routes {
		if rt.Method != "GET" || rt.Access == web.Public {
			continue
		}
		for _, v := range w.variants(rt.Path) {
			if !v.private || strings.Contains(v.path, "inv_") || strings.Contains(v.path, "987654321") {
				continue
			}
			res, _ := alice.do("GET", v.path, "", "", rt.API)
			if rt.Access <= web.Writer && res.StatusCode != http.StatusOK {
				t.Errorf("alice GET %s: %d, want 200", v.path, res.StatusCode)
			}
		}
	}

	// Invitations for existing accounts that no walker holds: one of "net" for an account
	// of "other" only, one of "other" for an account of "net". Whoever posts them below
	// (anonymous, another workspace's administrator, every role of "net", each with a
	// wrong password) must be refused and stay who it was.
	ctx := context.Background()
	acc, users := store.NewAccountService(db), store.NewUserService(db)
	netSys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
	otherWS, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(netSys, "other")
	must(t, err)
	otherSys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(otherWS.ID))
	for _, u := range []struct {
		email string
		sys   context.Context
	}{{"outsider@example.org", otherSys}, {"invitee@example.org", netSys}} {
		usr := &passerelle.User{Email: u.email}
		must(t, users.CreateUser(u.sys, usr))
		must(t, acc.SetPassword(u.sys, usr.ID, testPassword))
		must(t, users.SetMembership(u.sys, &passerelle.Membership{UserID: usr.ID, Role: passerelle.RoleViewer}))
	}
	coordActor, err := acc.ActorFor(ctx, w.users["coord"].ID, w.ws.ID)
	must(t, err)
	otherActor, err := acc.ActorFor(ctx, w.users["otheradmin"].ID, otherWS.ID)
	must(t, err)
	netSecret, err := acc.CreateInvitation(passerelle.NewContextWithActor(ctx, coordActor), &store.Invitation{Email: "outsider@example.org", Role: passerelle.RoleMember, MemberID: w.beta.ID})
	must(t, err)
	otherSecret, err := acc.CreateInvitation(passerelle.NewContextWithActor(ctx, otherActor), &store.Invitation{Email: "invitee@example.org", Role: passerelle.RoleAdmin})
	must(t, err)
	w.secrets = []string{netSecret, otherSecret}
	// Before the walk, which changes and deletes shared records.
	testVisibilityRoutes(t, w, routes, bob)

	type actor struct {
		name    string
		c       *client
		level   web.Access
		foreign bool   // another workspace: nothing of "net" may show
		email   string // who the session is, and must stay
	}
	actors := []actor{
		{"anonymous", w.client(t, ""), web.Public, true, ""},
		{"otheradmin", w.client(t, "otheradmin"), web.Manager, true, "otheradmin@example.org"},
		{"viewer", w.client(t, "viewer"), web.Reader, false, "viewer@example.org"},
		{"bob", bob, web.Writer, false, "bob@example.org"},
		{"coord", w.client(t, "coord"), web.Manager, false, "coord@example.org"},
	}
	checked := 0
	for _, a := range actors {
		for _, rt := range routes {
			// Signing out would end the session the walk relies on; it is tested below.
			if rt.Name == "signout" && a.name != "anonymous" {
				continue
			}
			vs := w.variants(rt.Path)
			// The lists behind the figures, narrowed to the country of Alpha's private
			// organisation and to Alpha: a country never shows another member's private
			// record (docs/pipeline.md).
			if rt.Method == "GET" && slices.Contains([]string{"/projects", "/pipeline", "/kpis", "/kpis/companies", "/api/v1/meetings",
				"/api/v1/opportunities", "/api/v1/projects", "/api/v1/kpis"}, rt.Path) {
				vs = append(vs, variant{path: rt.Path + "?country=DK&year=2027&member_id=" + id(w.alpha.ID)}, variant{path: rt.Path + "?country=DK"})
			}
			for _, v := range vs {
				ctype, body := "", ""
				if rt.Method != "GET" {
					ctype, body = w.body(rt)
				}
				res, got := a.c.do(rt.Method, v.path, ctype, body, rt.API)
				checked++
				where := fmt.Sprintf("%s %s %s (%s)", a.name, rt.Method, v.path, rt.Name)
				code := res.StatusCode
				if code >= 500 {
					t.Errorf("%s: %d %s", where, code, got)
				}
				leaks := []string{privateOrgName, privatePersonName, privateAgrTitle, privateMeetTitle, privateNotesText, privateOppTitle, privateProjTitle, privatePersonNote}
				// The organisers read every member's debrief and follow-ups (docs/missions.md).
				// They write every report's text too (docs/reports.md).
				organiserReads := a.level == web.Manager && !a.foreign && (strings.Contains(rt.Path, "{debrief}") || strings.Contains(rt.Path, "{followup}") ||
					strings.Contains(rt.Path, "{section}"))
				if !(a.level == web.Manager && !a.foreign) {
					leaks = append(leaks, privateDebriefText, privateFollowUpText, privateSectionText, networkSectionText)
				}
				// The public pages show what the workspace published (a published agreement's
				// shared partners); everything else of the workspace stays hidden from outsiders.
				if a.foreign && !strings.HasPrefix(v.path, "/public/") {
					leaks = append(leaks, sharedOrgName, "Sharedperson", "alice@example.org")
				}
				for _, s := range leaks {
					if strings.Contains(got, s) {
						t.Errorf("%s: body shows %q", where, s)
					}
				}
				if secret := strings.TrimPrefix(v.path, "/invitations/"); slices.Contains(w.secrets, secret) {
					if rt.Method == "GET" && code != http.StatusOK {
						t.Errorf("%s: %d, want the invitation page", where, code)
					}
					if rt.Method == "POST" && (code == http.StatusSeeOther || code < 400) {
						t.Errorf("%s: %d, accepted an invitation for another account", where, code)
					}
					if who := me(a.c); who != a.email {
						t.Errorf("%s: the session is now %q, was %q", where, who, a.email)
					}
				}
				if rt.Access == web.Public {
					continue
				}
				switch {
				case a.level == web.Public:
					if rt.API && code != http.StatusUnauthorized {
						t.Errorf("%s: %d, want 401", where, code)
					}
					if !rt.API && !(code == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login")) && code != http.StatusUnauthorized {
						t.Errorf("%s: %d, want a redirect to the sign-in page or 401", where, code)
					}
				case a.level < rt.Access:
					if code != http.StatusForbidden {
						t.Errorf("%s: %d, want 403", where, code)
					}
				case organiserReads && !strings.Contains(v.path, "987654321"):
					if code == http.StatusUnauthorized || code == http.StatusForbidden {
						t.Errorf("%s: %d, want the organiser allowed", where, code)
					}
				case v.private || (a.foreign && namesRecord(rt.Path)):
					if code != http.StatusNotFound && code != http.StatusForbidden {
						t.Errorf("%s: %d, want 404 or 403", where, code)
					}
				default:
					if code == http.StatusUnauthorized || code == http.StatusForbidden && a.level >= rt.Access && !v.private && rt.Access != web.Manager {
						t.Errorf("%s: %d, want it allowed", where, code)
					}
				}
			}
		}
	}

	// The invitations were not vacuous: each invited account accepts its own, by being
	// signed in or by giving its password, and joins with the invited role.
	for _, tc := range []struct {
		email, secret string
		signedIn      bool
		ws            int64
		role          passerelle.Role
	}{{"invitee@example.org", otherSecret, true, otherWS.ID, passerelle.RoleAdmin}, {"outsider@example.org", netSecret, false, w.ws.ID, passerelle.RoleMember}} {
		c := w.client(t, "")
		body := form("password", testPassword)
		if tc.signedIn {
			c.do("POST", "/login", formType, form("email", tc.email, "password", testPassword), false)
			body = ""
		}
		if res, _ := c.do("POST", "/invitations/"+tc.secret, formType, body, false); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s accepts its invitation: %d", tc.email, res.StatusCode)
		}
		if who := me(c); who != tc.email {
			t.Errorf("%s after accepting: session is %q", tc.email, who)
		}
		u, _ := users.FindUserByEmail(ctx, tc.email)
		if a, err := acc.ActorFor(ctx, u.ID, tc.ws); err != nil || a.Role != tc.role {
			t.Errorf("%s after accepting: %+v %v", tc.email, a, err)
		}
	}

	// Signing out ends the session.
	res, _ := bob.do("POST", "/logout", "", "", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign out: %d", res.StatusCode)
	}
	if res, _ := bob.get("/organizations"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after sign-out: %d, want a redirect", res.StatusCode)
	}

	// The private records are intact after the walk (read as the operator: alice may
	// have been removed from the workspace by the coordinator's walk).
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	if o, err := store.NewOrganizationService(db).FindOrganizationByID(sys, w.private.ID); err != nil || o.Name != privateOrgName {
		t.Errorf("private organisation changed by the walk: %v", err)
	}
	if p, err := store.NewPersonService(db).FindPersonByID(sys, w.privateP.ID); err != nil || p.LastName != "Secretperson" {
		t.Errorf("private person changed by the walk: %v", err)
	}
	t.Logf("%d routes, %d requests checked", len(routes), checked)
}

// visibilityRoute matches the routes that can change a record's visibility: the API's
// PATCH and the page forms' update of organisations, people and agreements.
var visibilityRoute = regexp.MustCompile(`^(/api/v1)?/(organizations|people|agreements|meetings)/\{(org|person|agreement|meeting)\}$`)

// testVisibilityRoutes: through every route that can change visibility, a member (and a
// viewer) trying to take another member's shared record private gets 403, and the
// record stays shared; a coordinator may.
func testVisibilityRoutes(t *testing.T, w *world, routes []web.Route, bob *client) {
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	visibility := func(wildcard string) passerelle.Visibility {
		var v passerelle.Visibility
		switch wildcard {
		case "org":
			o, err := store.NewOrganizationService(w.db).FindOrganizationByID(sys, w.shared.ID)
			must(t, err)
			v = o.Visibility
		case "person":
			p, err := store.NewPersonService(w.db).FindPersonByID(sys, w.sharedP.ID)
			must(t, err)
			v = p.Visibility
		case "agreement":
			a, err := store.NewAgreementService(w.db).FindAgreementByID(sys, w.agrShr.ID)
			must(t, err)
			v = a.Visibility
		case "meeting":
			m, err := store.NewMeetingService(w.db).FindMeetingByID(sys, w.meetShr.ID)
			must(t, err)
			v = m.Visibility
		}
		return v
	}
	viewer := w.client(t, "viewer")
	n := 0
	for _, rt := range routes {
		m := visibilityRoute.FindStringSubmatch(rt.Path)
		if m == nil || !(rt.API && rt.Method == "PATCH" || !rt.API && rt.Method == "POST") {
			continue
		}
		n++
		path := strings.Replace(rt.Path, "{"+m[3]+"}", map[string]string{"org": id(w.shared.ID), "person": id(w.sharedP.ID), "agreement": id(w.agrShr.ID), "meeting": id(w.meetShr.ID)}[m[3]], 1)
		ctype, body := "application/json", `{"visibility":"private"}`
		if m[3] == "agreement" {
			body = `{"visibility":"private","published":false}`
		}
		if !rt.API {
			ctype = "application/x-www-form-urlencoded"
			body = url.Values{"name": {sharedOrgName}, "kind": {"company"}, "country": {"DK"}, "first_name": {"Ada"},
				"last_name": {"Sharedperson"}, "title": {"Shared Visible Convention"}, "type": {"other"}, "visibility": {"private"},
				"date": {"2027-03-10"}, "from": {"09:00"}, "to": {"10:00"}, "time_zone": {"Europe/Copenhagen"}}.Encode()
		}
		for name, c := range map[string]*client{"bob": bob, "viewer": viewer} {
			res, got := c.do(rt.Method, path, ctype, body, rt.API)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s %s taking a shared record private: %d, want 403 %s", name, rt.Method, path, res.StatusCode, got)
			}
			if name == "bob" && !strings.Contains(got, "visibility") && !strings.Contains(got, "visibilit") {
				t.Errorf("%s %s %s: the refusal does not say why: %s", name, rt.Method, path, got)
			}
			if v := visibility(m[3]); v != passerelle.VisibilityShared {
				t.Fatalf("%s %s %s: the record is now %s", name, rt.Method, path, v)
			}
		}
	}
	if n != 8 {
		t.Errorf("%d routes change visibility, want 8 (PATCH and form of organisations, people, agreements, meetings)", n)
	}
	// A manager may: the coordinator takes the shared organisation private (for Beta),
	// then shares it again for the walk.
	coord := w.client(t, "coord")
	for _, v := range []passerelle.Visibility{passerelle.VisibilityPrivate, passerelle.VisibilityShared} {
		res, got := coord.do("PATCH", "/api/v1/organizations/"+id(w.shared.ID), "application/json", `{"visibility":"`+string(v)+`"}`, true)
		if res.StatusCode != http.StatusOK || visibility("org") != v {
			t.Errorf("coordinator making a shared organisation %s: %d %s", v, res.StatusCode, got)
		}
	}
}

// jsonFields returns the JSON names of a struct type's fields, embedded ones included;
// nil for anything else.
func jsonFields(t reflect.Type) map[string]bool {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	out := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			for k := range jsonFields(f.Type) {
				out[k] = true
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name != "-" {
			out[name] = true
		}
	}
	return out
}
