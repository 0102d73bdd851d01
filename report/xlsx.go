package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/interchange"
)

// WriteXLSX writes the report as a workbook: a sheet of figures (one column per year,
// numbers as numbers, money in euros) and one sheet per list: highlights, events and
// missions, delegations, agreements signed, countries; and the written text, a row per
// section. Labels are in opt.Lang; text
// cells that a spreadsheet would run as formulas are neutralised.
func WriteXLSX(w io.Writer, d *Data, opt Options) error {
	l := newLabels(opt.Lang)
	f := excelize.NewFile()
	defer f.Close()
	first := true
	sheet := func(key string, head []string, rows [][]any) error {
		name := l.T(key)
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		all := append([][]any{toAny(head)}, rows...)
		for i, r := range all {
			for j, v := range r {
				if s, ok := v.(string); ok {
					r[j] = interchange.NeutralizeCell(s)
				}
			}
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, r); err != nil {
				return err
			}
		}
		return sw.Flush()
	}

	head := []string{l.T("report.col.figure")}
	for _, k := range d.History {
		head = append(head, strconv.Itoa(k.Year))
	}
	var rows [][]any
	for _, fg := range l.figures() {
		label := l.T(fg.Key)
		if fg.Money {
			label += " (EUR)"
		}
		r := []any{label}
		for _, k := range d.History {
			r = append(r, fg.Raw(k))
		}
		rows = append(rows, r)
	}
	if err := sheet("report.sheet.figures", head, rows); err != nil {
		return err
	}

	rows = nil
	for _, h := range d.Highlights {
		rows = append(rows, []any{l.Msg(h)})
	}
	if err := sheet("report.sheet.highlights", []string{l.T("report.highlights")}, rows); err != nil {
		return err
	}

	rows = nil
	for _, x := range d.Activities() {
		if e := x.Event; e != nil {
			rows = append(rows, []any{l.T("report.kind.event"), e.Start, e.End, e.Name, e.Location, strings.Join(e.Countries, ", "), e.Participants, e.Meetings})
		} else {
			m := x.Mission
			rows = append(rows, []any{l.T("report.kind.mission"), m.Start, m.End, m.Name, m.Destination, m.Country, "", m.Meetings})
		}
	}
	if err := sheet("report.sheet.events", []string{l.T("report.col.kind"), l.T("report.col.start"), l.T("report.col.end"), l.T("report.col.what"),
		l.T("report.col.where"), l.T("report.col.countries"), l.T("report.col.participants"), l.T("report.col.meetings")}, rows); err != nil {
		return err
	}

	rows = nil
	for _, m := range d.Delegations {
		rows = append(rows, []any{m.Start, m.End, m.Name, m.Destination, strings.Join(m.Targets, ", ")})
	}
	if err := sheet("report.sheet.delegations", []string{l.T("report.col.start"), l.T("report.col.end"), l.T("report.col.what"),
		l.T("report.col.where"), l.T("report.col.met")}, rows); err != nil {
		return err
	}

	rows = nil
	for _, a := range d.Agreements {
		rows = append(rows, []any{a.SignedDate, a.Title, l.Type(a.Type), strings.Join(a.Partners, ", "), strings.Join(a.Countries, ", ")})
	}
	if err := sheet("report.sheet.agreements", []string{l.T("report.col.signed"), l.T("report.col.agreement"), l.T("report.col.type"),
		l.T("report.col.partners"), l.T("report.col.countries")}, rows); err != nil {
		return err
	}

	rows = nil
	for _, c := range d.SortedCountries() {
		rows = append(rows, []any{c, l.Country(c), d.Countries[c]})
	}
	if err := sheet("report.sheet.countries", []string{l.T("report.col.code"), l.T("report.col.country"), l.T("report.col.activities")}, rows); err != nil {
		return err
	}

	// The written text comes last, so that the sheets before it keep their places.
	rows = nil
	for i, x := range d.Sections {
		title := x.Title
		if x.Kind == passerelle.ReportSectionIntro {
			title = l.T("report.text.intro")
		}
		var figs []string
		for _, f := range d.CountryFigures(x.Countries) {
			figs = append(figs, l.T("report.text.country_figures", l.Country(f.Code), f.Agreements, f.Missions, f.Events, f.Activities))
		}
		rows = append(rows, []any{i + 1, title, strings.Join(x.Countries, ", "), x.Body, strings.Join(figs, "\n")})
	}
	if err := sheet("report.sheet.text", []string{"#", l.T("report.text.col_title"), l.T("report.col.countries"), l.T("report.text.col_body"),
		l.T("report.text.col_figures")}, rows); err != nil {
		return err
	}
	return f.Write(w)
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
