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
		v := max(preferredVariant(bi.in, 0), 0)
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
