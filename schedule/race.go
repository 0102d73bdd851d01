package schedule

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// raceExact runs the annealer and, unless opt.NoExact, two bottom-up SAT bound searches
// side by side; it returns the status of inc.best when they are done.
//
// They run in rounds: in each round every search gets a fixed amount of work (moves for
// the annealer, propagated literals for the bound searches), in parallel, and the results are
// merged when all have finished, in a fixed order. What one search learns from another
// (a better schedule to steer by, a bound settled) therefore reaches it at the same point
// of its work whatever the threads' timing, and a seed gives the same schedule on every
// run unless the deadline cuts the search.
func raceExact(pr *problem, inc *incumbent, stop *atomic.Bool, opt Options, lb int, tablesBind bool) Status {
	halted := func() bool { return stop.Load() }
	proven := lb // breaks below this are impossible
	ub := -1     // breaks of the best complete, fair schedule
	infeasible := false
	fairOK := pr.in.Fairness < 0
	for p := 0; p < pr.nP; p++ {
		if len(pr.pMeet[p]) <= 1 {
			fairOK = true
		}
	}
	if b := inc.best; b.unN == 0 && b.fair() {
		ub = b.total
	}
	offer := func(slots []int32) {
		s := newState(pr)
		s.placeAll(slots)
		if s.unN != 0 || !s.fair() {
			return
		}
		if ub < 0 || s.total < ub {
			ub = s.total
			opt.tune.tracef("incumbent %d breaks after %v", ub, time.Since(inc.start))
			inc.offer(s)
		}
	}
	raise := func(b int) {
		if b > proven {
			proven = b
			inc.mu.Lock()
			inc.lb = proven
			inc.report()
			inc.mu.Unlock()
		}
	}

	// The annealer starts from the best schedule so far.
	dcap := -1
	if pr.in.Fairness >= 0 && fairOK {
		dcap = pr.in.Fairness
	}
	ann := newAnnealer(pr, rand.New(rand.NewPCG(opt.Seed, 77)), dcap)
	ann.compactOn = opt.tune.compact
	// On events of several days the gap-closing moves start at once: the SAT side has no
	// interval encoding there and seldom finds the last breaks, and the annealer alone took
	// up to 14 s for the last one without them, 1 s with them (scheduler-log.md, 2026-12-06).
	// On one day they wait for the stall, as they cost proofs on two-session days.
	ann.gapOn = opt.tune.gapMove || (pr.in.Days > 1 && !opt.tune.noGapDays)
	annOn := ann.init(inc.best.slot)
	lastImp := 0 // round of the annealer's last better schedule
	annAt := ub  // breaks of the schedule the annealer is at or has found (-1 none)
	if annAt < 0 {
		annAt = 1 << 30
	}
	// Once neither side has made progress for stallRounds rounds (no better schedule, no
	// bound settled), the race is stalled: the annealer then also makes gap-closing moves
	// (and, as an experiment, the large-neighbourhood search joins: --tune lns). Before that
	// the race is as it was, so the proofs that come early (all 14 shared originals, by
	// round 7) are unchanged.
	lastProgress, stalled := 0, false
	var ln *lns
	lnsWork := int64(roundProps)
	if opt.tune.lnsWork > 0 {
		lnsWork = int64(opt.tune.lnsWork) * roundProps / 4
	}
	if opt.tune.lns {
		ln = newLNS(pr, opt.Seed, stop, opt.tune)
	}
	var im *improver
	if !opt.tune.noImprove && !opt.NoExact {
		im = newImprover(pr, opt.Seed, stop, opt.tune)
	}

	// Without a participant sure to have no break, fairness is left out of the encoding:
	// its refutations still bound the fair problem, but its schedules may be unfair, in
	// which case offer drops them and that search stops.
	// Two bound searches climb the same ladder with different capacity encodings (see
	// newSatModel): which one refutes a bound first differs by instance family.
	preferred := preferredVariant(pr.in, opt.tune.prefer)
	var searches []*boundSearch
	if !opt.NoExact {
		for v := 0; v < 2; v++ {
			// The variant that usually loses on this kind of instance gets a quarter of
			// the work, so that on a two-core machine the likely winner and the annealer
			// get the CPU; it still progresses, in case the guess is wrong.
			work := int64(roundProps)
			if preferred >= 0 && v != preferred {
				if opt.tune.coreAlone {
					continue
				}
				work /= 4
			}
			bs := &boundSearch{pr: pr, variant: v, bound: -2, work: work, stop: stop, tune: opt.tune, steered: v == 0 || opt.tune.guideBoth}
			if (tablesBind || opt.tune.twoPreferred) && preferred >= 0 && v != preferred && !opt.tune.freeOther {
				// Where the tables' bound raised the start, the ladder starts at or next to
				// the optimum: the question is a schedule at the bound, found by the ladder
				// steered by the best schedule or by the free one, and which wins varies
				// with the instance (steering was 4 times slower on one, 3 times faster on
				// another). Both then get the likely faster encoding and a full share
				// (docs/scheduler-log.md, "Two ladders on one encoding where the tables
				// bind").
				bs.variant, bs.work = preferred, roundProps
			}
			searches = append(searches, bs)
		}
	}
	var cs *coreSearch
	coreFrom := opt.tune.coreFrom
	if coreFrom == 0 {
		coreFrom = coreFromRound
	}
	if (!opt.tune.noCore || opt.tune.coreAlone) && !opt.NoExact {
		v := preferred
		if v < 0 {
			v = 1
		}
		work := int64(roundProps)
		if opt.tune.coreWork > 0 {
			work = int64(opt.tune.coreWork) * roundProps / 4
		}
		cs = newCoreSearch(pr, v, work, stop, opt.tune)
	}
	var feas *boundSearch // "is there any schedule?", once a bound is refuted without one
	for round := 1; !halted(); round++ {
		if infeasible || ub >= 0 && ub <= proven || opt.tune.rounds > 0 && round > opt.tune.rounds {
			break
		}
		if !stalled && round-lastProgress > stallRounds {
			stalled = true
			ann.gapOn = ann.gapOn || !opt.tune.noGapStall
			opt.tune.tracef("stalled at round %d", round)
		}
		active := 0
		for _, bs := range searches {
			if !bs.done {
				active++
			}
		}
		if !annOn && active == 0 {
			break
		}
		// After a second's worth of rounds without a better schedule the annealer does a
		// quarter of its work, leaving the CPU to the bound searches, which then decide
		// the question alone; it keeps trying in case it is faster.
		moves := int64(roundMoves)
		if active > 0 && round-lastImp > stallRounds {
			moves /= 4
		}
		var annSlots []int32
		annBest := -1
		var wg sync.WaitGroup
		if annOn {
			wg.Add(1)
			go func(target int) {
				defer wg.Done()
				if ann.moves/annealSpan != (ann.moves+moves)/annealSpan {
					// A fresh start of the cooling every annealSpan moves: where the
					// bound is far below the optimum (fixed slots), the annealer's
					// schedules are the answer, and a long cold run gets stuck.
					ann.reheat()
				}
				ann.run(target, moves, halted, func(slots []int32, breaks int) {
					if annBest < 0 || breaks < annBest {
						annBest, annSlots = breaks, append(annSlots[:0], slots...)
					}
				})
			}(proven)
		}
		// The neighbourhood search only where the best schedule is more than a break above
		// the bound: where they are one apart the question is usually the proof, and its
		// work would slow the bound searches.
		var lnsFrom, lnsSlots []int32
		if stalled && ln != nil && ub > proven+1 {
			inc.mu.Lock()
			lnsFrom = append(lnsFrom, inc.best.slot...)
			inc.mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				lnsSlots = ln.run(lnsFrom, lnsWork)
			}()
		}
		var imSlots []int32
		if stalled && im != nil && ub > proven {
			inc.mu.Lock()
			imFrom := append([]int32(nil), inc.best.slot...)
			inc.mu.Unlock()
			v := preferred
			if v < 0 {
				v = 1
			}
			wg.Go(func() { imSlots = im.run(imFrom, v, improveRoundProps) })
		}
		for _, bs := range searches {
			if bs.done {
				continue
			}
			if bs.bound != proven {
				// Start, or move up to the bound the ladder has reached.
				bs.bound, bs.sm = proven, nil
			}
			// One ladder is steered by the best schedule, the other searches on its own
			// phases: the best schedule can hold a search far from the better ones
			// (docs/scheduler-log.md, "One ladder steered, one free").
			if bs.steered {
				bs.guideTo(inc)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				bs.step()
			}()
		}
		if cs != nil && !cs.done && round >= coreFrom {
			cs.guideTo(inc)
			wg.Go(cs.step)
		}
		if feas == nil && ub < 0 && proven > lb && active > 0 {
			// A bound was refuted and no complete schedule is known: is there any?
			feas = &boundSearch{pr: pr, variant: searches[0].variant, bound: -1, work: roundProps, stop: stop, tune: opt.tune}
		}
		if feas != nil && !feas.done {
			wg.Add(1)
			go func() {
				defer wg.Done()
				feas.step()
			}()
		}
		wg.Wait()

		// Merge, in a fixed order: the annealer, the neighbourhood search, the feasibility
		// question, the bound searches by variant.
		if annBest >= 0 && (ub < 0 || annBest < ub) {
			offer(annSlots)
			annAt = ub
			if ub == annBest {
				lastImp, lastProgress = round, round
			}
		}
		if lnsSlots != nil {
			before := ub
			offer(lnsSlots)
			if ub != before {
				opt.tune.tracef("lns: %d breaks in round %d (%d steps, %d better, %d refuted, %d undecided, size %d)",
					ub, round, ln.steps, ln.better, ln.refuted, ln.undecided, ln.size)
			}
		}
		if cs != nil {
			if cs.lb > proven {
				raise(cs.lb)
				lastProgress = round
				opt.tune.tracef("core search: bound %d after round %d, %d cores, %d props", cs.lb, round, cs.cores, cs.props)
			}
			if cs.res == satSat {
				if opt.tune.trace != nil {
					st := newState(pr)
					st.placeAll(cs.slots)
					opt.tune.tracef("core search: schedule after round %d, %d props: %d breaks, %d unplaced, fair %v", round, cs.props, st.total, st.unN, st.fair())
				}
				offer(cs.slots)
				cs.res = satUnknown
			}
		}
		if imSlots != nil {
			before := ub
			offer(imSlots)
			if ub != before {
				opt.tune.tracef("improve: %d breaks in round %d (%d steps, %d better, %d refuted, %d undecided)",
					ub, round, im.steps, im.better, im.refuted, im.undecided)
			}
		}
		if stalled && annOn && !opt.tune.noAdopt && ub >= 0 && ub < annAt {
			// Another search found a better schedule than the annealer's: once stalled, the
			// annealer goes on from it, where its moves may improve it further (else it
			// keeps walking around its own, worse one).
			inc.mu.Lock()
			from := append([]int32(nil), inc.best.slot...)
			inc.mu.Unlock()
			ann.adopt(from)
			annAt = ub
			opt.tune.tracef("annealer adopts %d breaks in round %d", ub, round)
		}
		if feas != nil && !feas.done && feas.res != satUnknown {
			feas.done = true
			if feas.res == satUnsat {
				infeasible = true
				break
			}
			offer(feas.slots)
		}
		for i, bs := range searches {
			if bs.done || bs.res == satUnknown {
				if halted() {
					bs.done = true
				}
				continue
			}
			r, b := bs.res, bs.bound
			bs.res, bs.sm = satUnknown, nil
			lastProgress = round
			// Ladders are named by their place in the race, as two may share an encoding.
			opt.tune.tracef("sat[%d] (encoding %d) bound %d: %v after round %d, %d conflicts, %d props", i, bs.variant, b, r, round, bs.conf, bs.props)
			if b < proven {
				continue // the other search settled this bound in the same round
			}
			if r == satSat {
				offer(bs.slots)
				if ub != b {
					// The relaxation's schedule was unfair: this search cannot settle
					// the bound.
					bs.done = true
				}
				continue
			}
			next := b + 1
			if pr.in.Fairness == 0 {
				// Everyone has the same number of breaks: totals are multiples of the
				// number of participants, and the rungs between repeat the same refutation.
				// When someone cannot have a break (one meeting), that number is 0.
				if fairOK {
					infeasible = true
					break
				}
				next = (next + pr.nP - 1) / pr.nP * pr.nP
			}
			raise(next)
		}
	}
	for i, bs := range searches {
		if bs.sm != nil {
			opt.tune.tracef("sat[%d] (encoding %d, steered %v) at the end: bound %d undecided, %d conflicts, %d props", i, bs.variant, bs.steered, bs.bound, bs.sm.s.Conflicts, bs.sm.s.Props)
		}
	}
	if im != nil && im.steps > 0 {
		opt.tune.tracef("improve: %d steps, %d better, %d refuted, %d undecided at the end", im.steps, im.better, im.refuted, im.undecided)
	}
	if ln != nil && ln.steps > 0 {
		opt.tune.tracef("lns: %d steps, %d better, %d refuted, %d undecided, size %d at the end", ln.steps, ln.better, ln.refuted, ln.undecided, ln.size)
	}
	switch {
	case infeasible:
		return Infeasible
	case ub >= 0 && ub <= proven:
		return Optimal
	case ub >= 0:
		return Feasible
	}
	return Unknown
}

