package web_test

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
	"passerelle/store/storetest"
	"passerelle/web"
)

type fakeMailer struct {
	mu   sync.Mutex
	sent map[string]string // to -> body
}

func (m *fakeMailer) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	// As the SMTP mailer does: a line break in a header would start another header.
	if strings.ContainsAny(to+subject, "\r\n") {
		return errors.New("a line break in the recipient or the subject")
	}
	m.sent[to] = body
	return nil
}

var signinLink = regexp.MustCompile(`/e/signin/evs_[A-Za-z0-9_-]+`)

// TestEventParticipants: two outside participants register in English and French
// (a bad country refused, nothing saved), confirm by their one-time link (spent once),
// one requests a meeting with the other, who accepts; the organiser schedules and
// publishes; both agendas show the meeting at its local time and both feeds parse with
// it. A participant sees their event only: another event, the workspace's pages, a
// request that is not theirs are refused.
func TestEventParticipants(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventParticipants(t, db) })
	}
}

func testEventParticipants(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	mail, _, anon := mailServer(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	var ids []int64
	for _, slug := range []string{"web-ev", "web-ev2"} {
		imp, err := interchange.ReadEvent(strings.NewReader(strings.Replace(webEvent, "web-ev", slug, 1)))
		must(t, err)
		r, err := svc.ImportEvent(ctx, imp)
		must(t, err)
		ids = append(ids, r.Event.ID)
	}
	base := "/e/" + w.ws.Slug + "/web-ev"
	if res, _ := anon().get(base + "/register"); res.StatusCode != http.StatusNotFound {
		t.Errorf("closed registration: %d", res.StatusCode)
	}
	// Registration closed: the participant's address sends to the event's sign-in page;
	// an unknown event is still not found.
	for _, tc := range []struct {
		path, location string
		status         int
	}{
		{base, base + "/signin", http.StatusSeeOther},
		{"/e/" + w.ws.Slug + "/no-such-event", "", http.StatusNotFound},
		{"/e/no-such-workspace/web-ev", "", http.StatusNotFound},
	} {
		res, _ := anon().get(tc.path)
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location {
			t.Errorf("GET %s without a session: %d to %q, want %d to %q", tc.path, res.StatusCode, res.Header.Get("Location"), tc.status, tc.location)
		}
	}
	must(t, svc.SetRegistrationOpen(ctx, ids[0], true))

	register := func(c *client, name, email, country string) (*http.Response, string) {
		return c.do("POST", base+"/register", formType, url.Values{"name": {name}, "email": {email}, "organization": {"Org of " + name},
			"country": {country}}.Encode(), false)
	}
	yuki, louise := anon(), anon()
	louise.do("POST", "/lang", formType, "lang=fr", false)
	if res, body := register(yuki, "Yuki", "yuki@example.jp", "XX"); res.StatusCode < 400 || !strings.Contains(body, "XX") || len(mail.sent) != 0 {
		t.Fatalf("unknown country: %d, %d mails", res.StatusCode, len(mail.sent))
	}
	if res, body := register(yuki, "Yuki", "yuki@example.jp", "JP"); res.StatusCode != http.StatusOK || !strings.Contains(body, "register-sent") {
		t.Fatalf("register: %d", res.StatusCode)
	}
	if res, body := register(louise, "Louise", "louise@example.fr", "FR"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Merci") {
		t.Fatalf("register fr: %d", res.StatusCode)
	}
	signin := func(c *client, email string) {
		t.Helper()
		link := signinLink.FindString(mail.sent[email])
		if link == "" {
			t.Fatalf("no link mailed to %s: %q", email, mail.sent[email])
		}
		if res, _ := c.get(link); res.StatusCode != http.StatusOK {
			t.Fatalf("signin page: %d", res.StatusCode)
		}
		if res, _ := c.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base {
			t.Fatalf("signin: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res, _ := anon().do("POST", link, formType, "", false); res.StatusCode != http.StatusNotFound {
			t.Errorf("a spent link works again: %d", res.StatusCode)
		}
	}
	signin(yuki, "yuki@example.jp")
	signin(louise, "louise@example.fr")
	ps, err := svc.EventParticipants(ctx, ids[0])
	must(t, err)
	refs := map[string]string{}
	for _, p := range ps {
		refs[p.Name] = p.Ref
	}
	_, body := yuki.get(base)
	if !strings.Contains(body, "Louise") || strings.Contains(body, "louise@example.fr") {
		t.Errorf("yuki's page: Louise missing or her email shown")
	}
	// Profiles: a bad theme or type is named and saves nothing; a good one shows to
	// the others, who find it by theme, type and words.
	for _, bad := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"summary": {"Vaccines"}, "themes": {"health.nope"}, "offers[0].title": {""}}, "themes[0]"},
		{url.Values{"summary": {"Vaccines"}, "offers[0].title": {"mRNA"}, "offers[0].type": {"barter"}}, "offers[0].type"},
		{url.Values{"summary": {"Vaccines"}, "offers[0].title": {"mRNA"}, "offers[0].type": {""}}, "offers[0].type"},
	} {
		res, body := yuki.do("POST", base+"/profile", formType, bad.form.Encode(), false)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, bad.want) || !strings.Contains(body, "profile-error") {
			t.Errorf("bad profile %v: %d", bad.form, res.StatusCode)
		}
	}
	if _, body := louise.get(base); strings.Contains(body, "Vaccines") {
		t.Errorf("a refused profile was saved")
	}
	if res, _ := yuki.do("POST", base+"/profile", formType, url.Values{"summary": {"Vaccines in Osaka"}, "themes": {"health.infectious"},
		"offers[0].kind": {"offer"}, "offers[0].type": {"technology_offer"}, "offers[0].title": {"mRNA platform"},
		"offers[0].theme": {"health.infectious.vaccines"}, "offers[1].title": {""}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile: %d", res.StatusCode)
	}
	if res, _ := louise.do("POST", base+"/profile", formType, url.Values{"summary": {"Adjuvants"},
		"offers[0].kind": {"request"}, "offers[0].type": {"technology_request"}, "offers[0].title": {"Vaccine adjuvant"},
		"offers[0].theme": {"health.infectious"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("louise's profile: %d", res.StatusCode)
	}
	for q, want := range map[string]bool{"?theme=health": true, "?theme=health.infectious.vaccines": true, "?theme=culture": false,
		"?type=technology_offer": true, "?type=investment": false, "?q=osaka": true, "?q=lyon": false} {
		_, body := louise.get(base + q)
		if got := strings.Contains(body, `id="participant-`+refs["Yuki"]+`"`); got != want || (want && !strings.Contains(body, "mRNA platform")) {
			t.Errorf("search %s: Yuki shown %v", q, got)
		}
	}
	if res, _ := yuki.do("POST", base+"/requests", formType, "to="+refs["Yuki"], false); res.StatusCode < 400 {
		t.Errorf("request to oneself: %d", res.StatusCode)
	}
	// Recommendations with their reason, in each one's language.
	if _, body := yuki.get(base); !strings.Contains(body, `id="recommended-`+refs["Louise"]+`"`) ||
		!strings.Contains(html.UnescapeString(body), "you both work on Infectious diseases; they request what you offer (their “Vaccine adjuvant”, your “mRNA platform”)") {
		t.Errorf("yuki's recommendations: %s", between(body, `id="recommended"`, "</section>"))
	}
	if _, body := louise.get(base); !strings.Contains(html.UnescapeString(body), "vous travaillez tous deux sur : Maladies infectieuses; cette personne offre ce que vous demandez (son offre « mRNA platform », votre demande « Vaccine adjuvant »)") {
		t.Errorf("louise's recommendations: %s", between(body, `id="recommended"`, "</section>"))
	}
	if res, _ := yuki.do("POST", base+"/requests", formType, "to="+refs["Louise"]+"&offer=o9", false); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("request about an offer Louise does not have: %d", res.StatusCode)
	}
	if res, _ := yuki.do("POST", base+"/requests", formType, "to="+refs["Louise"]+"&offer=o1", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", res.StatusCode)
	}
	if _, body := louise.get(base); !strings.Contains(html.UnescapeString(body), "à propos de votre « Vaccine adjuvant »") {
		t.Errorf("the request's offer is not shown to Louise: %s", between(body, `id="received"`, "</section>"))
	}
	if _, body := yuki.get(base); strings.Contains(body, `id="recommended-`+refs["Louise"]+`"`) {
		t.Errorf("Louise is still recommended once requested")
	}
	rqs, _, err := svc.EventRequests(ctx, ids[0])
	must(t, err)
	var rid, other string
	for _, r := range rqs {
		if r.From == refs["Yuki"] {
			rid = id(r.ID)
		} else {
			other = id(r.ID)
		}
	}
	// Yuki may not answer her own request, nor one between two others.
	for _, x := range []string{rid, other} {
		if res, _ := yuki.do("POST", base+"/requests/"+x+"/answer", formType, "answer=accept", false); res.StatusCode != http.StatusNotFound {
			t.Errorf("yuki answers request %s: %d", x, res.StatusCode)
		}
	}
	if res, _ := louise.do("POST", base+"/requests/"+rid+"/answer", formType, "answer=accept", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	// Outside their event: another event, the workspace's pages and API, another workspace.
	for _, path := range []string{"/e/" + w.ws.Slug + "/web-ev2", "/e/" + w.ws.Slug + "/web-ev2/register", "/e/other/web-ev",
		"/events/" + id(ids[0]), "/organizations", "/api/v1/meetings", "/agenda"} {
		if res, body := yuki.get(path); res.StatusCode == http.StatusOK || strings.Contains(body, "Carla") {
			t.Errorf("participant reads %s: %d", path, res.StatusCode)
		}
	}
	alice := w.client(t, "alice")
	for _, p := range []string{"/schedule", "/publish"} {
		if res, _ := alice.do("POST", "/events/"+id(ids[0])+p, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	for _, c := range []*client{yuki, louise} {
		_, body := c.get(base)
		if !strings.Contains(body, "participant-agenda") || !strings.Contains(body, "2027-10-15 1") {
			t.Errorf("agenda without the meeting")
		}
		feed := regexp.MustCompile(`value="([^"]+\.ics)"`).FindStringSubmatch(body)
		if feed == nil {
			t.Fatalf("no feed URL")
		}
		res, err := http.Get(feed[1])
		must(t, err)
		cal, err := ics.ParseCalendar(res.Body)
		res.Body.Close()
		must(t, err)
		n := 0
		for _, e := range cal.Events() {
			if strings.Contains(e.GetProperty(ics.ComponentPropertySummary).Value, "Yuki") || strings.Contains(e.GetProperty(ics.ComponentPropertySummary).Value, "Louise") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("feed holds %d Yuki–Louise meetings", n)
		}
	}
	// Re-importing the organiser's file keeps the registered participants and their request.
	imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
	must(t, err)
	res, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	if res.ParticipantsRemoved != 0 || res.RequestsRemove != 0 {
		t.Errorf("re-import removed registered participants: %+v", res)
	}
	// The outcome survey: closed until the meeting is over, then each side answers;
	// the organiser's statistics count the answers.
	ms, err := svc.EventMeetings(ctx, ids[0])
	must(t, err)
	var yl, notHers string
	for _, m := range ms {
		if m.From == refs["Yuki"] {
			yl = id(m.Meeting.ID)
		} else if m.From != refs["Louise"] && m.To != refs["Yuki"] {
			notHers = id(m.Meeting.ID)
		}
	}
	answer := func(c *client, mid, o string) int {
		res, _ := c.do("POST", base+"/meetings/"+mid+"/outcome", formType, "outcome="+o, false)
		return res.StatusCode
	}
	if code := answer(louise, yl, "further_talks"); code != http.StatusConflict {
		t.Errorf("survey before the meeting: %d", code)
	}
	// The meeting took place: the organiser's file gains a day that is over, and the
	// meeting moves there on the event's schedule (the meetings service does not move
	// an event's meeting).
	past := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	imp, err = interchange.ReadEvent(strings.NewReader(strings.Replace(webEvent, `"days": [`,
		`"days": [{"date": "`+past+`", "start": "10:00", "end": "12:00"}, `, 1)))
	must(t, err)
	_, err = svc.ImportEvent(ctx, imp)
	must(t, err)
	if res, body := alice.do("POST", "/events/"+id(ids[0])+"/meetings/"+yl+"/move", formType,
		url.Values{"slot": {past + " 10:00"}, "table": {"1"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move the meeting to a day over: %d %.500s", res.StatusCode, body)
	}
	if _, body := louise.get(base); !strings.Contains(body, `id="outcome-`+yl+`"`) {
		t.Errorf("no survey on louise's page once the meeting is over")
	}
	for _, tc := range []struct {
		c        *client
		mid, o   string
		wantCode int
	}{{louise, yl, "further_talks", http.StatusSeeOther}, {yuki, yl, "won", http.StatusUnprocessableEntity},
		{yuki, yl, "negotiation", http.StatusSeeOther}, {yuki, yl, "agreement_reached", http.StatusSeeOther},
		{yuki, notHers, "negotiation", http.StatusNotFound}} {
		if code := answer(tc.c, tc.mid, tc.o); code != tc.wantCode {
			t.Errorf("answer %s to %s: %d, want %d", tc.o, tc.mid, code, tc.wantCode)
		}
	}
	if _, body := yuki.get(base); !regexp.MustCompile(`value="agreement_reached" selected`).MatchString(body) {
		t.Errorf("yuki's answer is not shown as chosen")
	}
	_, body = w.client(t, "alice").get("/events/" + id(ids[0]) + "/stats")
	if !strings.Contains(body, "survey") && !strings.Contains(body, "enquête") || !strings.Contains(body, `id="event-survey"`) ||
		!strings.Contains(between(body, `id="event-survey"`, "</p>"), "1") {
		t.Errorf("stats without the survey: %s", between(body, `id="event-survey"`, "</section>"))
	}
}

// TestParticipantWalk walks every route of the table, with every variant of its
// parameters, as a signed-in outside participant of one event: none but the public
// routes answers, and no answer shows another member's private records, the workspace's
// records, or the participants of another workspace's event.
func TestParticipantWalk(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantWalk(t, db) })
	}
}

func testParticipantWalk(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	mail, _, anon := mailServer(t, db)
	p := anon()
	h := w.handler
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	other, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(ctx, "other")
	must(t, err)
	octx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(other.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	oimp, err := interchange.ReadEvent(strings.NewReader(strings.ReplaceAll(webEvent, "Carla", "Zed Otherworld")))
	must(t, err)
	or, err := svc.ImportEvent(octx, oimp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(octx, or.Event.ID, true))
	// A second event of the same workspace, whose participants the walker must not see.
	simp, err := interchange.ReadEvent(strings.NewReader(strings.ReplaceAll(strings.Replace(webEvent, "web-ev", "web-ev2", 1), "Carla", "Yves Secondevent")))
	must(t, err)
	sr, err := svc.ImportEvent(ctx, simp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, sr.Event.ID, true))
	base := "/e/" + w.ws.Slug + "/web-ev"
	p.do("POST", base+"/register", formType, url.Values{"name": {"Walker"}, "email": {"walker@example.org"}, "organization": {"Walk Inc."}, "country": {"FR"}}.Encode(), false)
	link := signinLink.FindString(mail.sent["walker@example.org"])
	if res, _ := p.do("POST", link, formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	secret := []string{privateOrgName, privatePersonName, w.shared.Name, "Zed Otherworld", "Yves Secondevent", "alice@example.org"}
	skip := map[string]bool{"/logout": true, "/e/signout": true, "/lang": true, "/login": true}
	n := 0
	for _, rt := range h.Routes() {
		if skip[rt.Path] {
			continue
		}
		for _, v := range w.variants(rt.Path) {
			ctype, body := w.body(rt)
			if rt.Method == "GET" {
				ctype, body = "", ""
			}
			res, got := p.do(rt.Method, v.path, ctype, body, false)
			n++
			if rt.Access != web.Public && res.StatusCode < 300 {
				t.Errorf("participant %s %s: %d", rt.Method, v.path, res.StatusCode)
			}
			for _, s := range secret {
				if strings.Contains(got, s) {
					t.Errorf("participant %s %s shows %q", rt.Method, v.path, s)
				}
			}
		}
	}
	// The participant's routes on their own event, on another event of the workspace and
	// on another workspace's: only the first answers, and none shows what is not theirs.
	ownRoutes := 0
	for _, rt := range h.Routes() {
		// The registration and the sign-in link answer the same for every event (the
		// link goes to the email only when it is a participant's of that event).
		if !strings.HasPrefix(rt.Path, "/e/{workspace}/{slug}") || strings.HasSuffix(rt.Path, "/register") || strings.HasSuffix(rt.Path, "/link") {
			continue
		}
		for _, ev := range []struct {
			prefix string
			own    bool
		}{{base, true}, {"/e/" + w.ws.Slug + "/web-ev2", false}, {"/e/other/web-ev", false}} {
			path := strings.Replace(rt.Path, "/e/{workspace}/{slug}", ev.prefix, 1)
			for _, v := range w.variants(path) {
				ctype, body := w.body(rt)
				if rt.Method == "GET" {
					ctype, body = "", ""
				}
				res, got := p.do(rt.Method, v.path, ctype, body, false)
				n++
				toRegister := res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == v.path+"/register"
				// The password sign-in page is public for every event (its form, nothing else).
				signinPage := rt.Method == "GET" && strings.HasSuffix(rt.Path, "/signin")
				if !ev.own && res.StatusCode < 400 && !(rt.Method == "GET" && toRegister) && !signinPage {
					t.Errorf("participant %s %s (not their event): %d", rt.Method, v.path, res.StatusCode)
				}
				for _, s := range secret {
					if strings.Contains(got, s) {
						t.Errorf("participant %s %s shows %q", rt.Method, v.path, s)
					}
				}
			}
		}
		ownRoutes++
	}
	if ownRoutes < 4 {
		t.Errorf("only %d participant routes walked on their event", ownRoutes)
	}
	// Their own event is theirs; the other workspace's open event is not, nor its page.
	if res, _ := p.get(base); res.StatusCode != http.StatusOK {
		t.Errorf("own page after the walk: %d (the walk is vacuous)", res.StatusCode)
	}
	if res, got := p.get("/e/other/web-ev"); res.StatusCode == http.StatusOK || strings.Contains(got, "Zed Otherworld") {
		t.Errorf("other workspace's event page: %d", res.StatusCode)
	}
	if n < 60 {
		t.Errorf("only %d requests walked", n)
	}
}

// between is the part of s from the first from to the next to (for messages).
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		s = s[:j]
	}
	return s
}

// TestEventRegistrationLimit: the public registration mails a link each time, so it is
// limited per email (5 in the window) and per client address (30): beyond, the form
// comes back as a 429 saying why and how long to wait, and no link is sent.
func TestEventRegistrationLimit(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			mail, _, anon := mailServer(t, db)
			c := anon()
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			svc := store.NewEventService(db)
			imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
			must(t, err)
			r, err := svc.ImportEvent(ctx, imp)
			must(t, err)
			must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
			base := "/e/" + w.ws.Slug + "/web-ev"
			register := func(email string) (*http.Response, string) {
				return c.do("POST", base+"/register", formType, url.Values{"name": {"Flood"}, "email": {email}, "organization": {"Flood Inc."},
					"country": {"FR"}}.Encode(), false)
			}
			for i := range 5 {
				if res, _ := register("flood@example.org"); res.StatusCode != http.StatusOK {
					t.Fatalf("registration %d: %d", i+1, res.StatusCode)
				}
			}
			delete(mail.sent, "flood@example.org")
			res, body := register("flood@example.org")
			if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
				!strings.Contains(html.UnescapeString(body), "too many sign-in links were sent to this email: try again in 15 minutes") {
				t.Errorf("sixth registration of one email: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
			}
			if mail.sent["flood@example.org"] != "" {
				t.Errorf("a link was mailed beyond the limit")
			}
			for i := range 25 {
				if res, _ := register(fmt.Sprintf("flood%d@example.org", i)); res.StatusCode != http.StatusOK {
					t.Fatalf("registration from the address %d: %d", i+6, res.StatusCode)
				}
			}
			res, body = register("another@example.org")
			if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(html.UnescapeString(body), "too many registrations from your network address") {
				t.Errorf("31st registration from one address: %d", res.StatusCode)
			}
		})
	}
}

