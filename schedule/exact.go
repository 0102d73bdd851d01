package schedule

import (
	"slices"
	"sync/atomic"
)

// satModel is the SAT encoding of "every meeting placed, at most B breaks in total, each
// participant at most d breaks". B is tightened by adding unit clauses, so one solver
// keeps its learnt clauses from bound to bound.
type satModel struct {
	pr      *problem
	s       *sat
	x       [][]int // per meeting: variable per slot, -1 outside the domain
	fairOK  bool    // fairness is fully encoded (someone is sure to have no break)
	busy    [][]int // per participant: busy variable per slot, -1 where it cannot meet
	z       []int   // per participant: "no break" variable, -1 when not built
	starts  [][]int // per participant: start variable per slot, -1 where none (nil without z)
	sym     int     // meeting kept in the first half of the slots (reversal symmetry), or -1
	variant int     // capacity encoding (see newSatModel)
	tune    tuning
	// pbreaks and plb, per participant, its break indicators and the lower bound on their
	// count (kept for the core-guided search, which counts breaks through assumptions).
	pbreaks [][]lit
	plb     []int
	lazy    []lazyCap // capacity counters left out until a model overfills their slot
}

// lazyCounterSize bounds a slot's capacity counter (inputs × limit cells) that is built
// with the model. A larger one is left out until a model puts more meetings in its slot
// than there are tables (satModel.solve). The counter's size grows with the event (400
// people at 66 tables: 30 counters of 53,000 cells in each of the race's five models,
// over a gigabyte) while loose tables never bind it; the B2BSP files and days as tight
// stay under the limit, so their models are unchanged.
const lazyCounterSize = 5000

// lazyCap is a per-slot capacity counter waiting to be built: at most k of ls.
type lazyCap struct {
	t  int
	ls []lit
	k  int
}

// softBreaks, as newSatModel's bound, encodes no bound on the total: the core-guided
// search (core.go) bounds it through assumptions on the participants' break counts.
const softBreaks = -3

// reversible says whether reversing time (slot t to T-1-t) maps schedules to schedules with
// the same breaks: every domain is symmetric, days have equal length, and there are no
// precedences and no travel times (fixed slots and sessions show in the domains).
func (pr *problem) reversible() bool {
	T := pr.T
	if pr.spd <= 0 || T%pr.spd != 0 || hasTravel(pr.in) {
		return false
	}
	for m := 0; m < pr.nM; m++ {
		if len(pr.pred[m]) > 0 || len(pr.succ[m]) > 0 {
			return false
		}
		for t := 0; t < T; t++ {
			if pr.dom[m*T+t] != pr.dom[m*T+T-1-t] {
				return false
			}
		}
	}
	return true
}

// breakReversal keeps one meeting, of a participant with the most meetings, in the first
// half of the slots: for every schedule either it or its time reversal (same breaks, same
// fairness, same table use) satisfies this, so no bound changes.
func (sm *satModel) breakReversal() {
	pr := sm.pr
	sm.sym = -1
	if !pr.reversible() {
		return
	}
	bestP := -1
	for p := 0; p < pr.nP; p++ {
		if bestP < 0 || len(pr.pMeet[p]) > len(pr.pMeet[bestP]) {
			bestP = p
		}
	}
	if bestP < 0 || len(pr.pMeet[bestP]) == 0 {
		return
	}
	m0, size := -1, -1
	for _, m := range pr.pMeet[bestP] {
		n := 0
		for _, v := range sm.x[m] {
			if v >= 0 {
				n++
			}
		}
		if n > size {
			m0, size = int(m), n
		}
	}
	sm.sym = m0
	for t := (pr.T-1)/2 + 1; t < pr.T; t++ {
		if v := sm.x[m0][t]; v >= 0 {
			sm.s.addClause(mkLit(v, true))
		}
	}
}

