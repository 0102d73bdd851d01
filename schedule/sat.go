package schedule

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
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

// watcher is a clause seen from the negation of one of its watched literals. For a binary
// clause, c is the clause id and other the other literal. For a longer clause, c is its
// arena reference and other a blocker: a literal of the clause whose truth makes visiting
// the clause unnecessary.
type watcher struct {
	c     int32
	other lit
}

// watchList holds what propagate visits when a literal becomes true: the binary clauses
// in ws[:nBin] (visited first), then the longer clauses. One slice rather than two keeps
// the header at 32 bytes, so fetching it costs one cache line.
type watchList struct {
	ws   []watcher
	nBin int32
}

// binReason is the reason recorded for a literal implied by a binary clause: the
// clause's other literal, coded below -1, so that analysis reads it without fetching the
// clause (most implications in the bound models are binary).
func binReason(other lit) int32 { return -2 - int32(other) }

// reasonLits returns the literals of reason r (r ≥ 0 or a binReason); for a binary
// clause only the other literal, in a buffer that the next call reuses.
func (s *sat) reasonLits(r int32, buf *[1]lit) []lit {
	if r < -1 {
		buf[0] = lit(-2 - r)
		return buf[:]
	}
	return s.lits(r)
}

// varInfo keeps together what enqueue writes and analyze reads for a variable.
type varInfo struct {
	level int32
	// reason is the implying clause's id, or binReason(other literal) for a binary
	// clause, or -1 for decisions and units; stale once unassigned.
	reason int32
}

// Clause literals live in one arena, each clause as [id, size, lits...], so that propagate
// reads a clause's size and literals from contiguous memory without a pointer chase. A
// clause's reference (ref) is the arena index of its first literal; reasons and binary
// clauses' watchers name clauses by id, which stays fixed when the arena is compacted.
const clauseHdr = 2

// satClause is the rest of a clause, indexed by id.
type satClause struct {
	ref    int32
	lbd    int32
	act    float32
	learnt bool
	dead   bool
	used   bool // took part in a conflict since the last reduce
	// vivified: vivify has tried it (vivify.go)
	vivified bool
}

type satResult int

const (
	satUnknown satResult = iota
	satSat
	satUnsat
)

