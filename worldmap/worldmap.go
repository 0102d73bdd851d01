// Package worldmap draws a world map as SVG on the server: countries shaded by a value
// (a number of agreements, an amount of funding), each one a link or a data-country
// attribute for click-to-filter. No tiles, no script, no network: the shapes of Natural
// Earth's 1:110m countries are embedded (see README.md), projected once with the Equal
// Earth projection.
package worldmap

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

//go:embed countries.json
var countriesJSON []byte

// Width and Height are the map's size in SVG units (the viewBox).
const (
	Width  = 1000.0
	Height = 487.0
)

// paths holds each country's projected outline as SVG path data, by alpha-2 code.
var paths = func() map[string]string {
	var raw map[string][][][2]int
	if err := json.Unmarshal(countriesJSON, &raw); err != nil {
		panic("worldmap: embedded shapes: " + err.Error())
	}
	// Equal Earth spans ±2.7066 × ±1.3173 on the unit sphere; fit it to the viewBox.
	const xMax, yMax = 2.70663, 1.31731
	sx := Width / (2 * xMax)
	out := make(map[string]string, len(raw))
	for code, rings := range raw {
		var b strings.Builder
		for _, r := range rings {
			for i, p := range r {
				x, y := equalEarth(float64(p[0])/10, float64(p[1])/10)
				if i == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				b.WriteString(strconv.FormatFloat(math.Round((x+xMax)*sx*10)/10, 'f', -1, 64))
				b.WriteByte(' ')
				b.WriteString(strconv.FormatFloat(math.Round((yMax-y)*sx*10)/10, 'f', -1, 64))
			}
			b.WriteByte('Z')
		}
		out[code] = b.String()
	}
	return out
}()

// equalEarth projects longitude and latitude (degrees) with the Equal Earth projection
// (Šavrič, Patterson and Jenny, 2018): equal-area, and pleasant like Robinson's.
func equalEarth(lon, lat float64) (x, y float64) {
	const a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
	m := math.Sqrt(3) / 2
	lam, phi := lon*math.Pi/180, lat*math.Pi/180
	th := math.Asin(m * math.Sin(phi))
	t2 := th * th
	t6 := t2 * t2 * t2
	x = lam * math.Cos(th) / (m * (a1 + 3*a2*t2 + t6*(7*a3+9*a4*t2)))
	y = th * (a1 + a2*t2 + t6*(a3+a4*t2))
	return x, y
}

