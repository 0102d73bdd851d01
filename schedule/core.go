package schedule

import "sync/atomic"

// coreSearch raises the lower bound on breaks from below by unsatisfiable cores, as
// core-guided MaxSAT solvers do (the OLL method, all weights 1), instead of asking "at
// most B breaks in total" of one counter over every break indicator as the ladder does.
//
// Each participant's breaks are counted by a counter of their own. The search assumes
// that every participant has no more breaks than their lower bound; the solver either
// finds a schedule that does (optimal: its breaks are the bound) or answers with a core,
// a set of those assumptions that cannot all hold. One more break is then proven. The
// core's assumptions are relaxed by one break each, and a counter over the core's
// violations is added with the assumption that at most one of them is violated; the
// next core may relax that one in turn. Cores are local (a few people whose days cannot
// all be compact together), so each is refuted on a small part of the model, where the
// ladder's counter makes every refutation reason about all participants at once.
type coreSearch struct {
	pr      *problem
	work    int64 // propagated literals per round
	stop    *atomic.Bool
	tune    tuning
	sm      *satModel
	softs   []soft
	lb      int // breaks proven necessary: the participants' lower bounds plus one per core
	cores   int
	done    bool
	res     satResult // satSat when the last round found a schedule at lb breaks
	slots   []int32
	guide   []int32
	guided  int64
	fresh   bool
	props   int64
	variant int
}

// soft is one counter of violations: out[j] is implied when at least j+1 of its inputs
// are true; the search assumes not(out[k]) (at most k), or first, for a participant
// with a "no break" variable, that variable.
type soft struct {
	out []lit
	k   int
	z   lit // assumed instead of not(out[0]) while k is 0; -1 none
	// wait keeps the soft out of the assumptions until the next schedule: after a core,
	// its softs wait, so the next cores are disjoint from it (each is one more break, and
	// small disjoint cores come cheaper than one that must cross a relaxed counter).
	wait bool
}

// assumption returns what the search assumes for sf, or -1 when its count is unbounded.
func (sf *soft) assumption() lit {
	if sf.k == 0 && sf.z >= 0 {
		return sf.z
	}
	if sf.k >= len(sf.out) {
		return -1
	}
	return sf.out[sf.k].not()
}

func newCoreSearch(pr *problem, variant int, work int64, stop *atomic.Bool, tune tuning) *coreSearch {
	return &coreSearch{pr: pr, variant: variant, work: work, stop: stop, tune: tune}
}

// build encodes the model and one counter per participant who may have a break.
func (cs *coreSearch) build() bool {
	sm := newSatModel(cs.pr, softBreaks, cs.stop, cs.variant, cs.tune)
	if sm == nil {
		return false
	}
	if cs.variant == 1 {
		sm.s.restartUnit = 300
	}
	sm.s.onRestart = func() {
		if cs.fresh {
			sm.guide(cs.guide)
			cs.fresh = false
		}
	}
	cs.sm = sm
	s := sm.s
	for p, pb := range sm.pbreaks {
		if len(pb) == 0 {
			continue
		}
		cs.lb += sm.plb[p]
		// Counting beyond the fairness cap is useless: more is forbidden.
		n := len(pb)
		if d := cs.pr.in.Fairness; d >= 0 && sm.fairOK && d < n {
			n = d
		}
		out := posLits(sm.counter(pb, n, false))
		for j := 0; j < sm.plb[p] && j < len(out); j++ {
			s.addClause(out[j]) // the participant's own lower bound
		}
		sf := soft{out: out, k: sm.plb[p], z: -1}
		if sm.plb[p] == 0 && sm.z[p] >= 0 {
			sf.z = mkLit(sm.z[p], false)
		}
		if sf.assumption() >= 0 {
			cs.softs = append(cs.softs, sf)
		}
	}
	cs.assume()
	cs.fresh = cs.guide != nil
	s.onRestart()
	return true
}

// assume sets the solver's assumptions from the softs.
func (cs *coreSearch) assume() {
	var as []lit
	for i := range cs.softs {
		if a := cs.softs[i].assumption(); a >= 0 && !cs.softs[i].wait {
			as = append(as, a)
		}
	}
	cs.sm.s.assume(as)
}

// waiting says whether some soft waits.
func (cs *coreSearch) waiting() bool {
	for i := range cs.softs {
		if cs.softs[i].wait {
			return true
		}
	}
	return false
}

// relax takes a core: one more break is proven; each of its assumptions allows one more
// violation, and a new counter over the core's violations assumes at most one of them.
func (cs *coreSearch) relax(core []lit) {
	cs.lb++
	cs.cores++
	s := cs.sm.s
	in := make(map[lit]bool, len(core))
	for _, a := range core {
		in[a] = true
	}
	var viol []lit
	for i := range cs.softs {
		sf := &cs.softs[i]
		if a := sf.assumption(); a >= 0 && in[a] && !sf.wait {
			viol = append(viol, a.not())
			sf.k++
			sf.wait = !cs.tune.coreNoWait
		}
	}
	s.addClause(viol...) // at least one is violated: the core says so
	if len(viol) > 1 {
		out := posLits(cs.sm.counter(viol, len(viol), false))
		cs.softs = append(cs.softs, soft{out: out, k: 1, z: -1, wait: !cs.tune.coreNoWait})
	}
	// Softs whose count is no longer bounded stay in the list; assume skips them.
	cs.assume()
}

// step searches for one round's work: cores as they come, until a schedule at the bound,
// a proof that there is none at all, or the round's budget.
func (cs *coreSearch) step() {
	cs.res = satUnknown
	if cs.sm == nil && !cs.build() {
		return
	}
	s := cs.sm.s
	end := s.Props + cs.work
	for !cs.done {
		s.maxProps = end
		r := cs.sm.solve()
		cs.props = s.Props
		switch {
		case r == satSat && cs.waiting():
			// A schedule with the waiting softs free: not known optimal, but offered (most
			// people's days are as compact as they can be). Then every soft is assumed
			// again.
			cs.res, cs.slots = satSat, cs.sm.slots()
			for i := range cs.softs {
				cs.softs[i].wait = false
			}
			cs.assume()
			return
		case r == satSat:
			cs.res, cs.slots = satSat, cs.sm.slots()
			cs.done = true
		case r == satUnsat && s.unsat:
			// No schedule at all under the hard constraints: the race's feasibility
			// question says so on its own; this search has nothing more to add.
			cs.done = true
		case r == satUnsat:
			cs.relax(s.core)
			cs.tune.tracef("core: %d literals, bound %d", len(s.core), cs.lb)
			if s.Props >= end {
				return
			}
		default:
			return
		}
	}
}

// guideTo takes inc's best schedule if it is new to this search.
func (cs *coreSearch) guideTo(inc *incumbent) {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if inc.best != nil && (cs.guide == nil || inc.cost != cs.guided) {
		cs.guided, cs.fresh = inc.cost, true
		cs.guide = append(cs.guide[:0], inc.best.slot...)
	}
}

// posLits turns a counter's variables into their positive literals.
func posLits(vs []int) []lit {
	out := make([]lit, len(vs))
	for i, v := range vs {
		out[i] = mkLit(v, false)
	}
	return out
}