// guide sets the solver's saved phases to a schedule (solution-guided search): every
// decision variable first takes its value in slots (0-based, -1 unplaced), so the search
// starts next to the incumbent and repairs it rather than building from nothing.
func (sm *satModel) guide(slots []int32) {
	s, pr := sm.s, sm.pr
	T := pr.T
	if m0 := sm.sym; m0 >= 0 && m0 < len(slots) && int(slots[m0]) > (T-1)/2 {
		rev := make([]int32, len(slots))
		for m, t := range slots {
			rev[m] = t
			if t >= 0 {
				rev[m] = int32(T-1) - t
			}
		}
		slots = rev
	}
	set := func(v int, val bool) {
		if v >= 0 && s.assign[v] == 0 {
			s.setPhase(v, val)
		}
	}
	for m, xs := range sm.x {
		if m >= len(slots) || slots[m] < 0 {
			continue
		}
		for t, v := range xs {
			set(v, t == int(slots[m]))
		}
	}
	for p := 0; p < pr.nP; p++ {
		at := make([]bool, T)
		first, last, n := -1, -1, 0
		for _, m := range pr.pMeet[p] {
			if t := slots[m]; t >= 0 {
				at[t] = true
				if first < 0 || int(t) < first {
					first = int(t)
				}
				if int(t) > last {
					last = int(t)
				}
				n++
			}
		}
		if sm.busy != nil {
			for t, v := range sm.busy[p] {
				set(v, at[t])
			}
		}
		if sm.z == nil || sm.z[p] < 0 {
			continue
		}
		noBreak := n == len(pr.pMeet[p]) && n > 0 && last-first+1 == n
		set(sm.z[p], noBreak)
		for st, v := range sm.starts[p] {
			set(v, noBreak && st == first)
		}
	}
}

// amo adds "at most one of ls" (pairwise when short, a ladder otherwise).
func (sm *satModel) amo(ls []lit) {
	s := sm.s
	if len(ls) <= 6 {
		for i := range ls {
			for j := i + 1; j < len(ls); j++ {
				s.addClause(ls[i].not(), ls[j].not())
			}
		}
		return
	}
	prev := -1
	for i, l := range ls {
		if i == len(ls)-1 {
			if prev >= 0 {
				s.addClause(l.not(), mkLit(prev, true))
			}
			break
		}
		c := s.newAux() // some of ls[0..i] is true
		s.addClause(l.not(), mkLit(c, false))
		if prev >= 0 {
			s.addClause(mkLit(prev, true), mkLit(c, false))
			s.addClause(l.not(), mkLit(prev, true))
		}
		prev = c
	}
}

// counter adds a sequential counter over ls and returns out[j] = "at least j+1 true",
// for j < k; when hard, more than k is forbidden.
func (sm *satModel) counter(ls []lit, k int, hard bool) []int {
	s := sm.s
	if k <= 0 {
		if hard {
			for _, l := range ls {
				s.addClause(l.not())
			}
		}
		return nil
	}
	prev := make([]int, k)
	for j := range prev {
		prev[j] = -1
	}
	for i, l := range ls {
		cur := make([]int, k)
		for j := 0; j < k; j++ {
			if j > i {
				cur[j] = -1
				continue
			}
			cur[j] = s.newAux()
			if j == 0 {
				s.addClause(l.not(), mkLit(cur[0], false))
			} else if prev[j-1] >= 0 {
				s.addClause(l.not(), mkLit(prev[j-1], true), mkLit(cur[j], false))
			}
			if prev[j] >= 0 {
				s.addClause(mkLit(prev[j], true), mkLit(cur[j], false))
			}
		}
		if hard && prev[k-1] >= 0 {
			s.addClause(l.not(), mkLit(prev[k-1], true))
		}
		prev = cur
	}
	return prev
}

