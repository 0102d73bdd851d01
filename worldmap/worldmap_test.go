package worldmap

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	m := &Map{Title: "Agreements <by country>", Values: map[string]float64{"AR": 1, "JP": 2, "US": 1, "FR": 0},
		Link: func(c string) string { return "/agreements?country=" + c + "&x=1" }, Selected: "JP"}
	var buf bytes.Buffer
	if err := m.Render(&buf); err != nil {
		t.Fatal(err)
	}
	// Valid XML, and a path for each country that matters here.
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	seen := map[string]bool{}
	links := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not valid XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "path":
				for _, a := range se.Attr {
					if a.Name.Local == "data-country" {
						seen[a.Value] = true
					}
					if a.Name.Local == "d" && !strings.HasPrefix(a.Value, "M") {
						t.Errorf("path data %q", a.Value[:10])
					}
				}
			case "a":
				links++
			}
		}
	}
	for _, c := range []string{"FR", "AR", "JP", "US", "DK", "TN", "XK"} {
		if !seen[c] {
			t.Errorf("no path for %s", c)
		}
	}
	if links != 3 {
		t.Errorf("%d links, want 3 (countries with a value)", links)
	}
	if len(seen) < 170 {
		t.Errorf("%d countries drawn", len(seen))
	}
}

func TestProjection(t *testing.T) {
	for _, tc := range []struct{ lon, lat, x, y float64 }{{0, 0, 0, 0}, {180, 0, 2.70663, 0}, {0, 90, 0, 1.31731}} {
		x, y := equalEarth(tc.lon, tc.lat)
		if d := (x-tc.x)*(x-tc.x) + (y-tc.y)*(y-tc.y); d > 1e-8 {
			t.Errorf("equalEarth(%g, %g) = %g, %g; want %g, %g", tc.lon, tc.lat, x, y, tc.x, tc.y)
		}
	}
}

func TestBreaks(t *testing.T) {
	b := Breaks(map[string]float64{"A": 1, "B": 1, "C": 1, "D": 10, "E": 100}, 5)
	if len(b) != 3 || b[0] != 1 || b[2] != 100 {
		t.Errorf("breaks %v", b)
	}
	if Breaks(nil, 5) != nil {
		t.Error("breaks of nothing")
	}
}

func BenchmarkRender(b *testing.B) {
	vals := map[string]float64{}
	for i, c := range Countries() {
		vals[c] = float64(i)
	}
	m := &Map{Values: vals, Link: func(c string) string { return "?country=" + c }}
	for b.Loop() {
		_ = m.Render(io.Discard)
	}
}
