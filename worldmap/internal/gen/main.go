// Command gen converts the countries of Natural Earth, as the world-atlas npm package
// ships them (countries-110m.json, TopoJSON), into worldmap/countries.json: for each
// ISO 3166-1 alpha-2 code, its rings as [longitude, latitude] pairs in tenths of a
// degree. Run it once when the source changes:
//
//	npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//	go run ./worldmap/internal/gen package/countries-110m.json > worldmap/countries.json
package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"
	"sort"

	"golang.org/x/text/language"
)

type topology struct {
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string          `json:"type"`
				Arcs       json.RawMessage `json:"arcs"`
				ID         string          `json:"id"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
	Arcs      [][][2]float64 `json:"arcs"`
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
}

// unnumbered are the features that Natural Earth gives no ISO number: Kosovo has its
// user-assigned code; Northern Cyprus and Somaliland are drawn with Cyprus and Somalia.
var unnumbered = map[string]string{"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen countries-110m.json > countries.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		slog.Error("read", "err", err)
		os.Exit(1)
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		slog.Error("parse", "err", err)
		os.Exit(1)
	}
	// Arcs are delta-encoded integers; decode them to degrees once.
	arcs := make([][][2]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		for _, p := range a {
			x, y = x+p[0], y+p[1]
			arcs[i] = append(arcs[i], [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
		}
	}
	// ring joins arcs into a ring of degrees.
	ring := func(idx []int) [][2]float64 {
		var out [][2]float64
		for k, i := range idx {
			pts := arcs[max(i, ^i)]
			if i < 0 {
				rev := make([][2]float64, len(pts))
				for j := range pts {
					rev[j] = pts[len(pts)-1-j]
				}
				pts = rev
			}
			if k > 0 {
				pts = pts[1:] // each arc starts where the previous one ended
			}
			out = append(out, pts...)
		}
		return out
	}
	quantize := func(r [][2]float64) [][2]int {
		var out [][2]int
		for _, p := range r {
			q := [2]int{int(math.Round(p[0] * 10)), int(math.Round(p[1] * 10))}
			if n := len(out); n > 0 && out[n-1] == q {
				continue
			}
			out = append(out, q)
		}
		return out
	}
	out := map[string][][][2]int{}
	for _, g := range t.Objects.Countries.Geometries {
		code := unnumbered[g.Properties.Name]
		if code == "" {
			r, err := language.ParseRegion(g.ID)
			if err != nil {
				slog.Warn("no ISO code", "id", g.ID, "name", g.Properties.Name)
				continue
			}
			code = r.String()
		}
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				panic(err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				panic(err)
			}
		default:
			continue
		}
		if code == "AQ" {
			continue // circles the pole: no flat ring; the map leaves it out anyway
		}
		for _, p := range polys {
			for _, r := range p {
				for _, piece := range splitAntimeridian(ring(r)) {
					if rg := quantize(piece); len(rg) >= 3 {
						out[code] = append(out[code], rg)
					}
				}
			}
		}
	}
	codes := make([]string, 0, len(out))
	for c := range out {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	// One country per line keeps diffs of the generated file readable.
	fmt.Println("{")
	for i, c := range codes {
		b, _ := json.Marshal(out[c])
		sep := ","
		if i == len(codes)-1 {
			sep = ""
		}
		fmt.Printf("%q: %s%s\n", c, b, sep)
	}
	fmt.Println("}")
}

// splitAntimeridian cuts a ring that crosses longitude ±180 (Russia, Fiji, the
// Aleutians) into the pieces on each side, so that no edge runs across the whole map.
func splitAntimeridian(r [][2]float64) [][][2]float64 {
	u := make([][2]float64, len(r))
	crosses := false
	for i, p := range r {
		u[i] = p
		if i > 0 {
			for u[i][0]-u[i-1][0] > 180 {
				u[i][0] -= 360
			}
			for u[i][0]-u[i-1][0] < -180 {
				u[i][0] += 360
			}
		}
		if u[i][0] > 180 || u[i][0] < -180 {
			crosses = true
		}
	}
	if !crosses {
		return [][][2]float64{r}
	}
	var out [][][2]float64
	for _, shift := range []float64{-360, 0, 360} {
		s := make([][2]float64, len(u))
		for i, p := range u {
			s[i] = [2]float64{p[0] + shift, p[1]}
		}
		s = clip(s, 180, true)
		s = clip(s, -180, false)
		if len(s) >= 3 {
			out = append(out, s)
		}
	}
	return out
}

// clip keeps the part of a closed ring with x <= c (below) or x >= c (Sutherland–Hodgman).
func clip(r [][2]float64, c float64, below bool) [][2]float64 {
	in := func(p [2]float64) bool {
		if below {
			return p[0] <= c
		}
		return p[0] >= c
	}
	var out [][2]float64
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		if in(a) {
			out = append(out, a)
		}
		if in(a) != in(b) {
			t := (c - a[0]) / (b[0] - a[0])
			out = append(out, [2]float64{c, a[1] + t*(b[1]-a[1])})
		}
	}
	return out
}
