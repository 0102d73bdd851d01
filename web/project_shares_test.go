package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestProjectSharesForm: Beta records in the page form an EU project it shares with
// Alpha, a row per member and year; each member's figures count its own part and the
// network's both, once; bad parts are named beside their row and save nothing; the edit
// form shows the parts again; the API takes them; Alpha's private contract with a part
// for Beta counts in none of Bob's figures and is not listed for him.
func TestProjectSharesForm(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			svc := store.NewPipelineService(db)
			sys := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
			alpha, beta := id(w.alpha.ID), id(w.beta.ID)
			eu := func(member string) int64 {
				path := "/api/v1/kpis?year=2030"
				if member != "" {
					path += "&member_id=" + member
				}
				res, b := bob.do("GET", path, "", "", true)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("kpis: %d %s", res.StatusCode, b)
				}
				var k struct {
					EU int64 `json:"eu_projects_cents"`
					N  int   `json:"eu_projects"`
				}
				must(t, json.Unmarshal([]byte(b), &k))
				return k.EU*10 + int64(k.N) // the money and the count in one comparable figure
			}
			count := func() int {
				_, n, err := svc.FindProjects(sys, passerelle.ProjectFilter{Limit: 1000})
				must(t, err)
				return n
			}
			project := func(kv ...string) []string {
				return append([]string{"kind", "eu_project", "title", "Shared Horizon project", "role", "coordinator", "start_date", "2030-01-01",
					"amounts[0].year", "2030", "amounts[0].amount", "1000", "currency", "EUR", "rate", "1", "visibility", "shared",
					"shares[0].member_id", alpha, "shares[0].role", "participant", "shares[0].year", "2030", "shares[0].amount", "400",
					"shares[1].member_id", alpha, "shares[1].year", "2031", "shares[1].amount", "50"}, kv...)
			}
			post := func(path string, kv ...string) (*http.Response, string) {
				return bob.do("POST", path, formType, formLast(kv...), false)
			}
			n0 := count()
			for _, tc := range []struct {
				kv    []string
				field string
				want  string
			}{
				{[]string{"shares[1].member_id", ""}, "shares[1].member_id", "a member"},
				{[]string{"shares[0].member_id", beta, "shares[1].member_id", beta}, "shares[0].member_id", "each member once, other than the project"},
				{[]string{"shares[1].year", "2030"}, "shares[1].year", "a year, each once"},
				{[]string{"shares[1].year", "soon"}, "shares[1].year", "a year such as 2013"},
				{[]string{"shares[0].amount", "lots"}, "shares[0].amount_cents", "not an amount"},
			} {
				res, b := post("/projects", project(tc.kv...)...)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, tc.want) || !strings.Contains(b, `value="Shared Horizon project"`) {
					t.Errorf("%v: %d, want 422 with %q", tc.kv, res.StatusCode, tc.want)
				}
			}
			if n := count(); n != n0 {
				t.Fatalf("refused forms saved: %d -> %d projects", n0, n)
			}

			eA, eB, eN := eu(alpha), eu(beta), eu("")
			if res, _ := post("/projects", project()...); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d", res.StatusCode)
			}
			ps, _, err := svc.FindProjects(sys, passerelle.ProjectFilter{MemberID: w.alpha.ID, Kind: passerelle.KindEUProject})
			must(t, err)
			if len(ps) != 1 || ps[0].MemberID != w.beta.ID || len(ps[0].Shares) != 1 || ps[0].Shares[0].Role != "participant" ||
				len(ps[0].Shares[0].Amounts) != 2 || ps[0].Shares[0].Amounts[0].EURCents != 40_000 {
				t.Fatalf("saved: %+v", ps)
			}
			p := ps[0]
			if got := eu(alpha) - eA; got != 40_000*10+1 {
				t.Errorf("Alpha's 2030 EU figure grew by %d, want its part once", got)
			}
			if got := eu(beta) - eB; got != 100_000*10+1 {
				t.Errorf("Beta's 2030 EU figure grew by %d", got)
			}
			if got := eu("") - eN; got != 140_000*10+1 {
				t.Errorf("the network's 2030 EU figure grew by %d, want both parts and one project", got)
			}

			edit := fmt.Sprintf("/projects/%d", p.ID)
			if res, b := bob.get(edit + "/edit"); res.StatusCode != http.StatusOK || !strings.Contains(b, `name="shares[1].year" id="f-share-year-1" value="2031"`) {
				t.Errorf("edit form: %d", res.StatusCode)
			}
			if res, b := post(edit, project("shares[1].year", "2030", "version", "1")...); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "a year, each once") {
				t.Errorf("bad update: %d", res.StatusCode)
			}
			api := "/api/v1/projects/" + id(p.ID)
			if res, b := bob.do("PATCH", api, "application/json", fmt.Sprintf(`{"version": 1, "shares": [{"member_id": %d, "role": "coordinator", "amounts": [{"year": 2030, "amount_cents": 100}]}]}`, w.alpha.ID), true); res.StatusCode != http.StatusOK ||
				!strings.Contains(b, `"shares":[{"member_id":`+alpha+`,"role":"coordinator","amounts":[{"year":2030,"amount_cents":100,"eur_cents":100}]}]`) {
				t.Errorf("API update: %d %s", res.StatusCode, b)
			}
			if res, b := bob.do("PATCH", api, "application/json", fmt.Sprintf(`{"shares": [{"member_id": %d}]}`, w.beta.ID), true); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "shares[0].member_id") {
				t.Errorf("API bad part: %d %s", res.StatusCode, b)
			}

			// Alpha's private contract with a part for Beta: not Bob's to see or count.
			priv, err := svc.FindProjectByID(sys, w.projPriv.ID)
			must(t, err)
			priv.Shares = []passerelle.ProjectShare{{MemberID: w.beta.ID, Amounts: []passerelle.ProjectAmount{{Year: 2030, AmountCents: 999}}}}
			must(t, svc.UpdateProject(sys, priv))
			res, b := bob.do("GET", "/api/v1/kpis?year=2030&member_id="+beta, "", "", true)
			if res.StatusCode != http.StatusOK || !strings.Contains(b, `"partnership_revenue_cents":100000`) {
				t.Errorf("Bob's view of Beta in 2030 counts Alpha's private part: %s", b)
			}
			if _, b := bob.get("/projects?member_id=" + beta); strings.Contains(b, privateProjTitle) {
				t.Error("Bob's list of Beta's projects names Alpha's private contract")
			}
			if res, b := bob.do("GET", "/api/v1/projects?member_id="+beta, "", "", true); res.StatusCode != http.StatusOK || strings.Contains(b, privateProjTitle) {
				t.Errorf("the API lists Alpha's private contract to Bob: %d", res.StatusCode)
			}
		})
	}
}

