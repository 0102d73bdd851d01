package schedule

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestB2BSPBounds is opt-in (PASSERELLE_B2BSP_DIR): it runs the bound search alone, single
// threaded, on the published originals and logs the SAT calls' conflicts, so that encodings
// and solver changes can be compared without the noise of wall time. It asserts only that
// every schedule found passes the checker and that no bound exceeds a known schedule.
func TestB2BSPBounds(t *testing.T) {
	dir := os.Getenv("PASSERELLE_B2BSP_DIR")
	if dir == "" {
		t.Skip("PASSERELLE_B2BSP_DIR not set")
	}
	pat := os.Getenv("PASSERELLE_B2BSP_PATTERN")
	if pat == "" {
		pat = "*.original.dzn"
	}
	files, _ := filepath.Glob(filepath.Join(dir, pat))
	maxConf := int64(200000)
	if v, err := strconv.ParseInt(os.Getenv("PASSERELLE_B2BSP_CONFLICTS"), 10, 64); err == nil {
		maxConf = v
	}
	restart, _ := strconv.Atoi(os.Getenv("PASSERELLE_B2BSP_RESTART"))
	variant, _ := strconv.Atoi(os.Getenv("PASSERELLE_B2BSP_VARIANT"))
	seed, _ := strconv.ParseUint(os.Getenv("PASSERELLE_B2BSP_SEED"), 10, 64)
	// PASSERELLE_B2BSP_GUIDE=N: anneal N moves (one thread) first and start every bound's
	// search from the best schedule found (solution-guided phases). The annealer's seed is
	// PASSERELLE_B2BSP_GSEED if set, else the solver's: setting it apart measures how much
	// the solver's own seed (its shuffled activities) spreads the conflict counts.
	guideMoves, _ := strconv.ParseInt(os.Getenv("PASSERELLE_B2BSP_GUIDE"), 10, 64)
	// PASSERELLE_B2BSP_FROM=j starts the ladder at lower bound + j (to time one bound).
	from, _ := strconv.Atoi(os.Getenv("PASSERELLE_B2BSP_FROM"))
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		in, err := ReadDZN(fh, 2)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		pr := compile(in)
		lb := pr.lowerBound()
		name := strings.TrimSuffix(filepath.Base(f), ".dzn")
		total := int64(0)
		start := time.Now()
		var guide []int32
		if guideMoves > 0 {
			gseed := seed
			if v, err := strconv.ParseUint(os.Getenv("PASSERELLE_B2BSP_GSEED"), 10, 64); err == nil {
				gseed = v
			}
			rng := rand.New(rand.NewPCG(gseed+1, 1))
			st := newState(pr)
			st.construct(meetingOrder(pr, rng), rng)
			a := newAnnealer(pr, rand.New(rand.NewPCG(gseed+1, 77)), 2)
			best := -1
			if a.init(st.slot) {
				a.run(lb, guideMoves, func() bool { return false }, func(slots []int32, breaks int) {
					if best < 0 || breaks < best {
						best, guide = breaks, append([]int32(nil), slots...)
					}
				})
			}
			t.Logf("%-24s incumbent %d breaks after %d moves", name, best, guideMoves)
		}
		for b := lb + from; b < lb+4; b++ {
			sm := newSatModel(pr, b, nil, variant)
			sm.s.maxConflicts = maxConf
			if restart > 0 {
				sm.s.restartUnit = restart
			}
			if seed != 0 {
				sm.s.shuffle(seed)
			}
			if guide != nil {
				sm.guide(guide)
			}
			t0 := time.Now()
			r := sm.s.solve()
			t.Logf("%-24s bound %d: %s, conflicts %d, propagations %d, %d ms, learnt clauses %d", name, b, [...]string{"unknown", "sat", "unsat"}[r], sm.s.Conflicts, sm.s.Props, time.Since(t0).Milliseconds(), sm.s.nLearnt)
			total += sm.s.Conflicts
			if r == satSat {
				sol := Solution{Slot: make([]int, pr.nM)}
				for m, t := range sm.slots() {
					sol.Slot[m] = int(t) + 1
				}
				rep := Check(in, sol)
				if !rep.Valid() || rep.Breaks > b {
					t.Fatalf("%s: bound %d: checker: %v breaks %d", name, b, rep.Violations, rep.Breaks)
				}
				t.Logf("%-24s optimum %d  conflicts %7d  time %v", name, b, total, time.Since(start).Round(time.Millisecond))
				break
			}
			if r == satUnknown {
				t.Logf("%-24s bound %d unknown after %d conflicts", name, b, total)
				break
			}
		}
	}
}