// newSatModel encodes "every meeting placed, every participant at most d breaks, at most
// bound breaks in total" (bound < 0: no limit on breaks, used to decide feasibility). It
// returns nil when stop is set during construction.
//
// With a bound, each participant of a one-day instance whose breaks could be zero gets a
// variable z ("no break") and one start variable per feasible start slot s: z means its k
// meetings fill exactly [s, s+k-1]. These make the common case (almost everybody without a
// break) propagate as intervals instead of through the break indicators; at most
// bound - lowerBound such participants may lack z.
//
// Each constraint has its encoder below. The order in which they create variables and
// clauses is part of the search (activities tie by creation, watch lists follow clause
// order), so it is kept as it is: changing it changes the schedules a seed gives.
func newSatModel(pr *problem, bound int, stop *atomic.Bool, variant int, tune tuning) *satModel {
	s := newSat()
	s.stop = stop
	s.noTarget = tune.noTarget
	s.targetSplit = tune.targetSplit
	s.rephaseInt = tune.rephase
	s.modes = tune.modes
	s.tiers = tune.tiers
	s.reasonBump = tune.reasonBump
	s.reshuffleInt = int64(tune.reshuffle)
	s.vivifyInt = int64(tune.vivify)
	s.chrono = tune.chrono
	stopped := func() bool { return stop != nil && stop.Load() }
	sm := &satModel{pr: pr, s: s, x: make([][]int, pr.nM), sym: -1, variant: variant, tune: tune}
	ord := satMeetingOrder(pr)
	sm.encodeSlots(ord)
	if stopped() {
		return nil
	}
	if !tune.noSymmetry {
		sm.breakReversal()
	}
	sm.encodePrecedences()
	if stopped() {
		return nil
	}
	// Table capacity per slot; with two-person meetings the busy-literal encoding (0)
	// counts it on the participants' busy literals instead (smaller, and it propagates from
	// the interval variables).
	pairs := true
	for m := 0; m < pr.nM; m++ {
		if len(pr.mPart[m]) != 2 {
			pairs = false
		}
	}
	if !pairs || variant == 1 {
		sm.encodeTables(ord)
	}
	if stopped() {
		return nil
	}
	busyAt, tally, ok := sm.encodeParticipants(bound, stopped)
	if !ok {
		return nil
	}
	if pairs && variant == 0 {
		sm.encodeBusyCounts(busyAt)
	}
	if bound >= 0 {
		sm.encodeTotal(bound, tally)
	}
	return sm
}

// encodeSlots gives each meeting one variable per slot of its domain, in the order ord,
// and requires exactly one of them.
func (sm *satModel) encodeSlots(ord []int) {
	s, pr, T := sm.s, sm.pr, sm.pr.T
	for _, m := range ord {
		sm.x[m] = make([]int, T)
		var ls []lit
		for t := 0; t < T; t++ {
			sm.x[m][t] = -1
			if pr.dom[m*T+t] {
				sm.x[m][t] = s.newVar()
				ls = append(ls, mkLit(sm.x[m][t], false))
			}
		}
		s.addClause(ls...)
		sm.amo(ls)
	}
}

// encodePrecedences: m at t needs each predecessor strictly earlier.
func (sm *satModel) encodePrecedences() {
	s, pr, T := sm.s, sm.pr, sm.pr.T
	for m := 0; m < pr.nM; m++ {
		for _, a := range pr.pred[m] {
			for t := 0; t < T; t++ {
				if sm.x[m][t] < 0 {
					continue
				}
				cl := []lit{mkLit(sm.x[m][t], true)}
				for u := 0; u < t; u++ {
					if sm.x[a][u] >= 0 {
						cl = append(cl, mkLit(sm.x[a][u], false))
					}
				}
				s.addClause(cl...)
			}
		}
	}
}

// encodeTables bounds the meetings per slot by the number of tables, on the meetings' slot
// literals. Meetings that share a participant take at most one table per slot between
// them, so the counter counts each such group of ord once, through a literal implied by
// each of its meetings: a shorter counter, and bounds refuted sooner than when it is fed
// meeting by meeting.
func (sm *satModel) encodeTables(ord []int) {
	s, pr := sm.s, sm.pr
	groups := meetingGroups(pr, ord)
	for t := 0; t < pr.T; t++ {
		var ls []lit
		for _, g := range groups {
			var xs []lit
			for _, m := range g {
				if sm.x[m][t] >= 0 {
					xs = append(xs, mkLit(sm.x[m][t], false))
				}
			}
			switch {
			case len(xs) == 1:
				ls = append(ls, xs[0])
			case len(xs) > 1:
				y := s.newAux()
				for _, x := range xs {
					s.addClause(x.not(), mkLit(y, false))
				}
				ls = append(ls, mkLit(y, false))
			}
		}
		if len(ls) > int(pr.cap) {
			sm.capCounter(t, ls, int(pr.cap))
		}
	}
}