type sat struct {
	clauses  []satClause // by id, in creation order (dead ones stay; compact frees their literals)
	arena    []lit       // clause literals, see clauseHdr
	wasted   int         // arena words held by dead clauses
	watches  []watchList // per literal: clauses to visit when it becomes true
	assign   []int8      // per var: 0 unassigned, 1 true, -1 false
	lval     []int8      // per literal: its value (kept with assign, read by propagate)
	vars     []varInfo
	stamp    []uint32 // per decision level: last lbd call that saw it
	stampN   uint32
	trail    []lit
	trailLim []int
	qhead    int
	act      []float64
	varInc   float64
	phase    []bool
	heap     []int32
	heapIdx  []int32
	seen     []bool
	learnt   []lit // analyze's buffers
	marked   []lit
	stack    []redFrame // redundant's path
	poison   []bool     // per var: known not implied by the clause analyze is minimising
	poisoned []int32
	aux      []bool // never branched on while a decision variable is unassigned
	auxNext  int    // scan position for unassigned auxiliary variables
	unsat    bool
	nLearnt  int
	stop     *atomic.Bool
	noTarget bool // no target phases (an experiment's switch, see tuning)
	// targetSplit, when positive, leaves the target phases aside in every other block of
	// that many restarts (saved phases only there), as solvers alternate a stable and a
	// focused mode: a target can hold an unsatisfiable search in one corner.
	targetSplit int
	// restartUnit scales the Luby restart sequence (conflicts).
	restartUnit int
	// onRestart, when set, runs at each restart (at level 0, nothing pending), e.g. to
	// reset saved phases to a better incumbent.
	onRestart func()
	target    []int8 // per var: phase in the largest conflict-free assignment (0 none)
	bestTrail int    // that assignment's size
	// rephaseInt, when positive, resets the saved phases now and then (rephase), every
	// rephaseInt × n conflicts after the n-th time.
	rephaseInt  int
	rephased    int
	rephaseNext int64
	// modes, when set, alternates two ways of searching, in spells of doubling length
	// (conflicts): a focused mode that restarts as soon as the recent learnt clauses' LBD
	// rises above its long-run mean and decides on saved phases only, and a stable mode
	// with Luby restarts and target phases. Refutations gain from the first, finding a
	// model from the second (docs/scheduler-log.md).
	modes bool
	// tiers, when set, keeps a learnt clause of LBD 6 or less through a reduction if it
	// took part in a conflict since the one before (a middle tier between the clauses of
	// LBD 2, kept for ever, and the rest, halved by LBD and activity).
	tiers       bool
	reasonBump  bool // bump the reason side of each learnt clause too (bumpReasons)
	stable      bool
	modeNext    int64 // conflict count at which the next spell begins
	modeLen     int64
	lastRestart int64 // conflict count at the last restart
	lbdFast     ema   // of the learnt clauses' LBD, over a few dozen conflicts
	lbdSlow     ema   // the same over tens of thousands
	// reshuffleInt, when positive, draws the variable activities afresh at the first
	// restart after every reshuffleInt conflicts (reshuffle).
	reshuffleInt  int64
	reshuffleNext int64
	reshuffled    uint64
	// vivifyInt, when positive, runs vivify at the first restart after every vivifyInt
	// conflicts; vivifyProps is Props at its last run.
	vivifyInt, vivifyNext, vivifyProps int64
	// chrono, when positive, makes a backjump of chrono levels or more go back one level
	// only (chronological backtracking, Nadel and Ryvchin 2018): the levels in between
	// stay assigned, so the literals that the search would put back are not propagated
	// again. The trail is then out of level order: a literal's level is the highest of
	// its reason's (enqueue), backtracking keeps the literals of the levels it keeps
	// (cancelUntil) and a conflict is analysed at its own level (chronoConflict).
	chrono int
	// Conflicts counts conflicts over the solver's life.
	Conflicts int64
	// maxConflicts, when positive, makes solve pause (satUnknown) after that many; a
	// later call resumes the search where it stopped.
	maxConflicts int64
	// Props counts propagated literals; maxProps, when positive, pauses solve like
	// maxConflicts (at the first conflict after it): a measure of work that follows the
	// time spent more closely than conflicts do.
	Props       int64
	maxProps    int64
	paused      bool  // the last call paused at maxConflicts or maxProps, mid-search
	restartIdx  int   // Luby sequence position
	restartLeft int64 // conflicts left before the next restart
	maxLearnt   int   // learnt clauses kept before the next reduction
	// assumps are decided first, in order, at levels 1..len(assumps), by every descent
	// (core-guided search, core.go). When one of them is found false, solve answers
	// satUnsat without setting unsat, and core holds the assumptions that imply it.
	assumps []lit
	core    []lit
	onLearn func(ls []lit) // tests: each learnt clause as analysed or vivified (the buffer is reused)
	// elimStack and eliminated are what eliminate removed (elim.go).
	elimStack  []elimStep
	eliminated []int32
}

func newSat() *sat {
	return &sat{varInc: 1, restartUnit: 100, lbdFast: ema{alpha: 0.03}, lbdSlow: ema{alpha: 1e-5}}
}

// ema is an exponential moving average corrected for its start at zero, so that a slow
// one is meaningful from the first values.
type ema struct {
	alpha, biased, decay, val float64
}

func (e *ema) add(x float64) {
	if e.decay == 0 {
		e.decay = 1
	}
	e.biased += e.alpha * (x - e.biased)
	e.decay *= 1 - e.alpha
	e.val = e.biased / (1 - e.decay)
}

// focused says whether the search is in the focused mode (see modes).
func (s *sat) focused() bool { return s.modes && !s.stable }

// restartDue says whether to restart now: in the focused mode when the recent LBD runs a
// tenth above the long-run one, otherwise at the end of the Luby step.
func (s *sat) restartDue() bool {
	if s.focused() {
		return s.Conflicts-s.lastRestart >= 2 && s.lbdFast.val > 1.1*s.lbdSlow.val
	}
	return s.restartLeft <= 0
}

// switchMode starts the next spell once the current one has had its conflicts.
func (s *sat) switchMode() {
	if !s.modes {
		return
	}
	if s.modeLen == 0 {
		s.modeLen, s.modeNext = 1000, s.Conflicts+1000
		return
	}
	if s.Conflicts < s.modeNext {
		return
	}
	s.stable = !s.stable
	s.modeLen *= 2
	s.modeNext = s.Conflicts + s.modeLen
	if s.stable {
		s.restartLeft = 0 // a new Luby step, and a target formed afresh
		clear(s.target)
		s.bestTrail = 0
	}
}

