package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"passerelle"
	"passerelle/worldmap"
)

//go:embed report.html
var htmlText string

//go:embed report.css
var cssText string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"join": strings.Join}).Parse(htmlText))

// StyleSource is the Content-Security-Policy source that allows the page's one inline
// style sheet (its hash), so that a server keeping "style-src 'self'" can serve it.
func StyleSource() string {
	sum := sha256.Sum256([]byte(cssText))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// Options are the web page's extras; the zero value writes the standalone document.
type Options struct {
	Lang string // "en" or "fr"
	// Web adds the controls (year, member, downloads), hidden when printed.
	Web             bool
	BackURL         string
	PDFURL, XLSXURL string
	// TextURL leads to the page that writes the report's text, for those who may.
	TextURL string
	Years   []int
	Members []passerelle.MemberRef // the members the reader may choose (coordinators)
}

type htmlView struct {
	L           labels
	D           *Data
	Opt         Options
	Web         bool
	Title       string
	Generated   string
	CSS         template.CSS
	Figures     []figureRow
	Charts      []chartView
	Map         template.HTML
	CountryRows []countryRow
}

type figureRow struct {
	Label  string
	Values []string
}

type chartView struct {
	Title string
	SVG   template.HTML
}

type countryRow struct {
	Name string
	N    int
}

// Countries names a list of country codes.
func (v *htmlView) Countries(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = v.L.Country(c)
	}
	return strings.Join(names, ", ")
}

// WriteHTML writes the report as one print-ready HTML document: its style inline, its
// charts and map as inline SVG, nothing to fetch.
func WriteHTML(w io.Writer, d *Data, opt Options) error {
	l := newLabels(opt.Lang)
	v := &htmlView{L: l, D: d, Opt: opt, Web: opt.Web, Title: l.Title(d), Generated: l.Date(d.Generated.Format("2006-01-02")),
		CSS: template.CSS(cssText)}
	for _, f := range l.figures() {
		row := figureRow{Label: l.T(f.Key)}
		for _, k := range d.History {
			row.Values = append(row.Values, f.Value(k))
		}
		v.Figures = append(v.Figures, row)
	}
	for _, c := range charts {
		v.Charts = append(v.Charts, chartView{Title: l.T(c.Key), SVG: barChartSVG(l, d.History, c)})
	}
	if len(d.Countries) > 0 {
		vals := map[string]float64{}
		for c, n := range d.Countries {
			vals[c] = float64(n)
		}
		m := worldmap.Map{Values: vals, Title: l.T("report.map"), Name: l.Country, NoData: l.T("report.map_none"),
			Format: func(x float64) string { return l.T("report.map_count", int(x)) }}
		var b strings.Builder
		if err := m.Render(&b); err != nil {
			return err
		}
		v.Map = template.HTML(b.String()) // built by worldmap from codes, names and numbers, all escaped
		for _, c := range d.SortedCountries() {
			v.CountryRows = append(v.CountryRows, countryRow{l.Country(c), d.Countries[c]})
		}
	}
	return htmlTemplate.Execute(w, v)
}

// barChartSVG draws one series by year as vertical bars, each with its value above it.
// Every text is escaped; colours are presentation attributes (no inline style).
func barChartSVG(l labels, hist []passerelle.KPIs, c chartSeries) template.HTML {
	const width, height, top, bottom, left = 320.0, 180.0, 22.0, 24.0, 8.0
	var maxV int64
	for _, k := range hist {
		maxV = max(maxV, c.Value(k))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" role="img" aria-label="%s">`, width, height, template.HTMLEscapeString(l.T(c.Key)))
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#666" stroke-width="1"/>`, left, height-bottom, width-left, height-bottom)
	n := max(len(hist), 1)
	slot := (width - 2*left) / float64(n)
	if maxV == 0 {
		// Bars of nothing read as a broken chart: say so once, keep the years.
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="12" text-anchor="middle" fill="#555">%s</text>`, width/2, (height-bottom)/2+top/2,
			template.HTMLEscapeString(l.T("report.chart_none")))
	}
	for i, k := range hist {
		v := c.Value(k)
		h := 0.0
		if maxV > 0 {
			h = float64(v) / float64(maxV) * (height - top - bottom)
		}
		x := left + float64(i)*slot + slot*0.18
		bw := slot * 0.64
		label := l.Num(v)
		if c.Money {
			label = l.Euros(v)
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#2f68a8"><title>%d: %s</title></rect>`,
			x, height-bottom-h, bw, h, k.Year, template.HTMLEscapeString(label))
		if maxV > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="#1a1a1a">%s</text>`,
				x+bw/2, height-bottom-h-4, template.HTMLEscapeString(shortNumber(l, v, c.Money)))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle" fill="#1a1a1a">%d</text>`, x+bw/2, height-bottom+14, k.Year)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// shortNumber writes a bar's value compactly: millions and thousands of euros.
func shortNumber(l labels, v int64, money bool) string {
	if !money {
		return l.Num(v)
	}
	e := v / 100
	switch {
	case e >= 1_000_000:
		m := fmt.Sprintf("%.1f", float64(e)/1e6)
		if l.lang == "fr" {
			m = strings.Replace(m, ".", ",", 1)
		}
		return l.T("report.money_m", m)
	case e >= 1_000:
		return l.T("report.money_k", fmt.Sprintf("%d", (e+500)/1000))
	}
	return l.Euros(v)
}