// breakTally is what the participants' encoders leave for the bound on the total.
type breakTally struct {
	breaks []lit // every participant's break indicators
	notZ   []lit // "has a break", for participants with a "no break" variable
	lb     int   // the participants' break lower bounds, summed
}

// encodeParticipants encodes, participant by participant, what concerns one person: one
// meeting at a time, the idle-slot count, the interval encoding, breaks and the cap on
// them. It returns the busy literals per slot and the break literals for the total, or
// false when stopped() turned true meanwhile.
func (sm *satModel) encodeParticipants(bound int, stopped func() bool) ([][]lit, breakTally, bool) {
	s, pr, T := sm.s, sm.pr, sm.pr.T
	d := pr.in.Fairness
	sm.fairOK = d < 0
	for p := 0; p < pr.nP; p++ {
		if len(pr.pMeet[p]) <= 1 {
			sm.fairOK = true // that participant has no break, so the minimum is 0
		}
	}
	// With fewer allowed breaks than participants somebody has none, so fairness is exactly
	// "nobody has more than d".
	if bound >= 0 && bound < pr.nP {
		sm.fairOK = true
	}
	var tally breakTally
	plb := make([]int, pr.nP)
	for p := range plb {
		plb[p] = pr.breakLB(p)
		tally.lb += plb[p]
	}
	lb := tally.lb
	useZ := (bound >= 0 || bound == softBreaks) && pr.in.Days == 1
	sm.pbreaks, sm.plb = make([][]lit, pr.nP), plb
	sm.busy = make([][]int, pr.nP)
	sm.z = make([]int, pr.nP)
	sm.starts = make([][]int, pr.nP)
	for p := range sm.z {
		sm.z[p] = -1
	}
	busyAt := make([][]lit, T)
	for p := 0; p < pr.nP; p++ {
		if p&7 == 0 && stopped() {
			return nil, tally, false
		}
		k := len(pr.pMeet[p])
		busy := sm.encodeBusy(p, busyAt)
		if sm.tune.idleCap >= 0 && k >= 2 {
			sm.encodeIdle(busy, k)
		}
		if k < 2 {
			continue
		}
		z := -1
		if useZ && plb[p] == 0 {
			z = sm.addStarts(p, busy)
			sm.z[p] = z
			if z >= 0 {
				if bound >= 0 && bound-lb <= 0 {
					s.addClause(mkLit(z, false))
					continue // no break possible: the interval encoding says it all
				}
				tally.notZ = append(tally.notZ, mkLit(z, true))
			}
		}
		pb := sm.encodeBreaks(busy)
		if z >= 0 {
			sm.encodeNoBreak(z, pb)
		}
		sm.encodeBreakCap(pb, plb[p], bound, lb)
		sm.pbreaks[p] = pb
		tally.breaks = append(tally.breaks, pb...)
	}
	if stopped() {
		return nil, tally, false
	}
	return busyAt, tally, true
}

// encodeBusy defines participant p's busy variable per slot (busy when one of its
// meetings is there, -1 where none can be) and allows it one meeting at a time. Each busy
// literal is also appended to busyAt, per slot.
func (sm *satModel) encodeBusy(p int, busyAt [][]lit) []int {
	s, pr, T := sm.s, sm.pr, sm.pr.T
	busy := make([]int, T)
	sm.busy[p] = busy
	for t := 0; t < T; t++ {
		var ls []lit
		for _, m := range pr.pMeet[p] {
			if v := sm.x[m][t]; v >= 0 {
				ls = append(ls, mkLit(v, false))
			}
		}
		busy[t] = -1
		if len(ls) == 0 {
			continue
		}
		sm.amo(ls)
		b := s.newVar()
		busy[t] = b
		busyAt[t] = append(busyAt[t], mkLit(b, false))
		cl := []lit{mkLit(b, true)}
		for _, l := range ls {
			s.addClause(l.not(), mkLit(b, false))
			cl = append(cl, l)
		}
		s.addClause(cl...)
	}
	return busy
}

