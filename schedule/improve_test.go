package schedule

import (
	"sync/atomic"
	"testing"
)

// TestImprover: from a complete schedule of a two-session instance shaped like the unseen
// set (a seed in neither half), the improvement search returns one with fewer breaks that
// the checker accepts, nobody with more breaks than before, and the same one on a second
// run (its work is counted, not timed).
func TestImprover(t *testing.T) {
	in, pr, from, _ := annealedStart(t)
	var stop atomic.Bool
	before := newState(pr)
	before.placeAll(from)
	var got [2][]int32
	for i := range got {
		im := newImprover(pr, 3, &stop, tuning{})
		for range 20 {
			if got[i] = im.run(from, 1, 4*roundProps); got[i] != nil {
				break
			}
		}
		if got[i] == nil {
			t.Fatalf("no better schedule than %d breaks (%d steps, %d refuted, %d undecided)", before.total, im.steps, im.refuted, im.undecided)
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
	if r.Breaks >= before.total {
		t.Fatalf("%d breaks, no better than the %d it started from", r.Breaks, before.total)
	}
	after := newState(pr)
	after.placeAll(got[0])
	for p := range after.brk {
		if after.brk[p] > before.brk[p] {
			t.Errorf("participant %d: %d breaks, %d before", p, after.brk[p], before.brk[p])
		}
	}
	t.Logf("%d breaks from %d", r.Breaks, before.total)
}
