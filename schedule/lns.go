package schedule

import (
	"math/rand/v2"
	"sync/atomic"
)

// lns is a large-neighbourhood search on the best schedule: it frees the meetings of a few
// participants (one with a break, then partners of the freed meetings, those with breaks
// first), holds every other meeting at its slot, and asks the SAT model for a schedule
// with fewer breaks. Where the annealer stalls (two-session days with many meetings per
// person, where one person's gap is closed only by moving several partners' days at once)
// the exact re-insertion finds what single moves do not.
//
// The model is the bound search's (newSatModel) on a copy of the problem whose held
// meetings have their slot as their only domain and as a fixed slot: unit propagation
// settles them, and the held participants' break lower bounds become their exact breaks,
// so the per-participant caps leave the freed ones only the slack the bound allows.
type lns struct {
	pr      *problem
	rng     *rand.Rand
	stop    *atomic.Bool
	tune    tuning
	variant int
	size    int // meetings to free; grows when a neighbourhood is refuted, shrinks when undecided
	sub     problem
	free    []bool
	inS     []bool
	// Counts for measurements: steps, improving steps, refuted and undecided ones.
	steps, better, refuted, undecided int
}

// Work of one step (propagated literals) and the smallest and starting neighbourhoods.
const (
	lnsStepProps = 100_000
	lnsMinSize   = 8
	lnsStartSize = 24
)

func newLNS(pr *problem, seed uint64, stop *atomic.Bool, tune tuning) *lns {
	v := preferredVariant(pr.in, tune.prefer)
	if v < 0 {
		v = 1
	}
	l := &lns{pr: pr, rng: rand.New(rand.NewPCG(seed, 0x1a5)), stop: stop, tune: tune, variant: v,
		size: lnsStartSize, sub: *pr, free: make([]bool, pr.nM), inS: make([]bool, pr.nP)}
	l.sub.dom = make([]bool, len(pr.dom))
	l.sub.fixed = make([]int32, pr.nM)
	return l
}

// run does steps from the schedule from until work propagated literals are spent (each
// step also pays for its model, counted as its clauses). It returns the best schedule
// found with fewer breaks than from, or nil.
func (l *lns) run(from []int32, work int64) []int32 {
	cur := newState(l.pr)
	cur.placeAll(from)
	if cur.unN != 0 || !cur.fair() {
		return nil
	}
	var out []int32
	for used := int64(0); used < work && cur.total > 0 && !l.stop.Load(); {
		slots, cost := l.step(cur)
		used += cost
		if slots == nil {
			continue
		}
		next := newState(l.pr)
		next.placeAll(slots)
		if next.unN == 0 && next.fair() && next.total < cur.total {
			l.better++
			cur, out = next, slots
		}
	}
	return out
}

// step frees one neighbourhood of cur and searches it for a schedule with fewer breaks.
// It returns that schedule (nil if none was found) and the work spent.
func (l *lns) step(cur *state) ([]int32, int64) {
	pr := l.pr
	T := pr.T
	pick := l.pick
	if l.tune.lnsWindow && l.rng.IntN(3) == 0 {
		pick = l.pickWindow
	}
	if !pick(cur) {
		return nil, lnsStepProps
	}
	l.steps++
	copy(l.sub.dom, pr.dom)
	copy(l.sub.fixed, pr.fixed)
	for m := 0; m < pr.nM; m++ {
		if l.free[m] {
			continue
		}
		t := int(cur.slot[m])
		row := l.sub.dom[m*T : m*T+T]
		for i := range row {
			row[i] = i == t
		}
		l.sub.fixed[m] = int32(t)
	}
	sm := newSatModel(&l.sub, cur.total-1, l.stop, l.variant, l.tune)
	if sm == nil {
		return nil, lnsStepProps
	}
	sm.guide(cur.slot)
	sm.s.maxProps = lnsStepProps
	res := sm.solve()
	cost := sm.s.Props + int64(len(sm.s.clauses))
	switch res {
	case satSat:
		return sm.slots(), cost
	case satUnsat:
		// No better schedule in this neighbourhood: look wider.
		l.refuted++
		l.size = min(l.size+1, pr.nM)
	default:
		l.undecided++
		l.size = max(l.size-1, lnsMinSize)
	}
	return nil, cost
}

// pick chooses the meetings to free: all meetings of a participant with a break, then of
// partners of the freed meetings (one with a break when a few draws find one) until size
// meetings are free. It returns false when nobody has a break.
func (l *lns) pick(cur *state) bool {
	pr := l.pr
	clear(l.free)
	clear(l.inS)
	var withBreak []int
	for p := 0; p < pr.nP; p++ {
		if cur.brk[p] > 0 {
			withBreak = append(withBreak, p)
		}
	}
	if len(withBreak) == 0 {
		return false
	}
	p := withBreak[l.rng.IntN(len(withBreak))]
	var cand []int
	n := 0
	for {
		l.inS[p] = true
		for _, m := range pr.pMeet[p] {
			if !l.free[m] {
				l.free[m] = true
				n++
			}
			for _, q := range pr.mPart[m] {
				if !l.inS[q] {
					cand = append(cand, int(q))
				}
			}
		}
		if n >= l.size {
			return true
		}
		// Next: a partner not yet taken, preferring one with a break.
		p = -1
		for try := 0; try < 4 && len(cand) > 0; try++ {
			i := l.rng.IntN(len(cand))
			q := cand[i]
			if l.inS[q] {
				cand[i] = cand[len(cand)-1]
				cand = cand[:len(cand)-1]
				try--
				continue
			}
			if p < 0 || cur.brk[q] > 0 {
				p = q
			}
			if cur.brk[q] > 0 {
				break
			}
		}
		if p < 0 {
			// No partner left: another participant with a break.
			for _, q := range withBreak {
				if !l.inS[q] {
					p = q
					break
				}
			}
			if p < 0 {
				return n > 0
			}
		}
	}
}

// pickWindow frees every meeting in a window of consecutive slots of one session holding
// about size meetings: they may then trade slots, which a gap blocked by full tables
// needs. It returns false when there is no meeting to free.
func (l *lns) pickWindow(cur *state) bool {
	pr := l.pr
	clear(l.free)
	per := max(1, pr.nM/pr.T) // meetings per slot on average
	w := min(max(2, (l.size+per-1)/per), pr.T)
	a := l.rng.IntN(pr.T - w + 1)
	n := 0
	for m := 0; m < pr.nM; m++ {
		if t := int(cur.slot[m]); t >= a && t < a+w {
			l.free[m] = true
			n++
		}
	}
	return n > 0
}