// encodeIdle adds a redundant count for a participant with k meetings: it is busy in
// exactly k of its usable slots, so at most usable - k of them are idle (a pigeonhole that
// clause learning would otherwise rediscover conflict by conflict). Only when that slack is
// at most the tuning's idleCap: with the default 0, "busy in every usable slot" for people
// with as many meetings as usable slots.
func (sm *satModel) encodeIdle(busy []int, k int) {
	var idle []lit
	for _, b := range busy {
		if b >= 0 {
			idle = append(idle, mkLit(b, true))
		}
	}
	if slack := len(idle) - k; slack >= 0 && slack <= sm.tune.idleCap {
		sm.counter(idle, slack, true)
	}
}

// encodeBreaks returns a participant's break indicators: one per slot t that may end a
// break (busy at t, idle at t-1, busy earlier that day), forced true when it does.
func (sm *satModel) encodeBreaks(busy []int) []lit {
	s, pr, T := sm.s, sm.pr, sm.pr.T
	var pb []lit
	for d0 := 0; d0 < T; d0 += pr.spd {
		// e: busy somewhere in [d0, t)
		e := -1
		for t := d0; t < d0+pr.spd; t++ {
			// break ends at t: busy[t], idle at t-1, busy before t-1
			if t >= d0+2 && busy[t] >= 0 && e >= 0 {
				br := s.newAux()
				cl := []lit{mkLit(busy[t], true), mkLit(e, true), mkLit(br, false)}
				if busy[t-1] >= 0 {
					cl = append(cl, mkLit(busy[t-1], false))
				}
				s.addClause(cl...)
				pb = append(pb, mkLit(br, false))
			}
			// advance e to cover t-1 .. : eNext = busy in [d0, t)
			if t >= d0+1 && busy[t-1] >= 0 {
				ne := s.newAux()
				s.addClause(mkLit(busy[t-1], true), mkLit(ne, false))
				if e >= 0 {
					s.addClause(mkLit(e, true), mkLit(ne, false))
				}
				e = ne
			}
		}
	}
	return pb
}

// encodeNoBreak ties a participant's "no break" variable z to its break indicators pb: z
// excludes breaks; without z there is at least one.
func (sm *satModel) encodeNoBreak(z int, pb []lit) {
	s := sm.s
	cl := []lit{mkLit(z, false)}
	for _, b := range pb {
		s.addClause(b.not(), mkLit(z, true))
		cl = append(cl, b)
	}
	s.addClause(cl...)
}

// encodeBreakCap bounds a participant's breaks pb: at most d (fairness, when it is encoded
// exactly), and never more than its own lower bound plb plus the slack bound - lb, which is
// redundant with the total but propagates per participant.
func (sm *satModel) encodeBreakCap(pb []lit, plb, bound, lb int) {
	pcap := -1
	if d := sm.pr.in.Fairness; d >= 0 && sm.fairOK {
		pcap = d
	}
	if bound >= 0 && !sm.tune.noBreakCaps && (pcap < 0 || plb+bound-lb < pcap) {
		pcap = plb + bound - lb
	}
	if pcap >= 0 && len(pb) > pcap {
		sm.counter(pb, pcap, true)
	}
}

// encodeBusyCounts adds the busy-literal encoding's table capacity (two-person meetings):
// per slot, at most two busy participants per table, and at least two per meeting that the
// other slots cannot hold.
func (sm *satModel) encodeBusyCounts(busyAt [][]lit) {
	pr := sm.pr
	low := pr.nM - int(pr.cap)*(pr.T-1)
	for t := 0; t < pr.T; t++ {
		ls := busyAt[t]
		if len(ls) > 2*int(pr.cap) {
			sm.capCounter(t, ls, 2*int(pr.cap))
		}
		// The floor is implied by the other slots' capacity with every meeting placed, so
		// a floor too large to build is left out for good.
		if low > 0 && 2*low <= len(ls) && len(ls)*(len(ls)-2*low) <= sm.lazyCells() {
			neg := make([]lit, len(ls))
			for i, l := range ls {
				neg[i] = l.not()
			}
			sm.counter(neg, len(ls)-2*low, true)
		}
	}
}

