package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/report"
	"passerelle/store"
	"passerelle/store/storetest"
)

// hostile is a section's text as an outsider would write it: markup, a script, a
// formula, PDF string delimiters, line breaks of every kind, characters outside
// WinAnsi.
const hostile = "=HYPERLINK(\"http://evil.example\",\"clic\")\r\n<script>alert('x')</script> <b>gras</b> &amp;\r\n\r\n" +
	"Deuxième paragraphe (avec) des \\ barres \\) et ) ( seules\u2028ligne\u0085suivante 川崎 Ωμέγα\n\n\n\nTroisième."

// writeSections writes the network's introduction and two sections, and Alpha's own.
func writeSections(t *testing.T, db *store.DB, f *fixture) {
	t.Helper()
	svc := store.NewReportSectionService(db)
	// The fixture's actors name no user of the database: write as them without one.
	c, a := *f.coord, *f.alice
	c.UserID, a.UserID = 0, 0
	coord := passerelle.NewContextWithActor(context.Background(), &c)
	alice := passerelle.NewContextWithActor(context.Background(), &a)
	for _, x := range []*passerelle.ReportSection{
		{Year: 2020, Title: "États-Unis", Countries: []string{"US"}, Body: "En janvier, Genopole a participé à Biotech Showcase.\nUne trentaine de rendez-vous."},
		{Year: 2020, Title: "Un cluster japonais accueilli", Countries: []string{"JP", "KR"}, Body: "Une délégation de Kawasaki."},
		{Year: 2020, Kind: passerelle.ReportSectionIntro, Body: "Genopole accueille chaque année des délégations."},
		{Year: 2020, Title: "Piège", Body: hostile},
	} {
		must(t, svc.CreateReportSection(coord, x))
	}
	must(t, svc.CreateReportSection(alice, &passerelle.ReportSection{Year: 2020, MemberID: f.alpha.ID, Title: "Texte d’Alpha seul", Body: "Réservé à Alpha."}))
}

// TestGatherSections: a report carries its own written text, the introduction first,
// and never another report's: the network's is not in a member's, a member's is not in
// the network's nor in another member's.
func TestGatherSections(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			writeSections(t, db, f)
			for _, tc := range []struct {
				name   string
				actor  *passerelle.Actor
				member string
				want   string
			}{
				{"coordinator, network", f.coord, "", "|États-Unis|Un cluster japonais accueilli|Piège"},
				{"operator, network", f.sys, "", "|États-Unis|Un cluster japonais accueilli|Piège"},
				{"coordinator, Alpha", f.coord, "institut-alpha", "Texte d’Alpha seul"},
				{"alice, her own", f.alice, "", "Texte d’Alpha seul"},
				{"bob, his own", f.bob, "", ""},
				{"coordinator, Beta", f.coord, "institut-beta", ""},
			} {
				d, err := report.Gather(context.Background(), db, tc.actor, 2020, tc.member, figures)
				must(t, err)
				var got []string
				for _, x := range d.Sections {
					got = append(got, x.Title)
				}
				if strings.Join(got, "|") != tc.want {
					t.Errorf("%s: sections %q, want %q", tc.name, got, tc.want)
				}
			}
			// Another year has none.
			d, err := report.Gather(context.Background(), db, f.coord, 2021, "", figures)
			must(t, err)
			if len(d.Sections) != 0 {
				t.Errorf("2021 shows %d sections", len(d.Sections))
			}
		})
	}
}

// TestCountryFigures: beside a country's section, the report's own figures for that
// country (those of its map), and none for a country without activity.
func TestCountryFigures(t *testing.T) {
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	for _, tc := range []struct {
		name  string
		actor *passerelle.Actor
		want  []report.CountryFigures
	}{
		// Japan: the shared agreement with Kawasaki, the mission to Tokyo; the operator
		// also counts Alpha's private agreement with Osaka. The United States: BIO USA's
		// participant. Korea: nothing.
		{"coordinator", f.coord, []report.CountryFigures{{Code: "JP", Agreements: 1, Missions: 1, Activities: 2}, {Code: "US", Events: 1, Activities: 1}}},
		{"operator", f.sys, []report.CountryFigures{{Code: "JP", Agreements: 2, Missions: 1, Activities: 3}, {Code: "US", Events: 1, Activities: 1}}},
	} {
		d, err := report.Gather(context.Background(), db, tc.actor, 2020, "", figures)
		must(t, err)
		got := d.CountryFigures([]string{"JP", "KR", "US", "FR"})
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] || got[i].Activities != d.Countries[got[i].Code] {
				t.Errorf("%s: %+v, want %+v (map %d)", tc.name, got[i], tc.want[i], d.Countries[got[i].Code])
			}
		}
	}
}