// Countries returns the codes the map can draw.
func Countries() []string {
	out := make([]string, 0, len(paths))
	for c := range paths {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the map has a shape for the country.
func Has(code string) bool { _, ok := paths[code]; return ok }

// Map is what to draw.
type Map struct {
	// Values by country code; countries without one are drawn blank.
	Values map[string]float64
	// Title is the SVG's accessible name.
	Title string
	// Name returns a country's name for its tooltip; nil shows the code.
	Name func(code string) string
	// Format writes a value for tooltips and the legend; nil writes it as a number.
	Format func(v float64) string
	// Link returns the address a country leads to (the filtered list), or "" for none.
	Link func(code string) string
	// Selected is drawn outlined: the country filtered on.
	Selected string
	// Classes is the number of shades (default 5).
	Classes int
	// NoData labels the legend's swatch of countries without a value ("" for none).
	NoData string
}

// palette goes from mid to dark blue; countries without a value are light grey. Its
// lightest shade has a contrast of 3.4:1 with that grey (WCAG's minimum for graphics is
// 3:1): the former pale blue (#deebf7, 1.04:1) left countries with few agreements looking
// blank. Neighbouring shades differ by 1.2:1 to 1.5:1; the legend and the table under
// the map give the exact figures.
var palette = []string{"#4a84c0", "#2f68a8", "#1c4f8c", "#0f3a6e", "#082a52", "#041c3a"}

const blank = "#eeeeee"

// Render writes the map as a standalone SVG element.
func (m *Map) Render(w io.Writer) error {
	classes := m.Classes
	if classes <= 0 {
		classes = 5
	}
	classes = min(classes, len(palette))
	breaks := Breaks(m.Values, classes)
	name := m.Name
	if name == nil {
		name = func(c string) string { return c }
	}
	format := m.Format
	if format == nil {
		format = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	var b strings.Builder
	b.Grow(140 << 10)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" class="worldmap" role="img" aria-label="%s">`,
		Width, Height, html.EscapeString(m.Title))
	if m.Title != "" {
		fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(m.Title))
	}
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="#ffffff"/>`, Width, Height)
	codes := Countries()
	// The selected country comes last so that its outline is on top.
	sort.SliceStable(codes, func(i, j int) bool { return codes[j] == m.Selected && codes[i] != m.Selected })
	for _, c := range codes {
		if c == "AQ" {
			continue // Antarctica takes room and holds no partners
		}
		v, has := m.Values[c]
		fill := blank
		tip := name(c)
		if has && v != 0 {
			fill = palette[classOf(v, breaks)]
			tip += ": " + format(v)
		}
		stroke := `stroke="#ffffff" stroke-width="0.5"`
		if fill == blank {
			stroke = `stroke="#b0b0b0" stroke-width="0.5"` // grey land on a white sea needs its coast
		}
		if c == m.Selected {
			stroke = `stroke="#d94801" stroke-width="1.5"`
		}
		link := ""
		if m.Link != nil && has && v != 0 {
			link = m.Link(c)
		}
		if link != "" {
			fmt.Fprintf(&b, `<a href="%s">`, html.EscapeString(link))
		}
		fmt.Fprintf(&b, `<path d="%s" fill="%s" %s data-country="%s"><title>%s</title></path>`, paths[c], fill, stroke, c, html.EscapeString(tip))
		if link != "" {
			b.WriteString(`</a>`)
		}
	}
	// Legend: one swatch per class with the range of the values it holds, then the
	// swatch of countries without any.
	if len(breaks) > 0 {
		ranges := Ranges(m.Values, breaks)
		rows := len(ranges)
		if m.NoData != "" {
			rows++
		}
		y := Height - 18.0*float64(rows) - 10
		fmt.Fprintf(&b, `<rect x="6" y="%g" width="%g" height="%g" fill="#ffffff" fill-opacity="0.85"/>`, y-6, 220.0, 18.0*float64(rows)+8)
		for i, r := range ranges {
			label := format(r[0])
			if r[1] != r[0] {
				label += " – " + format(r[1])
			}
			fmt.Fprintf(&b, `<rect x="12" y="%g" width="14" height="14" fill="%s"/><text x="32" y="%g" font-size="12" fill="#222">%s</text>`,
				y+18*float64(i), palette[i], y+18*float64(i)+11, html.EscapeString(label))
		}
		if m.NoData != "" {
			i := len(ranges)
			fmt.Fprintf(&b, `<rect x="12" y="%g" width="14" height="14" fill="%s" stroke="#b0b0b0" stroke-width="0.5"/><text x="32" y="%g" font-size="12" fill="#222">%s</text>`,
				y+18*float64(i), blank, y+18*float64(i)+11, html.EscapeString(m.NoData))
		}
	}
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// Breaks returns the lower bound of each shade: quantiles of the non-zero values, so
// that a few large countries do not leave all others in the palest shade.
func Breaks(values map[string]float64, classes int) []float64 {
	var vs []float64
	for _, v := range values {
		if v != 0 {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil
	}
	sort.Float64s(vs)
	var out []float64
	for i := range classes {
		lo := vs[i*len(vs)/classes]
		if len(out) == 0 || lo > out[len(out)-1] {
			out = append(out, lo)
		}
	}
	return out
}

// Ranges returns, for each class of breaks, the smallest and the largest value it holds:
// the legend's real ranges rather than lower bounds only.
func Ranges(values map[string]float64, breaks []float64) [][2]float64 {
	out := make([][2]float64, len(breaks))
	seen := make([]bool, len(breaks))
	for _, v := range values {
		if v == 0 {
			continue
		}
		c := classOf(v, breaks)
		if !seen[c] || v < out[c][0] {
			out[c][0] = v
		}
		if !seen[c] || v > out[c][1] {
			out[c][1] = v
		}
		seen[c] = true
	}
	return out
}

func classOf(v float64, breaks []float64) int {
	c := 0
	for i, lo := range breaks {
		if v >= lo {
			c = i
		}
	}
	return c
}
