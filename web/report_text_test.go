package web_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/store"
)

// sectionTitles lists a report's sections as the operator reads them ("intro" for the
// introduction).
func (w *world) sectionTitles(t *testing.T, year int, member int64) string {
	t.Helper()
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	list, err := store.NewReportSectionService(w.db).FindReportSections(sys, year, member)
	must(t, err)
	var out []string
	for _, x := range list {
		if x.Kind == passerelle.ReportSectionIntro {
			out = append(out, "intro")
		} else {
			out = append(out, x.Title)
		}
	}
	return strings.Join(out, "|")
}

// TestReportTextPage: the coordinator writes the network's text on its page (an
// introduction, sections, moved, one deleted), and it shows after the highlights in the
// report's page, its PDF (read back with pdftotext) and its workbook; a member's user
// writes its own member's, which shows in that member's report only.
func TestReportTextPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			coord, alice, bob := w.client(t, "coord"), w.client(t, "alice"), w.client(t, "bob")
			// The report's page leads to the text's for those who may write it.
			for _, tc := range []struct {
				c    *client
				path string
				link string
			}{
				{coord, "/reports/2027", `href="/reports/2027/text"`},
				{coord, "/reports/2027?member=institut-alpha", `href="/reports/2027/text?member=institut-alpha"`},
				{alice, "/reports/2027", `href="/reports/2027/text?member=institut-alpha"`},
				{w.client(t, "viewer"), "/reports/2027", ""},
			} {
				_, body := tc.c.get(tc.path)
				if tc.link == "" && strings.Contains(body, `id="report-text"`) || tc.link != "" && !strings.Contains(body, tc.link) {
					t.Errorf("%s: the link to the text: want %q", tc.path, tc.link)
				}
			}
			post := func(c *client, path string, kv ...string) (int, string) {
				t.Helper()
				res, body := c.do("POST", path, formType, form(kv...), false)
				return res.StatusCode, body
			}
			for _, s := range [][]string{
				{"kind", "section", "title", "États-Unis", "countries", "us", "body", "En janvier, Genopole a participé à Biotech Showcase.\r\nUne trentaine de rendez-vous."},
				{"kind", "section", "title", "Approche du pourtour méditerranéen", "countries", "TN, MA", "body", "BiotechPole de Sidi Thabet."},
				{"kind", "section", "title", "Un cluster japonais", "countries", "JP", "body", "Kawasaki."},
				{"kind", "intro", "title", "", "countries", "", "body", "Genopole, dans le top des bioclusters européens."},
			} {
				if code, body := post(coord, "/reports/2027/text", s...); code != http.StatusSeeOther {
					t.Fatalf("add %q: %d %s", s[3], code, body)
				}
			}
			if got := w.sectionTitles(t, 2027, 0); got != "intro|The network in Denmark|États-Unis|Approche du pourtour méditerranéen|Un cluster japonais" {
				t.Fatalf("network's sections %q", got)
			}
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			list, err := store.NewReportSectionService(db).FindReportSections(sys, 2027, 0)
			must(t, err)
			ids := map[string]string{}
			for _, x := range list {
				ids[x.Title] = id(x.ID)
			}
			if code, _ := post(coord, "/reports/2027/text/"+ids["Un cluster japonais"]+"/move", "direction", "up"); code != http.StatusSeeOther {
				t.Errorf("move up: %d", code)
			}
			if code, _ := post(coord, "/reports/2027/text/"+ids["The network in Denmark"]+"/delete"); code != http.StatusSeeOther {
				t.Errorf("delete: %d", code)
			}
			if code, _ := post(coord, "/reports/2027/text/"+ids["États-Unis"], "title", "États-Unis d’Amérique", "countries", "US", "body", "En janvier, Genopole a participé à Biotech Showcase.\r\nUne trentaine de rendez-vous."); code != http.StatusSeeOther {
				t.Errorf("update: %d", code)
			}
			if got := w.sectionTitles(t, 2027, 0); got != "intro|États-Unis d’Amérique|Un cluster japonais|Approche du pourtour méditerranéen" {
				t.Errorf("after move, delete and update: %q", got)
			}
			res, page := coord.get("/reports/2027/text")
			if res.StatusCode != 200 || !strings.Contains(page, "coord@example.org") || !strings.Contains(page, "BiotechPole de Sidi Thabet.</textarea>") {
				t.Errorf("text page: %d, author or text missing", res.StatusCode)
			}

			// The report: the text after the highlights, the introduction first, the
			// United States' section with the report's figures for them (none here: the
			// figures line shows only for a country of activity, Denmark below).
			_, html := coord.get("/reports/2027")
			hl, intro, us, jp := strings.Index(html, `id="highlights"`), strings.Index(html, "Genopole, dans le top"), strings.Index(html, "<h3>États-Unis d’Amérique</h3>"), strings.Index(html, "<h3>Un cluster japonais</h3>")
			if hl < 0 || intro < hl || us < intro || jp < us || !strings.Contains(html, "<p>En janvier, Genopole a participé à Biotech Showcase.\nUne trentaine de rendez-vous.</p>") {
				t.Errorf("report page: highlights %d, introduction %d, sections %d %d", hl, intro, us, jp)
			}
			if strings.Contains(html, privateSectionText) {
				t.Error("the network's report shows Alpha's text")
			}
			res, pdf := coord.get("/reports/2027?format=pdf")
			if res.StatusCode != 200 {
				t.Fatalf("pdf: %d", res.StatusCode)
			}
			if path, err := exec.LookPath("pdftotext"); err == nil {
				file := filepath.Join(t.TempDir(), "r.pdf")
				must(t, os.WriteFile(file, []byte(pdf), 0o600))
				out, err := exec.Command(path, file, "-").Output()
				must(t, err)
				got := strings.Join(strings.Fields(string(out)), " ")
				if !strings.Contains(got, "Genopole, dans le top des bioclusters européens.") ||
					!strings.Contains(got, "États-Unis d’Amérique En janvier, Genopole a participé à Biotech Showcase. Une trentaine de rendez-vous.") {
					t.Errorf("pdftotext: %s", got)
				}
			} else {
				t.Log("pdftotext not installed")
			}
			_, xlsx := coord.get("/reports/2027?format=xlsx")
			wb, err := excelize.OpenReader(strings.NewReader(xlsx))
			must(t, err)
			sheets := wb.GetSheetList()
			rows, err := wb.GetRows(sheets[len(sheets)-1])
			must(t, err)
			if sheets[len(sheets)-1] != "Text" || len(rows) != 5 || rows[1][1] != "Introduction" || rows[2][1] != "États-Unis d’Amérique" || rows[4][2] != "TN, MA" {
				t.Errorf("workbook %q: %q", sheets, rows)
			}

			// Alice writes her member's: with Denmark, where the report counts activity (a
			// mission to Aarhus).
			must(t, store.NewMissionService(db).CreateMission(sys, &passerelle.Mission{Slug: "aarhus", Name: "Aarhus mission", Destination: "Aarhus, DK",
				StartDate: "2027-05-03", EndDate: "2027-05-04", TimeZone: "Europe/Copenhagen", MeetingMinutes: 60}))
			if code, body := post(alice, "/reports/2027/text", "kind", "section", "title", "Alpha au Danemark", "countries", "DK", "body", "Copenhague."); code != http.StatusSeeOther {
				t.Fatalf("alice adds: %d %s", code, body)
			}
			if got := w.sectionTitles(t, 2027, w.alpha.ID); got != "Alpha in Denmark|Alpha au Danemark" {
				t.Errorf("Alpha's sections %q", got)
			}
			_, mine := alice.get("/reports/2027")
			if !strings.Contains(mine, "<h3>Alpha au Danemark</h3>") || !strings.Contains(mine, privateSectionText) || strings.Contains(mine, "Genopole, dans le top") ||
				!strings.Contains(mine, "Denmark this year: agreements signed 0, missions 1, events 0 (activities: 1).") {
				t.Errorf("alice's report lacks her text, its figures, or shows the network's")
			}
			for _, tc := range []struct {
				c    *client
				path string
				has  bool
			}{
				{coord, "/reports/2027?member=institut-alpha", true},
				{bob, "/reports/2027", false},
				{coord, "/reports/2027?member=institut-beta", false},
				{coord, "/reports/2027", false},
			} {
				_, body := tc.c.get(tc.path)
				if strings.Contains(body, "Alpha au Danemark") != tc.has {
					t.Errorf("%s: shows Alpha's text %v, want %v", tc.path, !tc.has, tc.has)
				}
			}

			// In French: the page and the report's heading.
			fr := w.client(t, "coord")
			fr.do("POST", "/lang", formType, form("lang", "fr"), false)
			if _, body := fr.get("/reports/2027/text"); !strings.Contains(body, "Rédiger le texte du rapport") || !strings.Contains(body, "Monter") {
				t.Error("the text's page is not in French")
			}
			if _, body := fr.get("/reports/2027"); !strings.Contains(body, "L’année en quelques mots") {
				t.Error("the report's text heading is not in French")
			}
		})
	}
}

