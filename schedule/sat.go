package schedule

import (
	"math/rand/v2"
	"sort"
	"sync/atomic"
)

// A small CDCL SAT solver (two watched literals, first-UIP learning, VSIDS, phase saving,
// Luby restarts, LBD-based clause deletion). It exists to prove lower bounds on breaks:
// the exact mode encodes "all meetings placed with at most B breaks" and tightens B.

type lit int32 // 2*var + 1 when negated

func mkLit(v int, neg bool) lit {
	if neg {
		return lit(2*v + 1)
	}
	return lit(2 * v)
}
func (l lit) v() int     { return int(l >> 1) }
func (l lit) not() lit   { return l ^ 1 }
func (l lit) sign() bool { return l&1 == 1 }

type watcher struct {
	c       int32
	blocker lit
}

// binWatch is a binary clause seen from one of its literals: the other literal and the
// clause (for conflict analysis).
type binWatch struct {
	other lit
	c     int32
}

type satClause struct {
	lits   []lit
	learnt bool
	lbd    int32
	act    float32
	dead   bool
}

type satResult int

const (
	satUnknown satResult = iota
	satSat
	satUnsat
)

type sat struct {
	clauses  []satClause
	watches  [][]watcher
	bins     [][]binWatch // per literal: binary clauses to visit when it becomes true
	assign   []int8       // per var: 0 unassigned, 1 true, -1 false
	lval     []int8       // per literal: its value (kept with assign, read by propagate)
	stamp    []uint32     // per decision level: last lbd call that saw it
	stampN   uint32
	level    []int32
	reason   []int32
	trail    []lit
	trailLim []int
	qhead    int
	act      []float64
	varInc   float64
	phase    []bool
	heap     []int32
	heapIdx  []int32
	seen     []bool
	aux      []bool // never branched on while a decision variable is unassigned
	auxNext  int    // scan position for unassigned auxiliary variables
	unsat    bool
	nLearnt  int
	stop     *atomic.Bool
	abort    func() bool // polled with stop; nil for none
	// restartUnit scales the Luby restart sequence (conflicts).
	restartUnit int
	// onRestart, when set, runs at each restart (at level 0, nothing pending), e.g. to
	// reset saved phases to a better incumbent.
	onRestart func()
	// Conflicts counts conflicts over the solver's life.
	Conflicts int64
	// maxConflicts, when positive, makes solve give up (satUnknown) after that many.
	maxConflicts int64
}

func newSat() *sat { return &sat{varInc: 1, restartUnit: 100} }

func (s *sat) newVar() int {
	v := len(s.assign)
	s.assign = append(s.assign, 0)
	s.lval = append(s.lval, 0, 0)
	s.level = append(s.level, 0)
	s.reason = append(s.reason, -1)
	s.act = append(s.act, 0)
	s.phase = append(s.phase, true) // negative first: most slot variables are false
	s.seen = append(s.seen, false)
	s.aux = append(s.aux, false)
	s.watches = append(s.watches, nil, nil)
	s.bins = append(s.bins, nil, nil)
	s.heapIdx = append(s.heapIdx, -1)
	s.heapInsert(int32(v))
	return v
}

// newAux adds a variable that the encoding defines from others (counter, ladder and break
// indicators): the search does not branch on it, and sets it false once every decision
// variable is assigned (its defining clauses only force it upwards).
func (s *sat) newAux() int {
	v := s.newVar()
	s.aux[v] = true
	return v
}

func (s *sat) val(l lit) int8 { return s.lval[l] }

// addClause adds a clause at level 0 (call only before or between solves).
func (s *sat) addClause(ls ...lit) {
	if s.unsat {
		return
	}
	s.cancelUntil(0)
	// Simplify: drop false literals, skip satisfied clauses and duplicates.
	out := make([]lit, 0, len(ls))
	for _, l := range ls {
		switch s.val(l) {
		case 1:
			return
		case -1:
			continue
		}
		dup := false
		for _, o := range out {
			if o == l {
				dup = true
				break
			}
			if o == l.not() {
				return
			}
		}
		if !dup {
			out = append(out, l)
		}
	}
	switch len(out) {
	case 0:
		s.unsat = true
	case 1:
		s.enqueue(out[0], -1)
		if s.propagate() >= 0 {
			s.unsat = true
		}
	default:
		s.attach(out, false, 0)
	}
}

