package report_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/report"
	"passerelle/store"
	"passerelle/store/storetest"
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fixture is a network of two members (Alpha, Beta), in France, with a year's records:
// a shared agreement of Beta's with a Japanese cluster, a private one of Alpha's, one
// of another year, a mission to Japan, a delegation received in France, an event.
type fixture struct {
	sys, alice, bob, coord, viewerless *passerelle.Actor
	alpha, beta                        *passerelle.Member
}

const (
	privateTitle = "Accord privé d’Alpha avec Osaka"
	sharedTitle  = "Accord de Beta avec Kawasaki"
)

func newFixture(t *testing.T, db *store.DB) *fixture {
	ctx := context.Background()
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	w := &passerelle.Workspace{Slug: "net", Name: "Réseau Test"}
	must(t, store.NewWorkspaceService(db).CreateWorkspace(root, w))
	f := &fixture{sys: passerelle.SystemActor(w.ID)}
	sys := passerelle.NewContextWithActor(ctx, f.sys)
	orgs := store.NewOrganizationService(db)
	org := func(name, country string, acr ...string) *passerelle.Organization {
		o := &passerelle.Organization{Name: name, Kind: passerelle.KindCluster, Country: country, Acronyms: acr}
		must(t, orgs.CreateOrganization(sys, o))
		return o
	}
	oa, ob := org("Institut Alpha", "FR", "IA"), org("Institut Beta", "FR")
	kawasaki, osaka, evry := org("Life Innovation Center", "JP"), org("Osaka Bio Hub", "JP"), org("Évry Visitors", "FR")
	wss := store.NewWorkspaceService(db)
	f.alpha = &passerelle.Member{Name: "Institut Alpha", OrganizationID: oa.ID}
	f.beta = &passerelle.Member{Name: "Institut Beta", OrganizationID: ob.ID}
	must(t, wss.CreateMember(sys, f.alpha))
	must(t, wss.CreateMember(sys, f.beta))
	f.alice = &passerelle.Actor{UserID: 1, WorkspaceID: w.ID, MemberID: f.alpha.ID, Role: passerelle.RoleMember}
	f.bob = &passerelle.Actor{UserID: 2, WorkspaceID: w.ID, MemberID: f.beta.ID, Role: passerelle.RoleMember}
	f.coord = &passerelle.Actor{UserID: 3, WorkspaceID: w.ID, MemberID: f.beta.ID, Role: passerelle.RoleCoordinator}
	f.viewerless = &passerelle.Actor{UserID: 4, WorkspaceID: w.ID, Role: passerelle.RoleViewer}

	agrs := store.NewAgreementService(db)
	must(t, agrs.CreateAgreement(sys, &passerelle.Agreement{Title: sharedTitle, Type: passerelle.TypeSoftLanding, SignedYear: 2020, SignedDate: "2020-06-09",
		OwnerMemberID: f.beta.ID, Partners: []passerelle.AgreementPartner{{OrganizationID: kawasaki.ID, Side: passerelle.SideForeign}, {OrganizationID: ob.ID, Side: passerelle.SideFrench}}}))
	must(t, agrs.CreateAgreement(sys, &passerelle.Agreement{Title: privateTitle, Type: passerelle.TypeMemorandum, SignedYear: 2020,
		Visibility: passerelle.VisibilityPrivate, OwnerMemberID: f.alpha.ID, Partners: []passerelle.AgreementPartner{{OrganizationID: osaka.ID, Side: passerelle.SideForeign}}}))
	must(t, agrs.CreateAgreement(sys, &passerelle.Agreement{Title: "Accord de 2019", Type: passerelle.TypeMemorandum, SignedYear: 2019}))

	ms := store.NewMissionService(db)
	must(t, ms.CreateMission(sys, &passerelle.Mission{Slug: "tokyo-2020", Name: "Mission à Tokyo", Destination: "Tokyo, JP", StartDate: "2020-02-03",
		EndDate: "2020-02-05", TimeZone: "Asia/Tokyo", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: kawasaki.ID}}}))
	must(t, ms.CreateMission(sys, &passerelle.Mission{Slug: "kawasaki-visit", Name: "Délégation de Kawasaki à Évry", Destination: "Évry, FR",
		StartDate: "2020-02-17", EndDate: "2020-02-17", TimeZone: "Europe/Paris", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: evry.ID}}}))
	must(t, ms.CreateMission(sys, &passerelle.Mission{Slug: "old", Name: "Mission de 2014", Destination: "Copenhagen, DK", StartDate: "2014-09-08",
		EndDate: "2014-09-10", TimeZone: "Europe/Copenhagen", MeetingMinutes: 60}))

	ev := &passerelle.EventImport{Event: passerelle.Event{Slug: "bio-usa-2020", Name: "BIO USA 2020", Location: "San Diego", TimeZone: "America/Los_Angeles",
		MeetingMinutes: 30, Tables: []string{"T1"}, Days: []passerelle.EventDay{{Date: "2020-06-08", Start: "09:00", End: "12:00"}}},
		Participants: []*passerelle.EventParticipant{{Ref: "a", Name: "Ann", Organization: passerelle.EventOrg{Name: "Beta Bio", Country: "FR"}},
			{Ref: "b", Name: "Bo", Organization: passerelle.EventOrg{Name: "Leaf Ventures", Country: "US"}}}}
	_, err := store.NewEventService(db).ImportEvent(sys, ev)
	must(t, err)
	return f
}

