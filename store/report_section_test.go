package store_test

import (
	"context"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// reportTitles lists a report's sections as "title" ("intro" for the introduction).
func reportTitles(t *testing.T, svc *store.ReportSectionService, ctx context.Context, year int, member int64) string {
	t.Helper()
	list, err := svc.FindReportSections(ctx, year, member)
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

// TestReportSectionRights: who writes and reads which report's text (docs/reports.md):
// the coordinator any report's, a member's user of role member its own member's only,
// a viewer none; another workspace neither reads nor writes any, by list or by id; a
// member's report's text is never in another member's report nor in the network's.
func TestReportSectionRights(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewReportSectionService(db)
		coord := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberB.ID, Role: passerelle.RoleCoordinator})
		noMember := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, Role: passerelle.RoleMember})
		sec := func(member int64, title string) *passerelle.ReportSection {
			return &passerelle.ReportSection{Year: 2020, MemberID: member, Title: title, Body: "Text of " + title}
		}
		network := sec(0, "États-Unis")
		must(t, svc.CreateReportSection(coord, network))
		alphas := sec(f.memberA.ID, "Alpha in Japan")
		must(t, svc.CreateReportSection(f.alice, alphas))
		betas := sec(f.memberB.ID, "Beta by its coordinator")
		must(t, svc.CreateReportSection(coord, betas))

		for _, tc := range []struct {
			name   string
			ctx    context.Context
			member int64
			code   string
		}{
			{"alice writes the network's", f.alice, 0, passerelle.EFORBIDDEN},
			{"alice writes Beta's", f.alice, f.memberB.ID, passerelle.EFORBIDDEN},
			{"a viewer writes its own member's", f.viewer, f.memberB.ID, passerelle.EFORBIDDEN},
			{"a viewer writes the network's", f.viewer, 0, passerelle.EFORBIDDEN},
			{"a user of no member writes the network's", noMember, 0, passerelle.EFORBIDDEN},
			{"another workspace writes the network's", f.otherSystem, f.memberA.ID, passerelle.ENOTFOUND},
		} {
			x := sec(tc.member, "Refused")
			if err := svc.CreateReportSection(tc.ctx, x); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}
		// Reads of a whole report.
		for _, tc := range []struct {
			name   string
			ctx    context.Context
			member int64
			want   string // "" with code
			code   string
		}{
			{"the coordinator, the network's", coord, 0, "États-Unis", ""},
			{"the coordinator, Alpha's", coord, f.memberA.ID, "Alpha in Japan", ""},
			{"alice, Alpha's", f.alice, f.memberA.ID, "Alpha in Japan", ""},
			{"bob, Beta's", f.bob, f.memberB.ID, "Beta by its coordinator", ""},
			{"a viewer, its member's", f.viewer, f.memberB.ID, "Beta by its coordinator", ""},
			{"the operator, Alpha's", f.system, f.memberA.ID, "Alpha in Japan", ""},
			{"alice, the network's", f.alice, 0, "", passerelle.EFORBIDDEN},
			{"alice, Beta's", f.alice, f.memberB.ID, "", passerelle.EFORBIDDEN},
			{"a viewer, the network's", f.viewer, 0, "", passerelle.EFORBIDDEN},
			{"another workspace, its network's", f.otherSystem, 0, "", ""},
			{"another workspace, Alpha's id", f.otherSystem, f.memberA.ID, "", ""},
		} {
			list, err := svc.FindReportSections(tc.ctx, 2020, tc.member)
			if tc.code != "" {
				if passerelle.ErrorCode(err) != tc.code || len(list) != 0 {
					t.Errorf("%s: %d sections, %v, want %s", tc.name, len(list), err, tc.code)
				}
				continue
			}
			must(t, err)
			var got []string
			for _, x := range list {
				got = append(got, x.Title)
			}
			if strings.Join(got, "|") != tc.want {
				t.Errorf("%s reads %q, want %q", tc.name, got, tc.want)
			}
		}
		// By id: every route that names a section.
		for _, tc := range []struct {
			name string
			ctx  context.Context
			x    *passerelle.ReportSection
			code string // of a write; a read is not found unless the write is forbidden
		}{
			{"bob, Alpha's", f.bob, alphas, passerelle.ENOTFOUND},
			{"bob, the network's", f.bob, network, passerelle.ENOTFOUND},
			{"a viewer, its member's", f.viewer, betas, passerelle.EFORBIDDEN},
			{"another workspace, the network's", f.otherSystem, network, passerelle.ENOTFOUND},
			{"another workspace, Alpha's", f.otherSystem, alphas, passerelle.ENOTFOUND},
		} {
			if _, err := svc.FindReportSection(tc.ctx, tc.x.ID); tc.code == passerelle.ENOTFOUND && passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("%s reads: %v", tc.name, err)
			}
			up := &passerelle.ReportSection{ID: tc.x.ID, Title: "Taken", Body: "Taken"}
			if err := svc.UpdateReportSection(tc.ctx, up); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s updates: %v, want %s", tc.name, err, tc.code)
			}
			if err := svc.DeleteReportSection(tc.ctx, tc.x.ID); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s deletes: %v, want %s", tc.name, err, tc.code)
			}
			if err := svc.MoveReportSection(tc.ctx, tc.x.ID, 1); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s moves: %v, want %s", tc.name, err, tc.code)
			}
		}
		for _, x := range []*passerelle.ReportSection{network, alphas, betas} {
			got, err := svc.FindReportSection(f.system, x.ID)
			if err != nil || got.Title != x.Title || got.Body != x.Body {
				t.Errorf("%q after the refused writes: %+v %v", x.Title, got, err)
			}
		}
		// The author is who wrote it last; the coordinator may change a member's.
		if got, _ := svc.FindReportSection(f.alice, alphas.ID); got.Author != "alice@example.org" {
			t.Errorf("author %q", got.Author)
		}
		alphas.Body = "Rewritten by the coordinator"
		must(t, svc.UpdateReportSection(coord, alphas))

		// The log: a member's report's entries are its own users' and the managers';
		// the network's the managers' only.
		audit := store.NewAuditService(db)
		seen := func(ctx context.Context) string {
			es, err := audit.FindAuditEntries(ctx, passerelle.AuditFilter{Entity: "report_section", Limit: 50})
			must(t, err)
			var out []string
			for _, e := range es {
				out = append(out, e.Action+" "+e.Summary)
			}
			return strings.Join(out, "|")
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want string
		}{
			{"the coordinator", coord, "update 2020 · Alpha in Japan|create 2020 · Beta by its coordinator|create 2020 · Alpha in Japan|create 2020 · États-Unis"},
			{"alice", f.alice, "update 2020 · Alpha in Japan|create 2020 · Alpha in Japan"},
			{"bob", f.bob, "create 2020 · Beta by its coordinator"},
			{"a viewer", f.viewer, "create 2020 · Beta by its coordinator"},
			{"another workspace", f.otherSystem, ""},
		} {
			if got := seen(tc.ctx); got != tc.want {
				t.Errorf("%s reads the log %q, want %q", tc.name, got, tc.want)
			}
		}
	})
}

