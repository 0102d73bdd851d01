package schedule

import (
	"math/rand/v2"
	"os"
	"testing"
)

// TestB2BSPUpper is opt-in like TestB2BSPBounds (PASSERELLE_B2BSP_DIR, _PATTERN): the
// schedule side alone, in counts rather than time. Per instance: what the constructive
// pass leaves unplaced and its breaks, then the annealer from it, one thread, as the
// race runs it (fairness cap, rounds of 65,000 moves, a fresh cooling every 2 M): the
// moves to its first complete schedule and its best breaks after 1 M and
// PASSERELLE_B2BSP_MOVES (default 4 M) moves.
func TestB2BSPUpper(t *testing.T) {
	insts := b2bspInstances(t)
	total := int64(envInt("PASSERELLE_B2BSP_MOVES", 4_000_000))
	seed := uint64(envInt("PASSERELLE_B2BSP_SEED", 0))
	var opt Options
	if err := opt.Tune(os.Getenv("PASSERELLE_B2BSP_TUNE")); err != nil {
		t.Fatal(err)
	}
	sumAt1, sumEnd := 0, 0
	for _, bi := range insts {
		pr := compile(bi.in)
		lb := pr.lowerBound()
		rng := rand.New(rand.NewPCG(seed, 1))
		st := newState(pr)
		st.construct(meetingOrder(pr, rng), rng)
		dcap := -1
		if pr.in.Fairness >= 0 {
			for p := 0; p < pr.nP; p++ {
				if len(pr.pMeet[p]) <= 1 {
					dcap = pr.in.Fairness
				}
			}
		}
		a := newAnnealer(pr, rand.New(rand.NewPCG(seed, 77)), dcap)
		a.compactOn = opt.tune.compact
		a.gapOn = opt.tune.gapMove
		if !a.init(st.slot) {
			t.Logf("%-24s no domain", bi.name)
			continue
		}
		first, best, at1 := int64(-1), -1, -1
		for a.moves < total {
			if a.moves/annealSpan != (a.moves+roundMoves)/annealSpan {
				a.reheat()
			}
			a.run(lb, roundMoves, func() bool { return false }, func(slots []int32, breaks int) {
				if first < 0 {
					first = a.moves
				}
				if best < 0 || breaks < best {
					best = breaks
				}
			})
			if at1 < 0 && a.moves >= 1_000_000 {
				at1 = best
			}
			if best >= 0 && best <= lb {
				break
			}
		}
		if at1 < 0 {
			at1 = best
		}
		sumAt1 += at1
		sumEnd += best
		t.Logf("UB %-24s lb %2d construct unplaced %3d breaks %3d | first complete after %8d moves | best %3d at 1M, %3d at %dM | compact %d/%d",
			bi.name, lb, st.unN, st.total, first, at1, best, total/1_000_000, a.compactKept, a.compactTried)
	}
	t.Logf("UB sum of best breaks: %d at 1M moves, %d at the end", sumAt1, sumEnd)
}
