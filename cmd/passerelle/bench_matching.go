package main

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"passerelle/interchange"
	"passerelle/match"
)

// A labelled set for the matching engine, built from a ROR dump: a BASE of real
// organisations (half of them without a website, as a hand-kept directory holds them),
// INCOMING rows that are variants of base organisations (labels in other languages,
// aliases, acronyms, typos, upper case, double-encoded accents, another website) and
// organisations that are not in the base, of the same countries, sharing two or more
// name words with one that is (hard negatives), and TRUTH. Each incoming row belongs to
// the tuning or the held-out half by a hash of its ROR id: the thresholds and word
// lists are tuned on the first only.

type labelRow struct {
	name, country, city, website string
	truth, kind, source          string
	heldOut                      bool
}

type baseRow struct{ ror, name, country, city, website string }

// hashOf is a hash whose low bits are independent for ids that share a prefix or a
// suffix (FNV's are not: the halves were correlated with the base's draw).
func hashOf(s string) uint32 {
	h := sha256.Sum256([]byte(s))
	return binary.BigEndian.Uint32(h[:4])
}

// heldOut tells the half of a ROR id: a hash, so that any build of the set agrees.
func heldOut(ror string) bool { return hashOf("half:"+ror)%2 == 1 }

func readROR(path string) ([]interchange.RORRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := interchange.NewRORReader(f)
	var out []interchange.RORRecord
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if rec.Status == "active" && rec.DisplayName() != "" {
			out = append(out, rec)
		}
	}
}

func website(r interchange.RORRecord) string {
	if len(r.Websites) > 0 {
		return r.Websites[0]
	}
	return ""
}

// variantKinds are the ways a base organisation arrives, tried in turn from the one the
// record's hash picks until the record has it.
var variantKinds = []string{"label", "alias", "acronym", "typo", "upper", "mojibake", "website", "label", "alias", "acronym"}

func variant(r interchange.RORRecord, kind string, h uint32) (string, bool) {
	name := r.DisplayName()
	pick := func(xs []string) (string, bool) {
		var ok []string
		for _, x := range xs {
			if x != name && strings.TrimSpace(x) != "" {
				ok = append(ok, x)
			}
		}
		if len(ok) == 0 {
			return "", false
		}
		return ok[int(h/7)%len(ok)], true
	}
	switch kind {
	case "label":
		var ls []string
		for _, l := range r.Labels() {
			ls = append(ls, l.Value)
		}
		return pick(ls)
	case "alias":
		return pick(r.Aliases())
	case "acronym":
		return pick(r.Acronyms())
	case "typo":
		return typo(name, h)
	case "upper":
		return strings.ToUpper(name), true
	case "mojibake":
		if utf8.RuneCountInString(name) == len(name) {
			return "", false
		}
		s, err := charmap.Windows1252.NewDecoder().String(name)
		return s, err == nil
	case "website":
		return name, true
	}
	return "", false
}