// figures is a KPIFunc whose figures say which filter they answer.
func figures(_ context.Context, _ *passerelle.Actor, f passerelle.KPIFilter) (passerelle.KPIs, error) {
	k := passerelle.KPIs{Year: f.Year}
	k.Counts.MeetingsHeld = f.Year - 2000
	k.Counts.EUProjects = int(f.MemberID)
	k.Money.EUProjects = int64(f.Year)*100 + 50
	k.Money.PartnershipRevenue = int64(f.Year) * 400
	return k, nil
}

func TestGather(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			ctx := context.Background()
			titles := func(d *report.Data) []string {
				var out []string
				for _, a := range d.Agreements {
					out = append(out, a.Title)
				}
				return out
			}
			for _, tc := range []struct {
				name    string
				actor   *passerelle.Actor
				member  string
				code    string // expected error code
				member2 string
				agrs    []string
			}{
				{"operator, network", f.sys, "", "", "", []string{privateTitle, sharedTitle}},
				{"coordinator, network", f.coord, "", "", "", []string{sharedTitle}},
				{"coordinator, Alpha (no private record of Alpha's)", f.coord, "institut-alpha", "", "Institut Alpha", nil},
				{"alice, her own by default", f.alice, "", "", "Institut Alpha", []string{privateTitle}},
				{"alice, by acronym", f.alice, "ia", "", "Institut Alpha", []string{privateTitle}},
				{"bob, his own", f.bob, "", "", "Institut Beta", []string{sharedTitle}},
				{"bob, Alpha's", f.bob, "institut-alpha", passerelle.EFORBIDDEN, "", nil},
				{"a viewer without member, the network", f.viewerless, "", passerelle.EFORBIDDEN, "", nil},
				{"unknown member", f.coord, "nobody", passerelle.ENOTFOUND, "", nil},
			} {
				d, err := report.Gather(ctx, db, tc.actor, 2020, tc.member, figures)
				// The navigation shows Reports to whoever has one by default.
				if tc.member == "" && report.Readable(tc.actor) != (tc.code == "") {
					t.Errorf("%s: Readable %v, Gather %v", tc.name, report.Readable(tc.actor), err)
				}
				if tc.code != "" {
					if passerelle.ErrorCode(err) != tc.code {
						t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
					}
					continue
				}
				must(t, err)
				if got := titles(d); !slices.Equal(got, tc.agrs) {
					t.Errorf("%s: agreements %q, want %q", tc.name, got, tc.agrs)
				}
				if (d.Member == nil) != (tc.member2 == "") || d.Member != nil && d.Member.Name != tc.member2 {
					t.Errorf("%s: member %+v, want %q", tc.name, d.Member, tc.member2)
				}
				if len(d.Missions) != 1 || d.Missions[0].Country != "JP" || len(d.Delegations) != 1 || d.Delegations[0].Name != "Délégation de Kawasaki à Évry" {
					t.Errorf("%s: missions %+v, delegations %+v", tc.name, d.Missions, d.Delegations)
				}
				if len(d.Events) != 1 || d.Events[0].Participants != 2 || !slices.Equal(d.Events[0].Countries, []string{"US"}) {
					t.Errorf("%s: events %+v", tc.name, d.Events)
				}
				if d.Home != "FR" || d.Countries["US"] != 1 || d.Countries["FR"] != 0 {
					t.Errorf("%s: home %s, countries %v", tc.name, d.Home, d.Countries)
				}
				if len(d.History) != report.HistoryYears || d.History[0].Year != 2016 || d.Figures.Year != 2020 || d.Figures.Counts.MeetingsHeld != 20 {
					t.Errorf("%s: history %+v", tc.name, d.History)
				}
				wantID := 0
				if d.Member != nil {
					wantID = int(d.Member.ID)
				}
				if d.Figures.Counts.EUProjects != wantID {
					t.Errorf("%s: figures asked for member %d, want %d", tc.name, d.Figures.Counts.EUProjects, wantID)
				}
			}
			if _, err := report.Gather(ctx, db, f.sys, 20, "", nil); passerelle.ErrorCode(err) != passerelle.EINVALID {
				t.Errorf("year 20: %v", err)
			}
		})
	}
}

