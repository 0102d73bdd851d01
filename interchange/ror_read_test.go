package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// rorFull is a complete v2 record exercising every converted field.
const rorFull = `{"admin": {"created": {"date": "2018-11-14", "schema_version": "1.0"}, "last_modified": {"date": "2025-08-07", "schema_version": "2.1"}}, "domains": [], "established": 2003, ` +
	`"external_ids": [{"all": ["grid.464092.d"], "preferred": "grid.464092.d", "type": "grid"}, {"all": ["0000 0004 0383 0608", "0000 0001 2222 3333"], "preferred": "0000 0001 2222 3333", "type": "isni"}, {"all": ["Q30262448"], "preferred": null, "type": "wikidata"}], ` +
	`"id": "https://ror.org/000063q30", "links": [{"type": "website", "value": "https://tima.example.fr"}, {"type": "wikipedia", "value": "https://fr.wikipedia.org/wiki/TIMA"}], ` +
	`"locations": [{"geonames_details": {"continent_code": "EU", "country_code": "FR", "country_name": "France", "lat": 45.17869, "lng": 5.71479, "name": "Grenoble"}, "geonames_id": 3014728}, {"geonames_details": {"country_code": "DE", "lat": 1, "lng": 2, "name": "Berlin"}}], ` +
	`"names": [{"lang": null, "types": ["acronym"], "value": "TIMA"}, {"lang": "en", "types": ["alias"], "value": "TIMA Laboratory"}, {"lang": "fr", "types": ["label"], "value": "Techniques de l'Informatique"}, {"lang": "en", "types": ["ror_display", "label"], "value": "Techniques of Informatics"}], ` +
	`"relationships": [{"label": "Université Grenoble Alpes", "type": "parent", "id": "https://ror.org/02rx3b187"}, {"label": "Old Lab", "type": "Predecessor", "id": "https://ror.org/0abcdef12"}], ` +
	`"status": "active", "types": ["facility", "education"], "unknown_field": {"x": [1, 2]}}`

// rorMin builds a minimal valid v2 record with the given id suffix and name.
func rorMin(id, name string) string {
	return fmt.Sprintf(`{"id": "https://ror.org/%s", "admin": {}, "names": [{"value": %q, "types": ["ror_display"], "lang": null}], "status": "active", "types": ["other"], "established": null, "locations": [], "links": [], "external_ids": [], "relationships": []}`, id, name)
}

const rorV1 = `{"id": "https://ror.org/02feahw73", "name": "Centre National de la Recherche Scientifique", "types": ["Government"], "aliases": [], "acronyms": ["CNRS"], "labels": [{"label": "French National Centre for Scientific Research", "iso639": "en"}], "country": {"country_name": "France", "country_code": "FR"}, "addresses": [{"lat": 48.8, "lng": 2.3, "city": "Paris"}], "external_ids": {"GRID": {"preferred": "grid.4444.0", "all": "grid.4444.0"}}, "relationships": [{"type": "Child", "id": "https://ror.org/000063q30", "label": "TIMA"}]}`

type rorResult struct {
	line int
	id   string // record id suffix, or "" for an error
	err  string // expected error text (exact), "" for a record
}

func rorReadAll(t testing.TB, in string) []rorResult {
	t.Helper()
	return rorReadFrom(t, strings.NewReader(in))
}

func rorReadFrom(t testing.TB, src io.Reader) []rorResult {
	t.Helper()
	r := NewRORReader(src)
	var out []rorResult
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("reader does not terminate")
		}
		rec, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T) is not a *LineError", err, err)
			}
			if le.Line != r.Line() {
				t.Fatalf("LineError.Line %d != Line() %d", le.Line, r.Line())
			}
			out = append(out, rorResult{line: r.Line(), err: err.Error()})
			if len(out) > 1 && out[len(out)-2] == out[len(out)-1] {
				return out // sticky error: stop
			}
			continue
		}
		out = append(out, rorResult{line: r.Line(), id: strings.TrimPrefix(rec.ID, "https://ror.org/")})
	}
}