// capCounter adds "at most k of ls" for slot t's capacity, or keeps it for later when it
// is larger than lazyCounterSize.
func (sm *satModel) capCounter(t int, ls []lit, k int) {
	if len(ls)*k > sm.lazyCells() {
		sm.lazy = append(sm.lazy, lazyCap{t, ls, k})
		return
	}
	sm.counter(ls, k, true)
}

// frozen marks the variables that clauses added later read (the waiting counters'
// inputs), which eliminate must keep.
func (sm *satModel) frozen() []bool {
	f := make([]bool, len(sm.s.assign))
	for _, c := range sm.lazy {
		for _, l := range c.ls {
			f[l.v()] = true
		}
	}
	return f
}

// lazyCells is the size above which a capacity counter waits (capCounter).
func (sm *satModel) lazyCells() int {
	if sm.tune.lazyCells > 0 {
		return sm.tune.lazyCells
	}
	return lazyCounterSize
}

// solve searches as sat.solve does. A model that puts more meetings in a slot than it has
// tables can only come from a slot whose counter was left out (capCounter): that counter
// is added and the search goes on, within the same budget.
func (sm *satModel) solve() satResult {
	for {
		r := sm.s.solve()
		if r != satSat || len(sm.lazy) == 0 || !sm.addOverfilled() {
			return r
		}
	}
}

// addOverfilled builds the waiting counters of the slots the current model overfills and
// reports whether there was one.
func (sm *satModel) addOverfilled() bool {
	per := make([]int, sm.pr.T)
	for _, t := range sm.slots() {
		if t >= 0 {
			per[t]++
		}
	}
	added, before := false, len(sm.lazy)
	waiting := sm.lazy[:0]
	for _, c := range sm.lazy {
		if per[c.t] > int(sm.pr.cap) {
			sm.counter(c.ls, c.k, true)
			added = true
		} else {
			waiting = append(waiting, c)
		}
	}
	sm.lazy = waiting
	sm.tune.tracef("capacity counters: %d built on an overfilled model, %d waiting", before-len(waiting), len(waiting))
	return added
}

// encodeTotal bounds the breaks in total, and the participants without "no break" by the
// slack bound - lb.
func (sm *satModel) encodeTotal(bound int, tally breakTally) {
	if len(tally.notZ) > bound-tally.lb {
		sm.counter(tally.notZ, bound-tally.lb, true)
	}
	if len(tally.breaks) > bound {
		sm.counter(tally.breaks, bound, true)
	}
}

// addStarts adds participant p's start variables and returns its "no break" variable, or
// -1 when no start slot can hold all its meetings (then it has a break in every schedule).
// Only for one-day instances.
func (sm *satModel) addStarts(p int, busy []int) int {
	pr, s := sm.pr, sm.s
	ms := pr.pMeet[p]
	k, T := len(ms), pr.T
	var starts []int
	for st := 0; st+k <= T; st++ {
		if pr.matchable(ms, st, st+k) {
			starts = append(starts, st)
		}
	}
	if len(starts) == 0 {
		return -1
	}
	z := s.newVar()
	sv := make([]int, T)
	for i := range sv {
		sv[i] = -1
	}
	sm.starts[p] = sv
	cl := []lit{mkLit(z, true)}
	for _, st := range starts {
		v := s.newVar()
		sv[st] = v
		if !sm.tune.noStartPrior && sm.variant == 1 {
			// Branch on the intervals of the most constrained participants first: many
			// meetings, few possible starts (priors fade once conflicts bump activities).
			// It helps the slot-literal encoding on two-session days and slows the
			// busy-literal one on one-session days, so only variant 1 uses it.
			s.act[v] = float64(k) / float64(len(starts))
			s.heapUp(int(s.heapIdx[v]))
		}
		cl = append(cl, mkLit(v, false))
		s.addClause(mkLit(v, true), mkLit(z, false))
		for t := 0; t < T; t++ {
			in := t >= st && t < st+k
			if busy[t] < 0 {
				continue // cannot happen inside: matchable needs every slot usable
			}
			s.addClause(mkLit(v, true), mkLit(busy[t], !in))
		}
	}
	s.addClause(cl...)
	// z and busy at t: some start covers t.
	for t := 0; t < T; t++ {
		if busy[t] < 0 {
			continue
		}
		c := []lit{mkLit(z, true), mkLit(busy[t], true)}
		for st := t - k + 1; st <= t; st++ {
			if st >= 0 && sv[st] >= 0 {
				c = append(c, mkLit(sv[st], false))
			}
		}
		s.addClause(c...)
		if !sm.tune.noSupport {
			// z and no start that leaves t idle: busy at t (implied, but unit propagation
			// would not find it; slots every start covers become busy as soon as z is set).
			c2 := []lit{mkLit(z, true), mkLit(busy[t], false)}
			for _, st := range starts {
				if t < st || t >= st+k {
					c2 = append(c2, mkLit(sv[st], false))
				}
			}
			s.addClause(c2...)
		}
	}
	return z
}

