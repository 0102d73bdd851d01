package report

import (
	"io"
	"strconv"
	"strings"

	"passerelle"
)

// WritePDF writes the report as a PDF: the same sections as the page, its charts as
// bars, the map as the table of countries. Its text is extractable (pdftotext).
func WritePDF(w io.Writer, d *Data, opt Options) error {
	l := newLabels(opt.Lang)
	title := l.Title(d)
	p := newPDF(title)
	full := pageW - 2*margin

	p.paragraph(margin, full, 18, true, blue, title)
	scope := l.T("report.scope_network")
	if d.Member != nil {
		scope = l.T("report.scope_member", d.Member.Name)
	}
	p.paragraph(margin, full, 9.5, false, grey, scope+" · "+l.T("report.generated", l.Date(d.Generated.Format("2006-01-02"))))

	heading := func(key string) {
		p.ensure(60)
		p.y += 22
		p.text(margin, p.y, 13, true, blue, l.T(key))
		p.y += 5
		p.line(margin, p.y, pageW-margin, p.y, 1.2, blue)
		p.y += 4
	}
	empty := func() { p.paragraph(margin, full, 10, false, grey, l.T("report.none")) }

	heading("report.highlights")
	for _, h := range d.Highlights {
		p.y += 2
		start := len(p.pages)
		y0 := p.y
		p.paragraph(margin+12, full-12, 10, false, black, l.Msg(h))
		if len(p.pages) == start {
			p.text(margin+2, y0+10, 10, false, black, "•")
		}
	}

	if len(d.Sections) > 0 {
		heading("report.text")
		for _, x := range d.Sections {
			if x.Kind != passerelle.ReportSectionIntro {
				p.ensure(50)
				p.y += 8
				p.paragraph(margin, full, 11.5, true, blue, x.Title)
				p.y += 2
			}
			for _, f := range d.CountryFigures(x.Countries) {
				p.paragraph(margin, full, 9, false, grey, l.T("report.text.country_figures", l.Country(f.Code), f.Agreements, f.Missions, f.Events, f.Activities))
			}
			for _, para := range x.Paragraphs() {
				p.y += 3
				p.paragraph(margin, full, 10, false, black, para)
			}
		}
	}

	heading("report.events_missions")
	if len(d.Events)+len(d.Missions) == 0 {
		empty()
	} else {
		var rows [][]string
		for _, x := range d.Activities() {
			if e := x.Event; e != nil {
				where := e.Location
				switch {
				case len(e.Countries) > 0 && where != "":
					where += " (" + countryNames(l, e.Countries) + ")"
				case len(e.Countries) > 0:
					where = countryNames(l, e.Countries)
				}
				rows = append(rows, []string{l.Span(e.Start, e.End), e.Name, where, strconv.Itoa(e.Participants), strconv.Itoa(e.Meetings)})
			} else {
				m := x.Mission
				rows = append(rows, []string{l.Span(m.Start, m.End), m.Name, m.Destination, "—", strconv.Itoa(m.Meetings)})
			}
		}
		p.table([]string{l.T("report.col.when"), l.T("report.col.what"), l.T("report.col.where"), l.T("report.col.participants"), l.T("report.col.meetings")},
			[]float64{0.19, 0.34, 0.21, 0.13, 0.13}, []bool{false, false, false, true, true}, rows)
	}

	heading("report.delegations")
	if len(d.Delegations) == 0 {
		empty()
	} else {
		var rows [][]string
		for _, m := range d.Delegations {
			rows = append(rows, []string{l.Span(m.Start, m.End), m.Name, strings.Join(m.Targets, ", ")})
		}
		p.table([]string{l.T("report.col.when"), l.T("report.col.what"), l.T("report.col.met")}, []float64{0.22, 0.4, 0.38}, nil, rows)
	}

	heading("report.agreements")
	if len(d.Agreements) == 0 {
		empty()
	} else {
		var rows [][]string
		for _, a := range d.Agreements {
			partners := strings.Join(a.Partners, ", ")
			if len(a.Countries) > 0 {
				partners += " (" + countryNames(l, a.Countries) + ")"
			}
			rows = append(rows, []string{l.Date(a.SignedDate), a.Title, l.Type(a.Type), partners})
		}
		p.table([]string{l.T("report.col.signed"), l.T("report.col.agreement"), l.T("report.col.type"), l.T("report.col.partners")},
			[]float64{0.16, 0.36, 0.18, 0.3}, nil, rows)
	}

	heading("report.figures")
	head := []string{l.T("report.col.figure")}
	widths := []float64{0.4}
	right := []bool{false}
	for _, k := range d.History {
		head = append(head, strconv.Itoa(k.Year))
		widths = append(widths, 0.6/float64(len(d.History)))
		right = append(right, true)
	}
	var rows [][]string
	for _, f := range l.figures() {
		r := []string{l.T(f.Key)}
		for _, k := range d.History {
			r = append(r, f.Value(k))
		}
		rows = append(rows, r)
	}
	p.table(head, widths, right, rows)
	p.charts(l, d)

	heading("report.map")
	if len(d.Countries) == 0 {
		empty()
	} else {
		rows = nil
		for _, c := range d.SortedCountries() {
			rows = append(rows, []string{l.Country(c), strconv.Itoa(d.Countries[c])})
		}
		p.table([]string{l.T("report.col.country"), l.T("report.col.activities")}, []float64{0.7, 0.3}, []bool{false, true}, rows)
	}
	_, err := p.WriteTo(w)
	return err
}