// Work per round, a few tens of milliseconds: the bound searches count it in propagated
// literals, which follow time more closely than conflicts (a conflict's cost in
// propagations varies several-fold between instances, and a budget in conflicts starved
// the annealer on some), the annealer in moves. stallRounds is about a second's worth.
const (
	annealSpan  = 2_000_000
	roundProps  = 650_000
	roundMoves  = roundProps / 10
	stallRounds = 20
	// The core-guided search joins at coreFromRound: the shared originals settle their
	// bounds by round 7, and from the first round it slowed some of their proofs
	// (ticf-13crafc: 4.1 s of CPU instead of 1.0). The improvement search gets four bound
	// searches' work per round once stalled, when the annealer is down to a quarter.
	coreFromRound     = 8
	improveRoundProps = 4 * roundProps
)

// boundSearch is one SAT search of the ladder: it keeps its model and solver from round
// to round while its bound stands.
type boundSearch struct {
	pr          *problem
	variant     int
	bound       int   // the bound its model encodes (-1 none: is there any schedule?)
	work        int64 // propagated literals per round
	stop        *atomic.Bool
	tune        tuning
	sm          *satModel
	guided      int64   // cost of the schedule in guide
	guide       []int32 // the best schedule known, to steer by (solution-guided phases)
	fresh       bool    // guide changed since the model last took it
	steered     bool    // steered by the best schedule
	done        bool
	res         satResult // of the last round; satUnknown while undecided
	slots       []int32   // the model's schedule when res is satSat
	conf, props int64
}