// TestRenderers writes the operator's report in each format and reads it back: the HTML
// parsed, the workbook with excelize, the PDF structurally and, when installed, with
// pdftotext.
func TestRenderers(t *testing.T) {
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	d, err := report.Gather(context.Background(), db, f.sys, 2020, "", figures)
	must(t, err)
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			var h bytes.Buffer
			must(t, report.WriteHTML(&h, d, report.Options{Lang: lang}))
			text, svgs := htmlText(t, h.Bytes())
			for _, s := range []string{"2020", sharedTitle, privateTitle, "Mission à Tokyo", "Délégation de Kawasaki à Évry", "BIO USA 2020", "Réseau Test"} {
				if !strings.Contains(text, s) {
					t.Errorf("HTML lacks %q", s)
				}
			}
			if svgs != 4 { // three bar charts and the map
				t.Errorf("HTML has %d SVG drawings, want 4", svgs)
			}
			if lang == "fr" && !strings.Contains(text, "Faits marquants") || lang == "en" && !strings.Contains(text, "Highlights") {
				t.Errorf("HTML headings not in %s", lang)
			}

			var x bytes.Buffer
			must(t, report.WriteXLSX(&x, d, report.Options{Lang: lang}))
			wb, err := excelize.OpenReader(&x)
			must(t, err)
			sheets := wb.GetSheetList()
			if len(sheets) != 7 {
				t.Fatalf("workbook sheets %q", sheets)
			}
			rows, err := wb.GetRows(sheets[0])
			must(t, err)
			if len(rows) != 12 || rows[0][5] != "2020" || rows[2][5] != "20" || rows[4][5] != "2020.5" {
				t.Errorf("figures sheet: %q", rows)
			}
			rows, err = wb.GetRows(sheets[4])
			must(t, err)
			if len(rows) != 3 || rows[1][1] != privateTitle || rows[2][1] != sharedTitle || rows[2][4] != "JP" {
				t.Errorf("agreements sheet: %q", rows)
			}

			var p bytes.Buffer
			must(t, report.WritePDF(&p, d, report.Options{Lang: lang}))
			checkPDF(t, p.Bytes(), []string{"2020", "BIO USA 2020", "Mission ", "Tokyo"})
			if path, err := exec.LookPath("pdftotext"); err == nil {
				file := filepath.Join(t.TempDir(), "r.pdf")
				must(t, os.WriteFile(file, p.Bytes(), 0o600))
				out, err := exec.Command(path, file, "-").Output()
				must(t, err)
				got := strings.Join(strings.Fields(string(out)), " ")
				for _, s := range []string{"2020", sharedTitle, privateTitle, "Mission à Tokyo", "Délégation de Kawasaki à Évry", "Réseau Test"} {
					if !strings.Contains(got, s) {
						t.Errorf("pdftotext lacks %q in %s", s, got)
					}
				}
			} else {
				t.Log("pdftotext not installed: the PDF's text was checked structurally only")
			}
		})
	}
}

// htmlText parses the page as HTML (standard library, in its lenient mode) and returns
// its text outside style and its number of svg elements.
func htmlText(t *testing.T, b []byte) (string, int) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict, dec.AutoClose, dec.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	var text strings.Builder
	svgs, inStyle := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("HTML does not parse: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inStyle = x.Name.Local == "style"
			if x.Name.Local == "svg" {
				svgs++
			}
		case xml.EndElement:
			inStyle = false
		case xml.CharData:
			if !inStyle {
				text.Write(x)
				text.WriteByte(' ')
			}
		}
	}
	return strings.Join(strings.Fields(text.String()), " "), svgs
}