// TestEventRegisterFieldErrors: a refused registration names each problem beside the
// input it concerns, in the reader's language and without the import's JSON path: the
// country's and the website's problems used to show under the organisation as
// "organization.country: …".
func TestEventRegisterFieldErrors(t *testing.T) {
	db := storetest.SQLite(t)
	w := newWorld(t, db)
	mail, _, anon := mailServer(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(webEvent))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
	base := "/e/" + w.ws.Slug + "/web-ev"
	for _, tc := range []struct {
		lang, country, website string
		input, want            string // the input whose label must hold the message
	}{
		{"en", "ZZ", "", "r-country", "unknown country: ZZ (ISO 3166 code such as FR)"},
		{"fr", "ZZ", "", "r-country", "pays inconnu : ZZ (code ISO 3166 tel que FR)"},
		{"en", "FR", "ftp://example.org", "r-website", "use a full address such as https://example.org"},
		{"fr", "FR", "ftp://example.org", "r-website", "indiquez une adresse complète comme https://example.org"},
	} {
		c := anon()
		if tc.lang == "fr" {
			c.do("POST", "/lang", formType, "lang=fr", false)
		}
		res, body := c.do("POST", base+"/register", formType, url.Values{"name": {"Zoe"}, "email": {"zoe@example.org"},
			"organization": {"Zoe Labs"}, "country": {tc.country}, "website": {tc.website}}.Encode(), false)
		body = html.UnescapeString(body)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s %s %s: %d, want 422", tc.lang, tc.country, tc.website, res.StatusCode)
		}
		if label := between(body, `id="`+tc.input+`"`, "</label>"); !strings.Contains(label, tc.want) {
			t.Errorf("%s %s %s: %q not beside %s: %q", tc.lang, tc.country, tc.website, tc.want, tc.input, label)
		}
		if strings.Contains(body, "organization.") {
			t.Errorf("%s %s %s: the page shows the import's path: %q", tc.lang, tc.country, tc.website, between(body, `id="register-form"`, "</form>"))
		}
	}
	if len(mail.sent) != 0 {
		t.Errorf("a refused registration mailed a link: %v", mail.sent)
	}
}

