package schedule

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestB2BSPWCNF is opt-in (PASSERELLE_WCNF_DIR): it writes the two-session instances of
// the unseen set as weighted partial MaxSAT (WCNF), for an outside MaxSAT solver to give
// the optima: the model without a bound on the total (as the core-guided search builds
// it, fairness included when it is encoded exactly, else left out, a relaxation), one
// soft unit clause "no break" per break indicator. The tuning half unless
// PASSERELLE_WCNF_HALF is "heldout" (to report only). The header is the old "p wcnf V C
// TOP" form, which both sat4j and clasp read. A measuring tool only
// (docs/scheduler-log.md).
func TestB2BSPWCNF(t *testing.T) {
	dir := os.Getenv("PASSERELLE_WCNF_DIR")
	if dir == "" {
		t.Skip("PASSERELLE_WCNF_DIR not set")
	}
	for _, in := range wcnfInstances() {
		pr := compile(in)
		sm := wcnfModel(in, pr)
		name := filepath.Join(dir, in.Name+".wcnf")
		if err := writeWCNF(sm.s, wcnfSofts(sm), name); err != nil {
			t.Fatal(err)
		}
		t.Logf("WCNF %s vars %d softs %d fairness encoded %v lower bound %d", name, len(sm.s.assign), len(wcnfSofts(sm)), sm.fairOK, pr.lowerBound())
	}
}

// TestB2BSPWCNFModel is opt-in (PASSERELLE_WCNF_MODELS, a directory): for each
// instance NAME of TestB2BSPWCNF's set with a file NAME.out there, the output of a MaxSAT
// solver on NAME.wcnf ("o" cost lines and "v" model lines, as clasp writes them), it
// decodes the last model into a schedule and checks it with Check: every meeting placed,
// no hard constraint broken, the checker's breaks equal to the solver's cost. So an
// outside optimum is one of our schedules, not a claim about the encoding.
func TestB2BSPWCNFModel(t *testing.T) {
	dir := os.Getenv("PASSERELLE_WCNF_MODELS")
	if dir == "" {
		t.Skip("PASSERELLE_WCNF_MODELS not set")
	}
	for _, in := range wcnfInstances() {
		data, err := os.ReadFile(filepath.Join(dir, in.Name+".out"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		cost, vals := parseMaxSATOutput(string(data))
		if vals == nil {
			t.Logf("%s: no model", in.Name)
			continue
		}
		pr := compile(in)
		sm := wcnfModel(in, pr)
		sol := Solution{Slot: make([]int, pr.nM)}
		for m, xs := range sm.x {
			for tt, v := range xs {
				if v >= 0 && vals[v+1] {
					if sol.Slot[m] != 0 {
						t.Errorf("%s: meeting %d in two slots", in.Name, m+1)
					}
					sol.Slot[m] = tt + 1
				}
			}
		}
		rep := Check(in, sol)
		if !rep.Valid() || rep.Placed != pr.nM {
			t.Errorf("%s: checker: placed %d of %d, %v", in.Name, rep.Placed, pr.nM, rep.Violations)
			continue
		}
		if rep.Breaks != cost {
			t.Errorf("%s: solver cost %d, checker %d breaks", in.Name, cost, rep.Breaks)
		}
		t.Logf("%s: cost %d, checker: valid, %d breaks, max per person %d (fairness %d)", in.Name, cost, rep.Breaks, rep.MaxBreaks, in.Fairness)
	}
}

// wcnfInstances is the set TestB2BSPWCNF writes: the two-session shapes of one half.
func wcnfInstances() []*Instance {
	seeds := UnseenTuneSeeds
	if os.Getenv("PASSERELLE_WCNF_HALF") == "heldout" {
		seeds = UnseenHeldOutSeeds
	}
	var out []*Instance
	for _, sh := range B2BSPShapes {
		if sh.AM == sh.Slots {
			continue
		}
		for _, seed := range seeds {
			out = append(out, GenerateB2BSP(sh, seed, B2BSPFairness))
		}
	}
	return out
}

func wcnfModel(in *Instance, pr *problem) *satModel {
	return newSatModel(pr, softBreaks, nil, max(preferredVariant(in, 0), 0), tuning{})
}

func wcnfSofts(sm *satModel) []lit {
	var softs []lit
	for _, pb := range sm.pbreaks {
		softs = append(softs, pb...)
	}
	return softs
}

// parseMaxSATOutput reads a MaxSAT solver's output: the last "o" cost and the last
// model's values (index 1..n, true where the literal is positive); nil without a model.
func parseMaxSATOutput(out string) (int, map[int]bool) {
	cost := -1
	var vals map[int]bool
	fresh := true
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "o":
			if len(f) > 1 {
				cost, _ = strconv.Atoi(f[1])
			}
			fresh = true
		case "v":
			if fresh {
				vals, fresh = map[int]bool{}, false
			}
			for _, x := range f[1:] {
				n, err := strconv.Atoi(x)
				if err != nil || n == 0 {
					continue
				}
				vals[max(n, -n)] = n > 0
			}
		}
	}
	return cost, vals
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