// TestKPICountry: the figures of one country through the API and the page; an unknown
// country is named (422) in the API; another member's private records count in no
// country's figures of Bob.
func TestKPICountry(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			// The world's 2027 meetings: the shared one with a Danish organisation, Alpha's
			// private one with its private Danish organisation.
			if res, b := bob.do("GET", "/api/v1/kpis?year=2027&country=dk", "", "", true); res.StatusCode != http.StatusOK ||
				!strings.Contains(b, `"country":"DK"`) || !strings.Contains(b, `"meetings_held":0`) {
				t.Errorf("bob, Denmark: %d %s", res.StatusCode, b)
			}
			if res, b := bob.do("GET", "/api/v1/kpis?country=XX", "", "", true); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, `"country"`) {
				t.Errorf("an unknown country: %d %s", res.StatusCode, b)
			}
			// Beta's contract is with a French client: it counts for France only.
			for _, tc := range []struct {
				c    *client
				q    string
				want string
			}{
				{bob, "country=FR&year=2027", `"partnership_revenue_cents":10000000`},
				{bob, "country=DK&year=2027", `"partnership_revenue_cents":0`},
				{alice, "country=DK&year=2027", `"partnership_revenue_cents":0`},                                   // the network's: shared records only
				{alice, "country=DK&year=2027&member_id=" + id(w.alpha.ID), `"partnership_revenue_cents":7000000`}, // her private contract with her private Danish client
				{bob, "country=DK&year=2027&member_id=" + id(w.alpha.ID), `"partnership_revenue_cents":0`},
			} {
				if res, b := tc.c.do("GET", "/api/v1/kpis?"+tc.q, "", "", true); res.StatusCode != http.StatusOK || !strings.Contains(b, tc.want) {
					t.Errorf("%s: %d %s, want %s", tc.q, res.StatusCode, b, tc.want)
				}
			}
			if res, b := bob.get("/kpis?year=2027&country=DK"); res.StatusCode != http.StatusOK || !strings.Contains(b, `<option value="DK" selected`) {
				t.Errorf("the page with a country: %d", res.StatusCode)
			}
		})
	}
}

