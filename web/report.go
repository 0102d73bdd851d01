package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/report"
	"passerelle/store"
)

// reportFigures gives the report its figures: the pipeline's, queried over the records.
func (s *Server) reportFigures() report.KPIFunc {
	return store.NewPipelineService(s.db).KPIs
}

// reportIndex leads to the report of the current year.
func (s *Server) reportIndex(w http.ResponseWriter, r *http.Request) error {
	to := "/reports/" + strconv.Itoa(s.localNow(r).Year())
	if m := r.URL.Query().Get("member"); m != "" {
		to += "?member=" + url.QueryEscape(m)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// reportYearsBack bounds how far back the report's year list goes.
const reportYearsBack = 50

// firstActivityYear is the year of the oldest meeting the reader may see, mission or
// event, and no later than atLeast: the report's year list goes back to it (the last ten
// years left a network's older missions out of reach but by the address).
func (s *Server) firstActivityYear(r *http.Request, atLeast int) (int, error) {
	ctx := r.Context()
	first := atLeast
	year := func(date string) {
		if y, err := strconv.Atoi(date[:min(4, len(date))]); err == nil && y < first {
			first = y
		}
	}
	ms, _, err := s.meetings.FindMeetings(ctx, passerelle.MeetingFilter{Limit: 1})
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		year(m.Start.UTC().Format("2006"))
	}
	missions, err := store.NewMissionService(s.db).FindMissions(ctx)
	if err != nil {
		return 0, err
	}
	for _, m := range missions {
		year(m.StartDate)
	}
	events, err := s.eventService().FindEvents(ctx)
	if err != nil {
		return 0, err
	}
	for _, e := range events {
		for _, d := range e.Days {
			year(d.Date)
		}
	}
	return max(first, atLeast-reportYearsBack), nil
}

// reportShow is the annual international report of a year (docs/reports.md): a
// print-ready page, or with ?format=pdf or xlsx the download. A member's user reads its
// own member's report; coordinators and administrators the network's, or any member's
// with ?member=slug. The data is what the store lets the reader see.
func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) error {
	a, err := passerelle.RequireActor(r.Context())
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1900 || year > 2200 {
		return errNotFound
	}
	q := r.URL.Query()
	// The page's form asks for another year (or member) by query: its address is the path.
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y != year {
		if y < 1900 || y > 2200 {
			return errNotFound
		}
		to := "/reports/" + strconv.Itoa(y)
		if m := q.Get("member"); m != "" {
			to += "?member=" + url.QueryEscape(m)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	format := q.Get("format")
	if format != "" && format != "html" && format != "pdf" && format != "xlsx" {
		return errNotFound
	}
	d, err := report.Gather(r.Context(), s.db, a, year, q.Get("member"), s.reportFigures())
	if err != nil {
		return err
	}
	opt := report.Options{Lang: s.langOf(r)}
	var b bytes.Buffer
	name := "report-" + strconv.Itoa(year)
	if d.Member != nil {
		name += "-" + d.Member.Slug
	}
	switch format {
	case "pdf":
		if err := report.WritePDF(&b, d, opt); err != nil {
			return err
		}
		return sendReport(w, "application/pdf", name+".pdf", b.Bytes())
	case "xlsx":
		if err := report.WriteXLSX(&b, d, opt); err != nil {
			return err
		}
		return sendReport(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name+".xlsx", b.Bytes())
	}
	opt.Web, opt.BackURL = true, "/"
	link := func(f string) string {
		v := url.Values{"format": {f}}
		if d.Member != nil {
			v.Set("member", d.Member.Slug)
		}
		return "/reports/" + strconv.Itoa(year) + "?" + v.Encode()
	}
	opt.PDFURL, opt.XLSXURL = link("pdf"), link("xlsx")
	var memberID int64
	member := ""
	if d.Member != nil {
		memberID, member = d.Member.ID, d.Member.Slug
	}
	if a.CanWriteReport(memberID) && !a.System {
		opt.TextURL = reportTextURL(year, member)
	}
	now := s.localNow(r).Year()
	first, err := s.firstActivityYear(r, now-9)
	if err != nil {
		return err
	}
	for y := now; y >= first; y-- {
		opt.Years = append(opt.Years, y)
	}
	if year > now || year < first {
		opt.Years = append(opt.Years, year)
	}
	if a.System || a.Role.CanManage() {
		ms, err := store.NewWorkspaceService(s.db).FindMembers(r.Context())
		if err != nil {
			return err
		}
		for _, m := range ms {
			opt.Members = append(opt.Members, passerelle.MemberRef{ID: m.ID, Slug: report.MemberSlug(m.Name), Name: m.Name})
		}
	}
	if err := report.WriteHTML(&b, d, opt); err != nil {
		return err
	}
	// The page is a standalone document with its one style sheet inline: allow it by hash.
	w.Header().Set("Content-Security-Policy", strings.Replace(contentSecurityPolicy, "style-src 'self'", "style-src 'self' "+report.StyleSource(), 1))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b.Bytes())
	return err
}

func sendReport(w http.ResponseWriter, ctype, name string, body []byte) error {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(body)
	return err
}
