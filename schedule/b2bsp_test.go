package schedule

import (
	"context"
	"fmt"
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
	insts := b2bspInstances(t)
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
	// PASSERELLE_B2BSP_TUNE takes Options.Tune's switches (nosym, idlecap=2...), to
	// measure a device's effect on the conflict counts.
	var opt Options
	if err := opt.Tune(os.Getenv("PASSERELLE_B2BSP_TUNE")); err != nil {
		t.Fatal(err)
	}
	for _, bi := range insts {
		in, name := bi.in, bi.name
		pr := compile(in)
		lb := pr.lowerBound()
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
		for b := lb + from; b < lb+from+4; b++ {
			sm := newSatModel(pr, b, nil, variant, opt.tune)
			sm.s.maxConflicts = maxConf
			if restart > 0 {
				sm.s.restartUnit = restart
			}
			if seed != 0 {
				sm.s.shuffle(seed)
			}
			if opt.tune.elim > 0 {
				n := sm.s.eliminate(sm.frozen(), opt.tune.elim)
				t.Logf("%-24s bound %d: %d variables eliminated, %d clauses left", name, b, n, len(sm.s.clauses))
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

// TestB2BSPShuffled is opt-in like TestB2BSPBounds: it solves each instance (d = 2, 10 s)
// with its participants renumbered and its meetings listed in a random order, as data
// from elsewhere may come, PASSERELLE_B2BSP_SHUFFLES times (default 4), checks every
// complete schedule and logs status, breaks and time.
func TestB2BSPShuffled(t *testing.T) {
	insts := b2bspInstances(t)
	n := envInt("PASSERELLE_B2BSP_SHUFFLES", 4)
	for _, bi := range insts {
		in := bi.in
		var line []string
		for k := 1; k <= n; k++ {
			sh := shuffled(in, uint64(k))
			res, err := Solve(context.Background(), sh, Options{TimeLimit: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			// An infeasible instance's schedule leaves required meetings out.
			if rep := Check(sh, res.Solution); !rep.Valid() && res.Status != Infeasible && res.Status != Unknown {
				t.Fatalf("%s shuffle %d: checker: %v", bi.name, k, rep.Violations)
			}
			line = append(line, fmt.Sprintf("%s %d %v", res.Status, res.Breaks, res.Elapsed.Round(10*time.Millisecond)))
		}
		t.Logf("%-24s %s", bi.name, strings.Join(line, ", "))
	}
}

// shuffled renumbers in's participants and lists its meetings in a random order.
func shuffled(in *Instance, seed uint64) *Instance {
	rng := rand.New(rand.NewPCG(seed, 99))
	out := *in
	pp := rng.Perm(len(in.Participants)) // new index of each participant
	out.Participants = make([]Participant, len(in.Participants))
	for p, np := range pp {
		out.Participants[np] = in.Participants[p]
	}
	mp := rng.Perm(len(in.Meetings)) // new index of each meeting
	out.Meetings = make([]Meeting, len(in.Meetings))
	for m, nm := range mp {
		mt := in.Meetings[m]
		mt.Participants, mt.After = nil, nil
		for _, p := range in.Meetings[m].Participants {
			mt.Participants = append(mt.Participants, pp[p])
		}
		for _, a := range in.Meetings[m].After {
			mt.After = append(mt.After, mp[a])
		}
		out.Meetings[nm] = mt
	}
	return &out
}

// envInt reads a test's numeric setting, def when it is unset or not a number.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

type b2bspInstance struct {
	name string // file name without .dzn
	in   *Instance
}

// b2bspInstances reads the files of PASSERELLE_B2BSP_DIR matching PASSERELLE_B2BSP_PATTERN
// (default *.original.dzn) with d = 2, or skips the test when the directory is not set.
func b2bspInstances(t *testing.T) []b2bspInstance {
	t.Helper()
	dir := os.Getenv("PASSERELLE_B2BSP_DIR")
	if dir == "" {
		t.Skip("PASSERELLE_B2BSP_DIR not set")
	}
	pat := os.Getenv("PASSERELLE_B2BSP_PATTERN")
	if pat == "" {
		pat = "*.original.dzn"
	}
	files, _ := filepath.Glob(filepath.Join(dir, pat))
	if len(files) == 0 {
		t.Fatalf("no file matches %s in %s", pat, dir)
	}
	var out []b2bspInstance
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		in, err := ReadDZN(fh, 2)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, b2bspInstance{strings.TrimSuffix(filepath.Base(f), ".dzn"), in})
	}
	return out
}