// TestKPICompanies: the records behind "companies met abroad" are the foreign
// organisations of the held meetings, as many as the figure; Alpha's private ones are
// listed for Alice only.
func TestKPICompanies(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
			meetings := store.NewMeetingService(db)
			for _, m := range []*passerelle.Meeting{w.meetShr, w.meetPriv} {
				cur, err := meetings.FindMeetingByID(sys, m.ID)
				must(t, err)
				cur.Status = passerelle.MeetingHeld
				must(t, meetings.UpdateMeeting(sys, cur))
			}
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			if _, b := bob.get("/kpis?year=2027"); !strings.Contains(b, `href="/kpis/companies?year=2027"`) {
				t.Error("the KPI page does not link the companies met abroad")
			}
			res, b := bob.get("/kpis/companies?year=2027")
			if res.StatusCode != http.StatusOK || !strings.Contains(b, `id="met-`+id(w.shared.ID)+`"`) || strings.Contains(b, privateOrgName) {
				t.Errorf("bob's companies met abroad: %d", res.StatusCode)
			}
			if _, b := alice.get("/kpis/companies?year=2027&country=DK&member_id=" + id(w.alpha.ID)); !strings.Contains(b, privateOrgName) {
				t.Error("Alpha's companies met in Denmark lack its private one")
			}
			if _, b := alice.get("/kpis/companies?year=2027&country=DK"); strings.Contains(b, privateOrgName) || !strings.Contains(b, sharedOrgName) {
				t.Error("the network's companies met in Denmark, as Alice reads them: the shared one only")
			}
			if _, b := bob.get("/kpis/companies?year=2026"); strings.Contains(b, sharedOrgName) {
				t.Error("a company met in 2027 listed for 2026")
			}
			// Each company's "meetings held" lists the meetings the figure counts: the
			// network's, not Alpha's private meeting with the shared organisation; Alpha's,
			// with it.
			own := &passerelle.Meeting{Title: "Alpha's own held meeting", Start: w.meetShr.Start, End: w.meetShr.End, TimeZone: "Europe/Copenhagen",
				Status: passerelle.MeetingHeld, OrganizationIDs: []int64{w.shared.ID}, Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
			must(t, meetings.CreateMeeting(sys, own))
			for _, tc := range []struct {
				q          string
				want, omit string
			}{
				{"year=2027", "Shared Visible Meeting", own.Title},
				{"year=2027&member_id=" + id(w.alpha.ID), own.Title, ""},
			} {
				_, b := alice.get("/kpis/companies?" + tc.q)
				link := html.UnescapeString(between(b, `id="met-`+id(w.shared.ID)+`"`, "</tr>"))
				link = strings.TrimPrefix(between(link, `<a href="/api/v1/meetings?`, `">`), `<a href="/api/v1/meetings?`)
				if link == "" {
					t.Fatalf("%s: no link to the shared organisation's meetings", tc.q)
				}
				_, list := alice.do("GET", "/api/v1/meetings?"+link, "", "", true)
				if tc.want != "" && !strings.Contains(list, tc.want) || tc.omit != "" && strings.Contains(list, tc.omit) {
					t.Errorf("%s: the meetings behind the shared organisation (%s) hold %q or lack %q", tc.q, link, tc.omit, tc.want)
				}
			}
		})
	}
}

