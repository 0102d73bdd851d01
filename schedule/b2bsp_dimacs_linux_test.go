package schedule

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU is the calling OS thread's CPU time (user + system).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestB2BSPDIMACS is opt-in (PASSERELLE_B2BSP_DIR and PASSERELLE_DIMACS_DIR): for each
// instance it climbs the bound ladder from the lower bound with the preferred encoding,
// unguided and single-threaded as an outside solver would run, writes each bound's model
// as DIMACS (NAME.bB.vV.cnf) before solving it, and logs the in-house solver's result,
// conflicts and thread CPU time, up to the first satisfiable bound or
// PASSERELLE_B2BSP_CONFLICTS conflicts (default 2,000,000) on one bound. With
// PASSERELLE_DIMACS_ONLY=N it only writes the models of bounds LB..LB+N-1 (for outside
// solvers to climb the ladder). PASSERELLE_TUNE passes the solver's switches.
func TestB2BSPDIMACS(t *testing.T) {
	insts := b2bspInstances(t)
	dir := os.Getenv("PASSERELLE_DIMACS_DIR")
	if dir == "" {
		t.Skip("PASSERELLE_DIMACS_DIR not set")
	}
	maxConf := int64(envInt("PASSERELLE_B2BSP_CONFLICTS", 2000000))
	only := envInt("PASSERELLE_DIMACS_ONLY", 0)
	span := 20
	if only > 0 {
		span = only
	}
	// PASSERELLE_TUNE: the solver's switches, as `--tune` takes them.
	var o Options
	if err := o.Tune(os.Getenv("PASSERELLE_TUNE")); err != nil {
		t.Fatal(err)
	}
	if o.tune.lazyCells == 0 {
		// The files are for outside solvers: every capacity counter built, as written.
		o.tune.lazyCells = math.MaxInt
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, bi := range insts {
		pr := compile(bi.in)
		lb := pr.lowerBound()
		v := max(preferredVariant(bi.in, o.tune.prefer), 0) // PASSERELLE_TUNE=prefer=N picks the encoding
		for b := lb; b < lb+span; b++ {
			c0 := threadCPU()
			sm := newSatModel(pr, b, nil, v, o.tune)
			build := threadCPU() - c0
			if sm == nil {
				t.Logf("%-24s bound %d: no model", bi.name, b)
				break
			}
			name := fmt.Sprintf("%s.b%d.v%d.cnf", bi.name, b, v)
			f, err := os.Create(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := sm.s.writeDIMACS(f); err != nil {
				t.Fatal(err)
			}
			f.Close()
			if only > 0 {
				continue
			}
			sm.s.maxConflicts = maxConf
			c0 = threadCPU()
			r := sm.s.solve()
			cpu := threadCPU() - c0
			t.Logf("DIMACS %s %s conflicts %d cpu_ms %d build_ms %d vars %d", name, [...]string{"UNKNOWN", "SAT", "UNSAT"}[r],
				sm.s.Conflicts, cpu.Milliseconds(), build.Milliseconds(), len(sm.s.assign))
			if r != satUnsat {
				break
			}
		}
	}
}

// TestB2BSPDIMACSModel is opt-in (PASSERELLE_B2BSP_DIR and PASSERELLE_DIMACS_MODELS, a
// directory): for each file NAME.bB.vV.out there, an outside SAT solver's output ("s" and
// "v" lines) on the file NAME.bB.vV.cnf that TestB2BSPDIMACS wrote, it rebuilds that
// model, decodes the solver's model into a schedule and checks it with Check: every
// meeting placed, no hard constraint broken, at most B breaks. So a satisfiable answer
// from an outside solver is one of our schedules, not a claim about the encoding.
func TestB2BSPDIMACSModel(t *testing.T) {
	insts := b2bspInstances(t)
	dir := os.Getenv("PASSERELLE_DIMACS_MODELS")
	if dir == "" {
		t.Skip("PASSERELLE_DIMACS_MODELS not set")
	}
	var o Options
	if err := o.Tune(os.Getenv("PASSERELLE_TUNE")); err != nil {
		t.Fatal(err)
	}
	o.tune.lazyCells = math.MaxInt // as TestB2BSPDIMACS writes them
	for _, bi := range insts {
		outs, _ := filepath.Glob(filepath.Join(dir, bi.name+".b*.v*.out"))
		for _, f := range outs {
			var b, v int
			if _, err := fmt.Sscanf(filepath.Base(f)[len(bi.name):], ".b%d.v%d.out", &b, &v); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, vals := parseMaxSATOutput(string(data))
			if vals == nil {
				t.Logf("%s: no model", filepath.Base(f))
				continue
			}
			pr := compile(bi.in)
			sm := newSatModel(pr, b, nil, v, o.tune)
			if sm == nil {
				t.Fatalf("%s: no model at bound %d", bi.name, b)
			}
			sol := Solution{Slot: make([]int, pr.nM)}
			for m, xs := range sm.x {
				for tt, x := range xs {
					if x >= 0 && vals[x+1] {
						if sol.Slot[m] != 0 {
							t.Errorf("%s: meeting %d in two slots", f, m+1)
						}
						sol.Slot[m] = tt + 1
					}
				}
			}
			rep := Check(bi.in, sol)
			if !rep.Valid() || rep.Placed != pr.nM || rep.Breaks > b {
				t.Errorf("%s: checker: placed %d of %d, %d breaks (bound %d), %v", filepath.Base(f), rep.Placed, pr.nM, rep.Breaks, b, rep.Violations)
				continue
			}
			t.Logf("%s: checker: valid, %d breaks (bound %d), max per person %d (fairness %d)", filepath.Base(f), rep.Breaks, b, rep.MaxBreaks, bi.in.Fairness)
		}
	}
}
