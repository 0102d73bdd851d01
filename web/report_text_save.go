package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// The actions of the page that writes a report's text (report_text.go): add a section,
// change, delete or move one. A refused form comes back with each field's problem and
// nothing saved; a section of a report the writer may not read is not found.

// reportTextCreate adds the introduction or a section to the report of {year} named by
// the form's member ("" for the reader's report, as on the report's page).
func (s *Server) reportTextCreate(w http.ResponseWriter, r *http.Request) error {
	year, err := reportYear(r)
	if err != nil {
		return err
	}
	d, err := s.reportTextPage(r, year, r.PostFormValue("member"))
	if err != nil {
		return err
	}
	x := &passerelle.ReportSection{Year: year, Kind: r.PostFormValue("kind")}
	if d.Member != nil {
		x.MemberID = d.Member.ID
	}
	reportSectionFromForm(r, x)
	if err := store.NewReportSectionService(s.db).CreateReportSection(r.Context(), x); err != nil {
		if !formErr(err) {
			return err
		}
		d.Form, d.Failed = x, 0
		return s.reportTextRefused(w, r, d, err)
	}
	s.log.Info("report section added", "year", year, "member", x.MemberID, "section", x.ID)
	return s.redirect(w, r, reportTextURL(year, d.MemberArg)+"#section-"+strconv.FormatInt(x.ID, 10), "flash.saved")
}

// reportTextRefused shows the page again with the refused form's values and problems.
func (s *Server) reportTextRefused(w http.ResponseWriter, r *http.Request, d *reportTextData, err error) error {
	p := s.newPage(r, "report.text.edit")
	p.Data = d
	p.Errors = p.L.FormErrors(err, "body")
	return s.renderStatus(w, r, status(err), "report_text.html", p)
}

// reportSectionOf reads the {section} of a report of {year}: one of another year, or of
// a report the reader may not read, is not found.
func (s *Server) reportSectionOf(r *http.Request) (*passerelle.ReportSection, error) {
	year, err := reportYear(r)
	if err != nil {
		return nil, err
	}
	id, err := idParam(r, "section")
	if err != nil {
		return nil, err
	}
	x, err := store.NewReportSectionService(s.db).FindReportSection(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if x.Year != year {
		return nil, errNotFound
	}
	return x, nil
}

// memberArg names a section's member in the page's address (its id; "" for the
// network's report).
func memberArg(x *passerelle.ReportSection) string {
	if x.MemberID == 0 {
		return ""
	}
	return strconv.FormatInt(x.MemberID, 10)
}

// reportTextUpdate saves a section's title, countries and text.
func (s *Server) reportTextUpdate(w http.ResponseWriter, r *http.Request) error {
	x, err := s.reportSectionOf(r)
	if err != nil {
		return err
	}
	reportSectionFromForm(r, x)
	if err := store.NewReportSectionService(s.db).UpdateReportSection(r.Context(), x); err != nil {
		if !formErr(err) {
			return err
		}
		d, derr := s.reportTextPage(r, x.Year, memberArg(x))
		if derr != nil {
			return derr
		}
		for i, o := range d.Sections {
			if o.ID == x.ID {
				d.Sections[i] = x
			}
		}
		d.Failed = x.ID
		return s.reportTextRefused(w, r, d, err)
	}
	return s.redirect(w, r, reportTextURL(x.Year, memberArg(x))+"#section-"+strconv.FormatInt(x.ID, 10), "flash.saved")
}

// reportTextDelete deletes a section.
func (s *Server) reportTextDelete(w http.ResponseWriter, r *http.Request) error {
	x, err := s.reportSectionOf(r)
	if err != nil {
		return err
	}
	if err := store.NewReportSectionService(s.db).DeleteReportSection(r.Context(), x.ID); err != nil {
		return err
	}
	s.log.Info("report section deleted", "year", x.Year, "member", x.MemberID, "section", x.ID)
	return s.redirect(w, r, reportTextURL(x.Year, memberArg(x)), "flash.deleted")
}

// reportTextMove moves a section one place up or down (direction=up|down).
func (s *Server) reportTextMove(w http.ResponseWriter, r *http.Request) error {
	x, err := s.reportSectionOf(r)
	if err != nil {
		return err
	}
	delta := 0
	switch r.PostFormValue("direction") {
	case "up":
		delta = -1
	case "down":
		delta = 1
	}
	if err := store.NewReportSectionService(s.db).MoveReportSection(r.Context(), x.ID, delta); err != nil {
		return err
	}
	return s.redirect(w, r, reportTextURL(x.Year, memberArg(x))+"#section-"+strconv.FormatInt(x.ID, 10), "")
}