// typo changes one letter of a word of five letters or more: swapped, dropped, doubled
// or replaced.
func typo(name string, h uint32) (string, bool) {
	ws := strings.Fields(name)
	var long []int
	for i, w := range ws {
		if utf8.RuneCountInString(w) >= 5 {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return "", false
	}
	i := long[int(h/11)%len(long)]
	rs := []rune(ws[i])
	j := 1 + int(h/13)%(len(rs)-2)
	switch h % 4 {
	case 0:
		rs[j], rs[j+1] = rs[j+1], rs[j]
	case 1:
		rs = append(rs[:j], rs[j+1:]...)
	case 2:
		rs = append(rs[:j+1], rs[j:]...)
	default:
		if rs[j] == 'e' {
			rs[j] = 'a'
		} else {
			rs[j] = 'e'
		}
	}
	ws[i] = string(rs)
	return strings.Join(ws, " "), true
}

// buildLabelledSet makes the base and the incoming rows from ROR records.
// With allSites every row has its website, as a file exported from a registry would.
func buildLabelledSet(recs []interchange.RORRecord, positives, negatives int, allSites bool) ([]baseRow, []labelRow) {
	sort.Slice(recs, func(i, j int) bool { return hashOf(recs[i].ID) < hashOf(recs[j].ID) })
	var base []baseRow
	inBase := map[string]bool{}
	var pool []interchange.RORRecord
	for _, r := range recs {
		if hashOf("base:"+r.ID)%5 < 2 {
			h := hashOf("site:" + r.ID)
			w := website(r)
			if h%2 == 0 && !allSites {
				w = ""
			}
			base = append(base, baseRow{r.ID, r.DisplayName(), r.Country, r.City, w})
			inBase[r.ID] = true
		} else {
			pool = append(pool, r)
		}
	}
	var rows []labelRow
	for _, r := range recs {
		if len(rows) >= positives {
			break
		}
		if !inBase[r.ID] || hashOf("pos:"+r.ID)%3 != 0 {
			continue
		}
		h := hashOf("kind:" + r.ID)
		for k := range variantKinds {
			kind := variantKinds[(int(h)+k)%len(variantKinds)]
			name, ok := variant(r, kind, h)
			if !ok {
				continue
			}
			w := ""
			switch {
			case kind == "website" && website(r) != "":
				w = "https://www.new-" + strings.TrimPrefix(match.Host(website(r)), "new-") + "/"
			case h%10 < 3 || allSites:
				w = website(r)
			}
			rows = append(rows, labelRow{name: name, country: r.Country, city: r.City, website: w, truth: r.ID, kind: kind,
				source: r.DisplayName(), heldOut: heldOut(r.ID)})
			break
		}
	}
	// Hard negatives: outside the base, sharing two or more name words with a base
	// organisation of the same country.
	words := newBaseWords(base)
	nneg := 0
	for _, r := range pool {
		if nneg >= negatives {
			break
		}
		if hashOf("neg:"+r.ID)%4 != 0 {
			continue
		}
		near := words.near(r.Country, r.DisplayName())
		kind := "negative"
		if near == "" {
			if hashOf("rand:"+r.ID)%4 != 0 {
				continue
			}
			kind = "other"
		}
		w := ""
		if hashOf("nsite:"+r.ID)%10 < 3 || allSites {
			w = website(r)
		}
		rows = append(rows, labelRow{name: r.DisplayName(), country: r.Country, city: r.City, website: w, kind: kind,
			source: near, heldOut: heldOut(r.ID)})
		nneg++
	}
	sort.SliceStable(rows, func(i, j int) bool { return hashOf(rows[i].name) < hashOf(rows[j].name) })
	return base, rows
}

// scriptNegatives are hard negatives in another script, which the set above lacks (its
// negatives are display names, nearly all in Latin letters): the label in a non-Latin
// script of an organisation outside the base that shares two or more name words, once
// match.Tokens has translated them, with a base organisation of its country. They keep
// a rule that lifts names in another script honest. With allSites each carries its
// website, as the other rows do.
func scriptNegatives(recs []interchange.RORRecord, base []baseRow, n int, allSites bool) []labelRow {
	inBase := map[string]bool{}
	for _, b := range base {
		inBase[b.ror] = true
	}
	words := newBaseWords(base)
	var rows []labelRow
	for _, r := range recs {
		if len(rows) >= n {
			break
		}
		if inBase[r.ID] {
			continue
		}
		for _, l := range r.Labels() {
			if !nonLatin(l.Value) {
				continue
			}
			if near := words.near(r.Country, l.Value); near != "" {
				w := ""
				if allSites {
					w = website(r)
				}
				rows = append(rows, labelRow{name: l.Value, country: r.Country, city: r.City, website: w, kind: "negative", source: near, heldOut: heldOut(r.ID)})
				break
			}
		}
	}
	return rows
}

// baseWords finds, for a name, a base organisation of its country that shares two or
// more of its words (match.Tokens, so translated ones too): what makes a hard negative.
type baseWords struct {
	base   []baseRow
	byWord map[string][]int
}

func newBaseWords(base []baseRow) *baseWords {
	bw := &baseWords{base: base, byWord: map[string][]int{}}
	for i, b := range base {
		for _, w := range dedupeWords(match.Tokens(b.name)) {
			k := b.country + ":" + w
			bw.byWord[k] = append(bw.byWord[k], i)
		}
	}
	return bw
}

// near is the name of the first base organisation (in base order) of that country that
// shares two or more words with name, or "".
func (bw *baseWords) near(country, name string) string {
	shared := map[int]int{}
	best := -1
	for _, w := range dedupeWords(match.Tokens(name)) {
		for _, i := range bw.byWord[country+":"+w] {
			shared[i]++
			if shared[i] == 2 && (best < 0 || i < best) {
				best = i
			}
		}
	}
	if best < 0 {
		return ""
	}
	return bw.base[best].name
}

// nonLatin tells a name whose letters are mostly not Latin.
func nonLatin(s string) bool {
	latin, other := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	return other > latin
}

func dedupeWords(ws []string) []string {
	seen := map[string]bool{}
	out := ws[:0]
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func writeCSVFile(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeLabelledSet writes base.csv and, for each half, HALF-incoming.csv and
// HALF-truth.csv, in the acceptance check's formats.
func writeLabelledSet(dir string, base []baseRow, rows []labelRow) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var b [][]string
	for _, r := range base {
		b = append(b, []string{r.ror, r.name, r.country, r.city, r.website})
	}
	if err := writeCSVFile(filepath.Join(dir, "base.csv"), []string{"ror_id", "name", "country", "city", "website"}, b); err != nil {
		return err
	}
	for _, half := range []bool{false, true} {
		name := "tuning"
		if half {
			name = "heldout"
		}
		var inc, tr [][]string
		for _, r := range rows {
			if r.heldOut == half {
				inc = append(inc, []string{r.name, r.country, r.city, r.website, r.kind})
				tr = append(tr, []string{r.truth})
			}
		}
		if err := writeCSVFile(filepath.Join(dir, name+"-incoming.csv"), []string{"name", "country", "city", "website", "variant"}, inc); err != nil {
			return err
		}
		// One column, often empty: csv.Writer would write an empty line, which readers
		// skip, so each row is written quoted.
		var b strings.Builder
		b.WriteString("ror_id\n")
		for _, t := range tr {
			b.WriteString(`"` + t[0] + `"` + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-truth.csv"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// evalResult counts an evaluation the way the acceptance check does: a match is right
// when it names the true record; ambiguous rows are no match.
type evalResult struct {
	tp, fp, pos, ambiguous int
	byKind                 map[string][3]int // kind -> right, wrong, rows
	misses                 []string
}

func (e *evalResult) precision() float64 { return float64(e.tp) / float64(max(e.tp+e.fp, 1)) }
func (e *evalResult) recall() float64    { return float64(e.tp) / float64(max(e.pos, 1)) }

func evaluate(ix *match.Index, rows []labelRow, rorOf map[int64]string) *evalResult {
	e := &evalResult{byKind: map[string][3]int{}}
	for _, r := range rows {
		res := ix.Match(&match.Query{Name: r.name, Country: r.country, City: r.city, Website: r.website})
		k := e.byKind[r.kind]
		k[2]++
		if r.truth != "" {
			e.pos++
		}
		got := ""
		if res.Decision == match.Same {
			got = rorOf[res.Best.ID]
			if r.truth != "" && got == r.truth {
				e.tp++
				k[0]++
			} else {
				e.fp++
				k[1]++
				e.misses = append(e.misses, fmt.Sprintf("WRONG %s %q (%s) -> %q %v %.3f", r.kind, r.name, r.country, res.Best.Name, res.Best.Reasons, res.Best.Score))
			}
		} else if r.truth != "" {
			best := ""
			if res.Best != nil {
				best = fmt.Sprintf("%q %v %.3f", res.Best.Name, res.Best.Reasons, res.Best.Score)
			}
			e.misses = append(e.misses, fmt.Sprintf("MISS %s %s %q (%s) for %q; best %s", r.kind, res.Decision, r.name, r.country, r.source, best))
		}
		if res.Decision == match.Ambiguous {
			e.ambiguous++
		}
		e.byKind[r.kind] = k
	}
	return e
}

// indexBase builds the engine's index from base rows, as an import of them stores them
// (names only, or with all the registry's names when rich holds them).
func indexBase(base []baseRow, rich map[string]interchange.RORRecord) (*match.Index, map[int64]string) {
	ix := match.NewIndex()
	rorOf := map[int64]string{}
	for i, b := range base {
		rec := &match.Record{ID: int64(i + 1), Name: b.name, ROR: b.ror, Website: b.website, Country: b.country, City: b.city}
		if r, ok := rich[b.ror]; ok {
			for _, n := range r.Names {
				if n.Value != b.name {
					rec.Labels = append(rec.Labels, n.Value)
				}
			}
			rec.Acronyms = r.Acronyms()
		}
		ix.Add(rec)
		rorOf[rec.ID] = b.ror
	}
	return ix, rorOf
}

func runBenchMatching(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench matching", &cfg)
	ror := fs.String("ror", "../shared/data/ror/ror_v2_latest_records.jsonl", "ROR dump (schema v2) to build the labelled set from")
	out := fs.String("out", "", "also write the labelled set here (base.csv, tuning-*.csv, heldout-*.csv)")
	positives := fs.Int("positives", 3000, "variant rows")
	negatives := fs.Int("negatives", 1500, "rows of organisations outside the base")
	allSites := fs.Bool("all-websites", false, "give every base and incoming row its website (by default half the base and 3 incoming rows in 10 have one)")
	misses := fs.Int("misses", 0, "list this many misses and wrong matches of the TUNING half on standard error")
	evalFiles := fs.Bool("eval", false, "evaluate BASE INCOMING TRUTH given as arguments instead")
	same := fs.Float64("same", match.DefaultThresholds.Same, "score from which a row matches (tune on the tuning half only)")
	margin := fs.Float64("margin", match.DefaultThresholds.Margin, "lead over the runner-up that a match needs")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	_ = ctx
	if *evalFiles {
		if len(pos) != 3 {
			return fmt.Errorf("%w: passerelle bench matching --eval BASE.csv INCOMING.csv TRUTH.csv", errUsage)
		}
		return evalFilesCmd(a, pos[0], pos[1], pos[2], *same, *margin, *misses)
	}
	recs, err := readROR(*ror)
	if err != nil {
		return err
	}
	base, rows := buildLabelledSet(recs, *positives, *negatives, *allSites)
	if *out != "" {
		if err := writeLabelledSet(*out, base, rows); err != nil {
			return err
		}
	}
	byID := map[string]interchange.RORRecord{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	var tune, held []labelRow
	for _, r := range rows {
		if r.heldOut {
			held = append(held, r)
		} else {
			tune = append(tune, r)
		}
	}
	scriptRows := scriptNegatives(recs, base, 1000, *allSites)
	fmt.Fprintf(a.Stdout, "labelled set: %d base organisations, %d incoming rows (%d tuning, %d held-out)\n", len(base), len(rows), len(tune), len(held))
	for _, mode := range []string{"names only", "with the registry's names"} {
		var rich map[string]interchange.RORRecord
		if mode != "names only" {
			rich = byID
		}
		ix, rorOf := indexBase(base, rich)
		ix.T.Same, ix.T.Margin = *same, *margin
		for _, h := range []struct {
			name string
			rows []labelRow
		}{{"tuning", tune}, {"held-out", held}} {
			e := evaluate(ix, h.rows, rorOf)
			fmt.Fprintf(a.Stdout, "%-26s %-9s precision %.3f recall %.3f (%d right, %d wrong, %d true, %d ambiguous)\n",
				mode, h.name, e.precision(), e.recall(), e.tp, e.fp, e.pos, e.ambiguous)
			if mode == "names only" {
				var xs []labelRow
				for _, r := range scriptRows {
					if r.heldOut == (h.name == "held-out") {
						xs = append(xs, r)
					}
				}
				x := evaluate(ix, xs, rorOf)
				fmt.Fprintf(a.Stdout, "  %s: cross-script hard negatives (not in the rows above) %d wrong of %d\n", h.name, x.fp, len(xs))
				if h.name == "tuning" {
					for i, m := range x.misses {
						if i >= *misses {
							break
						}
						fmt.Fprintln(a.Stderr, m)
					}
				}
			}
			if h.name == "tuning" {
				kinds := make([]string, 0, len(e.byKind))
				for k := range e.byKind {
					kinds = append(kinds, k)
				}
				sort.Strings(kinds)
				// Recall per kind of variant; the rows that must stay new count wrong matches.
				var parts []string
				for _, k := range kinds {
					v := e.byKind[k]
					if k == "negative" || k == "other" {
						parts = append(parts, fmt.Sprintf("%s %d wrong of %d", k, v[1], v[2]))
					} else {
						parts = append(parts, fmt.Sprintf("%s recall %.2f (%d/%d, %d wrong)", k, float64(v[0])/float64(max(v[2], 1)), v[0], v[2], v[1]))
					}
				}
				fmt.Fprintf(a.Stdout, "  tuning by variant: %s\n", strings.Join(parts, "; "))
				if mode == "names only" {
					for i, m := range e.misses {
						if i >= *misses {
							break
						}
						fmt.Fprintln(a.Stderr, m)
					}
				}
			}
		}
	}
	return nil
}

// readCSVMaps reads a CSV file into rows keyed by header.
func readCSVMaps(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(rec) {
				m[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// evalFilesCmd evaluates the engine on the acceptance check's files, in-process.
func evalFilesCmd(a *App, basePath, incPath, truthPath string, same, margin float64, misses int) error {
	b, err := readCSVMaps(basePath)
	if err != nil {
		return err
	}
	inc, err := readCSVMaps(incPath)
	if err != nil {
		return err
	}
	tr, err := readCSVMaps(truthPath)
	if err != nil {
		return err
	}
	if len(tr) != len(inc) {
		return fmt.Errorf("%d truth rows for %d incoming rows", len(tr), len(inc))
	}
	var base []baseRow
	for _, r := range b {
		base = append(base, baseRow{r["ror_id"], r["name"], r["country"], r["city"], r["website"]})
	}
	var rows []labelRow
	for i, r := range inc {
		kind := r["variant"]
		if kind == "" {
			kind = "row"
		}
		rows = append(rows, labelRow{name: r["name"], country: r["country"], city: r["city"], website: r["website"],
			truth: tr[i]["ror_id"], kind: kind})
	}
	ix, rorOf := indexBase(base, nil)
	ix.T.Same, ix.T.Margin = same, margin
	e := evaluate(ix, rows, rorOf)
	fmt.Fprintf(a.Stdout, "precision %.3f recall %.3f (%d right, %d wrong, %d true, %d ambiguous)\n",
		e.precision(), e.recall(), e.tp, e.fp, e.pos, e.ambiguous)
	for i, m := range e.misses {
		if i >= misses {
			break
		}
		fmt.Fprintln(a.Stderr, m)
	}
	return nil
}