// TestReportTextRights: through the pages, a viewer writes no text, a member writes
// neither another member's nor the network's, nobody reaches a section of a report
// they may not read (another member's, the network's, another workspace's), and a
// section is named under its own year only; nothing refused is saved.
func TestReportTextRights(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			before := map[int64]string{0: w.sectionTitles(t, 2027, 0), w.alpha.ID: w.sectionTitles(t, 2027, w.alpha.ID), w.beta.ID: w.sectionTitles(t, 2027, w.beta.ID)}
			add := form("kind", "section", "title", "Intrusion", "body", "Intrusion")
			edit := form("title", "Intrusion", "body", "Intrusion")
			priv, net := "/reports/2027/text/"+id(w.secPriv.ID), "/reports/2027/text/"+id(w.secNet.ID)
			for _, tc := range []struct {
				user, method, path, body string
				code                     int
			}{
				{"viewer", "GET", "/reports/2027/text", "", 403},
				{"viewer", "POST", "/reports/2027/text", add, 403},
				{"viewer", "POST", priv, edit, 403},
				{"bob", "GET", "/reports/2027/text?member=institut-alpha", "", 403},
				{"bob", "POST", "/reports/2027/text", add + "&member=institut-alpha", 403},
				{"bob", "POST", "/reports/2027/text", add + "&member=" + id(w.alpha.ID), 403},
				{"bob", "POST", priv, edit, 404},
				{"bob", "POST", priv + "/delete", "", 404},
				{"bob", "POST", priv + "/move", "direction=up", 404},
				{"bob", "POST", net, edit, 404},
				{"bob", "POST", net + "/delete", "", 404},
				{"alice", "POST", net, edit, 404},
				{"alice", "POST", net + "/delete", "", 404},
				{"otheradmin", "GET", "/reports/2027/text?member=institut-alpha", "", 404},
				{"otheradmin", "POST", "/reports/2027/text", add + "&member=" + id(w.alpha.ID), 404},
				{"otheradmin", "POST", priv, edit, 404},
				{"otheradmin", "POST", net + "/delete", "", 404},
				{"otheradmin", "POST", net + "/move", "direction=down", 404},
				// A section is named under its own year only.
				{"alice", "POST", "/reports/2026/text/" + id(w.secPriv.ID), edit, 404},
				{"alice", "POST", "/reports/1899/text/" + id(w.secPriv.ID) + "/delete", "", 404},
				{"alice", "GET", "/reports/2201/text", "", 404},
				{"alice", "POST", "/reports/99999999999999999999/text", add, 404},
			} {
				res, body := w.client(t, tc.user).do(tc.method, tc.path, formType, tc.body, false)
				if res.StatusCode != tc.code {
					t.Errorf("%s %s %s: %d, want %d", tc.user, tc.method, tc.path, res.StatusCode, tc.code)
				}
				if strings.Contains(body, privateSectionText) || strings.Contains(body, networkSectionText) {
					t.Errorf("%s %s %s: the refusal shows a report's text", tc.user, tc.method, tc.path)
				}
			}
			// otheradmin's own workspace got nothing either.
			for m, want := range before {
				if got := w.sectionTitles(t, 2027, m); got != want {
					t.Errorf("member %d: sections %q after the refused writes, were %q", m, got, want)
				}
			}
			if strings.Contains(w.sectionTitles(t, 2027, w.alpha.ID)+w.sectionTitles(t, 2027, 0), "Intrusion") {
				t.Error("an intrusion was saved")
			}
			// Bob's own member's text (his default) is his to write; the viewer of his
			// member reads it in their report.
			if res, body := w.client(t, "bob").do("POST", "/reports/2027/text", formType, form("kind", "section", "title", "Beta", "body", "Beta’s own"), false); res.StatusCode != http.StatusSeeOther {
				t.Errorf("bob writes Beta's: %d %s", res.StatusCode, body)
			}
			if _, body := w.client(t, "viewer").get("/reports/2027"); !strings.Contains(body, "Beta’s own") || strings.Contains(body, `id="report-text"`) {
				t.Error("the viewer does not read Beta's text, or is offered to write it")
			}
		})
	}
}