func (s *sat) attach(ls []lit, learnt bool, lbd int32) int32 {
	ci := int32(len(s.clauses))
	s.clauses = append(s.clauses, satClause{lits: ls, learnt: learnt, lbd: lbd})
	if len(ls) == 2 {
		s.bins[ls[0].not()] = append(s.bins[ls[0].not()], binWatch{ls[1], ci})
		s.bins[ls[1].not()] = append(s.bins[ls[1].not()], binWatch{ls[0], ci})
		return ci
	}
	s.watches[ls[0].not()] = append(s.watches[ls[0].not()], watcher{ci, ls[1]})
	s.watches[ls[1].not()] = append(s.watches[ls[1].not()], watcher{ci, ls[0]})
	if learnt {
		s.nLearnt++
	}
	return ci
}

func (s *sat) enqueue(l lit, from int32) {
	v := l.v()
	if l.sign() {
		s.assign[v] = -1
	} else {
		s.assign[v] = 1
	}
	s.lval[l] = 1
	s.lval[l^1] = -1
	s.level[v] = int32(len(s.trailLim))
	s.reason[v] = from
	s.trail = append(s.trail, l)
}

// propagate returns the index of a conflicting clause, or -1.
func (s *sat) propagate() int32 {
	for s.qhead < len(s.trail) {
		p := s.trail[s.qhead] // p is true; visit clauses watching not(p)
		s.qhead++
		for _, bw := range s.bins[p] {
			switch s.val(bw.other) {
			case -1:
				s.qhead = len(s.trail)
				return bw.c
			case 0:
				s.enqueue(bw.other, bw.c)
			}
		}
		ws := s.watches[p]
		i, j := 0, 0
		for i < len(ws) {
			w := ws[i]
			if s.val(w.blocker) == 1 {
				ws[j] = w
				i++
				j++
				continue
			}
			c := &s.clauses[w.c]
			if c.dead {
				i++
				continue
			}
			ls := c.lits
			fl := p.not()
			if ls[0] == fl {
				ls[0], ls[1] = ls[1], fl
			}
			i++
			first := ls[0]
			if first != w.blocker && s.val(first) == 1 {
				ws[j] = watcher{w.c, first}
				j++
				continue
			}
			found := false
			for k := 2; k < len(ls); k++ {
				if s.val(ls[k]) != -1 {
					ls[1], ls[k] = ls[k], ls[1]
					s.watches[ls[1].not()] = append(s.watches[ls[1].not()], watcher{w.c, first})
					found = true
					break
				}
			}
			if found {
				continue
			}
			ws[j] = watcher{w.c, first}
			j++
			if s.val(first) == -1 {
				for i < len(ws) {
					ws[j] = ws[i]
					i++
					j++
				}
				s.watches[p] = ws[:j]
				s.qhead = len(s.trail)
				return w.c
			}
			s.enqueue(first, w.c)
		}
		s.watches[p] = ws[:j]
	}
	return -1
}

func (s *sat) cancelUntil(lv int) {
	if len(s.trailLim) <= lv {
		return
	}
	for i := len(s.trail) - 1; i >= s.trailLim[lv]; i-- {
		v := s.trail[i].v()
		s.phase[v] = s.trail[i].sign()
		s.assign[v] = 0
		s.lval[2*v], s.lval[2*v+1] = 0, 0
		s.reason[v] = -1
		if s.heapIdx[v] < 0 {
			s.heapInsert(int32(v))
		}
	}
	s.trail = s.trail[:s.trailLim[lv]]
	s.trailLim = s.trailLim[:lv]
	s.auxNext = 0
	s.qhead = len(s.trail)
}

func (s *sat) bump(v int) {
	s.act[v] += s.varInc
	if s.act[v] > 1e100 {
		for i := range s.act {
			s.act[i] *= 1e-100
		}
		s.varInc *= 1e-100
	}
	if s.heapIdx[v] >= 0 {
		s.heapUp(int(s.heapIdx[v]))
	}
}

