package worldmap

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// luminance is WCAG's relative luminance of a #rrggbb colour.
func luminance(hex string) float64 {
	var c [3]float64
	for i := range 3 {
		n, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		v := float64(n) / 255
		if v <= 0.03928 {
			c[i] = v / 12.92
		} else {
			c[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestPaletteReadable (issue 20): every shade stands out from land without data by at
// least 3:1, and each shade is darker than the one before.
func TestPaletteReadable(t *testing.T) {
	for i, p := range palette {
		if c := contrast(p, blank); c < 3 {
			t.Errorf("shade %d %s against %s: %.2f:1, want >= 3", i, p, blank, c)
		}
		if i > 0 && luminance(p) >= luminance(palette[i-1]) {
			t.Errorf("shade %d %s is not darker than %s", i, p, palette[i-1])
		}
	}
}

// TestLegendRanges: the legend gives each shade's real range, and the no-data swatch.
func TestLegendRanges(t *testing.T) {
	vals := map[string]float64{"FR": 1, "DE": 2, "US": 3, "JP": 10, "AR": 20, "DK": 0}
	breaks := Breaks(vals, 5)
	r := Ranges(vals, breaks)
	if len(r) != len(breaks) || r[0][0] != 1 || r[len(r)-1][1] != 20 {
		t.Fatalf("ranges %v for breaks %v", r, breaks)
	}
	var b strings.Builder
	m := Map{Values: vals, NoData: "none", Format: func(v float64) string { return strconv.Itoa(int(v)) }}
	if err := m.Render(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ">none</text>") || !strings.Contains(b.String(), ">20</text>") {
		t.Errorf("legend lacks the no-data swatch or the last range")
	}
}
