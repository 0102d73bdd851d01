package schedule

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestB2BSPWCNF is opt-in (PASSERELLE_WCNF_DIR): it writes the instances of the unseen
// set (wcnfInstances) as weighted partial MaxSAT (WCNF), and each as a .dzn file beside
// it for our own command, for an outside MaxSAT solver to give
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
	for _, in := range wcnfInstances(t) {
		pr := compile(in)
		sm := wcnfModel(in, pr)
		name := filepath.Join(dir, in.Name+".wcnf")
		if err := writeWCNF(sm.s, wcnfSofts(sm), name); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(strings.TrimSuffix(name, ".wcnf") + ".dzn")
		if err != nil {
			t.Fatal(err)
		}
		err = WriteDZN(f, in)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("%s.dzn: %v", in.Name, err)
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
	for _, in := range wcnfInstances(t) {
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

// wcnfInstances is the set TestB2BSPWCNF writes: every shape of one half, or with
// PASSERELLE_WCNF_HALF=shared the files of PASSERELLE_B2BSP_DIR (named after them), or
// with "calib" eight seeds generated at the shared originals' shapes (tic-12, tic-14, forumt-14, forum-13), to see
// how an outside solver fares on the real instances and on ours (docs/scheduler-log.md).
func wcnfInstances(t *testing.T) []*Instance {
	seeds := UnseenTuneSeeds
	switch os.Getenv("PASSERELLE_WCNF_HALF") {
	case "heldout":
		seeds = UnseenHeldOutSeeds
	case "shared":
		var out []*Instance
		for _, b := range b2bspInstances(t) {
			b.in.Name = b.name
			out = append(out, b.in)
		}
		return out
	case "profile":
		var out []*Instance
		for _, sh := range []B2BSPShape{{"1s-42p-125m-21t", 42, 125, 21, 8, 8, false}, {"1s-60p-237m-27t", 60, 237, 27, 10, 10, false}, {"1s-60p-237m-25t", 60, 237, 25, 10, 10, false}} {
			for _, seed := range []uint64{1, 2, 3, 4, 5, 6, 7, 8} {
				out = append(out, genOneSessionProfile(sh, seed, B2BSPFairness))
			}
		}
		for _, sh := range []B2BSPShape{{"2s-70p-154m-14t", 70, 154, 14, 21, 13, false}, {"2s-70p-154m-12t", 70, 154, 12, 21, 13, false}} {
			for _, seed := range []uint64{1, 2, 3, 4, 5, 6, 7, 8} {
				out = append(out, genTwoSessionProfile(sh, seed, B2BSPFairness))
			}
		}
		return out
	case "calib":
		seeds = []uint64{1, 2, 3, 4, 5, 6, 7, 8}
		var out []*Instance
		for _, sh := range []B2BSPShape{{"2s-70p-154m-14t", 70, 154, 14, 21, 13, false}, {"2s-70p-154m-12t", 70, 154, 12, 21, 13, false},
			{"1s-42p-125m-21t", 42, 125, 21, 8, 8, false}, {"1s-60p-237m-27t", 60, 237, 27, 10, 10, false}, {"1s-60p-237m-25t", 60, 237, 25, 10, 10, false}} {
			for _, seed := range seeds {
				out = append(out, GenerateB2BSP(sh, seed, B2BSPFairness))
			}
		}
		// As forum-13crafc was made from forum-13 and tic-14crafc from tic-14crafa: the
		// same meetings with fewer tables.
		for _, sq := range []struct {
			sh B2BSPShape
			l  int
		}{{B2BSPShape{"2s-70p-154m-14to12t", 70, 154, 14, 21, 13, false}, 12}, {B2BSPShape{"1s-60p-237m-27to25t", 60, 237, 27, 10, 10, false}, 25}} {
			for _, seed := range seeds {
				in := GenerateB2BSP(sq.sh, seed, B2BSPFairness)
				in.Tables = in.Tables[:sq.l]
				out = append(out, in)
			}
		}
		return out
	}
	var out []*Instance
	for _, sh := range B2BSPShapes {
		for _, seed := range seeds {
			out = append(out, GenerateB2BSP(sh, seed, B2BSPFairness))
		}
	}
	return out
}

func wcnfModel(in *Instance, pr *problem) *satModel {
	// Every capacity counter built: an outside solver gets the whole model, not the
	// in-house search's lazy one.
	return newSatModel(pr, softBreaks, nil, max(preferredVariant(in, 0), 0), tuning{lazyCells: math.MaxInt})
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
		case "c":
			// clasp with --quiet=1 prints no "o" line, only its summary's cost.
			if len(f) == 4 && f[1] == "Optimization" && f[2] == ":" {
				cost, _ = strconv.Atoi(f[3])
			}
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