// analyze derives a first-UIP clause from a conflict and the level to go back to.
func (s *sat) analyze(confl int32) ([]lit, int) {
	learnt := []lit{0}
	pathC := 0
	var p lit = -1
	idx := len(s.trail) - 1
	cur := int32(len(s.trailLim))
	for {
		c := &s.clauses[confl]
		if c.learnt {
			c.act += 1
		}
		for _, q := range c.lits {
			if p >= 0 && q == p {
				continue
			}
			v := q.v()
			if !s.seen[v] && s.level[v] > 0 {
				s.seen[v] = true
				s.bump(v)
				if s.level[v] >= cur {
					pathC++
				} else {
					learnt = append(learnt, q)
				}
			}
		}
		for !s.seen[s.trail[idx].v()] {
			idx--
		}
		p = s.trail[idx]
		idx--
		confl = s.reason[p.v()]
		s.seen[p.v()] = false
		pathC--
		if pathC <= 0 {
			break
		}
	}
	learnt[0] = p.not()
	// Local minimisation: drop literals implied by others in the clause.
	marked := append([]lit(nil), learnt[1:]...)
	j := 1
	for i := 1; i < len(learnt); i++ {
		v := learnt[i].v()
		r := s.reason[v]
		keep := true
		if r >= 0 {
			keep = false
			for _, q := range s.clauses[r].lits {
				if q.v() != v && !s.seen[q.v()] && s.level[q.v()] > 0 {
					keep = true
					break
				}
			}
		}
		if keep {
			learnt[j] = learnt[i]
			j++
		}
	}
	for _, q := range marked {
		s.seen[q.v()] = false
	}
	learnt = learnt[:j]
	bt := 0
	if len(learnt) > 1 {
		mi := 1
		for i := 2; i < len(learnt); i++ {
			if s.level[learnt[i].v()] > s.level[learnt[mi].v()] {
				mi = i
			}
		}
		learnt[1], learnt[mi] = learnt[mi], learnt[1]
		bt = int(s.level[learnt[1].v()])
	}
	return learnt, bt
}

func (s *sat) lbd(ls []lit) int32 {
	s.stampN++
	n := int32(0)
	for _, l := range ls {
		lv := int(s.level[l.v()])
		for lv >= len(s.stamp) {
			s.stamp = append(s.stamp, 0)
		}
		if s.stamp[lv] != s.stampN {
			s.stamp[lv] = s.stampN
			n++
		}
	}
	return n
}

// reduce deletes half of the learnt clauses, keeping short-LBD ones and reasons.
func (s *sat) reduce() {
	var cand []int32
	for i := range s.clauses {
		c := &s.clauses[i]
		if c.learnt && !c.dead && c.lbd > 2 {
			v := c.lits[0].v()
			if s.reason[v] == int32(i) && s.assign[v] != 0 {
				continue
			}
			cand = append(cand, int32(i))
		}
	}
	sort.Slice(cand, func(a, b int) bool {
		ca, cb := &s.clauses[cand[a]], &s.clauses[cand[b]]
		if ca.lbd != cb.lbd {
			return ca.lbd > cb.lbd
		}
		return ca.act < cb.act
	})
	for _, ci := range cand[:len(cand)/2] {
		s.clauses[ci].dead = true
		s.clauses[ci].lits = nil
		s.nLearnt--
	}
	// Purge dead watchers.
	for l := range s.watches {
		ws := s.watches[l]
		j := 0
		for _, w := range ws {
			if !s.clauses[w.c].dead {
				ws[j] = w
				j++
			}
		}
		s.watches[l] = ws[:j]
	}
}

func luby(i int) int {
	size, seq := 1, 0
	for size < i+1 {
		seq++
		size = 2*size + 1
	}
	x := 1
	for size-1 != i {
		size = (size - 1) >> 1
		seq--
		i = i % size
	}
	for ; seq > 0; seq-- {
		x *= 2
	}
	return x
}