// TestParticipantAnswerOnce: the recipient of a request answers it once; a form without
// an answer (a truncated post) is refused and leaves it pending (it used to decline
// it), and declining it once accepted (a stale page) is refused with the reason.
func TestParticipantAnswerOnce(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			_, _, anon := mailServer(t, db)
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			svc := store.NewEventService(db)
			ev := strings.Replace(strings.Replace(webEvent, `{"ref": "c", "name": "Carla"}`, `{"ref": "c", "name": "Carla", "email": "carla@example.org"}`, 1),
				`{"from": "b", "to": "c", "status": "accepted"}`, `{"from": "b", "to": "c", "status": "pending"}`, 1)
			imp, err := interchange.ReadEvent(strings.NewReader(ev))
			must(t, err)
			r, err := svc.ImportEvent(ctx, imp)
			must(t, err)
			ps, err := svc.EventParticipants(ctx, r.Event.ID)
			must(t, err)
			var carla int64
			for _, p := range ps {
				if p.Ref == "c" {
					carla = p.ID
				}
			}
			_, err = svc.SetParticipantPassword(ctx, w.ws.ID, carla, "", "Carla-partnering-2027", true)
			must(t, err)
			base := "/e/" + w.ws.Slug + "/web-ev"
			c := anon()
			if res, _ := c.do("POST", base+"/signin", formType, url.Values{"email": {"carla@example.org"}, "password": {"Carla-partnering-2027"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
			must(t, err)
			var rid string
			for _, rq := range rqs {
				if rq.From == "b" && rq.To == "c" {
					rid = id(rq.ID)
				}
			}
			for _, tc := range []struct {
				form   string
				status int
				want   string // in the page
				now    passerelle.RequestStatus
			}{
				{"", http.StatusUnprocessableEntity, "choose accept or decline", passerelle.RequestPending},
				{"answer=maybe", http.StatusUnprocessableEntity, "choose accept or decline", passerelle.RequestPending},
				{"answer=accept", http.StatusSeeOther, "", passerelle.RequestAccepted},
				{"answer=accept", http.StatusSeeOther, "", passerelle.RequestAccepted},
				{"answer=decline", http.StatusConflict, "this request is no longer waiting for an answer", passerelle.RequestAccepted},
			} {
				res, body := c.do("POST", base+"/requests/"+rid+"/answer", formType, tc.form, false)
				if res.StatusCode != tc.status || !strings.Contains(html.UnescapeString(body), tc.want) {
					t.Errorf("answer %q: %d, want %d with %q", tc.form, res.StatusCode, tc.status, tc.want)
				}
				rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
				must(t, err)
				for _, rq := range rqs {
					if id(rq.ID) == rid && rq.Status != tc.now {
						t.Errorf("answer %q: the request is %s, want %s", tc.form, rq.Status, tc.now)
					}
				}
			}
		})
	}
}