// TestReportSectionInput: bad input is refused naming its field, and nothing is saved;
// the text is kept plain, its line breaks as "\n".
func TestReportSectionInput(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewReportSectionService(db)
		ok := func() *passerelle.ReportSection {
			return &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Title: "Japon", Countries: []string{"jp"}, Body: "Texte"}
		}
		for _, tc := range []struct {
			name, field string
			change      func(x *passerelle.ReportSection)
		}{
			{"empty title", "title", func(x *passerelle.ReportSection) { x.Title = " \n " }},
			{"long title", "title", func(x *passerelle.ReportSection) { x.Title = strings.Repeat("é", passerelle.MaxReportTitle+1) }},
			{"empty text", "body", func(x *passerelle.ReportSection) { x.Body = "\r\n \t\n" }},
			{"long text", "body", func(x *passerelle.ReportSection) { x.Body = strings.Repeat("à", passerelle.MaxReportBody+1) }},
			{"text not UTF-8", "body", func(x *passerelle.ReportSection) { x.Body = "caf\xe9" }},
			{"unknown country", "countries", func(x *passerelle.ReportSection) { x.Countries = []string{"JP", "ZZ"} }},
			{"a country's name", "countries", func(x *passerelle.ReportSection) { x.Countries = []string{"Japan"} }},
			{"year too early", "year", func(x *passerelle.ReportSection) { x.Year = 1899 }},
			{"year too late", "year", func(x *passerelle.ReportSection) { x.Year = 2201 }},
			{"unknown kind", "kind", func(x *passerelle.ReportSection) { x.Kind = "chapter" }},
			{"too many countries", "countries", func(x *passerelle.ReportSection) {
				x.Countries = passerelle.CountryCodes()[:passerelle.MaxReportCountries+1]
			}},
		} {
			x := ok()
			tc.change(x)
			err := svc.CreateReportSection(f.alice, x)
			if passerelle.ErrorCode(err) != passerelle.EINVALID || passerelle.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s: %v, want a problem on %s", tc.name, err, tc.field)
			}
		}
		if got := reportTitles(t, svc, f.system, 2020, f.memberA.ID); got != "" {
			t.Fatalf("refused sections saved: %q", got)
		}
		// The longest title and text pass, counted in characters, not bytes.
		x := ok()
		x.Title, x.Body = strings.Repeat("é", passerelle.MaxReportTitle), strings.Repeat("à", passerelle.MaxReportBody)
		must(t, svc.CreateReportSection(f.alice, x))
		// An update refused saves nothing either.
		bad := &passerelle.ReportSection{ID: x.ID, Title: "", Body: "short"}
		if err := svc.UpdateReportSection(f.alice, bad); passerelle.ErrorFields(err)["title"] == "" {
			t.Errorf("update without a title: %v", err)
		}
		got, err := svc.FindReportSection(f.alice, x.ID)
		must(t, err)
		if got.Body != x.Body || got.Title != x.Title || strings.Join(got.Countries, ",") != "JP" {
			t.Errorf("after a refused update: %q %q %v", got.Title, got.Body[:10], got.Countries)
		}
		// Plain text: CRLF and other line breaks become "\n", controls and trailing
		// spaces go, blank lines between paragraphs are one.
		y := &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Title: "Tab\tand\r\nbreak",
			Body: "  First\r\nline \x00\x07end  \r\n\r\n\r\n\r\nSecond\u2028para\x1b[31m\n"}
		must(t, svc.CreateReportSection(f.alice, y))
		got, err = svc.FindReportSection(f.alice, y.ID)
		must(t, err)
		if got.Title != "Tab and break" || got.Body != "First\nline   end\n\nSecond\npara [31m" {
			t.Errorf("stored %q / %q", got.Title, got.Body)
		}
		if ps := got.Paragraphs(); len(ps) != 2 || ps[0] != "First\nline   end" {
			t.Errorf("paragraphs %q", ps)
		}
		// A report holds at most MaxReportSections: a script adding sections without end
		// is stopped there.
		for i := 2; i < passerelle.MaxReportSections; i++ {
			must(t, svc.CreateReportSection(f.alice, &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Title: "Section", Body: "…"}))
		}
		if err := svc.CreateReportSection(f.alice, &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Title: "One more", Body: "…"}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("section %d: %v", passerelle.MaxReportSections+1, err)
		}
	})
}