// checkPDF checks the file's structure (header, cross-reference table, trailer, fonts in
// WinAnsiEncoding, uncompressed content) and that each string is in a content stream.
func checkPDF(t *testing.T, b []byte, want []string) {
	t.Helper()
	s := string(b)
	if !strings.HasPrefix(s, "%PDF-1.4\n") || !strings.HasSuffix(s, "%%EOF\n") || !strings.Contains(s, "\nxref\n") || !strings.Contains(s, "/Root 1 0 R") {
		t.Fatalf("not a PDF 1.4 file: %.40q … %q", s, s[max(0, len(s)-40):])
	}
	if strings.Count(s, "/Encoding /WinAnsiEncoding") != 2 || strings.Contains(s, "/Filter") {
		t.Error("fonts not in WinAnsiEncoding, or compressed streams")
	}
	var streams strings.Builder
	for _, part := range strings.Split(s, ">>\nstream\n")[1:] {
		end := strings.Index(part, "endstream")
		if end < 0 {
			t.Fatal("a stream without its end")
		}
		streams.WriteString(part[:end])
	}
	for _, w := range want {
		if !strings.Contains(streams.String(), w) {
			t.Errorf("no content stream shows %q", w)
		}
	}
}

// TestMissionMeetings: a mission's row gives the meetings of its programme that the
// reader may see, not cancelled, as an event's row does — not its number of targets
// (the Copenhagen mission met its 12 targets in 9 meetings).
func TestMissionMeetings(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, f.sys)
			m, err := store.NewMissionService(db).FindMission(sys, "tokyo-2020")
			must(t, err)
			start := time.Date(2020, 2, 3, 1, 0, 0, 0, time.UTC)
			for i, x := range []*passerelle.Meeting{
				{Title: "held", Status: passerelle.MeetingHeld},
				{Title: "planned"},
				{Title: "cancelled", Status: passerelle.MeetingCancelled},
				{Title: "Alpha's own", Status: passerelle.MeetingHeld, Visibility: passerelle.VisibilityPrivate, OwnerMemberID: f.alpha.ID},
			} {
				x.Start, x.End, x.TimeZone = start.Add(time.Duration(i)*time.Hour), start.Add(time.Duration(i)*time.Hour+time.Hour), "Asia/Tokyo"
				x.Origin, x.OriginID, x.OrganizationIDs = passerelle.OriginMission, m.ID, []int64{m.Targets[0].OrganizationID}
				must(t, store.NewMeetingService(db).CreateMeeting(sys, x))
			}
			for _, tc := range []struct {
				name  string
				actor *passerelle.Actor
				want  int
			}{
				{"operator", f.sys, 3},
				{"alice, who sees Alpha's private meeting", f.alice, 3},
				{"bob", f.bob, 2},
			} {
				d, err := report.Gather(ctx, db, tc.actor, 2020, "", figures)
				must(t, err)
				if len(d.Missions) != 1 || d.Missions[0].Meetings != tc.want {
					t.Fatalf("%s: missions %+v, want %d meetings", tc.name, d.Missions, tc.want)
				}
				var x bytes.Buffer
				must(t, report.WriteXLSX(&x, d, report.Options{Lang: "en"}))
				wb, err := excelize.OpenReader(&x)
				must(t, err)
				rows, err := wb.GetRows(wb.GetSheetList()[2])
				must(t, err)
				var got string
				for _, r := range rows {
					if len(r) > 7 && r[3] == "Mission à Tokyo" {
						got = r[7]
					}
				}
				if got != strconv.Itoa(tc.want) {
					t.Errorf("%s: the workbook's mission row gives %q meetings, want %d", tc.name, got, tc.want)
				}
			}
		})
	}
}

// TestCancelledMissionsLeftOut: a mission or a delegation cancelled did not happen: the
// report neither lists it nor counts its country (both were in the year's report).
func TestCancelledMissionsLeftOut(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, f.sys)
			ms := store.NewMissionService(db)
			for _, m := range []*passerelle.Mission{
				{Slug: "seoul-2020", Name: "Mission à Séoul", Destination: "Seoul, KR", StartDate: "2020-03-02", EndDate: "2020-03-03"},
				{Slug: "visit-2020", Name: "Délégation annulée", Kind: passerelle.MissionIncoming, Destination: "Évry, FR", StartDate: "2020-04-02", EndDate: "2020-04-02"},
			} {
				m.TimeZone, m.MeetingMinutes, m.Status = "Europe/Paris", 60, passerelle.MissionCancelled
				must(t, ms.CreateMission(sys, m))
			}
			for _, a := range []*passerelle.Actor{f.sys, f.coord, f.alice} {
				d, err := report.Gather(ctx, db, a, 2020, "", figures)
				must(t, err)
				if len(d.Missions) != 1 || d.Missions[0].Slug != "tokyo-2020" || len(d.Delegations) != 1 || d.Countries["KR"] != 0 {
					t.Errorf("actor %d: missions %+v, delegations %+v, countries %v", a.UserID, d.Missions, d.Delegations, d.Countries)
				}
			}
		})
	}
}