// matchable says whether meetings ms can take distinct slots filling exactly [lo, hi)
// (hi-lo == len(ms)) within their domains: a perfect bipartite matching.
func (pr *problem) matchable(ms []int32, lo, hi int) bool {
	T := pr.T
	owner := make([]int, hi-lo)
	for i := range owner {
		owner[i] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		m := int(ms[i])
		for t := lo; t < hi; t++ {
			if !pr.dom[m*T+t] || seen[t-lo] {
				continue
			}
			seen[t-lo] = true
			if owner[t-lo] < 0 || try(owner[t-lo], seen) {
				owner[t-lo] = i
				return true
			}
		}
		return false
	}
	for i := range ms {
		if !try(i, make([]bool, hi-lo)) {
			return false
		}
	}
	return true
}

func (sm *satModel) slots() []int32 {
	out := make([]int32, sm.pr.nM)
	for m, xs := range sm.x {
		out[m] = -1
		for t, v := range xs {
			if v >= 0 && sm.s.model(v) {
				out[m] = int32(t)
				break
			}
		}
	}
	return out
}

// satMeetingOrder is the order in which the SAT model creates the meetings' slot variables
// and feeds them to the per-slot table counters. A sequential counter whose inputs come
// in groups of meetings sharing a participant (so at most one of a group per slot) is far
// easier to refute than one fed in a random order. The file's order is kept when it is
// about as grouped as the one built here (B2BSP files list each requester's meetings
// together): participants taken by most meetings not yet listed, each bringing those
// meetings.
func satMeetingOrder(pr *problem) []int {
	ord := make([]int, 0, pr.nM)
	listed := make([]bool, pr.nM)
	left := make([]int, pr.nP) // meetings not yet listed, per participant
	for p := range left {
		left[p] = len(pr.pMeet[p])
	}
	for {
		bp := -1
		for p, n := range left {
			if n > 0 && (bp < 0 || n > left[bp]) {
				bp = p
			}
		}
		if bp < 0 {
			break
		}
		for _, m := range pr.pMeet[bp] {
			if !listed[m] {
				listed[m] = true
				ord = append(ord, int(m))
				for _, q := range pr.mPart[m] {
					left[q]--
				}
			}
		}
	}
	file := make([]int, pr.nM)
	for m := range file {
		file[m] = m
	}
	// "About as grouped": at most a quarter more runs. A grouped file comes within that;
	// a shuffled one has several times as many.
	if 4*len(meetingGroups(pr, file)) <= 5*len(meetingGroups(pr, ord)) {
		return file
	}
	return ord
}

// meetingGroups splits ord into runs of consecutive meetings that have a participant in
// common.
func meetingGroups(pr *problem, ord []int) [][]int {
	var groups [][]int
	var common, next []int32
	for _, m := range ord {
		next = next[:0]
		for _, p := range pr.mPart[m] {
			if slices.Contains(common, p) {
				next = append(next, p)
			}
		}
		if len(next) == 0 {
			groups = append(groups, nil)
			next = append(next, pr.mPart[m]...)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], m)
		common, next = next, common
	}
	return groups
}