// TestReportSectionOrder: sections keep the order they were added in and move one place
// at a time; the introduction is first whenever it was written, and one per report.
func TestReportSectionOrder(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewReportSectionService(db)
		ids := map[string]int64{}
		for _, title := range []string{"États-Unis", "Japon", "Méditerranée"} {
			x := &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Title: title, Body: "…"}
			must(t, svc.CreateReportSection(f.alice, x))
			ids[title] = x.ID
		}
		intro := &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Kind: passerelle.ReportSectionIntro, Title: "ignored", Body: "Genopole…"}
		must(t, svc.CreateReportSection(f.alice, intro))
		// Another year's and another report's sections are apart.
		must(t, svc.CreateReportSection(f.alice, &passerelle.ReportSection{Year: 2021, MemberID: f.memberA.ID, Title: "Next year", Body: "…"}))
		must(t, svc.CreateReportSection(f.system, &passerelle.ReportSection{Year: 2020, Title: "Network", Body: "…"}))
		must(t, svc.CreateReportSection(f.system, &passerelle.ReportSection{Year: 2020, Kind: passerelle.ReportSectionIntro, Body: "The network's"}))
		check := func(want string) {
			t.Helper()
			if got := reportTitles(t, svc, f.alice, 2020, f.memberA.ID); got != want {
				t.Errorf("order %q, want %q", got, want)
			}
		}
		check("intro|États-Unis|Japon|Méditerranée")
		if err := svc.CreateReportSection(f.alice, &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Kind: passerelle.ReportSectionIntro, Body: "again"}); passerelle.ErrorFields(err)["kind"] == "" {
			t.Errorf("a second introduction: %v", err)
		}
		must(t, svc.MoveReportSection(f.alice, ids["Méditerranée"], -1))
		check("intro|États-Unis|Méditerranée|Japon")
		must(t, svc.MoveReportSection(f.alice, ids["Méditerranée"], -1))
		check("intro|Méditerranée|États-Unis|Japon")
		must(t, svc.MoveReportSection(f.alice, ids["Méditerranée"], -1)) // first already: nothing moves, not even above the introduction
		must(t, svc.MoveReportSection(f.alice, ids["Japon"], 1))         // last already
		check("intro|Méditerranée|États-Unis|Japon")
		if err := svc.MoveReportSection(f.alice, intro.ID, 1); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("moving the introduction: %v", err)
		}
		if err := svc.MoveReportSection(f.alice, ids["Japon"], 2); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("moving by two: %v", err)
		}
		must(t, svc.DeleteReportSection(f.alice, ids["États-Unis"]))
		check("intro|Méditerranée|Japon")
		x := &passerelle.ReportSection{Year: 2020, MemberID: f.memberA.ID, Title: "Tunisie", Body: "…"}
		must(t, svc.CreateReportSection(f.alice, x))
		must(t, svc.MoveReportSection(f.alice, x.ID, -1))
		check("intro|Méditerranée|Tunisie|Japon")
		if got := reportTitles(t, svc, f.system, 2020, 0); got != "intro|Network" {
			t.Errorf("the network's report: %q", got)
		}
		// An edit keeps the section's place.
		must(t, svc.UpdateReportSection(f.alice, &passerelle.ReportSection{ID: x.ID, Title: "Tunisie et Maroc", Countries: []string{"TN", "MA"}, Body: "…"}))
		check("intro|Méditerranée|Tunisie et Maroc|Japon")
	})
}