func countryNames(l labels, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = l.Country(c)
	}
	return strings.Join(names, ", ")
}

// table draws a table over the page's width: a shaded header row, then rows whose
// cells wrap; a row that does not fit starts a new page, under the header again.
func (p *pdfDoc) table(head []string, frac []float64, right []bool, rows [][]string) {
	const size, pad = 9.0, 3.0
	full := pageW - 2*margin
	xs := make([]float64, len(head)+1)
	xs[0] = margin
	for i, f := range frac {
		xs[i+1] = xs[i] + f*full
	}
	lead := size * 1.3
	draw := func(cells []string, bold bool, bg bool) {
		lines := make([][]string, len(cells))
		h := 0.0
		for i, c := range cells {
			lines[i] = wrap(c, size, xs[i+1]-xs[i]-2*pad, bold)
			h = max(h, float64(len(lines[i]))*lead+2*pad)
		}
		if p.ensure(h) && !bold {
			draw0(p, head, xs, size, pad, lead)
		}
		if bg {
			p.rect(margin, p.y, full, h, shade)
		}
		for i := range cells {
			for j, ln := range lines[i] {
				y := p.y + pad + float64(j+1)*lead - size*0.3
				if right != nil && right[i] {
					p.textRight(xs[i+1]-pad, y, size, bold, black, ln)
				} else {
					p.text(xs[i]+pad, y, size, bold, black, ln)
				}
			}
		}
		p.y += h
		p.line(margin, p.y, pageW-margin, p.y, 0.5, rule)
	}
	draw(head, true, true)
	for _, r := range rows {
		draw(r, false, false)
	}
	p.y += 6
}

// draw0 repeats a table's header at the top of a new page.
func draw0(p *pdfDoc, head []string, xs []float64, size, pad, lead float64) {
	h := lead + 2*pad
	p.rect(margin, p.y, pageW-2*margin, h, shade)
	for i, c := range head {
		ln := wrap(c, size, xs[i+1]-xs[i]-2*pad, true)
		p.text(xs[i]+pad, p.y+pad+lead-size*0.3, size, true, black, ln[0])
	}
	p.y += h
	p.line(margin, p.y, pageW-margin, p.y, 0.5, rule)
}

// charts draws the series of figures by year as bar charts, side by side.
func (p *pdfDoc) charts(l labels, d *Data) {
	const h, gap = 130.0, 14.0
	p.ensure(h + 30)
	w := (pageW - 2*margin - gap*float64(len(charts)-1)) / float64(len(charts))
	top := p.y + 8
	for i, c := range charts {
		x0 := margin + float64(i)*(w+gap)
		p.text(x0, top+10, 9, true, black, l.T(c.Key))
		base := top + h
		p.line(x0, base, x0+w, base, 0.8, grey)
		var maxV int64
		for _, k := range d.History {
			maxV = max(maxV, c.Value(k))
		}
		slot := w / float64(max(len(d.History), 1))
		if maxV == 0 {
			note := l.T("report.chart_none")
			p.text(x0+w/2-width(note, 8, false)/2, base-h/2+10, 8, false, grey, note)
		}
		for j, k := range d.History {
			v := c.Value(k)
			bh := 0.0
			if maxV > 0 {
				bh = float64(v) / float64(maxV) * (h - 40)
			}
			bx := x0 + float64(j)*slot + slot*0.18
			bw := slot * 0.64
			if bh > 0 {
				p.rect(bx, base-bh, bw, bh, bar)
			}
			if maxV > 0 {
				label := shortNumber(l, v, c.Money)
				p.text(bx+bw/2-width(label, 7, false)/2, base-bh-3, 7, false, black, label)
			}
			year := strconv.Itoa(k.Year)
			p.text(bx+bw/2-width(year, 7.5, false)/2, base+10, 7.5, false, black, year)
		}
	}
	p.y = top + h + 20
}