// TestRenderSections: the written text in the page, the PDF (read back with pdftotext)
// and the workbook's last sheet, after the highlights, with the country's figures; a
// hostile text stays text in each: no markup in the page, a valid PDF whose string
// delimiters are escaped, a formula neutralised in the workbook, its line breaks kept
// as paragraphs and lines.
func TestRenderSections(t *testing.T) {
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	writeSections(t, db, f)
	d, err := report.Gather(context.Background(), db, f.coord, 2020, "", figures)
	must(t, err)
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			var h bytes.Buffer
			must(t, report.WriteHTML(&h, d, report.Options{Lang: lang}))
			page := h.String()
			text, _ := htmlText(t, h.Bytes())
			hl, intro, us := strings.Index(text, "Highlights"), strings.Index(text, "Genopole accueille"), strings.Index(text, "États-Unis United States this year: agreements signed 0, missions 0, events 1 (activities: 1). En janvier")
			figs := strings.Index(text, "Un cluster japonais accueilli Japan this year: agreements signed 1, missions 1, events 0 (activities: 2). Une délégation")
			if lang == "fr" {
				hl, us = strings.Index(text, "Faits marquants"), strings.Index(text, "États-Unis États-Unis cette année : accords signés 0, missions 0, événements 1 (actions : 1). En janvier")
				figs = strings.Index(text, "Un cluster japonais accueilli Japon cette année : accords signés 1, missions 1, événements 0 (actions : 2). Une délégation")
			}
			if hl < 0 || intro < hl || us < intro || figs < us {
				t.Errorf("page: highlights %d, introduction %d, section %d, Japan's figures %d: %s", hl, intro, us, figs, text)
			}
			if strings.Contains(text, "Alpha seul") {
				t.Error("the network's page shows Alpha's text")
			}
			if strings.Contains(page, "<script>") || strings.Contains(page, "<b>gras") || !strings.Contains(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &lt;b&gt;gras&lt;/b&gt; &amp;amp;") {
				t.Errorf("page: the hostile text is not escaped: %s", page[strings.Index(page, "Piège"):][:400])
			}
			if !strings.Contains(page, "<p>Deuxième paragraphe (avec) des \\ barres \\) et ) ( seules\nligne\nsuivante 川崎 Ωμέγα</p>\n<p>Troisième.</p>") {
				t.Errorf("page: paragraphs and lines not kept: %s", page[strings.Index(page, "Piège"):][:600])
			}

			var p bytes.Buffer
			must(t, report.WritePDF(&p, d, report.Options{Lang: lang}))
			checkPDF(t, p.Bytes(), []string{"Genopole accueille", "Un cluster japonais accueilli"})
			if strings.Contains(p.String(), "(avec) des") {
				t.Error("PDF: a parenthesis of the text is not escaped")
			}
			path := report.PDFToText(t)
			file := filepath.Join(t.TempDir(), "r.pdf")
			must(t, os.WriteFile(file, p.Bytes(), 0o600))
			out, err := exec.Command(path, file, "-").Output()
			must(t, err)
			raw := string(out)
			got := strings.Join(strings.Fields(raw), " ")
			hl = strings.Index(got, "Highlights")
			if lang == "fr" {
				hl = strings.Index(got, "Faits marquants")
			}
			intro, us = strings.Index(got, "Genopole accueille chaque année des délégations."), strings.Index(got, "(activities: 1). En janvier, Genopole a participé à Biotech Showcase. Une trentaine de rendez-vous.")
			if lang == "fr" {
				us = strings.Index(got, "(actions : 1). En janvier, Genopole a participé à Biotech Showcase. Une trentaine de rendez-vous.")
			}
			events := strings.Index(got, "Events and missions")
			if lang == "fr" {
				events = strings.Index(got, "Événements et missions")
			}
			if hl < 0 || intro < hl || us < intro || events < us {
				t.Errorf("pdftotext: highlights %d, introduction %d, section %d, events %d: %s", hl, intro, us, events, got)
			}
			for _, s := range []string{`=HYPERLINK("http://evil.example","clic")`, "<script>alert('x')</script> <b>gras</b> &amp;",
				`Deuxième paragraphe (avec) des \ barres \) et ) ( seules`, "suivante ?? ?????", "Troisième."} {
				if !strings.Contains(got, s) {
					t.Errorf("pdftotext lacks %q", s)
				}
			}
			// Each line of the text starts a line of the PDF.
			for _, s := range []string{"\nligne", "\nsuivante", "\nTroisième.", "\n<script>"} {
				if !strings.Contains(raw, s) {
					t.Errorf("pdftotext: no line starts with %q", s[1:])
				}
			}
		})
	}
	var x bytes.Buffer
	must(t, report.WriteXLSX(&x, d, report.Options{Lang: "fr"}))
	wb, err := excelize.OpenReader(&x)
	must(t, err)
	sheets := wb.GetSheetList()
	if sheets[len(sheets)-1] != "Texte" {
		t.Fatalf("sheets %q", sheets)
	}
	rows, err := wb.GetRows("Texte")
	must(t, err)
	if len(rows) != 5 || rows[1][1] != "Introduction" || rows[2][1] != "États-Unis" || rows[2][2] != "US" ||
		rows[2][3] != "En janvier, Genopole a participé à Biotech Showcase.\nUne trentaine de rendez-vous." ||
		rows[2][4] != "États-Unis cette année : accords signés 0, missions 0, événements 1 (actions : 1)." || rows[3][2] != "JP, KR" {
		t.Errorf("text sheet: %q", rows)
	}
	if len(rows) == 5 && !strings.HasPrefix(rows[4][3], "'=HYPERLINK(") || !strings.Contains(rows[4][3], "\nligne\nsuivante 川崎 Ωμέγα\n\nTroisième.") {
		t.Errorf("text sheet: the hostile text %q", rows[4][3])
	}
	f2, err := wb.GetCellFormula("Texte", "D5")
	if err != nil || f2 != "" {
		t.Errorf("a formula in the text sheet: %q %v", f2, err)
	}
}

