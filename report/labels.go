package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"passerelle"
	"passerelle/locales"
)

// labels writes the report's words and numbers in one language, from the catalogues.
type labels struct {
	lang string
	tag  language.Tag
}

func newLabels(lang string) labels {
	if lang == "fr" {
		return labels{"fr", language.French}
	}
	return labels{"en", language.English}
}

// T returns the catalogue's message for key, formatted with args.
func (l labels) T(key string, args ...any) string {
	m := locales.Text(l.lang, key)
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// Lang is the language's code.
func (l labels) Lang() string { return l.lang }

// Msg renders a message of the data (a highlight).
func (l labels) Msg(m passerelle.Msg) string { return l.T("msg."+m.Key, m.Args...) }

// Country names a country (ISO 3166-1 alpha-2).
func (l labels) Country(code string) string {
	if r, err := language.ParseRegion(code); err == nil {
		if n := display.Regions(l.tag).Name(r); n != "" {
			return n
		}
	}
	return code
}

// Type names an agreement type.
func (l labels) Type(t passerelle.AgreementType) string { return l.T("agr.type." + string(t)) }

// Num writes an integer with the language's grouping (a no-break space in French).
func (l labels) Num(n int64) string {
	s := strconv.FormatInt(max(n, -n), 10)
	sep := ","
	if l.lang == "fr" {
		sep = "\u00a0"
	}
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Euros writes an amount in cents as whole euros (rounded to the nearest).
func (l labels) Euros(cents int64) string {
	e := (cents + 50) / 100
	if cents < 0 {
		e = (cents - 50) / 100
	}
	if l.lang == "fr" {
		return l.Num(e) + "\u00a0€"
	}
	return "€" + l.Num(e)
}

// Pct writes a percentage with one decimal.
func (l labels) Pct(p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if l.lang == "fr" {
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}

// Date writes YYYY-MM-DD (or YYYY-MM, YYYY) in the language's way.
func (l labels) Date(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	if l.lang == "fr" {
		months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
		return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// Span writes the days from a to b.
func (l labels) Span(a, b string) string {
	if a == b || b == "" {
		return l.Date(a)
	}
	ta, errA := time.Parse(time.DateOnly, a)
	tb, errB := time.Parse(time.DateOnly, b)
	if errA == nil && errB == nil && ta.Year() == tb.Year() && ta.Month() == tb.Month() {
		return strconv.Itoa(ta.Day()) + "–" + l.Date(b)
	}
	return l.Date(a) + " – " + l.Date(b)
}

// Title is the report's title: the year and whose report it is.
func (l labels) Title(d *Data) string {
	who := d.Workspace
	if d.Member != nil {
		who = d.Member.Name
	}
	if who == "" {
		return l.T("report.title", d.Year)
	}
	return l.T("report.title", d.Year) + " — " + who
}

// figure is one row of the figures table.
type figure struct {
	Key   string // catalogue key of its label
	Value func(k passerelle.KPIs) string
	Raw   func(k passerelle.KPIs) float64 // for charts and the workbook (euros for money)
	Money bool
}

// figures are the rows of the figures table, in order.
func (l labels) figures() []figure {
	count := func(f func(k passerelle.KPIs) int) (func(passerelle.KPIs) string, func(passerelle.KPIs) float64) {
		return func(k passerelle.KPIs) string { return l.Num(int64(f(k))) }, func(k passerelle.KPIs) float64 { return float64(f(k)) }
	}
	money := func(f func(k passerelle.KPIs) int64) (func(passerelle.KPIs) string, func(passerelle.KPIs) float64) {
		return func(k passerelle.KPIs) string { return l.Euros(f(k)) }, func(k passerelle.KPIs) float64 { return float64(f(k)) / 100 }
	}
	row := func(key string, money bool, v func(passerelle.KPIs) string, r func(passerelle.KPIs) float64) figure {
		return figure{Key: key, Value: v, Raw: r, Money: money}
	}
	var out []figure
	v, r := count(func(k passerelle.KPIs) int { return k.Counts.CompaniesMetAbroad })
	out = append(out, row("report.fig.companies_met_abroad", false, v, r))
	v, r = count(func(k passerelle.KPIs) int { return k.Counts.MeetingsHeld })
	out = append(out, row("report.fig.meetings_held", false, v, r))
	v, r = money(func(k passerelle.KPIs) int64 { return k.Money.RDContractsForeign })
	out = append(out, row("report.fig.rd_contracts_foreign", true, v, r))
	v, r = money(func(k passerelle.KPIs) int64 { return k.Money.EUProjects })
	out = append(out, row("report.fig.eu_projects_eur", true, v, r))
	v, r = count(func(k passerelle.KPIs) int { return k.Counts.EUProjects })
	out = append(out, row("report.fig.eu_projects", false, v, r))
	v, r = count(func(k passerelle.KPIs) int { return k.Counts.EUProjectsCoordinated })
	out = append(out, row("report.fig.eu_projects_coordinated", false, v, r))
	v, r = money(func(k passerelle.KPIs) int64 { return k.Money.PartnershipRevenue })
	out = append(out, row("report.fig.partnership_revenue", true, v, r))
	out = append(out, figure{Key: "report.fig.foreign_share", Value: func(k passerelle.KPIs) string { return l.Pct(k.ForeignSharePct()) },
		Raw: func(k passerelle.KPIs) float64 { return k.ForeignSharePct() }})
	v, r = count(func(k passerelle.KPIs) int { return k.Counts.AgreementsSigned })
	out = append(out, row("report.fig.agreements_signed", false, v, r))
	v, r = count(func(k passerelle.KPIs) int { return k.Counts.Opportunities })
	out = append(out, row("report.fig.opportunities", false, v, r))
	v, r = count(func(k passerelle.KPIs) int { return k.Counts.OpportunitiesWon })
	out = append(out, row("report.fig.opportunities_won", false, v, r))
	return out
}

// chartSeries are the figures drawn as bars by year: revenue by source, and meetings.
type chartSeries struct {
	Key   string
	Money bool
	Value func(k passerelle.KPIs) int64
}

var charts = []chartSeries{
	{"report.chart.revenue", true, func(k passerelle.KPIs) int64 { return k.Money.PartnershipRevenue }},
	{"report.chart.eu_projects", true, func(k passerelle.KPIs) int64 { return k.Money.EUProjects }},
	{"report.chart.meetings", false, func(k passerelle.KPIs) int64 { return int64(k.Counts.MeetingsHeld) }},
}
