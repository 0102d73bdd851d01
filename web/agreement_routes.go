package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
	"passerelle/worldmap"
)

func (s *Server) agreementStore() *store.AgreementService { return store.NewAgreementService(s.DB()) }

// agreementFilter reads the filters of the list, the export and the API from a query.
func agreementFilter(q url.Values) passerelle.AgreementFilter {
	f := passerelle.AgreementFilter{
		Query:   strings.TrimSpace(q.Get("q")),
		Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Region:  strings.TrimSpace(q.Get("region")),
		Theme:   strings.TrimSpace(q.Get("theme")),
		Status:  passerelle.AgreementStatus(q.Get("status")),
		Year:    atoi(q.Get("year")),
		Type:    passerelle.AgreementType(q.Get("type")),
	}
	f.PartnerID, _ = strconv.ParseInt(q.Get("partner"), 10, 64)
	return f
}

// agreementFilterKeys are the query parameters that filter, in the order chips show them.
var agreementFilterKeys = []string{"q", "country", "region", "theme", "status", "year", "type", "partner"}

// filterURL returns base?query with key set to value (or removed when value is ""),
// and the page reset.
func filterURL(base string, q url.Values, key, value string) string {
	n := url.Values{}
	for _, k := range append(agreementFilterKeys, "map") {
		if v := q.Get(k); v != "" {
			n.Set(k, v)
		}
	}
	if value == "" {
		n.Del(key)
	} else {
		n.Set(key, value)
	}
	if e := n.Encode(); e != "" {
		return base + "?" + e
	}
	return base
}

// themeIndex maps codes to themes, for labels.
func (s *Server) themeIndex(ctx context.Context) (map[string]*passerelle.Theme, []*passerelle.Theme, error) {
	list, err := s.findThemes(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]*passerelle.Theme, len(list))
	for _, t := range list {
		m[t.Code] = t
	}
	return m, list, nil
}

// themePath names a theme with its ancestors: "Économie › Attractivité › Clusters".
func themePath(themes map[string]*passerelle.Theme, code, lang string) string {
	if code == "" {
		return ""
	}
	var parts []string
	for i := 0; i <= len(code); i++ {
		if i == len(code) || code[i] == '.' {
			if t := themes[code[:i]]; t != nil {
				parts = append(parts, t.Label(lang))
			}
		}
	}
	if len(parts) == 0 {
		return code
	}
	return strings.Join(parts, " › ")
}

// textBlock is a paragraph or a list of the rich text fields: paragraphs are separated
// by blank lines, list items are lines that start with "- ". Never HTML: templates
// escape it like any text.
type textBlock struct {
	Para  string
	Items []string
}

func richText(s string) []textBlock {
	var out []textBlock
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, textBlock{Para: strings.Join(para, " ")})
			para = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "• "):
			flush()
			item := strings.TrimSpace(t[strings.IndexByte(t, ' ')+1:])
			if n := len(out); n > 0 && out[n-1].Items != nil {
				out[n-1].Items = append(out[n-1].Items, item)
			} else {
				out = append(out, textBlock{Items: []string{item}})
			}
		default:
			para = append(para, t)
		}
	}
	flush()
	return out
}

// worldMapSVG draws the map of the country facet, shaded by number of agreements or by
// funding, each country a link to the list filtered on it. The SVG is built from our
// own country codes, CLDR names and numbers, all escaped by worldmap.
func worldMapSVG(l *Localizer, countries []passerelle.FacetCount, byFunding bool, link func(code string) string, selected string) template.HTML {
	vals := make(map[string]float64, len(countries))
	for _, c := range countries {
		if byFunding {
			vals[c.Value] = float64(c.AmountCents) / 100
		} else {
			vals[c.Value] = float64(c.Count)
		}
	}
	title := l.T("agr.map.title_count")
	format := func(v float64) string { return l.N("agr.map.count", int(v)) }
	if byFunding {
		title = l.T("agr.map.title_funding")
		format = func(v float64) string { return l.Euros(int64(math.Round(v * 100))) }
	}
	var b strings.Builder
	m := worldmap.Map{Values: vals, Title: title, Name: l.Country, Format: format, Link: link, Selected: selected, NoData: l.T("agr.map.none")}
	if err := m.Render(&b); err != nil {
		return ""
	}
	return template.HTML(b.String())
}

// fundingChart draws the funding per funder and per year as horizontal bars, in SVG.
// Labels are escaped; the colours are presentation attributes (no inline style).
func fundingChart(l *Localizer, title string, rows []passerelle.FundingTotal, yearKeys bool) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	var maxV int64
	for _, r := range rows {
		maxV = max(maxV, r.AmountCents)
	}
	if maxV <= 0 {
		maxV = 1
	}
	const width, labelW, barW, rowH = 640.0, 230.0, 300.0, 26.0
	h := rowH*float64(len(rows)) + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" class="chart" role="img" aria-label="%s"><title>%s</title>`,
		width, h, html.EscapeString(title), html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="0" y="16" font-size="14" font-weight="bold" fill="#222">%s</text>`, html.EscapeString(title))
	for i, r := range rows {
		y := 28 + rowH*float64(i)
		label := r.Key
		if yearKeys && (label == "0" || label == "") {
			label = l.T("agr.funding.no_year")
		}
		if rs := []rune(label); len(rs) > 34 {
			label = string(rs[:33]) + "…"
		}
		w := barW * float64(r.AmountCents) / float64(maxV)
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="12" text-anchor="end" fill="#333">%s</text>`, labelW-8, y+14, html.EscapeString(label))
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%.1f" height="%g" fill="#3182bd"><title>%s: %s</title></rect>`,
			labelW, y+2, math.Max(w, 1), rowH-8, html.EscapeString(r.Key), html.EscapeString(l.Euros(r.AmountCents)))
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="12" fill="#333">%s</text>`, labelW+math.Max(w, 1)+6, y+14, html.EscapeString(l.Euros(r.AmountCents)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// agreementID reads the {agreement} wildcard.
func agreementID(r *http.Request) (int64, error) { return idParam(r, "agreement") }