// solve runs until a model, a refutation, or stop is set.
func (s *sat) solve() satResult {
	if s.unsat {
		return satUnsat
	}
	if s.propagate() >= 0 {
		s.unsat = true
		return satUnsat
	}
	maxLearnt := len(s.clauses)/3 + 2000
	for restart := 0; ; restart++ {
		budget := int64(luby(restart) * s.restartUnit)
		for {
			confl := s.propagate()
			if confl >= 0 {
				s.Conflicts++
				budget--
				if len(s.trailLim) == 0 {
					s.unsat = true
					return satUnsat
				}
				learnt, bt := s.analyze(confl)
				s.cancelUntil(bt)
				if len(learnt) == 1 {
					s.enqueue(learnt[0], -1)
				} else {
					ci := s.attach(learnt, true, s.lbd(learnt))
					s.enqueue(learnt[0], ci)
				}
				s.varInc *= 1 / 0.95
				if s.maxConflicts > 0 && s.Conflicts >= s.maxConflicts {
					s.cancelUntil(0)
					return satUnknown
				}
				if s.Conflicts&255 == 0 && (s.stop != nil && s.stop.Load() || s.abort != nil && s.abort()) {
					s.cancelUntil(0)
					return satUnknown
				}
				continue
			}
			if budget <= 0 {
				s.cancelUntil(0)
				break
			}
			if s.nLearnt > maxLearnt {
				s.reduce()
				maxLearnt += maxLearnt / 10
			}
			v := s.pickBranch()
			if v < 0 {
				return satSat
			}
			s.trailLim = append(s.trailLim, len(s.trail))
			s.enqueue(mkLit(v, s.phase[v]), -1)
		}
		if s.stop != nil && s.stop.Load() || s.abort != nil && s.abort() {
			return satUnknown
		}
		if s.onRestart != nil {
			s.onRestart()
		}
	}
}

// shuffle gives the variables small random initial activities (seeded), so that solvers
// racing on the same formula explore different parts of it.
func (s *sat) shuffle(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5a7))
	for v := range s.act {
		s.act[v] += rng.Float64() * 1e-3
	}
	s.heap = s.heap[:0]
	for v := range s.heapIdx {
		s.heapIdx[v] = -1
	}
	for v := range s.assign {
		if s.assign[v] == 0 {
			s.heapInsert(int32(v))
		}
	}
}

func (s *sat) pickBranch() int {
	for len(s.heap) > 0 {
		v := s.heapPop()
		if s.assign[v] == 0 {
			return int(v)
		}
	}
	for ; s.auxNext < len(s.assign); s.auxNext++ {
		if s.assign[s.auxNext] == 0 {
			s.phase[s.auxNext] = true // false
			return s.auxNext
		}
	}
	return -1
}

// value of variable v in the model.
func (s *sat) model(v int) bool { return s.assign[v] == 1 }

// Binary max-heap on activity.
func (s *sat) heapLess(a, b int32) bool { return s.act[a] > s.act[b] }

func (s *sat) heapInsert(v int32) {
	if s.aux[v] {
		return
	}
	s.heapIdx[v] = int32(len(s.heap))
	s.heap = append(s.heap, v)
	s.heapUp(len(s.heap) - 1)
}

func (s *sat) heapUp(i int) {
	v := s.heap[i]
	for i > 0 {
		p := (i - 1) / 2
		if !s.heapLess(v, s.heap[p]) {
			break
		}
		s.heap[i] = s.heap[p]
		s.heapIdx[s.heap[i]] = int32(i)
		i = p
	}
	s.heap[i] = v
	s.heapIdx[v] = int32(i)
}

func (s *sat) heapPop() int32 {
	top := s.heap[0]
	last := s.heap[len(s.heap)-1]
	s.heap = s.heap[:len(s.heap)-1]
	s.heapIdx[top] = -1
	if len(s.heap) > 0 {
		i := 0
		n := len(s.heap)
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && s.heapLess(s.heap[c+1], s.heap[c]) {
				c++
			}
			if !s.heapLess(s.heap[c], last) {
				break
			}
			s.heap[i] = s.heap[c]
			s.heapIdx[s.heap[i]] = int32(i)
			i = c
		}
		s.heap[i] = last
		s.heapIdx[last] = int32(i)
	}
	return top
}