func TestRORReaderStream(t *testing.T) {
	a, b, c := rorMin("000000001", "A"), rorMin("000000002", "B"), rorMin("000000003", "C")
	tests := []struct {
		name string
		in   string
		want []rorResult
	}{
		{"empty", "", nil},
		{"only space", " \n\n\t", nil},
		{"jsonl", a + "\n" + b + "\n" + c, []rorResult{{1, "000000001", ""}, {2, "000000002", ""}, {3, "000000003", ""}}},
		{"jsonl crlf blank lines bom", "\xef\xbb\xbf\r\n\n" + a + "\r\n\r\n  \n" + b + "\r\n", []rorResult{{3, "000000001", ""}, {6, "000000002", ""}}},
		{"jsonl malformed line continues", a + "\n" + b + "\n" + `{"id": "https://ror.org/000000009", "names": [{"value": "X"` + "\n" + c + "\n",
			[]rorResult{{1, "000000001", ""}, {2, "000000002", ""}, {3, "", "line 3: names: unexpected end of JSON input"}, {4, "000000003", ""}}},
		{"jsonl garbage line", "not json\n" + a, []rorResult{{1, "", "line 1: invalid character 'o' in literal null (expecting 'u')"}, {2, "000000001", ""}}},
		{"jsonl trailing garbage", a + " x\n" + b, []rorResult{{1, "", "line 1: invalid character 'x' after top-level value"}, {2, "000000002", ""}}},
		{"jsonl non-object line", a + "\n[1]\n" + b, []rorResult{{1, "000000001", ""}, {2, "", "line 2: expected an object"}, {3, "000000002", ""}}},
		{"array compact", "[" + a + "," + b + "]", []rorResult{{1, "000000001", ""}, {1, "000000002", ""}}},
		{"array empty", " [ ] \n", nil},
		{"array pretty", "[\n  " + strings.ReplaceAll(a, ", ", ",\n    ") + ",\n\n  " + strings.ReplaceAll(b, ", ", ",\n    ") + "\n]\n",
			[]rorResult{{2, "000000001", ""}, {15, "000000002", ""}}}, // a spans lines 2-13
		{"array bad record continues", "[\n" + a + ",\n" + `{"names": [{"value": "X"}]}` + ",\n" + b + "\n]",
			[]rorResult{{2, "000000001", ""}, {3, "", "line 3: id: missing"}, {4, "000000002", ""}}},
		{"array truncated", "[\n" + a + ",\n" + `{"id": "https://ror.org/000000009",` + "\n" + `"names": [{"value": "X"`,
			[]rorResult{{2, "000000001", ""}, {3, "", "line 3: names: unexpected end of JSON input"}, {3, "", "line 3: names: unexpected end of JSON input"}}},
		{"array missing comma", "[\n" + a + "\n" + b + "]",
			[]rorResult{{2, "000000001", ""}, {3, "", "line 3: invalid character '{' after array element"}, {3, "", "line 3: invalid character '{' after array element"}}},
		{"array trailing comma", "[" + a + ",\n]",
			[]rorResult{{1, "000000001", ""}, {2, "", "line 2: invalid character ']': expected an object"}, {2, "", "line 2: invalid character ']': expected an object"}}},
		{"array unclosed", "[" + a + "\n",
			[]rorResult{{1, "000000001", ""}, {2, "", "line 2: unexpected end of JSON input"}, {2, "", "line 2: unexpected end of JSON input"}}},
		{"array trailing data", "[" + a + "]\n\nx",
			[]rorResult{{1, "000000001", ""}, {3, "", "line 3: invalid character 'x' after top-level array"}, {3, "", "line 3: invalid character 'x' after top-level array"}}},
		{"array braces in strings", `[{"id": "https://ror.org/000000001", "names": [{"value": "a } ] \" {"}]}]`, []rorResult{{1, "000000001", ""}}},
		{"array escaped backslash before quote", `[{"id": "https://ror.org/000000001", "names": [{"value": "a\\"}]},` + "\n" + b + `]`, []rorResult{{1, "000000001", ""}, {2, "000000002", ""}}},
		// Valid records the fast decoder hands to encoding/json.
		{"slow path records", `{"ID": "https://ror.org/000000001", "Names": [{"value": "A"}]}` + "\n" +
			`{"id": "https://ror.org/000000002", "names": [{"value": "B", "types": ["label", null]}], "status": "a", "status": "b"}`,
			[]rorResult{{1, "000000001", ""}, {2, "000000002", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rorReadAll(t, tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
			// Tiny reads put every chunk boundary (inside strings, after a
			// backslash, between \r and \n) through the scanners.
			if got := rorReadFrom(t, iotest.OneByteReader(strings.NewReader(tt.in))); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("one byte reads: got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestRORReaderLongLine(t *testing.T) {
	// A record longer than the bufio buffer must still be read, and the
	// lines around it must keep their numbers.
	long := strings.Repeat("x", 3<<20)
	big := `{"id": "https://ror.org/000000002", "names": [{"value": "` + long + `"}]}`
	in := rorMin("000000001", "A") + "\n" + big + "\n" + rorMin("000000003", "C") + "\n"
	want := []rorResult{{1, "000000001", ""}, {2, "000000002", ""}, {3, "000000003", ""}}
	if got := rorReadAll(t, in); !reflect.DeepEqual(got, want) {
		t.Errorf("jsonl: got %v", got)
	}
	in = "[" + rorMin("000000001", "A") + ",\n" + big + ",\n" + rorMin("000000003", "C") + "]"
	if got := rorReadAll(t, in); !reflect.DeepEqual(got, want) {
		t.Errorf("array: got %v", got)
	}
}

// TestRORReaderTestdata checks the JSON Lines and array fixtures under testdata
// yield the same records.
func TestRORReaderTestdata(t *testing.T) {
	read := func(name string) []RORRecord {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := NewRORReader(f)
		var out []RORRecord
		for {
			rec, err := r.Next()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, rec)
		}
	}
	jl, arr := read("ror_sample.jsonl"), read("ror_sample_array.json")
	if len(jl) != 3 || !reflect.DeepEqual(jl, arr) {
		t.Fatalf("jsonl %d records, array %d records, equal=%v", len(jl), len(arr), reflect.DeepEqual(jl, arr))
	}
	if jl[0].DisplayName() != "Centre National de la Recherche Scientifique" || jl[0].Country != "FR" ||
		!reflect.DeepEqual(jl[0].Acronyms(), []string{"CNRS"}) {
		t.Errorf("first record: %+v", jl[0])
	}
	var children int
	for _, rel := range jl[0].Relationships {
		if rel.Type == "child" {
			children++
		}
	}
	if children != 2 {
		t.Errorf("children = %d, want 2", children)
	}
}

// TestRORReaderSharedFile reads a real dump when PASSERELLE_ROR_FILE is set
// (e.g. the 35,990-record extract) and reports count and time.
func TestRORReaderSharedFile(t *testing.T) {
	path := os.Getenv("PASSERELLE_ROR_FILE")
	if path == "" {
		t.Skip("PASSERELLE_ROR_FILE not set")
	}
	for _, p := range filepath.SplitList(path) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := NewRORReader(f)
		n, bad := 0, 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				bad++
				t.Errorf("%s: %v", p, err)
				continue
			}
			n++
		}
		f.Close()
		t.Logf("%s: %d records, %d errors, %v", p, n, bad, time.Since(start))
	}
}

func FuzzRORReader(f *testing.F) {
	f.Add([]byte(rorFull))
	f.Add([]byte(rorV1))
	f.Add([]byte("[" + rorMin("000000001", "A") + ",\n" + rorMin("000000002", "B") + "]"))
	f.Add([]byte(rorMin("000000001", "A") + "\n{\"id\":\n" + rorMin("000000002", "B")))
	f.Add([]byte(`[{"a":"}"},`))
	f.Add([]byte(`[{"id":`))
	f.Add([]byte(`[{}`))
	f.Add([]byte("{\"id\":\"https://ror.org/000000001\",\"names\":[{\"value\":\"Soci\xe9t\xe9\"}]}"))
	f.Add([]byte("\xef\xbb\xbf [ ] x"))
	f.Add([]byte(`{"id":"https://ror.org/000000001","names":[{"value":"\u00e9\n","lang":"fr"}],"ſtatus":"x","\u0069d":"y","domains":[null,"\ud800"],"established":-0}`))
	f.Add([]byte(`{"id":"https://ror.org/000000001","names":[{"value":"A"}],"types":[],"locations":[{"geonames_details":{"lat":-0.5e1,"lng":1E2}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The fast decoder must agree with encoding/json whenever it accepts.
		var fast, slow rorRaw
		if rorFast(data, &fast) {
			if err := json.Unmarshal(data, &slow); err != nil {
				t.Fatalf("fast path accepted input encoding/json rejects: %v", err)
			}
			fr, ff, fe := fast.convert()
			sr, sf, se := slow.convert()
			if !reflect.DeepEqual(fr, sr) || ff != sf || fmt.Sprint(fe) != fmt.Sprint(se) {
				t.Fatalf("fast/slow disagree:\nfast %+v %q %v\nslow %+v %q %v", fr, ff, fe, sr, sf, se)
			}
		}
		// The items end, whatever the input: a sticky error is reported, not repeated.
		n := 0
		for range RORItems(bytes.NewReader(data)) {
			if n++; n > len(data)+2 {
				t.Fatal("RORItems does not end")
			}
		}
		r := NewRORReader(bytes.NewReader(data))
		// Every call either consumes input or ends, so the number of calls
		// is bounded by the input size (plus a repeated sticky error).
		for i := 0; i <= len(data)+2; i++ {
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var le *LineError
				if !errors.As(err, &le) {
					t.Fatalf("error %v (%T) is not a *LineError", err, err)
				}
				if le.Line < 1 {
					t.Fatalf("line %d < 1", le.Line)
				}
				continue
			}
			if !validRORID(rec.ID) || len(rec.Names) == 0 {
				t.Fatalf("invalid record accepted: %+v", rec)
			}
		}
		// Sticky errors repeat forever by design; anything else is a loop.
		_, err1 := r.Next()
		_, err2 := r.Next()
		if err1 == nil || err1 != err2 {
			t.Fatalf("reader did not reach EOF or a sticky error: %v, %v", err1, err2)
		}
	})
}

func BenchmarkRORReader(b *testing.B) {
	var buf bytes.Buffer
	const n = 2000
	for i := 0; i < n; i++ {
		rec := strings.Replace(rorFull, "000063q30", fmt.Sprintf("%09d", i), 1)
		buf.WriteString(rec)
		buf.WriteByte('\n')
	}
	jsonl := buf.Bytes()
	array := append([]byte("[\n"), bytes.ReplaceAll(bytes.TrimSuffix(jsonl, []byte("\n")), []byte("\n"), []byte(",\n"))...)
	array = append(array, "\n]\n"...)
	for _, bc := range []struct {
		name string
		data []byte
	}{{"jsonl", jsonl}, {"array", array}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				r := NewRORReader(bytes.NewReader(bc.data))
				count := 0
				for {
					_, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				if count != n {
					b.Fatalf("read %d records, want %d", count, n)
				}
			}
		})
	}
}

func TestRORItemsReportsLineAndField(t *testing.T) {
	in := `{"id":"https://ror.org/02feahw73","names":[{"value":"A","types":["ror_display"]}]}
{"id": "https://ror.org/0bad", "names": [
{"id":"https://ror.org/0abcdef12","names":[{"value":"B","types":["ror_display"]}]}
`
	var lines []int
	var errs []string
	for it, err := range RORItems(strings.NewReader(in)) {
		if err != nil {
			lines = append(lines, it.Line)
			errs = append(errs, err.Error())
			continue
		}
		lines = append(lines, it.Line)
	}
	if len(lines) != 3 || lines[1] != 2 || !strings.Contains(errs[0], "names") {
		t.Errorf("lines %v errors %v", lines, errs)
	}
}

// BenchmarkRORReaderFile reads every record of the dumps named by
// PASSERELLE_ROR_FILE (a path list), e.g. /work/shared/data/ror/ror_v2_latest_records.jsonl;
// it skips when the variable is unset, so CI needs no data.
func BenchmarkRORReaderFile(b *testing.B) {
	path := os.Getenv("PASSERELLE_ROR_FILE")
	if path == "" {
		b.Skip("PASSERELLE_ROR_FILE not set")
	}
	for _, p := range filepath.SplitList(path) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(p), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				r := NewRORReader(bytes.NewReader(data))
				n = 0
				for {
					_, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatalf("%s: %v", p, err)
					}
					n++
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
		})
	}
}