// TestReportTextInput: a refused form comes back (422) naming its field, with what was
// typed, and saves nothing: an empty title, a text too long, an unknown country; a
// body over the forms' bound is refused whole (413).
func TestReportTextInput(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			before := w.sectionTitles(t, 2027, w.alpha.ID)
			long := strings.Repeat("é", passerelle.MaxReportBody+1)
			for _, tc := range []struct {
				name, path, body string
				code             int
				has              []string
			}{
				{"empty title", "/reports/2027/text", form("kind", "section", "title", "  ", "body", "Texte gardé"), 422, []string{"Title", "required", "Texte gardé</textarea>"}},
				{"text too long", "/reports/2027/text", form("kind", "section", "title", "Titre gardé", "body", long), 422, []string{"Text", "at most 10000 characters", `value="Titre gardé"`}},
				{"unknown country", "/reports/2027/text", form("kind", "section", "title", "Japon", "countries", "JP, Atlantis", "body", "x"), 422, []string{"Countries", "unknown country code &#34;ATLANTIS&#34;", `value="JP, Atlantis"`}},
				{"second introduction", "/reports/2027/text", form("kind", "intro", "body", "x"), 303, nil},
				{"third introduction", "/reports/2027/text", form("kind", "intro", "body", "y"), 422, []string{"the report has an introduction already"}},
				{"unknown kind", "/reports/2027/text", form("kind", "chapter", "title", "x", "body", "x"), 422, []string{"intro or section"}},
				{"update without title", "/reports/2027/text/" + id(w.secPriv.ID), form("title", "", "body", "Nouveau texte"), 422, []string{"required", "Nouveau texte</textarea>"}},
				{"update with a long text", "/reports/2027/text/" + id(w.secPriv.ID), form("title", "x", "body", long), 422, []string{"at most 10000 characters"}},
				{"move sideways", "/reports/2027/text/" + id(w.secPriv.ID) + "/move", form("direction", "left"), 422, nil},
				{"huge body", "/reports/2027/text", form("kind", "section", "title", "x", "body", strings.Repeat("x", 3<<20)), 413, nil},
			} {
				res, body := alice.do("POST", tc.path, formType, tc.body, false)
				if res.StatusCode != tc.code {
					t.Errorf("%s: %d, want %d", tc.name, res.StatusCode, tc.code)
				}
				for _, s := range tc.has {
					if !strings.Contains(body, s) {
						t.Errorf("%s: the page lacks %q", tc.name, s)
					}
				}
			}
			if got := w.sectionTitles(t, 2027, w.alpha.ID); got != "intro|"+before {
				t.Errorf("sections %q, want the introduction added to %q only", got, before)
			}
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			x, err := store.NewReportSectionService(db).FindReportSection(sys, w.secPriv.ID)
			must(t, err)
			if x.Body != privateSectionText || x.Title != "Alpha in Denmark" {
				t.Errorf("a refused update changed the section: %q %q", x.Title, x.Body)
			}
		})
	}
}

// TestReportTextHostile: a text with markup, a script and line breaks stays text on the
// editing page and the report's page; the report keeps the page's security policy.
func TestReportTextHostile(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newWorld(t, db)
	alice := w.client(t, "alice")
	hostile := "</textarea><script>alert(1)</script>\r\n<img src=x onerror=alert(2)>\r\n\r\n\"><b>x</b>"
	if res, body := alice.do("POST", "/reports/2027/text", formType, form("kind", "section", "title", `<i>Titre</i>"><script>t()</script>`, "countries", "DK", "body", hostile), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, body)
	}
	for _, path := range []string{"/reports/2027/text", "/reports/2027"} {
		res, body := alice.get(path)
		for _, s := range []string{"<script>", "<img", "<b>x", "<i>Titre"} {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q unescaped", path, s)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(body, "&lt;i&gt;Titre&lt;/i&gt;") {
			t.Errorf("%s lacks the escaped text", path)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") && !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: policy %q", path, csp)
		}
	}
}