// TestCountryLinks: the KPI page's figures of a country link to their records with the
// country, and the lists they lead to (/projects, the board, the meetings API, the
// opportunities and projects APIs) keep only that country's records — never another
// member's private one, nor one through another member's private organisation.
func TestCountryLinks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			for _, tc := range []struct {
				c          *client
				who, path  string
				has, hasnt []string
			}{
				// Alpha's private contract is with its private Danish client.
				{alice, "alice", "/projects?country=DK", []string{privateProjTitle}, []string{"Shared Visible Contract"}},
				{bob, "bob", "/projects?country=DK", nil, []string{privateProjTitle, "Shared Visible Contract"}},
				{bob, "bob", "/projects?country=FR&kind=rd_contract&year=2027", []string{"Shared Visible Contract"}, []string{privateProjTitle}},
				{alice, "alice", "/projects?country=fr", []string{"Shared Visible Contract"}, []string{privateProjTitle}},
				{bob, "bob", "/projects?country=XX", []string{"Shared Visible Contract"}, []string{privateProjTitle}}, // a page ignores a bad code
				// Alpha's private opportunity is linked to its private Danish organisation.
				{alice, "alice", "/pipeline?country=DK", []string{privateOppTitle}, []string{"Shared Visible Lead"}},
				{alice, "alice", "/pipeline?member_id=0&country=DK", nil, []string{privateOppTitle, "Shared Visible Lead"}}, // the network's: shared
				{bob, "bob", "/pipeline?member_id=0&country=DK", nil, []string{privateOppTitle, "Shared Visible Lead"}},
				{bob, "bob", "/pipeline?member_id=0", []string{"Shared Visible Lead"}, []string{privateOppTitle}},
				// The shared meeting names the shared Danish organisation; Alpha's private
				// one its private Danish organisation.
				{alice, "alice", "/api/v1/meetings?country=DK", []string{"Shared Visible Meeting", privateMeetTitle}, nil},
				{alice, "alice", "/api/v1/meetings?country=DK&shared=1", []string{"Shared Visible Meeting"}, []string{privateMeetTitle}},
				{alice, "alice", "/projects?country=DK&shared=1", nil, []string{privateProjTitle}},
				{alice, "alice", "/api/v1/projects?country=DK&shared=1", nil, []string{privateProjTitle}},
				{bob, "bob", "/api/v1/meetings?country=dk", []string{"Shared Visible Meeting"}, []string{privateMeetTitle}},
				{bob, "bob", "/api/v1/meetings?country=FR", nil, []string{"Shared Visible Meeting", privateMeetTitle}},
				{bob, "bob", "/api/v1/opportunities?country=DK", nil, []string{privateOppTitle}},
				{bob, "bob", "/api/v1/projects?country=DK", nil, []string{privateProjTitle}},
				{alice, "alice", "/api/v1/projects?country=DK", []string{privateProjTitle}, nil},
			} {
				res, b := tc.c.do("GET", tc.path, "", "", strings.HasPrefix(tc.path, "/api/"))
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s GET %s: %d %s", tc.who, tc.path, res.StatusCode, b)
					continue
				}
				for _, s := range tc.has {
					if !strings.Contains(b, s) {
						t.Errorf("%s GET %s: %q missing", tc.who, tc.path, s)
					}
				}
				for _, s := range tc.hasnt {
					if strings.Contains(b, s) {
						t.Errorf("%s GET %s: %q shown", tc.who, tc.path, s)
					}
				}
			}
			for _, path := range []string{"/api/v1/meetings?country=XX", "/api/v1/opportunities?country=XX", "/api/v1/projects?country=XX"} {
				if res, b := bob.do("GET", path, "", "", true); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, `"country"`) {
					t.Errorf("GET %s: %d %s", path, res.StatusCode, b)
				}
			}
			// The page's links keep the country (and the network's board is member 0's).
			_, b := bob.get("/kpis?year=2027&country=DK")
			for _, link := range []string{
				`href="/kpis/companies?country=DK&amp;year=2027"`,
				`href="/api/v1/meetings?country=DK&amp;from=2027-01-01&amp;shared=1&amp;status=held&amp;to=2028-01-01"`,
				`href="/projects?abroad=1&amp;country=DK&amp;kind=rd_contract&amp;shared=1&amp;with_member=1&amp;year=2027"`,
				`href="/projects?country=DK&amp;kind=eu_project&amp;shared=1&amp;with_member=1&amp;year=2027"`,
				`href="/pipeline?country=DK&amp;member_id=0&amp;year=2027"`,
				`href="/agreements?country=DK&amp;year=2027"`,
			} {
				if !strings.Contains(b, link) {
					t.Errorf("the KPI page of Denmark lacks %s", link)
				}
			}
			if _, b := bob.get("/kpis?member_id=" + id(w.beta.ID)); !strings.Contains(b, `href="/pipeline?member_id=`+id(w.beta.ID)+`"`) {
				t.Error("a member's figures do not link its board")
			}
		})
	}
}