// TestEventInvalidUTF8Refused: text that is not UTF-8 (a Latin-1 "é" typed by a script)
// in a form of the events' pages is refused with 422 naming the field, on both
// databases; PostgreSQL answered 500 ("invalid byte sequence for encoding UTF8") and
// SQLite stored the bytes.
func TestEventInvalidUTF8Refused(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			_, _, anon := mailServer(t, db)
			ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			svc := store.NewEventService(db)
			ev := strings.Replace(webEvent, `{"ref": "c", "name": "Carla"}`, `{"ref": "c", "name": "Carla", "email": "carla@example.org"}`, 1)
			imp, err := interchange.ReadEvent(strings.NewReader(ev))
			must(t, err)
			r, err := svc.ImportEvent(ctx, imp)
			must(t, err)
			must(t, svc.SetRegistrationOpen(ctx, r.Event.ID, true))
			ps, err := svc.EventParticipants(ctx, r.Event.ID)
			must(t, err)
			for _, p := range ps {
				if p.Ref == "c" {
					_, err = svc.SetParticipantPassword(ctx, w.ws.ID, p.ID, "", "Carla-partnering-2027", true)
					must(t, err)
				}
			}
			base := "/e/" + w.ws.Slug + "/web-ev"
			carla := anon()
			if res, _ := carla.do("POST", base+"/signin", formType, url.Values{"email": {"carla@example.org"}, "password": {"Carla-partnering-2027"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			alice := w.client(t, "alice")
			const bad = "caf\xe9"
			for _, tc := range []struct {
				c     *client
				path  string
				form  url.Values
				field string
			}{
				{carla, base + "/requests", url.Values{"to": {"b"}, "message": {bad}}, "message"},
				{carla, base + "/profile", url.Values{"summary": {bad}}, "summary"},
				{anon(), base + "/register", url.Values{"name": {bad}, "email": {"z@example.org"}, "organization": {"Z"}, "country": {"FR"}}, "name"},
				{alice, "/events", url.Values{"name": {bad}, "slug": {"latin"}, "time_zone": {"Europe/Paris"}, "meeting_minutes": {"30"},
					"tables": {"2"}, "days": {"2027-10-15 10:00-12:00"}}, "name"},
				{alice, "/events/" + id(r.Event.ID) + "/questions", url.Values{"questions": {"Sector " + bad}}, "questions"},
			} {
				res, body := tc.c.do("POST", tc.path, formType, tc.form.Encode(), false)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "UTF-8") || !strings.Contains(body, tc.field) {
					t.Errorf("POST %s with %s not UTF-8: %d, want 422 naming it: %.200s", tc.path, tc.field, res.StatusCode, body)
				}
			}
			if res, _ := carla.get(base + "?q=" + url.QueryEscape(bad)); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("search not UTF-8: %d, want 422", res.StatusCode)
			}
		})
	}
}

