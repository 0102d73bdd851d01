package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"passerelle"
	"passerelle/demo"
	"passerelle/store"
	"passerelle/store/storetest"
	"passerelle/web"
)

// TestCrawlDemo signs in to the quick start's demo as each kind of account and follows
// every same-origin GET link it is shown, breadth-first from its home page. The route
// test (access_test.go) calls each route once with made-up records; this walks the
// links the pages really print, on the demo's real records, so a broken href, a 500 on
// one record, or a template artefact shows up as the user would meet it.
func TestCrawlDemo(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	d, _, err := demo.Load(ctx, db)
	must(t, err)
	// The demo has no administrator (its manager is a coordinator), and administrators
	// see pages and links that nobody else does: add one as the other tests add users.
	const adminEmail = "admin@demo.passerelle.test"
	users, acc := store.NewUserService(db), store.NewAccountService(db)
	admin := &passerelle.User{Email: adminEmail, Name: "Crawl administrator"}
	must(t, users.CreateUser(d.System, admin))
	must(t, acc.SetPassword(d.System, admin.ID, demo.Password))
	must(t, users.SetMembership(d.System, &passerelle.Membership{UserID: admin.ID, Role: passerelle.RoleAdmin}))
	h, err := web.NewServer(db, web.Options{Version: "test"})
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	type role struct {
		name   string
		lang   string // both catalogues get walked
		signin string // the form that signs in; "" stays anonymous
		email  string
		start  []string
	}
	roles := []role{
		{"admin", "en", "/login", adminEmail, []string{"/"}},
		{"coordinator", "fr", "/login", "coordinator@demo.passerelle.test", []string{"/"}},
		{"member", "en", "/login", "pasteur@demo.passerelle.test", []string{"/"}},
		{"viewer", "fr", "/login", "viewer@demo.passerelle.test", []string{"/"}},
	}
	// One outside participant per demo event: the events differ (published or not,
	// virtual only), and so do their participants' pages.
	anonymous := role{"anonymous", "fr", "", "", []string{"/", "/public/" + demo.Slug + "/agreements"}}
	for i, p := range demo.ParticipantAccounts() {
		home := "/e/" + demo.Slug + "/" + p.Event
		roles = append(roles, role{"participant-" + p.Event, []string{"en", "fr"}[i%2], home + "/signin", p.Email, []string{home}})
		// Without a session a participant's page sends to the sign-in page when
		// registration is closed (docs/events.md): that is where a participant comes in.
		anonymous.start = append(anonymous.start, home+"/signin")
	}
	roles = append(roles, anonymous)
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			jar, _ := cookiejar.New(nil)
			c := &crawler{t: t, base: srv.URL, lang: role.lang, staff: role.signin == "/login",
				version: func() int64 { v, err := acc.WorkspaceVersion(ctx, d.Workspace.ID); must(t, err); return v },
				http:    &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
			if role.signin != "" {
				res, body := c.fetch("POST", role.signin, url.Values{"email": {role.email}, "password": {demo.Password}}.Encode())
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("sign in %s at %s: %d %.300s", role.email, role.signin, res.StatusCode, body)
				}
			}
			// Signing in sets the language from the account's preference; switch as a
			// user would, with the button of every page.
			if res, body := c.fetch("POST", "/lang", url.Values{"lang": {role.lang}, "next": {"/"}}.Encode()); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("switch to %s: %d %.300s", role.lang, res.StatusCode, body)
			}
			n := c.crawl(role.start, 400)
			t.Logf("%s (%s): %d pages, %d links left at the cap of a page kind", role.name, role.lang, n, c.capped)
		})
	}
}

// A crawler is one browser: a cookie jar, redirects seen rather than followed (each is
// a link to check like any other).
type crawler struct {
	t       *testing.T
	base    string
	lang    string
	staff   bool // signed in as a user: a redirect to /login means the session was lost
	http    *http.Client
	version func() int64 // the workspace's audit version: no GET may raise it
	capped  int
}

var (
	linkRE  = regexp.MustCompile(`(?is)<(?:a|link|script|img)\b[^>]*?\s(?:href|src)="([^"]*)"`)
	titleRE = regexp.MustCompile(`(?is)<title>(.*?)</title>`)
	langRE  = regexp.MustCompile(`(?is)<html\b[^>]*?\slang="([^"]+)"`)
	digits  = regexp.MustCompile(`[0-9]+`)
	// What html/template and fmt leave in a page when a template or a format goes wrong.
	artefacts = []string{"<no value>", "%!", "{{", "ZgotmplZ"}
)

// perKind bounds the pages of one kind (see kind): the demo has hundreds of
// organisations and people, and a role's pages are better spent on every kind of page
// than on the 300th organisation, which its template renders the same way. At 10 no
// role reaches the cap of 400, so the cap never cuts off a kind of page.
const perKind = 10

func (c *crawler) fetch(method, path, form string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(form))
	must(c.t, err)
	req.Header.Set("Accept-Language", c.lang)
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.http.Do(req)
	must(c.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(c.t, err)
	return res, string(b)
}

