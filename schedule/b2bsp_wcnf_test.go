package schedule

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestB2BSPWCNF is opt-in (PASSERELLE_WCNF_DIR): it writes the tuning half of the unseen
// set (two-session shapes) as weighted partial MaxSAT (WCNF), for an outside MaxSAT
// solver to give the optima: the model without a bound on the total (as the core-guided
// search builds it, fairness included when it is encoded exactly), one soft unit clause
// "no break" per break indicator. A measuring tool only (docs/scheduler-log.md).
func TestB2BSPWCNF(t *testing.T) {
	dir := os.Getenv("PASSERELLE_WCNF_DIR")
	if dir == "" {
		t.Skip("PASSERELLE_WCNF_DIR not set")
	}
	for _, sh := range B2BSPShapes {
		if sh.AM == sh.Slots {
			continue
		}
		for _, seed := range UnseenTuneSeeds {
			in := GenerateB2BSP(sh, seed, B2BSPFairness)
			pr := compile(in)
			sm := newSatModel(pr, softBreaks, nil, max(preferredVariant(in, 0), 0), tuning{})
			var softs []lit
			for _, pb := range sm.pbreaks {
				softs = append(softs, pb...)
			}
			name := filepath.Join(dir, in.Name+".wcnf")
			if err := writeWCNF(sm.s, softs, name); err != nil {
				t.Fatal(err)
			}
			t.Logf("WCNF %s vars %d softs %d fairness encoded %v lower bound %d", name, len(sm.s.assign), len(softs), sm.fairOK, pr.lowerBound())
		}
	}
}

// writeWCNF writes s's problem clauses as hard clauses and "not l" for each l of softs
// as a soft clause of weight 1.
func writeWCNF(s *sat, softs []lit, name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	s.cancelUntil(0)
	bw := bufio.NewWriter(f)
	n := len(s.trail) + len(softs)
	for _, c := range s.clauses {
		if !c.learnt && !c.dead {
			n++
		}
	}
	top := len(softs) + 1
	fmt.Fprintf(bw, "p wcnf %d %d %d\n", max(len(s.assign), 1), n, top)
	put := func(l lit) { writeLit(bw, l) }
	hard := strconv.Itoa(top) + " "
	for _, l := range s.trail {
		bw.WriteString(hard)
		put(l)
		bw.WriteString("0\n")
	}
	for ci, c := range s.clauses {
		if c.learnt || c.dead {
			continue
		}
		bw.WriteString(hard)
		for _, l := range s.lits(int32(ci)) {
			put(l)
		}
		bw.WriteString("0\n")
	}
	for _, l := range softs {
		bw.WriteString("1 ")
		put(l.not())
		bw.WriteString("0\n")
	}
	return bw.Flush()
}
