package schedule

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
)

// TestLNS: from a complete schedule of a two-session instance shaped like the unseen set
// (a seed in neither half), the neighbourhood search returns one with fewer breaks that
// the checker accepts, and the same one on a second run (its work is counted, not timed).
func TestLNS(t *testing.T) {
	in, pr, from, fromBreaks := annealedStart(t)
	var stop atomic.Bool
	var got [2][]int32
	for i := range got {
		l := newLNS(pr, 3, &stop, tuning{})
		got[i] = l.run(from, 3*roundProps)
		if got[i] == nil {
			t.Fatalf("no better schedule than %d breaks (%d steps, %d refuted, %d undecided)", fromBreaks, l.steps, l.refuted, l.undecided)
		}
	}
	sol := Solution{Slot: make([]int, pr.nM)}
	for m, s := range got[0] {
		sol.Slot[m] = int(s) + 1
		if got[1][m] != s {
			t.Fatalf("meeting %d: slot %d then %d", m, s, got[1][m])
		}
	}
	r := Check(in, sol)
	if !r.Valid() || r.Placed != pr.nM {
		t.Fatalf("checker: %v, %d of %d placed", r.Violations, r.Placed, pr.nM)
	}
	if r.Breaks >= fromBreaks {
		t.Fatalf("%d breaks, no better than the %d it started from", r.Breaks, fromBreaks)
	}
	t.Logf("%d breaks from %d", r.Breaks, fromBreaks)
}

// annealedStart is a two-session instance shaped like the unseen set (seed 7, in neither
// half) and the annealer's best complete schedule after 200,000 moves: where the
// neighbourhood and improvement searches start from in their tests.
func annealedStart(t *testing.T) (*Instance, *problem, []int32, int) {
	t.Helper()
	in := GenerateB2BSP(B2BSPShapes[0], 7, 2)
	pr := compile(in)
	var stop atomic.Bool
	rng := rand.New(rand.NewPCG(1, 1))
	st := newState(pr)
	st.construct(meetingOrder(pr, rng), rng)
	a := newAnnealer(pr, rand.New(rand.NewPCG(1, 77)), in.Fairness)
	a.init(st.slot)
	var from []int32
	fromBreaks := -1
	a.run(0, 200_000, stop.Load, func(slots []int32, breaks int) {
		from, fromBreaks = append(from[:0], slots...), breaks
	})
	if from == nil {
		t.Fatal("the annealer found no complete schedule to start from")
	}
	return in, pr, from, fromBreaks
}
