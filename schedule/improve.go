package schedule

import (
	"math/rand/v2"
	"slices"
	"sync/atomic"
)

// improver looks for a better schedule than the best one by asking the SAT model, under
// assumptions, for one where a chosen participant q has a break fewer and nobody else has
// more breaks than now. Unlike the neighbourhood search (lns.go) no meeting is held: the
// whole schedule may change, as long as every person's day is at least as compact, which
// is what a gap closed by moving several partners' days at once needs. One solver serves
// every step (assumptions add no clause; learnt clauses stay valid), its phases set to the
// best schedule.
type improver struct {
	pr    *problem
	rng   *rand.Rand
	stop  *atomic.Bool
	sm    *satModel
	out   [][]lit // per participant: out[j] implied when it has at least j+1 breaks
	from  int64   // cost of the schedule the queue was made for
	queue []int   // participants with a break, still to try on that schedule
	as    []lit
	// Counts for measurements: steps, improving steps, refuted and undecided ones.
	steps, better, refuted, undecided int
}

// improveStepProps is one step's work (propagated literals).
const improveStepProps = 2_000_000

func newImprover(pr *problem, seed uint64, stop *atomic.Bool, tune tuning) *improver {
	return &improver{pr: pr, rng: rand.New(rand.NewPCG(seed, 0x1b7)), stop: stop, from: -1}
}

func (im *improver) build(variant int) bool {
	sm := newSatModel(im.pr, softBreaks, im.stop, variant, tuning{})
	if sm == nil {
		return false
	}
	im.sm = sm
	im.out = make([][]lit, im.pr.nP)
	for p, pb := range sm.pbreaks {
		if len(pb) > 0 {
			im.out[p] = posLits(sm.counter(pb, len(pb), false))
		}
	}
	return true
}

// run does steps from the schedule from until work propagated literals are spent. It
// returns a schedule with fewer breaks than from, or nil.
func (im *improver) run(from []int32, variant int, work int64) []int32 {
	if im.sm == nil && !im.build(variant) {
		return nil
	}
	cur := newState(im.pr)
	cur.placeAll(from)
	if cur.unN != 0 || !cur.fair() {
		return nil
	}
	if int64(cur.total) != im.from {
		// A new schedule: try each participant with a break.
		im.from = int64(cur.total)
		im.queue = im.queue[:0]
		for p, b := range cur.brk {
			if b > 0 && im.out[p] != nil {
				im.queue = append(im.queue, p)
			}
		}
		// Most breaks first (a random order among equals): on the tuning half this found
		// better schedules than a random order (scheduler-log.md).
		im.rng.Shuffle(len(im.queue), func(i, j int) { im.queue[i], im.queue[j] = im.queue[j], im.queue[i] })
		slices.SortStableFunc(im.queue, func(a, b int) int { return int(cur.brk[b] - cur.brk[a]) })
		im.sm.guide(from)
	}
	s := im.sm.s
	end := s.Props + work
	for len(im.queue) > 0 && s.Props < end && (im.stop == nil || !im.stop.Load()) {
		q := im.queue[0]
		im.steps++
		// q first: its refutation is the likely one, and the core then names it.
		as := append(im.as[:0], im.out[q][cur.brk[q]-1].not())
		for p, b := range cur.brk {
			if p != q && im.out[p] != nil && int(b) < len(im.out[p]) {
				as = append(as, im.out[p][b].not())
			}
		}
		im.as = as
		s.assume(as)
		s.maxProps = min(s.Props+improveStepProps, end)
		before := s.Props
		r := im.sm.solve()
		switch {
		case r == satSat:
			im.better++
			slots := im.sm.slots()
			im.sm.guide(slots)
			return slots
		case r == satUnsat && s.unsat:
			im.queue = im.queue[:0]
			return nil
		case r == satUnsat:
			im.refuted++
			im.queue = im.queue[1:]
		default:
			if s.Props-before >= improveStepProps {
				// Undecided within a step: try the others, come back to it last.
				im.undecided++
				im.queue = append(im.queue[1:], q)
			}
		}
	}
	return nil
}
