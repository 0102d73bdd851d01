package schedule

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteSat decides a small CNF by enumeration.
func bruteSat(n int, cls [][]lit) bool {
	for a := 0; a < 1<<n; a++ {
		ok := true
		for _, c := range cls {
			sat := false
			for _, l := range c {
				val := a>>l.v()&1 == 1
				if val != l.sign() {
					sat = true
					break
				}
			}
			if !sat {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// addRandomClauses adds nc random clauses of 1 to maxLen literals over variables 0..n-1
// to s and returns them.
func addRandomClauses(rng *rand.Rand, s *sat, n, nc, maxLen int) [][]lit {
	var cls [][]lit
	for i := 0; i < nc; i++ {
		k := 1 + rng.IntN(maxLen)
		var c []lit
		for j := 0; j < k; j++ {
			c = append(c, mkLit(rng.IntN(n), rng.IntN(2) == 0))
		}
		cls = append(cls, c)
		s.addClause(c...)
	}
	return cls
}

// pigeonhole is the formula "pigeons pigeons in holes holes, one per hole" over variables
// p*holes+h: unsatisfiable when pigeons > holes, and refuted by clause learning only
// slowly.
func pigeonhole(pigeons, holes int) [][]lit {
	var cls [][]lit
	for p := range pigeons {
		var c []lit
		for h := range holes {
			c = append(c, mkLit(p*holes+h, false))
		}
		cls = append(cls, c)
	}
	for h := range holes {
		for p := range pigeons {
			for q := p + 1; q < pigeons; q++ {
				cls = append(cls, []lit{mkLit(p*holes+h, true), mkLit(q*holes+h, true)})
			}
		}
	}
	return cls
}

// violated returns the index of a clause that s's model leaves false, or -1.
func violated(s *sat, cls [][]lit) int {
	for ci, c := range cls {
		ok := false
		for _, l := range c {
			if s.model(l.v()) != l.sign() {
				ok = true
			}
		}
		if !ok {
			return ci
		}
	}
	return -1
}

// TestSatAgainstBruteForce also runs with chronological backtracking after every
// conflict (chrono 1) and after jumps of two levels or more, restarts made frequent so
// that backtracking keeps out-of-order literals often.
func TestSatAgainstBruteForce(t *testing.T) {
	for _, chrono := range []int{0, 1, 2} {
		rng := rand.New(rand.NewPCG(1, 2))
		for iter := 0; iter < 3000; iter++ {
			n := 3 + rng.IntN(10)
			nc := n * (2 + rng.IntN(4))
			var cls [][]lit
			s := newSat()
			s.chrono = chrono
			if chrono > 0 {
				s.restartUnit = 1 + rng.IntN(3)
			}
			for i := 0; i < n; i++ {
				s.newVar()
			}
			cls = addRandomClauses(rng, s, n, nc, 3)
			want := bruteSat(n, cls)
			got := s.solve()
			if (got == satSat) != want {
				t.Fatalf("chrono %d, iter %d: got %v want sat=%v", chrono, iter, got, want)
			}
			if got == satSat && violated(s, cls) >= 0 {
				t.Fatalf("chrono %d, iter %d: model violates a clause", chrono, iter)
			}
		}
	}
}

// TestSatRephase: phase resets at every restart, of every kind, leave a refutation a
// refutation (seven pigeons in six holes).
func TestSatRephase(t *testing.T) {
	const pigeons, holes = 7, 6
	s := newSat()
	s.restartUnit, s.rephaseInt = 1, 1
	for range pigeons * holes {
		s.newVar()
	}
	for _, c := range pigeonhole(pigeons, holes) {
		s.addClause(c...)
	}
	if r := s.solve(); r != satUnsat {
		t.Fatalf("pigeonhole: %v", r)
	}
	if s.rephased < 2*len(rephaseCycle) {
		t.Errorf("pigeonhole: %d phase resets, want each kind several times", s.rephased)
	}
}

func TestSatPlanted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 20; iter++ {
		n := 50 + rng.IntN(100)
		plant := make([]bool, n)
		for i := range plant {
			plant[i] = rng.IntN(2) == 0
		}
		s := newSat()
		for i := 0; i < n; i++ {
			s.newVar()
		}
		var cls [][]lit
		for len(cls) < n*42/10 {
			var c []lit
			ok := false
			for j := 0; j < 3; j++ {
				l := mkLit(rng.IntN(n), rng.IntN(2) == 0)
				c = append(c, l)
				if plant[l.v()] != l.sign() {
					ok = true
				}
			}
			if ok {
				cls = append(cls, c)
				s.addClause(c...)
			}
		}
		if r := s.solve(); r != satSat {
			t.Fatalf("iter %d n %d: planted instance reported %v after %d conflicts", iter, n, r, s.Conflicts)
		}
		for _, c := range cls {
			ok := false
			for _, l := range c {
				if s.model(l.v()) != l.sign() {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("iter %d: bad model", iter)
			}
		}
	}
}

// checkSatStore verifies the clause arena and the watch lists against each other: every
// live clause sits at its reference under its id, every clause of three or more literals
// is watched from exactly its first two, and every watcher names a live clause.
func checkSatStore(t *testing.T, s *sat) {
	t.Helper()
	used := 0
	watched := map[[2]int32]int{} // (literal, clause id) -> watchers
	for ci, c := range s.clauses {
		if c.ref < 0 {
			if !c.dead {
				t.Fatalf("clause %d: live without literals", ci)
			}
			continue
		}
		if got := int(s.arena[c.ref-2]); got != ci {
			t.Fatalf("clause %d: arena header names %d", ci, got)
		}
		used += clauseHdr + len(s.lits(int32(ci)))
	}
	if want := used; len(s.arena) != want {
		t.Fatalf("arena holds %d words, clauses %d", len(s.arena), want)
	}
	for l, wl := range s.watches {
		for k, w := range wl.ws {
			ci, pos := w.c, 0
			if k >= int(wl.nBin) {
				ci = int32(s.arena[w.c-2])
				if s.clauses[ci].ref != w.c {
					t.Fatalf("literal %d: watcher reference %d is not clause %d's", l, w.c, ci)
				}
			}
			c := s.clauses[ci]
			ls := s.lits(ci)
			if c.dead || (len(ls) == 2) != (k < int(wl.nBin)) {
				t.Fatalf("literal %d: watcher %d names clause %d (dead %v, %d literals)", l, k, ci, c.dead, len(ls))
			}
			if ls[1].not() == lit(l) {
				pos = 1
			} else if ls[0].not() != lit(l) {
				t.Fatalf("literal %d watches clause %d %v", l, ci, ls)
			}
			if len(ls) == 2 && w.other != ls[1-pos] {
				t.Fatalf("literal %d: binary watcher of clause %d has other %d", l, ci, w.other)
			}
			watched[[2]int32{int32(l), ci}]++
		}
	}
	for ci, c := range s.clauses {
		if c.dead {
			continue
		}
		ls := s.lits(int32(ci))
		for _, l := range ls[:2] {
			if n := watched[[2]int32{int32(l.not()), int32(ci)}]; n != 1 {
				t.Fatalf("clause %d %v: watched %d times from %d", ci, ls, n, l.not())
			}
		}
	}
}

// TestSatReduceCompact runs the pigeonhole formula (9 pigeons, 8 holes: unsatisfiable, and
// long enough to delete learnt clauses and compact the arena) in slices of conflicts,
// checking the clause store between slices.
func TestSatReduceCompact(t *testing.T) {
	const n = 8
	s := newSat()
	for range (n + 1) * n {
		s.newVar()
	}
	for _, c := range pigeonhole(n+1, n) {
		s.addClause(c...)
	}
	r := satUnknown
	for r == satUnknown {
		s.maxConflicts = s.Conflicts + 500
		r = s.solve()
		checkSatStore(t, s)
	}
	if r != satUnsat {
		t.Fatalf("pigeonhole %d/%d: got %v", n+1, n, r)
	}
	compacted := false
	for _, c := range s.clauses {
		compacted = compacted || c.ref < 0
	}
	if !compacted {
		t.Fatalf("no compaction after %d conflicts", s.Conflicts)
	}
}

// TestSatAssumptions: on small random formulas solved under random assumptions, the answer
// is the brute force's with the assumptions as unit clauses; a model satisfies them; a
// core is a subset of them that is unsatisfiable by itself; and the same solver answers
// the next assumptions as if fresh (it keeps only what the clauses imply).
func TestSatAssumptions(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 2000; iter++ {
		n := 4 + rng.IntN(9)
		var cls [][]lit
		s := newSat()
		if iter%2 == 1 {
			// Chronological backtracking keeps assumption levels and out-of-order
			// literals below them: the cores must stay right.
			s.chrono, s.restartUnit = 1, 1
		}
		for i := 0; i < n; i++ {
			s.newVar()
		}
		for i := 0; i < n*(1+rng.IntN(3)); i++ {
			var c []lit
			for j := 0; j < 2+rng.IntN(2); j++ {
				c = append(c, mkLit(rng.IntN(n), rng.IntN(2) == 0))
			}
			cls = append(cls, c)
			s.addClause(c...)
		}
		if !bruteSat(n, cls) {
			continue
		}
		for round := 0; round < 4; round++ {
			s.assumps = s.assumps[:0]
			for _, v := range rng.Perm(n)[:1+rng.IntN(n/2)] {
				s.assumps = append(s.assumps, mkLit(v, rng.IntN(2) == 0))
			}
			with := func(as []lit) [][]lit {
				out := append([][]lit(nil), cls...)
				for _, a := range as {
					out = append(out, []lit{a})
				}
				return out
			}
			want := bruteSat(n, with(s.assumps))
			got := s.solve()
			if s.unsat {
				t.Fatalf("iter %d: a satisfiable formula marked unsat under assumptions", iter)
			}
			if (got == satSat) != want {
				t.Fatalf("iter %d round %d: got %v, brute force sat=%v", iter, round, got, want)
			}
			if got == satSat {
				for _, a := range s.assumps {
					if s.model(a.v()) == a.sign() {
						t.Fatalf("iter %d: model breaks assumption %v", iter, a)
					}
				}
				continue
			}
			for _, c := range s.core {
				if !slices.Contains(s.assumps, c) {
					t.Fatalf("iter %d: core literal %v is not an assumption", iter, c)
				}
			}
			if bruteSat(n, with(s.core)) {
				t.Fatalf("iter %d: core %v is satisfiable", iter, s.core)
			}
		}
	}
}

// TestSatLearntImplied checks conflict analysis itself (first UIP, minimisation, binary
// reasons read from the variables): every clause the solver learns must follow from the
// formula and the clauses learnt before it by unit propagation alone, as a proof checker
// would verify it (reverse unit propagation, with a propagator of its own here). It runs
// on pigeonhole formulas, whose at-most-one clauses make binary reasons at every level,
// and on random ones, with each of the solver's switches and with restarts and reductions
// made frequent.
func TestSatLearntImplied(t *testing.T) {
	variants := []struct {
		name string
		set  func(*sat)
	}{
		{"default", func(*sat) {}},
		{"modes", func(s *sat) { s.modes = true }},
		{"tiers", func(s *sat) { s.tiers = true }},
		{"reasonbump", func(s *sat) { s.reasonBump = true }},
		{"rephase", func(s *sat) { s.rephaseInt = 5 }},
		{"reshuffle", func(s *sat) { s.reshuffleInt = 7 }},
		{"vivify", func(s *sat) { s.vivifyInt = 5 }},
		{"chrono=1", func(s *sat) { s.chrono = 1 }},
		{"chrono=2", func(s *sat) { s.chrono = 2 }},
	}
	type formula struct {
		n   int
		cls [][]lit
	}
	var fs []formula
	for _, ph := range [][2]int{{5, 4}, {6, 5}} {
		fs = append(fs, formula{ph[0] * ph[1], pigeonhole(ph[0], ph[1])})
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 60 {
		n := 20 + rng.IntN(10)
		var cls [][]lit
		for i := range n + 4*n {
			k := 3
			if i < n {
				k = 2 // binary clauses, so that binary reasons occur
			}
			var c []lit
			for _, v := range rng.Perm(n)[:k] { // distinct variables: rup counts literals
				c = append(c, mkLit(v, rng.IntN(2) == 0))
			}
			cls = append(cls, c)
		}
		fs = append(fs, formula{n, cls})
	}
	learnt := 0
	for fi, f := range fs {
		for _, vr := range variants {
			s := newSat()
			for range f.n {
				s.newVar()
			}
			for _, c := range f.cls {
				s.addClause(c...)
			}
			s.restartUnit, s.maxLearnt = 1, 8
			vr.set(s)
			db := slices.Clone(f.cls)
			s.onLearn = func(c []lit) {
				learnt++
				for _, l := range c {
					// Analysis ends before backtracking; vivify reports at level 0.
					if len(s.trailLim) > 0 && s.val(l) != -1 {
						t.Fatalf("formula %d %s: learnt clause %v has %v not false", fi, vr.name, c, l)
					}
				}
				if !rup(f.n, db, c) {
					t.Fatalf("formula %d %s: learnt clause %v does not follow by unit propagation", fi, vr.name, c)
				}
				db = append(db, slices.Clone(c))
			}
			if got := s.solve(); fi < 2 && got != satUnsat {
				t.Fatalf("pigeonhole %d %s: %v", fi, vr.name, got)
			}
		}
	}
	if learnt < 1000 {
		t.Errorf("only %d learnt clauses checked", learnt)
	}
}

// rup says whether unit propagation on cls, from the negation of every literal of c,
// reaches a conflict (a naive propagator, independent of the solver's).
func rup(n int, cls [][]lit, c []lit) bool {
	val := make([]int8, 2*n)
	set := func(l lit) bool {
		if val[l] == -1 {
			return false
		}
		val[l], val[l^1] = 1, -1
		return true
	}
	for _, l := range c {
		if !set(l.not()) {
			return true // c holds a literal and its negation
		}
	}
	for changed := true; changed; {
		changed = false
		for _, cl := range cls {
			free, nFree, sat := lit(-1), 0, false
			for _, l := range cl {
				switch val[l] {
				case 1:
					sat = true
				case 0:
					free, nFree = l, nFree+1
				}
			}
			switch {
			case sat:
			case nFree == 0:
				return true
			case nFree == 1:
				set(free)
				changed = true
			}
		}
	}
	return false
}