// guideTo takes inc's best schedule if it is new to this search; the search moves its
// saved phases to it at its next restart (or at once with a new model).
func (bs *boundSearch) guideTo(inc *incumbent) {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if inc.best != nil && (bs.guide == nil || inc.cost != bs.guided) {
		bs.guided, bs.fresh = inc.cost, true
		bs.guide = append(bs.guide[:0], inc.best.slot...)
	}
}

// step builds the model if needed and searches for one round's work.
func (bs *boundSearch) step() {
	bs.res = satUnknown
	var base int64 = -1
	if bs.sm == nil {
		sm := newSatModel(bs.pr, bs.bound, bs.stop, bs.variant, bs.tune)
		if sm == nil {
			return
		}
		if bs.variant == 1 {
			sm.s.restartUnit = 300
		}
		if bs.tune.elim > 0 {
			sm.s.eliminate(sm.frozen(), bs.tune.elim)
		}
		if bs.tune.probe {
			// Probing counts in the round's work.
			base = sm.s.Props
			sm.s.probe(bs.work)
		}
		sm.s.onRestart = func() {
			if bs.fresh {
				sm.guide(bs.guide)
				bs.fresh = false
			}
		}
		bs.sm, bs.fresh = sm, bs.guide != nil
		sm.s.onRestart()
	}
	s := bs.sm.s
	if base < 0 {
		base = s.Props
	}
	s.maxProps = base + bs.work
	bs.res = bs.sm.solve()
	bs.conf, bs.props = s.Conflicts, s.Props
	if bs.res == satSat {
		bs.slots = bs.sm.slots()
	}
}

// preferredVariant guesses which capacity encoding refutes bounds faster: the busy-literal
// counts (0) on one-session days, the meeting slot counts (1) when days have a morning and
// an afternoon, as measured on the B2BSP families. prefer, from the tuning, overrides the
// guess (1, 2: encoding 0, 1; -1: neither). It returns -1 for neither.
func preferredVariant(in *Instance, prefer int) int {
	switch {
	case prefer > 0:
		return prefer - 1
	case prefer < 0:
		return -1
	}
	if in.MorningSlots > 0 && in.MorningSlots < in.SlotsPerDay {
		return 1
	}
	return 0
}

// hasTravel says whether any travel time is positive.
func hasTravel(in *Instance) bool {
	for _, r := range in.Travel {
		for _, v := range r {
			if v > 0 {
				return true
			}
		}
	}
	return false
}