// TestProjectPartAPI: the writers of Beta, whose project it is, record Alpha's part;
// Alpha's writers then change that part through the API, and nothing else of Beta's
// project (403), which stays as it was.
func TestProjectPartAPI(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			path := "/api/v1/projects/" + id(w.projShr.ID)
			part := func(cents int) string {
				return fmt.Sprintf(`{"shares": [{"member_id": %d, "role": "participant", "amounts": [{"year": 2027, "amount_cents": %d}]}]}`, w.alpha.ID, cents)
			}
			for _, tc := range []struct {
				who  string
				c    *client
				body string
				code int
			}{
				{"alice before she has a part", alice, part(100), http.StatusForbidden},
				{"bob records Alpha's part", bob, part(100), http.StatusOK},
				{"alice changes Alpha's part", alice, part(250), http.StatusOK},
				{"alice renames Beta's contract", alice, `{"title": "Alpha's now"}`, http.StatusForbidden},
				{"alice changes Beta's money", alice, `{"amounts": [{"year": 2027, "amount_cents": 1}]}`, http.StatusForbidden},
			} {
				if res, b := tc.c.do("PATCH", path, "application/json", tc.body, true); res.StatusCode != tc.code {
					t.Errorf("%s: %d %s, want %d", tc.who, res.StatusCode, b, tc.code)
				}
			}
			_, b := bob.do("GET", path, "", "", true)
			if !strings.Contains(b, `"amount_cents":250`) || !strings.Contains(b, `"title":"Shared Visible Contract"`) || !strings.Contains(b, `"amount_cents":10000000`) {
				t.Errorf("Beta's contract after the refused changes: %s", b)
			}
		})
	}
}

// TestKPIPageNumbers: the figures are written as the page's language writes numbers, as
// the report writes the same figures: grouped digits, a decimal comma in French (they
// were "100000 €" and "0.0 %" on the French page).
func TestKPIPageNumbers(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	for _, tc := range []struct {
		lang     string
		want     []string
		pct      string
		unwanted string
	}{
		{"en", []string{"100,000 €"}, ".", "100000 €"},
		{"fr", []string{"100\u00a0000 €"}, ",", "100000 €"},
	} {
		c := w.client(t, "bob")
		c.do("POST", "/lang", formType, form("lang", tc.lang), false)
		res, body := c.get("/kpis?year=2027&member_id=" + id(w.beta.ID))
		if res.StatusCode != http.StatusOK || strings.Contains(body, tc.unwanted) {
			t.Errorf("%s: %d, the page writes %q", tc.lang, res.StatusCode, tc.unwanted)
		}
		for _, s := range tc.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the page lacks %q", tc.lang, s)
			}
		}
		if !strings.Contains(body, "0"+tc.pct+"0 %") {
			t.Errorf("%s: the share is not written with %q: %s", tc.lang, tc.pct, between(body, `id="kpis"`, "</table>"))
		}
	}
}