// crawl walks breadth-first from start, at most limit pages, and returns how many it got.
func (c *crawler) crawl(start []string, limit int) int {
	type link struct{ to, from string }
	var queue []link
	seen, kinds := map[string]bool{}, map[string]int{}
	for _, s := range start {
		queue = append(queue, link{s, "(start)"})
		seen[s] = true
	}
	n := 0
	for len(queue) > 0 && n < limit {
		l := queue[0]
		queue = queue[1:]
		n++
		before := c.version()
		res, body := c.fetch("GET", l.to, "")
		if v := c.version(); v != before {
			c.t.Errorf("GET %s (linked from %s) changed the workspace's data (audit version %d -> %d)", l.to, l.from, before, v)
		}
		ctype := res.Header.Get("Content-Type")
		switch code := res.StatusCode; {
		case code >= 500:
			c.t.Errorf("%s links to %s: %d %.300s", l.from, l.to, code, body)
		case code == http.StatusNotFound:
			c.t.Errorf("%s links to %s: 404, a broken link", l.from, l.to)
		case code >= 400:
			c.t.Errorf("%s links to %s: %d, a link this reader may not follow %.200s", l.from, l.to, code, body)
		case code >= 300:
			loc := res.Header.Get("Location")
			if c.staff && strings.HasPrefix(loc, "/login") {
				c.t.Errorf("%s links to %s, which signs the user out (redirect to %s)", l.from, l.to, loc)
			}
			body = `<a href="` + html.EscapeString(loc) + `">` // followed like a link of the page
		case code == http.StatusOK && body == "":
			c.t.Errorf("%s links to %s: 200 with an empty body", l.from, l.to)
		}
		if res.StatusCode == http.StatusOK && strings.HasPrefix(ctype, "text/html") {
			c.checkPage(l.to, l.from, body)
		} else if res.StatusCode < 300 || res.StatusCode >= 400 {
			continue // an asset, a download, or an error already reported: no links to follow
		}
		for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
			to, ok := c.local(l.to, html.UnescapeString(m[1]))
			if !ok || seen[to] {
				continue
			}
			seen[to] = true
			if k := kind(to); kinds[k] < perKind {
				kinds[k]++
				queue = append(queue, link{to, l.to})
			} else {
				c.capped++
			}
		}
	}
	return n
}

// checkPage fails on what a reader should never see in an HTML page.
func (c *crawler) checkPage(page, from, body string) {
	for _, a := range artefacts {
		if i := strings.Index(body, a); i >= 0 {
			c.t.Errorf("%s (linked from %s) shows %q: …%s…", page, from, a, strings.Join(strings.Fields(body[max(0, i-80):min(len(body), i+80)]), " "))
		}
	}
	if m := titleRE.FindStringSubmatch(body); m == nil || strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m[1]), "· passerelle")) == "" {
		c.t.Errorf("%s (linked from %s) has no <title>", page, from)
	}
	if m := langRE.FindStringSubmatch(body); m == nil {
		c.t.Errorf("%s (linked from %s) has no <html lang>", page, from)
	} else if m[1] != c.lang {
		c.t.Errorf("%s (linked from %s) is <html lang=%q>, asked for %q", page, from, m[1], c.lang)
	}
}

// local resolves href on page to a path and query of this server, or reports that it
// is not one to follow: another site, mailto:, a fragment of the same page, signing out.
func (c *crawler) local(page, href string) (string, bool) {
	base, _ := url.Parse(c.base + page)
	u, err := base.Parse(href)
	if err != nil {
		c.t.Errorf("%s links to an unreadable URL %q: %v", page, href, err)
		return "", false
	}
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return "", false
	}
	if u.Path == "/logout" || u.Path == "/e/signout" {
		return "", false
	}
	u.Fragment = ""
	return u.RequestURI(), true
}

// kind is a link's shape: /organizations/12 and /organizations/40 are one, and so are
// all the filtered or paged /agreements?… (facets combine into thousands of links).
func kind(uri string) string {
	u, _ := url.Parse(uri)
	k := digits.ReplaceAllString(u.Path, "#")
	if u.RawQuery != "" {
		k += "?"
	}
	return k
}

// TestContactBookLinksEvents: in the contact book, where a person was met links to the
// event's page as it links to the mission's (an event is addressed by its id, not its
// slug, so the row needs the id).
func TestContactBookLinksEvents(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	d, _, err := demo.Load(ctx, db)
	must(t, err)
	e, err := store.NewEventService(db).FindEventBySlug(d.System, "bio-japan-2008")
	must(t, err)
	h, err := web.NewServer(db, web.Options{Version: "test"})
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := &crawler{t: t, base: srv.URL, lang: "en",
		http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if res, body := c.fetch("POST", "/login", url.Values{"email": {"pasteur@demo.passerelle.test"}, "password": {demo.Password}}.Encode()); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d %.300s", res.StatusCode, body)
	}
	_, body := c.fetch("GET", "/contacts", "")
	want := `<a href="/events/` + strconv.FormatInt(e.ID, 10) + `">` + html.EscapeString(e.Name) + `</a>`
	if !strings.Contains(body, want) {
		t.Errorf("the contact book does not link the event: want %s in %.2000s", want, body)
	}
}
