package schedule

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAnnealerAdopt: an annealer that adopts another search's schedule stands on it
// (slots, no clash, its breaks as the state counts them) and reports only schedules with
// fewer breaks from there on.
func TestAnnealerAdopt(t *testing.T) {
	in, pr, from, fromBreaks := annealedStart(t)
	a := newAnnealer(pr, rand.New(rand.NewPCG(2, 77)), in.Fairness)
	a.init(nil) // a random assignment, far from from
	a.adopt(from)
	if !slices.Equal(a.slot, from) || a.hard != 0 || a.soft != fromBreaks {
		t.Fatalf("after adopt: slots equal %v, hard %d, breaks %d; want the schedule's %d breaks and no clash",
			slices.Equal(a.slot, from), a.hard, a.soft, fromBreaks)
	}
	a.run(0, 50_000, func() bool { return false }, func(slots []int32, breaks int) {
		if breaks >= fromBreaks {
			t.Fatalf("reported %d breaks after adopting a schedule with %d", breaks, fromBreaks)
		}
		s := newState(pr)
		s.placeAll(slots)
		if s.unN != 0 || s.total != breaks {
			t.Fatalf("reported schedule: %d unplaced, %d breaks, said %d", s.unN, s.total, breaks)
		}
	})
}