func (s *sat) newVar() int {
	v := len(s.assign)
	s.assign = append(s.assign, 0)
	s.lval = append(s.lval, 0, 0)
	s.vars = append(s.vars, varInfo{0, -1})
	s.act = append(s.act, 0)
	s.phase = append(s.phase, true) // negative first: most slot variables are false
	s.seen = append(s.seen, false)
	s.poison = append(s.poison, false)
	s.aux = append(s.aux, false)
	s.watches = append(s.watches, watchList{}, watchList{})
	s.heapIdx = append(s.heapIdx, -1)
	if s.target != nil {
		s.target = append(s.target, 0) // variables added between solves (core.go)
	}
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
	s.paused = false
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

// attach stores a clause of two or more literals and returns its id.
func (s *sat) attach(ls []lit, learnt bool, lbd int32) int32 {
	ci := int32(len(s.clauses))
	ref := int32(len(s.arena) + clauseHdr)
	if n := int(ref) + len(ls); n > cap(s.arena) {
		// Double rather than let append grow by a quarter: fresh memory is slow to touch
		// (page faults), and a large slice grown by quarters touches five times its size.
		a := make([]lit, len(s.arena), 2*n)
		copy(a, s.arena)
		s.arena = a
	}
	s.arena = append(s.arena, lit(ci), lit(len(ls)))
	s.arena = append(s.arena, ls...)
	s.clauses = append(s.clauses, satClause{ref: ref, learnt: learnt, lbd: lbd})
	if len(ls) == 2 {
		s.watches[ls[0].not()].addBin(watcher{ci, ls[1]})
		s.watches[ls[1].not()].addBin(watcher{ci, ls[0]})
		return ci
	}
	w0, w1 := &s.watches[ls[0].not()], &s.watches[ls[1].not()]
	w0.ws = append(w0.ws, watcher{ref, ls[1]})
	w1.ws = append(w1.ws, watcher{ref, ls[0]})
	if learnt {
		s.nLearnt++
	}
	return ci
}

// addBin appends a binary clause's watcher after the other binary ones, shifting the
// longer clauses' watchers (their order matters to the search) one place up.
func (wl *watchList) addBin(w watcher) {
	wl.ws = append(wl.ws, w)
	copy(wl.ws[wl.nBin+1:], wl.ws[wl.nBin:])
	wl.ws[wl.nBin] = w
	wl.nBin++
}

// lits returns clause ci's literals (a view into the arena).
func (s *sat) lits(ci int32) []lit {
	r := s.clauses[ci].ref
	return s.arena[r : r+int32(s.arena[r-1])]
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
	lv := int32(len(s.trailLim))
	if s.chrono > 0 && from != -1 {
		lv = s.reasonLevel(l, from)
	}
	s.vars[v] = varInfo{lv, from}
	s.trail = append(s.trail, l)
}

// reasonLevel is the level that l implied by reason r belongs to: the highest of the
// reason's other literals (below the current level when they are).
func (s *sat) reasonLevel(l lit, r int32) int32 {
	if r < -1 {
		return s.vars[lit(-2-r).v()].level
	}
	lv := int32(0)
	for _, q := range s.lits(r) {
		if q != l {
			lv = max(lv, s.vars[q.v()].level)
		}
	}
	return lv
}

// propagate returns the id of a conflicting clause, or -1.
func (s *sat) propagate() int32 {
	// Locals: the slice headers do not change here (enqueue and watch appends write
	// elements and other lists), and the compiler would otherwise reload them.
	arena, lval, watches := s.arena, s.lval, s.watches
	for s.qhead < len(s.trail) {
		p := s.trail[s.qhead] // p is true; visit clauses watching not(p)
		s.qhead++
		s.Props++
		wl := &watches[p]
		ws, nb := wl.ws, int(wl.nBin)
		for _, bw := range ws[:nb] {
			switch lval[bw.other] {
			case -1:
				s.qhead = len(s.trail)
				return bw.c
			case 0:
				s.enqueue(bw.other, binReason(p.not()))
			}
		}
		fl := p.not()
		i, j := nb, nb
		for i < len(ws) {
			w := ws[i]
			i++
			if lval[w.other] == 1 {
				ws[j] = w
				j++
				continue
			}
			// No dead clause is watched: reduce drops their watchers at once.
			ls := arena[w.c : w.c+int32(arena[w.c-1])]
			_ = ls[2] // watched clauses have three or more literals
			if ls[0] == fl {
				ls[0], ls[1] = ls[1], fl
			}
			first := ls[0]
			if first != w.other && lval[first] == 1 {
				ws[j] = watcher{w.c, first}
				j++
				continue
			}
			found := false
			for k := 2; k < len(ls); k++ {
				if lk := ls[k]; lval[lk] != -1 {
					ls[1], ls[k] = lk, fl
					o := &watches[lk.not()]
					o.ws = append(o.ws, watcher{w.c, first})
					found = true
					break
				}
			}
			if found {
				continue
			}
			ws[j] = watcher{w.c, first}
			j++
			ci := int32(arena[w.c-2])
			if lval[first] == -1 {
				j += copy(ws[j:], ws[i:])
				wl.ws = ws[:j]
				s.qhead = len(s.trail)
				return ci
			}
			s.enqueue(first, ci)
		}
		wl.ws = ws[:j]
	}
	return -1
}

func (s *sat) cancelUntil(lv int) {
	if len(s.trailLim) <= lv {
		return
	}
	if s.chrono > 0 {
		s.cancelChrono(lv)
		return
	}
	for i := len(s.trail) - 1; i >= s.trailLim[lv]; i-- {
		v := s.trail[i].v()
		s.phase[v] = s.trail[i].sign()
		s.assign[v] = 0
		s.lval[2*v], s.lval[2*v+1] = 0, 0
		if s.heapIdx[v] < 0 {
			s.heapInsert(int32(v))
		}
	}
	s.trail = s.trail[:s.trailLim[lv]]
	s.trailLim = s.trailLim[:lv]
	s.auxNext = 0
	s.qhead = len(s.trail)
}

// cancelChrono is cancelUntil on a trail out of level order: the literals of levels up
// to lv that were assigned after level lv+1 began stay, in their order, and are
// propagated again (a clause they falsified may have lost its true literal).
func (s *sat) cancelChrono(lv int) {
	start := s.trailLim[lv]
	j := start
	for i := start; i < len(s.trail); i++ {
		l := s.trail[i]
		v := l.v()
		if int(s.vars[v].level) <= lv {
			s.trail[j] = l
			j++
			continue
		}
		s.phase[v] = l.sign()
		s.assign[v] = 0
		s.lval[2*v], s.lval[2*v+1] = 0, 0
		if s.heapIdx[v] < 0 {
			s.heapInsert(int32(v))
		}
	}
	s.trail = s.trail[:j]
	s.trailLim = s.trailLim[:lv]
	s.auxNext = 0
	s.qhead = start
}

// chronoConflict returns the highest level among the literals of conflicting clause ci
// and how many literals it holds, after moving the two literals of highest level to the
// watched places (first the highest): the clause is then watched as it would be had it
// been visited in level order.
func (s *sat) chronoConflict(ci int32) (int, int) {
	ls := s.lits(ci)
	for pos := range 2 {
		k := pos
		for i := pos + 1; i < len(ls); i++ {
			if s.vars[ls[i].v()].level > s.vars[ls[k].v()].level {
				k = i
			}
		}
		if k == pos {
			continue
		}
		if k >= 2 {
			// ls[pos] stops being watched, ls[k] starts.
			ref := s.clauses[ci].ref
			wl := &s.watches[ls[pos].not()]
			for x := int(wl.nBin); x < len(wl.ws); x++ {
				if wl.ws[x].c == ref {
					wl.ws = append(wl.ws[:x], wl.ws[x+1:]...)
					break
				}
			}
			o := &s.watches[ls[k].not()]
			o.ws = append(o.ws, watcher{ref, ls[1-pos]})
		}
		ls[pos], ls[k] = ls[k], ls[pos]
	}
	top := s.vars[ls[0].v()].level
	n := 0
	for _, l := range ls {
		if s.vars[l.v()].level == top {
			n++
		}
	}
	return int(top), n
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

// analyze derives a first-UIP clause from a conflict and the level to go back to. The
// clause is in a buffer that the next call reuses (attach copies it into the arena).
func (s *sat) analyze(confl int32) ([]lit, int) {
	learnt := append(s.learnt[:0], 0)
	pathC := 0
	var p lit = -1
	idx := len(s.trail) - 1
	cur := int32(len(s.trailLim))
	var buf [1]lit
	for {
		var c *satClause
		if confl >= 0 {
			c = &s.clauses[confl]
		}
		if c != nil && c.learnt {
			c.act += 1
			c.used = true
			// A learnt clause's LBD is recomputed when it takes part in a conflict (all
			// its literals are assigned then), so that clauses which have become
			// useful rank higher in reduce. The stored value becomes n+1 when that is
			// smaller.
			if c.lbd > 2 {
				if n := s.lbd(s.lits(confl)); n+1 < c.lbd {
					c.lbd = n + 1
				}
			}
		}
		for _, q := range s.reasonLits(confl, &buf) {
			if p >= 0 && q == p {
				continue
			}
			v := q.v()
			if lv := s.vars[v].level; !s.seen[v] && lv > 0 {
				s.seen[v] = true
				s.bump(v)
				if lv >= cur {
					pathC++
				} else {
					learnt = append(learnt, q)
				}
			}
		}
		// A literal of a lower level may come later on the trail (chrono).
		for !s.seen[s.trail[idx].v()] || s.vars[s.trail[idx].v()].level < cur {
			idx--
		}
		p = s.trail[idx]
		idx--
		confl = s.vars[p.v()].reason
		s.seen[p.v()] = false
		pathC--
		if pathC <= 0 {
			break
		}
	}
	learnt[0] = p.not()
	// Recursive minimisation: drop literals whose reasons lead only to literals of the
	// clause (or level 0). abs has a bit per decision level present in the clause: a
	// reason chain that reaches another level cannot end inside the clause.
	s.marked = append(s.marked[:0], learnt[1:]...)
	abs := uint32(0)
	for _, q := range learnt[1:] {
		abs |= 1 << (s.vars[q.v()].level & 31)
	}
	j := 1
	for i := 1; i < len(learnt); i++ {
		if s.vars[learnt[i].v()].reason == -1 || !s.redundant(learnt[i], abs) {
			learnt[j] = learnt[i]
			j++
		}
	}
	if s.reasonBump {
		s.bumpReasons(learnt[:j])
	}
	marked := s.marked
	for _, q := range marked {
		s.seen[q.v()] = false
	}
	for _, v := range s.poisoned {
		s.poison[v] = false
	}
	s.poisoned = s.poisoned[:0]
	s.learnt, s.marked = learnt, marked
	learnt = learnt[:j]
	bt := 0
	if len(learnt) > 1 {
		mi := 1
		for i := 2; i < len(learnt); i++ {
			if s.vars[learnt[i].v()].level > s.vars[learnt[mi].v()].level {
				mi = i
			}
		}
		learnt[1], learnt[mi] = learnt[mi], learnt[1]
		bt = int(s.vars[learnt[1].v()].level)
	}
	return learnt, bt
}

// bumpReasons bumps the variables in the reasons of the learnt clause's literals (the
// reason side), once each: they took part in the conflict one step away. Called while
// seen marks the clause and what minimisation proved implied; what it bumps it marks too.
func (s *sat) bumpReasons(learnt []lit) {
	s.seen[learnt[0].v()] = true
	s.marked = append(s.marked, learnt[0])
	var buf [1]lit
	for _, l := range learnt {
		r := s.vars[l.v()].reason
		if r == -1 {
			continue
		}
		for _, q := range s.reasonLits(r, &buf) {
			if v := q.v(); !s.seen[v] && s.vars[v].level > 0 {
				s.seen[v] = true
				s.marked = append(s.marked, q)
				s.bump(v)
			}
		}
	}
}

// redundant says whether literal p of a learnt clause is implied by the clause's other
// literals through reasons. It walks the reasons depth first: a literal whose reasons all
// lead to the clause (or level 0) is implied, and stays seen (and in s.marked) so that
// later checks stop at it; a literal with a reason that leads elsewhere is not, and
// neither is any on the path to it: they are poisoned until analyze ends, so that later
// checks fail there at once instead of walking the same reasons again.
func (s *sat) redundant(p lit, abs uint32) bool {
	stack := s.stack[:0]
	q, i := p, 0
	var buf [1]lit
	for {
		ls := s.reasonLits(s.vars[q.v()].reason, &buf)
		next := lit(-1)
		for i < len(ls) {
			l := ls[i]
			i++
			v := l.v()
			if v == q.v() || s.seen[v] {
				continue
			}
			vi := s.vars[v]
			if vi.level == 0 {
				continue
			}
			if vi.reason == -1 || s.poison[v] || abs&(1<<(vi.level&31)) == 0 {
				s.poisonLit(q, p)
				for _, f := range stack {
					s.poisonLit(f.q, p)
				}
				s.stack = stack
				return false
			}
			next = l
			break
		}
		if next >= 0 {
			stack = append(stack, redFrame{q, int32(i)})
			q, i = next, 0
			continue
		}
		if q != p { // every reason of q is implied: so is q
			s.seen[q.v()] = true
			s.marked = append(s.marked, q)
		}
		if len(stack) == 0 {
			break
		}
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		q, i = f.q, int(f.i)
	}
	s.stack = stack // keep the grown buffer for the next call
	return true
}

// redFrame is a literal on redundant's path and the position in its reason to go on from.
type redFrame struct {
	q lit
	i int32
}

// poisonLit records that q is not implied by the learnt clause (p, the literal being
// checked, is in the clause and stays out of it).
func (s *sat) poisonLit(q, p lit) {
	if v := q.v(); q != p && !s.poison[v] {
		s.poison[v] = true
		s.poisoned = append(s.poisoned, int32(v))
	}
}

func (s *sat) lbd(ls []lit) int32 {
	s.stampN++
	n := int32(0)
	for _, l := range ls {
		lv := int(s.vars[l.v()].level)
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
			v := s.arena[c.ref].v()
			if s.assign[v] != 0 && s.vars[v].reason == int32(i) {
				continue
			}
			if s.tiers && c.lbd <= 6 && c.used {
				c.used = false
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
		c := &s.clauses[ci]
		c.dead = true
		s.wasted += clauseHdr + int(s.arena[c.ref-1])
		s.nLearnt--
	}
	// Purge dead watchers.
	for l := range s.watches {
		wl := &s.watches[l]
		j := int(wl.nBin) // binary clauses are never deleted (their lbd is at most 2)
		for _, w := range wl.ws[j:] {
			if !s.clauses[s.arena[w.c-2]].dead {
				wl.ws[j] = w
				j++
			}
		}
		wl.ws = wl.ws[:j]
	}
	if s.wasted > len(s.arena)/4 {
		s.compact()
	}
}

// compact squeezes dead clauses out of the arena, in place, keeping the live ones in order
// with their literals as they are (the search depends on literal order). Long clauses'
// watchers name their clause by id while it moves. Reasons and binary watchers use ids,
// which do not change.
func (s *sat) compact() {
	for _, wl := range s.watches {
		long := wl.ws[wl.nBin:]
		for k, w := range long {
			long[k].c = int32(s.arena[w.c-2])
		}
	}
	n := 0
	for i := range s.clauses {
		c := &s.clauses[i]
		if c.dead {
			c.ref = -1
			continue
		}
		size := int(s.arena[c.ref-1])
		n += copy(s.arena[n:], s.arena[int(c.ref)-clauseHdr:int(c.ref)+size])
		c.ref = int32(n - size)
	}
	s.arena, s.wasted = s.arena[:n], 0
	for _, wl := range s.watches {
		long := wl.ws[wl.nBin:]
		for k, w := range long {
			long[k].c = s.clauses[w.c].ref
		}
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
	s.core = s.core[:0]
	if s.unsat {
		return satUnsat
	}
	if !s.paused {
		s.cancelUntil(0) // a model found by the last call is still on the trail
		if s.propagate() >= 0 {
			s.unsat = true
			return satUnsat
		}
	}
	s.paused = false
	if s.maxLearnt == 0 {
		// A third of the problem clauses (MiniSat's first limit) can be more than a
		// bound search ever learns: then nothing is deleted and propagation slows as
		// learnt clauses pile up. A fixed limit keeps it steady.
		s.maxLearnt = min(len(s.clauses)/3+2000, firstLearntLimit)
	}
	for {
		s.switchMode()
		s.lastRestart = s.Conflicts
		if s.restartLeft <= 0 && !s.focused() {
			s.restartLeft = int64(luby(s.restartIdx) * s.restartUnit)
			s.restartIdx++
		}
		for {
			confl := s.propagate()
			if confl >= 0 {
				s.Conflicts++
				s.restartLeft--
				if !s.noTarget && !s.focused() && len(s.trailLim) > 0 {
					// Target phases: remember the largest conflict-free assignment (the
					// trail before the last decision) and steer decisions back to it; the
					// bound ladders then take fewer conflicts.
					if n := s.trailLim[len(s.trailLim)-1]; n > s.bestTrail {
						s.bestTrail = n
						if s.target == nil {
							s.target = make([]int8, len(s.assign))
						}
						for _, l := range s.trail[:n] {
							s.target[l.v()] = 1
							if l.sign() {
								s.target[l.v()] = -1
							}
						}
					}
				}
				if len(s.trailLim) == 0 {
					s.unsat = true
					return satUnsat
				}
				if s.chrono > 0 {
					lv, n := s.chronoConflict(confl)
					if lv == 0 {
						s.unsat = true
						return satUnsat
					}
					if n == 1 {
						// One literal at the conflict's level: the clause was unit
						// below it, an implication missed while the trail was out of
						// order. Go below that literal and imply it.
						s.cancelUntil(lv - 1)
						ls := s.lits(confl)
						from := confl
						if len(ls) == 2 {
							from = binReason(ls[1])
						}
						s.enqueue(ls[0], from)
						continue
					}
					s.cancelUntil(lv)
				}
				learnt, bt := s.analyze(confl)
				if s.onLearn != nil {
					s.onLearn(learnt)
				}
				lbd := int32(1)
				if len(learnt) > 1 {
					lbd = s.lbd(learnt)
				}
				if s.chrono > 0 && len(learnt) > 1 && len(s.trailLim)-bt >= s.chrono {
					s.cancelUntil(len(s.trailLim) - 1)
				} else {
					s.cancelUntil(bt)
				}
				if len(learnt) == 1 {
					s.enqueue(learnt[0], -1)
				} else {
					ci := s.attach(learnt, true, lbd)
					s.enqueue(learnt[0], ci)
				}
				if s.modes {
					s.lbdFast.add(float64(lbd))
					s.lbdSlow.add(float64(lbd))
				}
				s.varInc *= 1 / 0.95
				if s.maxConflicts > 0 && s.Conflicts >= s.maxConflicts || s.maxProps > 0 && s.Props >= s.maxProps {
					// Paused: the next call goes on from here, in the same restart.
					s.paused = true
					return satUnknown
				}
				if s.Conflicts&255 == 0 && s.stop != nil && s.stop.Load() {
					s.cancelUntil(0)
					return satUnknown
				}
				continue
			}
			if s.restartDue() {
				s.cancelUntil(0)
				break
			}
			if s.nLearnt > s.maxLearnt {
				s.reduce()
				s.maxLearnt += s.maxLearnt / 10
			}
			next, assumed := s.nextAssumption()
			if next < 0 && assumed {
				return satUnsat // s.core says why
			}
			if !assumed {
				v := s.pickBranch()
				if v < 0 {
					if len(s.elimStack) > 0 {
						s.extendModel()
					}
					return satSat
				}
				ph := s.phase[v]
				if s.target != nil && !s.focused() && s.target[v] != 0 && (s.targetSplit <= 0 || (s.restartIdx/s.targetSplit)%2 == 0) {
					ph = s.target[v] < 0
				}
				next = mkLit(v, ph)
			}
			s.trailLim = append(s.trailLim, len(s.trail))
			s.enqueue(next, -1)
		}
		if s.stop != nil && s.stop.Load() {
			return satUnknown
		}
		if s.rephaseInt > 0 && s.Conflicts >= s.rephaseNext {
			s.rephase()
		}
		if s.reshuffleInt > 0 && s.Conflicts >= s.reshuffleNext {
			s.reshuffle()
		}
		if s.vivifyInt > 0 && s.Conflicts >= s.vivifyNext {
			if s.vivifyNext > 0 {
				s.vivify()
				if s.unsat {
					return satUnsat
				}
			}
			s.vivifyNext = s.Conflicts + s.vivifyInt
		}
		if s.onRestart != nil {
			s.onRestart()
		}
	}
}

// rephaseCycle is the order of the phase resets: the best assignment since the last
// reset between each of the others (all false, all true, each phase flipped).
const rephaseCycle = "BOBIBF"

// rephase resets the saved phases, at level 0, and lets the target phases form again
// from there. A target that never resets holds the search next to one large assignment;
// on some satisfiable bound models the solution lies elsewhere.
func (s *sat) rephase() {
	if s.rephased == 0 {
		s.rephaseNext = s.Conflicts + int64(s.rephaseInt)
		s.rephased = 1
		return
	}
	switch rephaseCycle[(s.rephased-1)%len(rephaseCycle)] {
	case 'B':
		for v, t := range s.target {
			if t != 0 {
				s.phase[v] = t < 0
			}
		}
	case 'O':
		for v := range s.phase {
			s.phase[v] = true
		}
	case 'I':
		for v := range s.phase {
			s.phase[v] = false
		}
	case 'F':
		for v := range s.phase {
			s.phase[v] = !s.phase[v]
		}
	}
	clear(s.target)
	s.bestTrail = 0
	s.rephased++
	s.rephaseNext = s.Conflicts + int64(s.rephaseInt*s.rephased)
}

// reshuffle gives every variable a random activity below the current increment, keeping
// the saved phases and the learnt clauses, and forgets the target: a search path that has
// run long without a model starts on another order. The times to a model on one bound
// model spread widely over search paths (docs/scheduler-log.md); this cuts the longest.
func (s *sat) reshuffle() {
	if s.reshuffleNext == 0 {
		s.reshuffleNext = s.Conflicts + s.reshuffleInt
		return
	}
	s.reshuffled++
	rng := rand.New(rand.NewPCG(s.reshuffled, 0x5b1))
	for v := range s.act {
		s.act[v] = rng.Float64() * s.varInc
	}
	s.rebuildHeap()
	clear(s.target)
	s.bestTrail = 0
	s.reshuffleNext = s.Conflicts + s.reshuffleInt
}

// assume replaces the assumptions; a search paused under the old ones starts again.
func (s *sat) assume(ls []lit) {
	s.cancelUntil(0)
	s.paused = false
	s.assumps = append(s.assumps[:0], ls...)
}

// nextAssumption returns the next assumption to decide (true), or -1 and true when an
// assumption is false (s.core then holds the assumptions that imply its negation), or
// false when every assumption holds. An assumption already true gets a level of its own
// with nothing on it, so that levels and assumptions stay in step.
func (s *sat) nextAssumption() (lit, bool) {
	for len(s.trailLim) < len(s.assumps) {
		p := s.assumps[len(s.trailLim)]
		switch s.val(p) {
		case 1:
			s.trailLim = append(s.trailLim, len(s.trail))
		case -1:
			s.core = s.analyzeFinal(p)
			return -1, true
		default:
			return p, true
		}
	}
	return 0, false
}

// analyzeFinal returns the assumptions that, with the clauses, make p false: p itself and
// each decided assumption that the reasons of not(p) lead back to. Every decision on the
// trail is an assumption here (they are decided before any other variable).
func (s *sat) analyzeFinal(p lit) []lit {
	core := []lit{p}
	if s.vars[p.v()].level == 0 || len(s.trailLim) == 0 {
		return core
	}
	s.seen[p.v()] = true
	for i := len(s.trail) - 1; i >= s.trailLim[0]; i-- {
		x := s.trail[i].v()
		if !s.seen[x] {
			continue
		}
		s.seen[x] = false
		r := s.vars[x].reason
		if r == -1 {
			core = append(core, s.trail[i])
			continue
		}
		var buf [1]lit
		for _, q := range s.reasonLits(r, &buf) {
			if q.v() != x && s.vars[q.v()].level > 0 {
				s.seen[q.v()] = true
			}
		}
	}
	return core
}

// setPhase makes v's next decision value val: it replaces the saved and the target phase
// (solution-guided search sets a whole assignment this way).
func (s *sat) setPhase(v int, val bool) {
	s.phase[v] = !val
	if s.target != nil {
		s.target[v] = 0
	}
	s.bestTrail = 0
}

// rebuildHeap puts the unassigned variables in the decision heap again, after their
// activities changed wholesale.
func (s *sat) rebuildHeap() {
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

// shuffle gives the variables small random initial activities (seeded), so that solvers
// racing on the same formula explore different parts of it.
func (s *sat) shuffle(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5a7))
	for v := range s.act {
		s.act[v] += rng.Float64() * 1e-3
	}
	s.rebuildHeap()
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

// firstLearntLimit is the number of learnt clauses at which the first reduction runs; the
// limit then grows by a tenth at each one.
const firstLearntLimit = 6000

// writeLit writes a literal as DIMACS numbers it (variables from 1, negative when
// negated), and a space.
func writeLit(bw *bufio.Writer, l lit) {
	v := l.v() + 1
	if l.sign() {
		v = -v
	}
	bw.WriteString(strconv.Itoa(v))
	bw.WriteByte(' ')
}

// writeDIMACS writes the problem clauses (not the learnt ones) and the units fixed at
// level 0 in DIMACS CNF, variables numbered from 1, so that other solvers can be run on
// the same model (docs/scheduler.md, "The SAT solver against others").
func (s *sat) writeDIMACS(w io.Writer) error {
	s.cancelUntil(0)
	bw := bufio.NewWriter(w)
	n := len(s.trail)
	for _, c := range s.clauses {
		if !c.learnt && !c.dead {
			n++
		}
	}
	if s.unsat {
		n++
	}
	fmt.Fprintf(bw, "p cnf %d %d\n", max(len(s.assign), 1), n)
	put := func(l lit) { writeLit(bw, l) }
	for _, l := range s.trail {
		put(l)
		bw.WriteString("0\n")
	}
	if s.unsat {
		bw.WriteString("0\n")
	}
	for ci, c := range s.clauses {
		if c.learnt || c.dead {
			continue
		}
		for _, l := range s.lits(int32(ci)) {
			put(l)
		}
		bw.WriteString("0\n")
	}
	return bw.Flush()
}