// TestParticipantPageOffsets: the participant's page gives the UTC offset of every day
// of the event: one across a clock change said the first day's for all (a Lyon event
// of 30 October and 2 November 2027 said UTC+02:00, while 2 November is UTC+01:00).
func TestParticipantPageOffsets(t *testing.T) {
	db := storetest.SQLite(t)
	w := newWorld(t, db)
	_, _, anon := mailServer(t, db)
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	for _, tc := range []struct {
		zone, days, want string
	}{
		{"Asia/Tokyo", `[{"date": "2027-10-15", "start": "10:00", "end": "12:00"}, {"date": "2027-10-16", "start": "10:00", "end": "12:00"}]`, "(UTC+09:00)"},
		{"Europe/Paris", `[{"date": "2027-10-30", "start": "09:00", "end": "12:00"}, {"date": "2027-11-02", "start": "09:00", "end": "12:00"}]`,
			"(2027-10-30: UTC+02:00; 2027-11-02: UTC+01:00)"},
	} {
		ev := strings.Replace(webEvent, `{"ref": "c", "name": "Carla"}`, `{"ref": "c", "name": "Carla", "email": "carla@example.org"}`, 1)
		ev = strings.Replace(ev, `"Asia/Tokyo"`, `"`+tc.zone+`"`, 1)
		ev = strings.Replace(ev, `[{"date": "2027-10-15", "start": "10:00", "end": "12:00", "breaks": [{"start": "11:00", "end": "11:30"}]}]`, tc.days, 1)
		imp, err := interchange.ReadEvent(strings.NewReader(ev))
		must(t, err)
		r, err := svc.ImportEvent(ctx, imp)
		must(t, err)
		ps, err := svc.EventParticipants(ctx, r.Event.ID)
		must(t, err)
		for _, p := range ps {
			if p.Ref == "c" {
				_, err = svc.SetParticipantPassword(ctx, w.ws.ID, p.ID, "", "Carla-partnering-2027", true)
				must(t, err)
			}
		}
		base := "/e/" + w.ws.Slug + "/web-ev"
		c := anon()
		if res, _ := c.do("POST", base+"/signin", formType, url.Values{"email": {"carla@example.org"}, "password": {"Carla-partnering-2027"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		if _, body := c.get(base); !strings.Contains(html.UnescapeString(body), tc.zone+" "+tc.want) {
			t.Errorf("%s: the page says %q, want %q", tc.zone, between(html.UnescapeString(body), "·", "</p>"), tc.want)
		}
	}
}