// TestMissionTargetsMet: a mission's "organisations met" are its targets that one of
// its meetings of the year names, not cancelled and not a no-show; they were all its
// targets, met or not.
func TestMissionTargetsMet(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, db)
			ctx := context.Background()
			sys := passerelle.NewContextWithActor(ctx, f.sys)
			ms := store.NewMissionService(db)
			tokyo, err := ms.FindMission(sys, "tokyo-2020")
			must(t, err)
			orgs := store.NewOrganizationService(db)
			var ids []int64
			for _, n := range []string{"Kansai Met KK", "Kansai No-show KK", "Kansai Cancelled KK", "Kansai Never KK"} {
				o := &passerelle.Organization{Name: n, Kind: passerelle.KindCompany, Country: "JP"}
				must(t, orgs.CreateOrganization(sys, o))
				ids = append(ids, o.ID)
			}
			m := &passerelle.Mission{Slug: "kansai-2020", Name: "Mission au Kansai", Destination: "Osaka, JP", StartDate: "2020-03-02",
				EndDate: "2020-03-03", TimeZone: "Asia/Tokyo", MeetingMinutes: 60}
			for _, id := range ids {
				m.Targets = append(m.Targets, passerelle.MissionTarget{OrganizationID: id})
			}
			must(t, ms.CreateMission(sys, m))
			start := time.Date(2020, 3, 2, 1, 0, 0, 0, time.UTC)
			for i, st := range []passerelle.MeetingStatus{passerelle.MeetingHeld, passerelle.MeetingNoShow, passerelle.MeetingCancelled} {
				x := &passerelle.Meeting{Title: string(st), Status: st, TimeZone: "Asia/Tokyo", Origin: passerelle.OriginMission, OriginID: m.ID,
					OrganizationIDs: []int64{ids[i]}, Start: start.Add(time.Duration(i) * time.Hour), End: start.Add(time.Duration(i)*time.Hour + time.Hour)}
				must(t, store.NewMeetingService(db).CreateMeeting(sys, x))
			}
			d, err := report.Gather(ctx, db, f.sys, 2020, "", figures)
			must(t, err)
			for _, x := range d.Missions {
				switch x.Slug {
				case "kansai-2020":
					if strings.Join(x.Targets, "|") != "Kansai Met KK" {
						t.Errorf("organisations met: %q, want the met one only", x.Targets)
					}
				case tokyo.Slug:
					if len(x.Targets) != 0 {
						t.Errorf("the Tokyo mission, with no meeting, met %q", x.Targets)
					}
				}
			}
		})
	}
}

// TestChartsWithoutActivity: a chart whose years hold nothing says so instead of a row of
// zero-high bars labelled 0 (a report asked for a year before any activity).
func TestChartsWithoutActivity(t *testing.T) {
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	nothing := func(_ context.Context, _ *passerelle.Actor, f passerelle.KPIFilter) (passerelle.KPIs, error) {
		return passerelle.KPIs{Year: f.Year}, nil
	}
	d, err := report.Gather(context.Background(), db, f.sys, 2001, "", nothing)
	must(t, err)
	for lang, note := range map[string]string{"en": "nothing recorded in these years", "fr": "aucune activité enregistrée ces années-là"} {
		var h bytes.Buffer
		must(t, report.WriteHTML(&h, d, report.Options{Lang: lang}))
		text, _ := htmlText(t, h.Bytes())
		if n := strings.Count(text, note); n != 3 {
			t.Errorf("%s: the note shows %d times, want once in each of the three charts", lang, n)
		}
		if strings.Contains(h.String(), ">€0</text>") || strings.Contains(h.String(), ">0 €</text>") {
			t.Errorf("%s: bars of nothing still labelled", lang)
		}
		var p bytes.Buffer
		must(t, report.WritePDF(&p, d, report.Options{Lang: lang}))
		file := filepath.Join(t.TempDir(), "r.pdf")
		must(t, os.WriteFile(file, p.Bytes(), 0o600))
		out, err := exec.Command(report.PDFToText(t), file, "-").Output()
		must(t, err)
		if n := strings.Count(strings.Join(strings.Fields(string(out)), " "), note); n != 3 {
			t.Errorf("%s: the PDF shows the note %d times, want 3", lang, n)
		}
	}
}
