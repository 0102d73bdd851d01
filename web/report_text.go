package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/interchange"
	"passerelle/report"
	"passerelle/store"
)

// reportTextData is the page that writes a report's text: its sections in order, each
// with its form, and the form that adds one.
type reportTextData struct {
	Year      int
	Member    *passerelle.MemberRef // nil for the network's report
	MemberArg string                // the member as the forms send it back ("" for the network)
	Report    string                // the report's title
	ReportURL string
	Sections  []*passerelle.ReportSection
	HasIntro  bool
	// Form is the add form's values; Failed the section whose form was refused (0: the
	// add form), shown with the values typed and the errors.
	Form     *passerelle.ReportSection
	Failed   int64
	MaxTitle int
	MaxBody  int
}

// Last reports whether i is the index of the last section.
func (d *reportTextData) Last(i int) bool { return i == len(d.Sections)-1 }

// First reports whether the section at i is the first titled section (after the
// introduction, if any).
func (d *reportTextData) First(i int) bool {
	return i == 0 || i == 1 && d.Sections[0].Kind == passerelle.ReportSectionIntro
}

// reportYear reads the {year} of a report's address: 404 out of the reports' bounds.
func reportYear(r *http.Request) (int, error) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < passerelle.ReportFirstYear || year > passerelle.ReportLastYear {
		return 0, errNotFound
	}
	return year, nil
}

// reportTextURL is the address of the page that writes the text of a report.
func reportTextURL(year int, member string) string {
	u := "/reports/" + strconv.Itoa(year) + "/text"
	if member != "" {
		u += "?member=" + url.QueryEscape(member)
	}
	return u
}

// reportText is the page that writes the text of the report of a year (docs/reports.md,
// "Written text"): its introduction and sections, added, changed, deleted and moved.
// The report is chosen as the report's page chooses it (?member=slug); only those who
// may write it reach the page.
func (s *Server) reportText(w http.ResponseWriter, r *http.Request) error {
	year, err := reportYear(r)
	if err != nil {
		return err
	}
	d, err := s.reportTextPage(r, year, r.URL.Query().Get("member"))
	if err != nil {
		return err
	}
	p := s.newPage(r, "report.text.edit")
	p.Data = d
	return s.render(w, r, "report_text.html", p)
}

// reportTextPage reads what the page shows of the report of year named by member.
func (s *Server) reportTextPage(r *http.Request, year int, member string) (*reportTextData, error) {
	ctx := r.Context()
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	m, err := report.ChooseMember(ctx, s.db, a, member)
	if err != nil {
		return nil, err
	}
	d := &reportTextData{Year: year, Member: m, Form: &passerelle.ReportSection{Kind: passerelle.ReportSectionSection},
		MaxTitle: passerelle.MaxReportTitle, MaxBody: passerelle.MaxReportBody}
	var memberID int64
	l := newLocalizer(s.langOf(r))
	d.Report = l.T("report.title", year)
	if m != nil {
		memberID, d.MemberArg = m.ID, m.Slug
		d.Report += " — " + m.Name
	}
	if err := a.MayWriteReport(memberID); err != nil {
		return nil, err
	}
	d.ReportURL = "/reports/" + strconv.Itoa(year)
	if d.MemberArg != "" {
		d.ReportURL += "?member=" + url.QueryEscape(d.MemberArg)
	}
	if d.Sections, err = store.NewReportSectionService(s.db).FindReportSections(ctx, year, memberID); err != nil {
		return nil, err
	}
	for _, x := range d.Sections {
		if x.Kind == passerelle.ReportSectionIntro {
			d.HasIntro = true
		}
	}
	if !d.HasIntro {
		d.Form.Kind = passerelle.ReportSectionIntro
	}
	return d, nil
}

// reportSectionFromForm reads a section's title, countries and text.
func reportSectionFromForm(r *http.Request, x *passerelle.ReportSection) {
	x.Title = r.PostFormValue("title")
	x.Body = r.PostFormValue("body")
	x.Countries = reportCountries(r.PostFormValue("countries"))
}

// reportCountries reads the countries a section is about: codes or names in English or
// French ("JP, Japon, United States"), separated by commas, semicolons or lines; codes
// separated by spaces ("JP US") too. What is not a country is kept as written, for the
// check to refuse by its value.
func reportCountries(s string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' || c == '\n' || c == '\r' }) {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if c := interchange.CountryCode(item); passerelle.IsCountry(c) {
			out = append(out, c)
			continue
		}
		words, all := strings.Fields(item), true
		for _, w := range words {
			all = all && passerelle.IsCountry(interchange.CountryCode(w))
		}
		if !all || len(words) < 2 {
			out = append(out, item)
			continue
		}
		for _, w := range words {
			out = append(out, interchange.CountryCode(w))
		}
	}
	return out
}