// TestPDFLongText: a section at the length limit, with a word longer than a line, runs
// over pages and reads back whole, in order.
func TestPDFLongText(t *testing.T) {
	path := report.PDFToText(t)
	var b strings.Builder
	for i := 0; b.Len() < passerelle.MaxReportBody-400; i++ {
		fmt.Fprintf(&b, "mot%04d ", i)
		if i%60 == 59 {
			b.WriteString("\n\n")
		}
	}
	body := b.String() + strings.Repeat("x", 300)
	x := &passerelle.ReportSection{Year: 2020, Title: "Long", Body: body}
	must(t, x.Validate())
	d := &report.Data{Year: 2020, Countries: map[string]int{}, Sections: []*passerelle.ReportSection{x}}
	var p bytes.Buffer
	must(t, report.WritePDF(&p, d, report.Options{Lang: "en"}))
	file := filepath.Join(t.TempDir(), "r.pdf")
	must(t, os.WriteFile(file, p.Bytes(), 0o600))
	out, err := exec.Command(path, file, "-").Output()
	must(t, err)
	got := string(out)
	if strings.Count(got, "\f") < 3 {
		t.Errorf("%d pages", strings.Count(got, "\f"))
	}
	last := -1
	for i := 0; strings.Contains(body, fmt.Sprintf("mot%04d ", i)); i++ {
		at := strings.Index(got, fmt.Sprintf("mot%04d", i))
		if at < last {
			t.Fatalf("word %d missing or out of order", i)
		}
		last = at
	}
	if strings.Count(strings.Join(strings.Fields(got[last:]), ""), "x") < 300 {
		t.Error("the long word is cut short")
	}
}
