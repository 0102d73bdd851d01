package match

import (
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Record is an organisation the workspace holds, as the engine sees it.
type Record struct {
	ID       int64
	Name     string   // display name
	Labels   []string // names in other languages and aliases
	Acronyms []string
	ROR      string // https://ror.org/… or ""
	Website  string
	Country  string // ISO 3166-1 alpha-2
	City     string
}

// Query is an incoming organisation.
type Query struct {
	Name     string
	Aliases  []string
	Acronyms []string
	ROR      string
	Website  string
	Country  string
	City     string
}

// Decision is what an import does with an incoming row.
type Decision string

const (
	New       Decision = "new"       // no record is close enough: create one
	Same      Decision = "match"     // one record is the same organisation
	Ambiguous Decision = "ambiguous" // a person must choose
)

// Candidate is a record scored against a query, with the evidence.
type Candidate struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	ROR     string   `json:"ror"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

// Result is the engine's answer for one query: the decision, the best candidate (nil
// when there is none) and the runners-up above the "maybe" threshold.
type Result struct {
	Decision Decision
	Best     *Candidate
	Others   []Candidate
}

// Thresholds turn scores into decisions. Match needs Same and a lead of Margin over
// the runner-up; Maybe makes a row ambiguous.
type Thresholds struct {
	Same, Maybe, Margin float64
}

// DefaultThresholds were chosen on the tuning half of the labelled set (see
// docs/matching.md); never on the held-out half.
var DefaultThresholds = Thresholds{Same: 0.80, Maybe: 0.55, Margin: 0.03}

// entry is a record with its keys computed once.
type entry struct {
	rec      *Record
	names    [][]string // token lists, display name first
	surface  [][]string // the words they come from
	kana     []bool     // names written partly in kana
	words    [][]string // each name's words with stop words, for abbreviations
	acronyms []string   // stored acronyms and one-word names, folded
	wordAcrs []string   // words of its names written as acronyms
	spell    []bool     // names whose initials count (not "X (Country)")
	initials []string   // acronyms the names' initials make
	bags     []string   // the same, letters sorted: an acronym of a translation
	labels   []string   // the website's host's names ("ciat" of ciat.cgiar.org)
	host     string
	city     []string
	country  string
	ror      string
}

// Index holds the records and their blocking keys. Match is not safe for concurrent
// use: it reuses one accumulator.
type Index struct {
	scratch *accumulator
	memo    map[string]string  // word -> canonical word
	skel    map[string]string  // word -> skeleton
	weights map[string]float64 // the weights of one match's words
	T       Thresholds
	entries []*entry
	byROR   map[string]int32
	byHost  map[string][]int32
	byToken map[string][]int32
	byAcr   map[string][]int32
	byInit  map[string][]int32
	byBag   map[string][]int32
	byLabel map[string][]int32
	byLoan  map[string][]string // loanSkeleton -> the indexed words that have it
	byRead  map[string][]string // shortVowels -> the indexed words so written
}

// NewIndex returns an empty index with the default thresholds.
func NewIndex() *Index {
	return &Index{T: DefaultThresholds, byROR: map[string]int32{}, byHost: map[string][]int32{},
		byToken: map[string][]int32{}, byAcr: map[string][]int32{}, byInit: map[string][]int32{},
		byBag: map[string][]int32{}, byLabel: map[string][]int32{}, byLoan: map[string][]string{}, byRead: map[string][]string{}, memo: map[string]string{}}
}

// Records returns the records indexed, in the order they were added.
func (ix *Index) Records() []*Record {
	out := make([]*Record, len(ix.entries))
	for i, e := range ix.entries {
		out[i] = e.rec
	}
	return out
}

// Len is the number of records.
func (ix *Index) Len() int { return len(ix.entries) }

func addPosting(m map[string][]int32, k string, i int32) {
	p := m[k]
	if n := len(p); n > 0 && p[n-1] == i {
		return
	}
	m[k] = append(p, i)
}

// Add indexes a record.
func (ix *Index) Add(r *Record) { ix.insert(analyseRecord(r, ix.memo, nil)) }

// AddAll indexes records, reading their names on every processor: reading them is
// most of the cost of building an index of a large directory.
func (ix *Index) AddAll(recs []*Record) {
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(recs) < 2000 || workers < 2 {
		for _, r := range recs {
			ix.Add(r)
		}
		return
	}
	es := make([]*entry, len(recs))
	var wg sync.WaitGroup
	chunk := (len(recs) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(recs))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			memo, cities := map[string]string{}, map[string][]string{}
			for i := lo; i < hi; i++ {
				es[i] = analyseRecord(recs[i], memo, cities)
			}
		}()
	}
	wg.Wait()
	for _, e := range es {
		ix.insert(e)
	}
}

// analyseRecord computes a record's keys; it reads nothing of the index but memo, and
// cities (nil, or each city's words already read: a directory names few cities many
// times; the words are shared, never changed).
func analyseRecord(r *Record, memo map[string]string, cities map[string][]string) *entry {
	city, ok := cities[r.City]
	if !ok {
		city = analyseWith(r.City, memo).canon
		if cities != nil {
			cities[r.City] = city
		}
	}
	e := &entry{rec: r, host: Host(r.Website), city: city, country: strings.ToUpper(r.Country), ror: strings.ToLower(r.ROR)}
	seen := map[string]bool{}
	for _, n := range recordVariants(append([]string{r.Name}, r.Labels...), memo) {
		an := analyseWith(n, memo)
		t, sf := an.canon, an.surface
		k := strings.Join(t, " ")
		if len(t) == 0 || seen[k] {
			continue
		}
		seen[k] = true
		e.names, e.surface = append(e.names, t), append(e.surface, sf)
		e.kana = append(e.kana, hasKana(n))
		spell := !strings.HasSuffix(strings.TrimSpace(n), ")") || parenAcronym(n) != ""
		e.spell = append(e.spell, spell)
		if spell {
			// Not the initials of "Grupo EGOR (Portugal)": its shorter form gives them.
			e.initials = append(e.initials, an.initials...)
			e.bags = append(e.bags, initialBags(t, sf)...)
		}
		e.acronyms = append(e.acronyms, embeddedAcronyms(n)...)
		e.wordAcrs = append(e.wordAcrs, wordAcronyms(n)...)
		e.initials = append(e.initials, placeFreeInitials(an.words, e.city)...)
		if spell {
			e.initials = append(e.initials, headInitials(an.words)...)
		}
		if chineseCountries[e.country] {
			if s := syllableInitials(an.words); s != "" {
				e.initials = append(e.initials, s)
			}
		}
		if ws := an.words; len(ws) >= 2 && len(ws) <= 12 {
			e.words = append(e.words, ws)
		}
		if len(t) == 1 && !strings.Contains(strings.TrimSpace(n), " ") {
			e.acronyms = append(e.acronyms, AcronymKey(n))
		}
	}
	for _, a := range r.Acronyms {
		if k := AcronymKey(a); k != "" {
			e.acronyms = append(e.acronyms, k)
		}
	}
	e.acronyms, e.initials, e.bags, e.wordAcrs = dedupe(e.acronyms), dedupe(e.initials), dedupe(e.bags), dedupe(e.wordAcrs)
	e.labels = hostLabels(e.host)
	return e
}

// insert adds an analysed record's postings.
func (ix *Index) insert(e *entry) {
	i := int32(len(ix.entries))
	for _, t := range e.names {
		for _, w := range t {
			if _, ok := ix.byToken[w]; !ok {
				if k := loanSkeleton(w); len(k) >= 3 {
					ix.byLoan[k] = append(ix.byLoan[k], w)
					if k := shortVowels(w); len(k) >= 3 {
						ix.byRead[k] = append(ix.byRead[k], w)
					}
				}
			}
			addPosting(ix.byToken, w, i)
		}
	}
	for _, a := range e.acronyms {
		addPosting(ix.byAcr, a, i)
	}
	for _, a := range e.wordAcrs {
		addPosting(ix.byAcr, a, i)
	}
	for _, a := range e.initials {
		addPosting(ix.byInit, a, i)
	}
	for _, b := range e.bags {
		addPosting(ix.byBag, b, i)
	}
	for _, l := range e.labels {
		addPosting(ix.byLabel, l, i)
	}
	if e.host != "" {
		addPosting(ix.byHost, e.host, i)
	}
	if e.ror != "" {
		ix.byROR[e.ror] = i
	}
	ix.entries = append(ix.entries, e)
}

func variantsOf(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, nameVariants(n)...)
	}
	return out
}

// recordVariants are variantsOf a record's names, and the part after the last " - " of
// a name when it has three words or more that tell something: the registry names a unit after its parent
// ("Community Health Systems - Bluffton Regional Medical Center"), a directory by its
// own name. Only the part after: the part before is the parent, another organisation.
func recordVariants(names []string, memo map[string]string) []string {
	out := variantsOf(names)
	for _, n := range names {
		for _, sep := range []string{" - ", " – ", " — "} {
			if i := strings.LastIndex(n, sep); i > 0 {
				if rest := strings.TrimSpace(n[i+len(sep):]); len(analyseWith(rest, memo).canon) >= 3 {
					out = append(out, rest)
				}
				break
			}
		}
	}
	return out
}

func dedupe(xs []string) []string {
	out := xs[:0]
	seen := map[string]bool{}
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// weight is a word's inverse document frequency; the generic words of institutions
// count as if at least one record in 30 held them.
func (ix *Index) weight(w string) float64 {
	if v, ok := ix.weights[w]; ok {
		return v
	}
	v := ix.idf(w)
	if ix.weights != nil {
		ix.weights[w] = v
	}
	return v
}

func (ix *Index) idf(w string) float64 {
	n := float64(len(ix.entries) + 1)
	df := float64(len(ix.byToken[w]))
	if genericWords[w] {
		df = max(df, n/30)
	}
	return math.Log(1 + n/max(df, 1))
}

// query is a Query with its keys computed once.
type query struct {
	q        *Query
	names    [][]string
	surface  [][]string
	kana     []bool
	acronyms []string
	initials []string
	host     string
	city     []string
	country  string
	ror      string
	// unreadable: the name is an acronym or written in another script, so that
	// words cannot be compared with a Latin display name.
	unreadable bool
}

func (ix *Index) prepare(q *Query) *query {
	p := &query{q: q, host: Host(q.Website), city: analyseWith(q.City, ix.memo).canon, country: strings.ToUpper(strings.TrimSpace(q.Country)),
		ror: strings.ToLower(strings.TrimSpace(q.ROR))}
	if p.ror != "" && !strings.HasPrefix(p.ror, "https://") {
		p.ror = "https://ror.org/" + strings.TrimPrefix(strings.TrimPrefix(p.ror, "http://"), "ror.org/")
	}
	seen := map[string]bool{}
	names := variantsOf(append([]string{q.Name}, q.Aliases...))
	for _, n := range append([]string{q.Name}, q.Aliases...) {
		if t := unitTail(n, ix.memo); t != "" {
			names = append(names, t)
		}
	}
	for _, n := range names {
		an := analyseWith(n, ix.memo)
		t, sf := an.canon, an.surface
		k := strings.Join(t, " ")
		if len(t) > 0 && !seen[k] {
			seen[k] = true
			p.names, p.surface = append(p.names, t), append(p.surface, sf)
			p.kana = append(p.kana, hasKana(n))
		}
		p.initials = append(p.initials, Initials(n)...)
		p.initials = append(p.initials, placeFreeInitials(an.words, p.city)...)
		p.acronyms = append(p.acronyms, embeddedAcronyms(n)...)
		if a, _ := dashAcronym(strings.TrimSpace(n)); a != "" {
			p.acronyms = append(p.acronyms, AcronymKey(a))
		}
		if s := strings.TrimSpace(n); LooksLikeAcronym(s) || (len(t) == 1 && !strings.Contains(s, " ") && len(s) <= 8) {
			p.acronyms = append(p.acronyms, AcronymKey(s))
		} else if f := strings.Fields(s); len(f) >= 2 && len(f) <= 3 && allAcronyms(f) && utf8.RuneCountInString(f[len(f)-1]) >= 3 {
			// "UNL CESEM": a parent's acronym, then the organisation's own.
			p.acronyms = append(p.acronyms, AcronymKey(f[len(f)-1]))
		}
	}
	for _, a := range q.Acronyms {
		p.acronyms = append(p.acronyms, AcronymKey(a))
	}
	p.unreadable = unreadable(q.Name)
	p.acronyms, p.initials = dedupe(p.acronyms), dedupe(p.initials)
	return p
}

// postingCap bounds the records one word brings as candidates: a word in more records
// than this ("university") only scores the candidates that rarer keys bring.
const postingCap = 3000

// maxCandidates is how many of the best-blocked records are scored in full.
const maxCandidates = 40

// MatchAll is Match for each query, on every processor: the results are Match's, in the
// queries' order (a nil query gets the zero Result). Each worker reads the index's
// postings and keeps its own scratch and caches, the only state Match writes.
func (ix *Index) MatchAll(qs []*Query) []Result {
	out := make([]Result, len(qs))
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(qs) < 64 || workers < 2 {
		for i, q := range qs {
			if q != nil {
				out[i] = ix.Match(q)
			}
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		v := *ix
		v.scratch, v.weights, v.skel, v.memo = nil, nil, nil, map[string]string{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(qs) {
					return
				}
				if qs[i] != nil {
					out[i] = v.Match(qs[i])
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// Match finds the records that q may be.
func (ix *Index) Match(q *Query) Result {
	p := ix.prepare(q)
	acc := ix.newAcc()
	ix.weights = make(map[string]float64, 64)
	defer func() { ix.weights = nil }()
	if p.ror != "" {
		if i, ok := ix.byROR[p.ror]; ok {
			acc.add(i, 100)
		}
	}
	if p.host != "" {
		if ps := ix.byHost[p.host]; len(ps) <= 200 {
			for _, i := range ps {
				acc.add(i, 10)
			}
		}
	}
	for _, a := range append(append([]string{}, p.acronyms...), p.initials...) {
		for _, m := range []map[string][]int32{ix.byAcr, ix.byInit} {
			if ps := m[a]; len(ps) <= 500 {
				for _, i := range ps {
					acc.add(i, 3)
				}
			}
		}
	}
	for _, a := range p.acronyms {
		if len(a) >= 3 {
			if ps := ix.byBag[sortLetters(a)]; len(ps) <= 500 {
				for _, i := range ps {
					acc.add(i, 2)
				}
			}
			if ps := ix.byLabel[a]; len(ps) <= 50 {
				for _, i := range ps {
					acc.add(i, 3)
				}
			}
		}
		for _, k := range initialKeys(a) {
			if ps := ix.byInit[k]; len(ps) <= 500 {
				// A longer run of the acronym's letters says more: among many
				// records whose initials are two of its letters, the one with five.
				wt := float64(len(k))
				for _, i := range ps {
					acc.add(i, wt)
				}
			}
		}
	}
	for ni, t := range p.names {
		rarest, rarestN := "", math.MaxInt
		used := false
		for _, w := range t {
			words := []string{w}
			if _, ok := ix.byToken[w]; !ok {
				words = ix.typoAlternatives(w)
				if p.kana[ni] {
					words = append(words, ix.byLoan[kanaSkeleton(w)]...)
				}
				if w[0] >= 0x80 {
					for _, k := range readingKeys(w, 2000) {
						words = append(words, ix.byRead[k]...)
					}
					words = dedupe(words)
				}
			}
			for _, x := range words {
				ps := ix.byToken[x]
				if len(ps) < rarestN && len(ps) > 0 {
					rarest, rarestN = x, len(ps)
				}
				if len(ps) > postingCap {
					continue
				}
				used = true
				wt := ix.weight(x)
				for _, i := range ps {
					acc.add(i, wt)
				}
			}
		}
		if !used && rarest != "" {
			ps := ix.byToken[rarest]
			wt := ix.weight(rarest)
			for _, i := range ps[:min(len(ps), 4*postingCap)] {
				acc.add(i, wt)
			}
		}
	}
	if len(acc.touched) == 0 {
		return Result{Decision: New}
	}
	bl := acc.top(maxCandidates)
	cands := make([]Candidate, 0, len(bl))
	for _, i := range bl {
		if c := ix.score(p, i); c.Score > 0 {
			cands = append(cands, c)
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].Score > cands[b].Score })
	return ix.decide(cands)
}

// accumulator sums the blocking weights of records, densely: a map of records to
// sums cost most of the time of a match against 200,000 records.
type accumulator struct {
	sum     []float32
	touched []int32
}

func (ix *Index) newAcc() *accumulator {
	a := ix.scratch
	if a == nil {
		a = &accumulator{}
		ix.scratch = a
	}
	for _, i := range a.touched {
		a.sum[i] = 0
	}
	a.touched = a.touched[:0]
	if n := len(ix.entries); len(a.sum) < n {
		a.sum = append(a.sum, make([]float32, n-len(a.sum))...)
	}
	return a
}

func (a *accumulator) add(i int32, v float64) {
	if a.sum[i] == 0 {
		a.touched = append(a.touched, i)
	}
	a.sum[i] += float32(v)
}

// top returns the n records of the highest sums, best first (ties: lower index).
func (a *accumulator) top(n int) []int32 {
	better := func(x, y int32) bool {
		if a.sum[x] != a.sum[y] {
			return a.sum[x] > a.sum[y]
		}
		return x < y
	}
	var best []int32
	for _, i := range a.touched {
		if len(best) == n && !better(i, best[n-1]) {
			continue
		}
		j := len(best)
		if j < n {
			best = append(best, i)
		} else {
			j = n - 1
		}
		for ; j > 0 && better(i, best[j-1]); j-- {
			best[j] = best[j-1]
		}
		best[j] = i
	}
	return best
}

func (ix *Index) decide(cands []Candidate) Result { return ix.T.decide(cands) }

// decide turns candidates, best first, into a decision.
func (t Thresholds) decide(cands []Candidate) Result {
	if len(cands) == 0 || cands[0].Score < t.Maybe {
		return Result{Decision: New}
	}
	r := Result{Best: &cands[0]}
	for _, c := range cands[1:] {
		if c.Score >= t.Maybe {
			r.Others = append(r.Others, c)
		}
	}
	best := cands[0].Score
	switch {
	case best >= 1:
		r.Decision = Same
	case best >= t.Same && (len(cands) == 1 || best-cands[1].Score >= t.Margin):
		r.Decision = Same
	default:
		r.Decision = Ambiguous
	}
	return r
}

// initialKeys are the initials that the words an acronym abbreviates may have: its
// subsequences that keep its first letter (at most 2^9 for 10 letters).
func initialKeys(a string) []string {
	if len(a) < 4 || len(a) > 10 {
		return nil
	}
	var out []string
	n := len(a) - 1
	for m := 0; m < 1<<n; m++ {
		b := []byte{a[0]}
		for i := 0; i < n; i++ {
			if m&(1<<i) != 0 {
				b = append(b, a[i+1])
			}
		}
		if len(b) >= 2 {
			out = append(out, string(b))
		}
	}
	return out
}

// typoAlternatives are the indexed words one edit (a letter deleted, added, changed,
// or two swapped) away from w, for words of five letters or more.
func (ix *Index) typoAlternatives(w string) []string {
	rs := []rune(w)
	if len(rs) < 4 || len(rs) > maxWordEdit {
		return nil
	}
	var out []string
	d := digitsOf(w)
	try := func(c []rune) {
		if _, ok := ix.byToken[string(c)]; ok && digitsOf(string(c)) == d {
			out = append(out, string(c))
		}
	}
	buf := make([]rune, 0, len(rs)+1)
	for i := range rs {
		try(append(append(buf[:0], rs[:i]...), rs[i+1:]...)) // deletion
		if i+1 < len(rs) {
			c := append(buf[:0], rs...)
			c[i], c[i+1] = c[i+1], c[i]
			try(c)
		}
	}
	for i := 0; i <= len(rs); i++ {
		for c := 'a'; c <= 'z'; c++ {
			if i < len(rs) && rs[i] != c {
				x := append(buf[:0], rs...)
				x[i] = c
				try(x)
			}
			try(append(append(append(buf[:0], rs[:i]...), c), rs[i:]...)) // insertion
		}
	}
	return dedupe(out)
}

// score compares a query with one record.
func (ix *Index) score(p *query, i int32) Candidate {
	e := ix.entries[i]
	c := Candidate{ID: e.rec.ID, Name: e.rec.Name, ROR: e.rec.ROR}
	if p.ror != "" && e.ror != "" {
		if p.ror == e.ror {
			c.Score, c.Reasons = 1, []string{"same ROR id"}
			return c
		}
	}
	s, why := 0.0, ""
	country := ""
	if p.country == e.country {
		country = p.country
	}
	for qi, qt := range p.names {
		for ri, rt := range e.names {
			loan := 0
			if p.kana[qi] && !e.kana[ri] {
				loan = 1
			} else if e.kana[ri] && !p.kana[qi] {
				loan = 2
			}
			if v := ix.nameSim(qt, rt, p.surface[qi], e.surface[ri], p.city, e.city, loan, country); v > s {
				s = v
				switch {
				case v >= 0.999 && ri == 0:
					why = "same name"
				case v >= 0.999:
					why = "another name of"
				case qi > 0 || ri > 0:
					why = "close to another name of"
				default:
					why = "close name"
				}
			}
		}
	}
	for _, a := range p.acronyms {
		if contains(e.acronyms, a) && s < 0.92 {
			s, why = 0.92, "acronym of"
		} else if contains(e.initials, a) && s < 0.80 {
			s, why = 0.80, "initials of"
		}
	}
	for _, a := range p.initials {
		if contains(e.acronyms, a) && s < 0.80 {
			s, why = 0.80, "has the acronym's initials"
		}
	}
	if s < 0.82 {
		for _, a := range p.acronyms {
			if contains(e.wordAcrs, a) {
				s, why = 0.82, "acronym of"
				break
			}
		}
	}
	// A one-word name that only this record's name holds, as its first word
	// ("Phynova": Phynova Group Ltd.).
	if s < 0.82 && len(p.names) > 0 && len(p.names[0]) == 1 {
		w := p.names[0][0]
		if len(w) >= 4 && len(ix.byToken[w]) == 1 && !genericWords[w] && len(e.names) > 0 && e.names[0][0] == w {
			s, why = 0.82, "close name"
		}
	}
	if s < 0.85 {
	label:
		for _, a := range p.acronyms {
			// The only record whose website is named so: "CQUPT", cqupt.edu.cn.
			if len(a) >= 3 && contains(e.labels, a) {
				if len(ix.byLabel[a]) == 1 {
					s, why = 0.85, "acronym in website"
				} else {
					s, why = max(s, 0.65), "acronym in website"
				}
				break label
			}
		}
	}
	if s < 0.80 {
	bag:
		for _, a := range p.acronyms {
			if len(a) < 3 || len(a) > 10 {
				continue
			}
			for ni, t := range e.names {
				if len(t) == len(a) && e.spell[ni] && spellsInAnyOrder(a, t, e.surface[ni]) {
					s, why = 0.80, "initials in another order"
					break bag
				}
			}
		}
	}
	if s < 0.78 {
	abbrev:
		for _, a := range p.acronyms {
			if len(a) < 4 {
				continue
			}
			for _, ws := range e.words {
				if abbreviates(a, ws) {
					s, why = 0.78, "abbreviation of"
					break abbrev
				}
			}
		}
	}
	if why != "" {
		c.Reasons = append(c.Reasons, why)
	}
	if p.host != "" && e.host != "" {
		if p.host == e.host {
			// One website may serve a parent and its institutes: with names that
			// share little it only makes the row worth a look.
			k := 0.35
			if len(ix.byHost[e.host]) == 1 {
				k = 0.75
			}
			switch {
			case s < 0.3 && k > 0.5 && (p.unreadable || hasUnitWord(p.names) == hasUnitWord(e.names)):
				// The only record with this website is the evidence there is when
				// the names cannot share words (an acronym, another script) or are
				// another name of it ("Italian Air Force", aeronautica.difesa.it). A
				// unit on one side only is the usual case of two organisations on
				// one site: a laboratory on its university's (docs/matching.md).
				s = ix.T.Same + 0.02
			case s < 0.3:
				s = min(max(s+(1-s)*k, ix.T.Maybe+0.05), ix.T.Same-0.05)
			default:
				s += (1 - s) * k
			}
			c.Reasons = append(c.Reasons, "same website")
		} else {
			s *= 0.97
		}
	}
	if p.ror != "" && e.ror != "" && p.ror != e.ror {
		s *= 0.3
		c.Reasons = append(c.Reasons, "another ROR id")
	}
	if p.country != "" && e.country != "" {
		if p.country != e.country {
			s *= 0.5
			c.Reasons = append(c.Reasons, "another country")
		} else {
			c.Reasons = append(c.Reasons, "same country")
		}
	}
	if len(p.city) > 0 && len(e.city) > 0 {
		if strings.Join(p.city, " ") == strings.Join(e.city, " ") {
			s += (1 - s) * 0.1
			c.Reasons = append(c.Reasons, "same city")
		} else {
			s *= 0.75
		}
	}
	c.Score = math.Round(min(s, 0.999)*1000) / 1000
	return c
}

// hasUnitWord tells whether a name (any of its variants) names a unit: a centre,
// laboratory, institute, department, faculty.
func hasUnitWord(names [][]string) bool {
	for _, t := range names {
		for _, w := range t {
			if unitWords[w] {
				return true
			}
		}
	}
	return false
}

// unreadable tells a name whose words cannot be compared with a display name: an
// acronym, one short word, a code ("UMR 7591"), or a name in another script.
func unreadable(name string) bool {
	s := strings.TrimSpace(name)
	f := strings.Fields(s)
	if LooksLikeAcronym(s) || (len(f) == 1 && len(s) <= 12) || otherScript(s) {
		return true
	}
	if len(f) <= 3 && strings.ContainsAny(s, "0123456789") {
		return true
	}
	return len(f) == 2 && (LooksLikeAcronym(f[0]) || LooksLikeAcronym(f[1]))
}

// otherScript tells whether most letters of s are not Latin.
func otherScript(s string) bool {
	latin, other := 0, 0
	for _, r := range s {
		switch {
		case r < 0x250 && unicode.IsLetter(r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	return other > latin
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// initialBags are the letters of a name's initials, sorted: its canonical words' and its
// own words', so that an acronym of a translation, whose words come in another order
// ("UTP": Universidad Tecnológica de Pereira, Technological University of Pereira),
// finds it.
func initialBags(canon, surface []string) []string {
	if len(canon) < 2 || len(canon) > 10 {
		return nil
	}
	a, b := make([]byte, 0, len(canon)), make([]byte, 0, len(canon))
	for i, w := range canon {
		if w == "" || surface[i] == "" || w[0] >= 0x80 || surface[i][0] >= 0x80 {
			return nil
		}
		a, b = append(a, w[0]), append(b, surface[i][0])
	}
	sa, sb := sortLetters(string(a)), sortLetters(string(b))
	if sa == sb {
		return []string{sa}
	}
	return []string{sa, sb}
}

// placeFreeInitials are the initials of a name without the words of its city and of
// countries ("Saint Petersburg University of Economics", city Saint Petersburg: ue),
// and without only those that end it ("Banda University of Agriculture and
// Technology, Banda": buat, where leaving out every Banda gives uat).
func placeFreeInitials(words, city []string) []string {
	place := func(w string) bool {
		c := w
		if x, ok := synonyms[w]; ok {
			c = x
		}
		return countryWords[c] || contains(city, c) || w == "us" || w == "uk"
	}
	var ws []string
	for _, w := range words {
		if !place(w) {
			ws = append(ws, w)
		}
	}
	var out []string
	if len(ws) != len(words) && len(ws) >= 2 {
		out = initialsOf(ws)
	}
	end := len(words)
	for end > 0 && place(words[end-1]) {
		end--
	}
	if end < len(words) && end > len(ws) {
		out = append(out, initialsOf(words[:end])...)
	}
	return out
}

// headInitials are the initials of a name's head, the words before a stop word that
// a complement follows ("Arab-German Young Academy of Sciences and Humanities": agya),
// three letters or more: an acronym often leaves the complement out.
func headInitials(words []string) []string {
	var out []string
	for j := 3; j < len(words)-1; j++ {
		if stopWords[words[j]] && !stopWords[words[j-1]] {
			if in := initialsOf(words[:j]); len(in) > 0 && len(in[0]) >= 3 {
				out = append(out, in[0])
			}
		}
	}
	return out
}

func sortLetters(s string) string {
	b := []byte(s)
	for i := 1; i < len(b); i++ { // a few letters: insertion
		for j := i; j > 0 && b[j] < b[j-1]; j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
	return string(b)
}

// spellsInAnyOrder tells whether each word can give one letter of acr, each letter
// used once: a word gives its initial, its own word's, or that of the word for it in
// another language the engine knows ("school": s, e for école, h for Hochschule).
func spellsInAnyOrder(acr string, canon, surface []string) bool {
	if len(acr) != len(canon) {
		return false
	}
	letters := make([]string, len(canon))
	for i, w := range canon {
		letters[i] = w[:1] + surface[i][:1]
		if len(acr) >= 4 { // three letters in another language's words match too much
			letters[i] += groupInitials[w]
		}
	}
	// Augmenting paths: at most 10 words.
	owner := make([]int, len(acr)) // letter -> word, -1
	for i := range owner {
		owner[i] = -1
	}
	var try func(w int, seen []bool) bool
	try = func(w int, seen []bool) bool {
		for l := 0; l < len(acr); l++ {
			if seen[l] || !strings.ContainsRune(letters[w], rune(acr[l])) {
				continue
			}
			seen[l] = true
			if owner[l] < 0 || try(owner[l], seen) {
				owner[l] = w
				return true
			}
		}
		return false
	}
	for w := range canon {
		if !try(w, make([]bool, len(acr))) {
			return false
		}
	}
	return true
}

// hostLabels are the names in a website's host that may be an acronym or a name:
// without the top-level domain and the usual second-level ones (ac, co, edu, gov …),
// and the parts of a name with hyphens ("tbs-education": tbs, education).
func hostLabels(host string) []string {
	if host == "" {
		return nil
	}
	ls := strings.Split(host, ".")
	ls = ls[:len(ls)-1]
	for len(ls) > 1 && secondLevel[ls[len(ls)-1]] {
		ls = ls[:len(ls)-1]
	}
	var out []string
	for _, l := range ls {
		if len(l) >= 3 && !secondLevel[l] {
			out = append(out, l)
		}
		if strings.Contains(l, "-") {
			for _, part := range strings.Split(l, "-") {
				if len(part) >= 3 && !secondLevel[part] {
					out = append(out, part)
				}
			}
		}
	}
	return dedupe(out)
}

var secondLevel = setOf("ac", "co", "com", "edu", "gov", "gob", "gouv", "org", "or", "ne", "net", "go", "res", "nic",
	"mil", "int", "sch", "www", "web", "med", "nhs", "govt", "info", "biz", "asso")

// placeWords are words that a name may add or leave out without naming another
// organisation: its city's and the names of countries.
func (ix *Index) soft(w string, qCity, rCity []string) bool {
	if countryWords[w] {
		return true
	}
	if len(qCity) > 0 && len(rCity) > 0 && strings.Join(qCity, " ") != strings.Join(rCity, " ") {
		return false // another city: its name in the name is evidence
	}
	return contains(qCity, w) || contains(rCity, w)
}

var countryWords = setOf("japan", "france", "germany", "spain", "italy", "switzerland", "austria", "belgium",
	"netherlands", "sweden", "norway", "denmark", "finland", "portugal", "brazil", "poland", "china", "korea", "russia",
	"usa", "uk", "india", "canada", "australia", "mexico", "pakistan", "nigeria", "egypt", "turkey", "turkiye",
	"indonesia", "philippines", "thailand", "vietnam", "malaysia", "singapore", "bangladesh", "nepal", "iran", "iraq",
	"israel", "lebanon", "saudi", "arabia", "kenya", "ethiopia", "ghana", "tanzania", "uganda", "zimbabwe", "zambia",
	"argentina", "chile", "colombia", "peru", "ecuador", "venezuela", "bolivia", "paraguay", "uruguay", "cuba",
	"ireland", "scotland", "wales", "england", "greece", "romania", "bulgaria", "hungary", "czech", "czechia",
	"slovakia", "slovenia", "croatia", "serbia", "bosnia", "ukraine", "belarus", "lithuania", "latvia", "estonia",
	"iceland", "luxembourg", "taiwan", "morocco", "algeria", "tunisia", "cameroon", "senegal", "lanka",
	"kazakhstan", "uzbekistan", "kyrgyzstan", "armenia", "azerbaijan", "qatar", "emirates", "kuwait", "oman",
	"cyprus", "malta", "sudan", "rwanda", "malawi", "mozambique", "angola", "namibia", "botswana", "benin", "togo",
	"niger", "mali", "guatemala", "honduras", "nicaragua", "panama", "rica", "jamaica", "mongolia", "myanmar",
	"cambodia", "laos", "afghanistan", "syria", "yemen", "libya", "palestine", "macedonia", "albania", "moldova",
	"montenegro", "kosovo", "georgia", "zealand", "africa", "kingdom", "america")

// nameSim is the weighted Jaccard similarity of two names' words: a word one typo away
// counts nearly as the same, a word that shares its stem (another case ending) a little
// less, a short word that is the initials of neighbouring words of the other name ("IU
// Health", "Indiana University Health") nearly as those words; a word of the city or a
// country's name, present on one side only, counts little against.
//
// loan says which name is written partly in kana (1: q, 2: r), whose words may be
// English words as Japanese spells them.
//
// country is the country of both records, whose name's words count nothing.
func (ix *Index) nameSim(q, r, qs, rs, qCity, rCity []string, loan int, country string) float64 {
	usedR := make([]bool, len(r))
	usedQ := make([]bool, len(q))
	var inter, union float64
	exact := false
	for qi, w := range q {
		for ri, x := range r {
			if !usedR[ri] && x == w {
				usedR[ri], usedQ[qi] = true, true
				wt := ix.weight(w)
				inter += wt
				union += wt
				exact = true
				break
			}
		}
	}
	// A word a translation may give for the same word: 学会 is "society" or
	// "association" in English.
	for qi, w := range q {
		if x := related[w]; x != "" && !usedQ[qi] {
			for ri := range r {
				if !usedR[ri] && r[ri] == x {
					usedR[ri], usedQ[qi] = true, true
					wt := ix.weight(x)
					inter += 0.7 * wt
					union += wt
					break
				}
			}
		}
	}
	for qi := range q {
		if usedQ[qi] {
			continue
		}
		ws := qs[qi]
		if len(ws) < 4 {
			continue
		}
		for ri, x := range rs {
			if usedR[ri] || len(x) < 4 || digitsOf(ws) != digitsOf(x) {
				continue // a number one digit away is another number: "UMR 7172", "UMR 7127"
			}
			// A short word with a typo, alone, is another name ("Jemco", "Jeco").
			short := min(len(x), len(ws)) < 6
			k := 0.0
			switch {
			case max(len(x), len(ws)) >= 5 && (exact || !short) && editOne(ws, x):
				k = 0.85
			case sameStem(ws, x) || abbreviatedWord(ws, x):
				k = 0.7
			case min(len(x), len(ws)) >= 6 && max(len(x), len(ws))-min(len(x), len(ws)) <= 3 && editOne(ix.skeleton(ws), ix.skeleton(x)):
				k = 0.7 // the same word in another language ("reumatologia")
			}
			if k > 0 {
				usedR[ri], usedQ[qi] = true, true
				wt := ix.weight(r[ri])
				inter += k * wt
				union += wt
				break
			}
		}
	}
	if loan > 0 {
		inter, union = ix.loanwords(q, r, qs, rs, usedQ, usedR, loan, inter, union)
	}
	inter, union = ix.readWords(q, r, usedQ, usedR, inter, union)
	inter, union = ix.readWords(r, q, usedR, usedQ, inter, union)
	for _, side := range []struct {
		short, long     []string
		usedS, usedL    []bool
		shortSurf, surf []string
	}{{q, r, usedQ, usedR, qs, rs}, {r, q, usedR, usedQ, rs, qs}} {
		if len(side.short) < 2 {
			continue // a name that is only an acronym: the initials rules weigh it
		}
		for i, w := range side.shortSurf {
			if side.usedS[i] || len(w) < 2 || len(w) > 6 || synonyms[w] != "" || genericWords[w] {
				continue
			}
			if j := initialsRun(w, side.surf, side.usedL); j >= 0 {
				side.usedS[i] = true
				for k := j; k < j+len(w); k++ {
					side.usedL[k] = true
					wt := ix.weight(side.long[k])
					inter += 0.8 * wt
					union += wt
				}
			}
		}
	}
	// A word in another script that the other name, all in Latin letters, cannot hold
	// (a Chinese character outside the dictionary) counts less against.
	// A word that says who runs the organisation (municipal, prefectural, provincial)
	// is often left out of a translation: it counts little against when the other name
	// has no such word.
	qLatin, rLatin := allLatin(q), allLatin(r)
	qWeak, rWeak := anyOf(q, weakWords), anyOf(r, weakWords)
	for qi, w := range q {
		if !usedQ[qi] {
			wt := ix.weight(w)
			if ownCountryWord(country, w) {
				continue
			}
			if ix.soft(w, qCity, rCity) || (rLatin && w[0] >= 0x80) || (weakWords[w] && !rWeak) {
				wt *= 0.2
			}
			union += wt
		}
	}
	for ri, x := range r {
		if !usedR[ri] {
			wt := ix.weight(x)
			if ownCountryWord(country, x) {
				continue
			}
			if ix.soft(x, qCity, rCity) || (qLatin && x[0] >= 0x80) || (weakWords[x] && !qWeak) {
				wt *= 0.2
			}
			union += wt
		}
	}
	if union == 0 {
		return 0
	}
	return inter / union
}

// loanwords pairs the kana name's words left with the other name's words (or two
// neighbouring ones) that they borrow.
func (ix *Index) loanwords(q, r, qs, rs []string, usedQ, usedR []bool, loan int, inter, union float64) (float64, float64) {
	kw, lw, usedK, usedL, long := qs, rs, usedQ, usedR, r
	if loan == 2 {
		kw, lw, usedK, usedL, long = rs, qs, usedR, usedQ, q
	}
	for i, w := range kw {
		if usedK[i] {
			continue
		}
		for j := range lw {
			if usedL[j] {
				continue
			}
			n := 0
			if sameLoanword(w, lw[j]) {
				n = 1
			} else if j+1 < len(lw) && !usedL[j+1] && sameLoanword(w, lw[j], lw[j+1]) {
				n = 2
			}
			if n == 0 {
				continue
			}
			usedK[i] = true
			for k := j; k < j+n; k++ {
				usedL[k] = true
				wt := ix.weight(long[k])
				inter += 0.85 * wt
				union += wt
			}
			break
		}
	}
	return inter, union
}

// readWords pairs the words of Chinese characters left in a with the Latin words
// left in b that read them ("花巻", "hanamaki"), weighing b's word.
func (ix *Index) readWords(a, b []string, usedA, usedB []bool, inter, union float64) (float64, float64) {
	for i, w := range a {
		if usedA[i] || w[0] < 0x80 {
			continue
		}
		for j, x := range b {
			if usedB[j] || x[0] >= 0x80 || !readsAs(w, x) {
				continue
			}
			usedA[i], usedB[j] = true, true
			wt := ix.weight(x)
			inter += 0.85 * wt
			union += wt
			break
		}
	}
	return inter, union
}

// chineseCountries write their organisations' names in pinyin.
var chineseCountries = setOf("CN", "TW", "HK", "MO")

// digitsOf is the digits of a word, in order: a typo may change its letters only.
func digitsOf(w string) string {
	if !strings.ContainsAny(w, "0123456789") {
		return ""
	}
	b := make([]byte, 0, 8)
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			b = append(b, w[i])
		}
	}
	return string(b)
}

// related pairs the canonical words of institutions that one word of another language
// is translated by either of.
var related = map[string]string{"association": "society", "society": "association"}

var weakWords = setOf("municipal", "prefecture", "provincial", "autonomous", "region")

func anyOf(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if set[w] {
			return true
		}
	}
	return false
}

func allAcronyms(ws []string) bool {
	for _, w := range ws {
		if !LooksLikeAcronym(w) {
			return false
		}
	}
	return true
}

// skeleton is the word's skeleton, memoised.
func (ix *Index) skeleton(w string) string {
	if ix.skel == nil {
		ix.skel = map[string]string{}
	}
	k, ok := ix.skel[w]
	if !ok {
		k = skeleton(w)
		ix.skel[w] = k
	}
	return k
}

// allLatin tells words all in Latin letters (after folding: ASCII).
func allLatin(ws []string) bool {
	for _, w := range ws {
		if w != "" && w[0] >= 0x80 {
			return false
		}
	}
	return true
}

// initialsRun is the start of len(a) neighbouring unused words whose initials spell a
// ("iu": "indiana university"), or -1.
func initialsRun(a string, ws []string, used []bool) int {
	n := len(a)
	for j := 0; j+n <= len(ws); j++ {
		ok := true
		for k := 0; k < n && ok; k++ {
			ok = !used[j+k] && ws[j+k] != "" && ws[j+k][0] == a[k] && len(ws[j+k]) > 1
		}
		if ok {
			return j
		}
	}
	return -1
}

// abbreviatedWord tells a word cut short ("kungl", "kungliga"): five letters or more
// that start the other word.
func abbreviatedWord(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 5 && len(b) > len(a) && strings.HasPrefix(b, a)
}

// sameStem tells two words that differ only by their endings (cases and plurals of
// inflected languages: "virovitici", "virovitica"): a shared start of five letters or
// more, at most three letters after it on each side.
func sameStem(a, b string) bool {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	rest := max(len(a), len(b)) - p
	return (p >= 5 && rest <= 3 && min(len(a), len(b))-p <= 3) || (p >= 7 && rest <= 4 && min(len(a), len(b))-p <= 4)
}

// editOne tells whether a and b are at most one edit apart (Damerau: a swap of two
// neighbouring letters is one edit).
func editOne(a, b string) bool {
	if a == b {
		return true
	}
	x, y := []rune(a), []rune(b)
	if len(x) < len(y) {
		x, y = y, x
	}
	if len(x)-len(y) > 1 {
		return false
	}
	i := 0
	for i < len(y) && x[i] == y[i] {
		i++
	}
	if len(x) == len(y) {
		if string(x[i+1:]) == string(y[i+1:]) {
			return true
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && string(x[i+2:]) == string(y[i+2:])
	}
	return string(x[i+1:]) == string(y[i:])
}
