package schedule

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// raceExact runs the annealer and, unless opt.NoExact, the bottom-up SAT bound search
// concurrently; it returns the status of inc.best when both are done.
func raceExact(pr *problem, inc *incumbent, stop *atomic.Bool, opt Options, workers int, lb int) Status {
	var halt atomic.Bool // set when the result is settled or the deadline passes
	halted := func() bool { return halt.Load() || stop.Load() }
	go func() {
		for !halt.Load() {
			if stop.Load() {
				halt.Store(true)
				return
			}
			sleepShort()
		}
	}()
	defer halt.Store(true)

	var searching atomic.Int32 // bound searches still running
	var mu sync.Mutex
	proven := lb // breaks below this are impossible
	infeasible := false
	optimal := false
	ub := -1 // breaks of the best complete, fair schedule
	fairOK := pr.in.Fairness < 0
	for p := 0; p < pr.nP; p++ {
		if len(pr.pMeet[p]) <= 1 {
			fairOK = true
		}
	}
	if b := inc.best; b.unN == 0 && b.fair() {
		ub = b.total
	}
	settle := func() {
		if ub >= 0 && ub <= proven {
			optimal = true
			halt.Store(true)
		}
	}
	offer := func(slots []int32) {
		s := newState(pr)
		s.placeAll(slots)
		if s.unN != 0 || !s.fair() {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if ub < 0 || s.total < ub {
			ub = s.total
			debugf("incumbent %d breaks after %v", ub, time.Since(inc.start))
			inc.offer(s)
			settle()
		}
	}
	// The bound searches may replace inc.best as soon as they start: take the
	// annealer's starting point first.
	inc.mu.Lock()
	start := append([]int32(nil), inc.best.slot...)
	inc.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // annealer
		defer wg.Done()
		dcap := -1
		if pr.in.Fairness >= 0 && fairOK {
			dcap = pr.in.Fairness
		}
		a := newAnnealer(pr, rand.New(rand.NewPCG(opt.Seed, 77)), dcap)
		if !a.init(start) {
			return
		}
		target := func() int {
			mu.Lock()
			defer mu.Unlock()
			return proven
		}
		// After a second without a better schedule the annealer works at a quarter duty
		// cycle (at each poll it sleeps three times as long as it ran), leaving the CPU to
		// the bound searches, which then decide the question alone; it keeps trying in
		// case it is faster.
		lastImp, lastPoll := time.Now(), time.Now()
		paced := func() bool {
			if !opt.NoExact && searching.Load() > 0 && time.Since(lastImp) > time.Second {
				for w := min(3*time.Since(lastPoll), 50*time.Millisecond); w > 0 && !halted(); w -= 5 * time.Millisecond {
					sleepShort()
				}
			}
			lastPoll = time.Now()
			return halted()
		}
		for !halted() {
			a.run(target(), int64(2_000_000), paced, func(slots []int32, breaks int) {
				mu.Lock()
				better := ub < 0 || breaks < ub
				mu.Unlock()
				if better {
					lastImp = time.Now()
					offer(slots)
				}
			})
			mu.Lock()
			done := ub >= 0 && ub <= proven
			mu.Unlock()
			if done {
				return
			}
		}
	}()
	// Without a participant sure to have no break, fairness is left out of the encoding:
	// its refutations still bound the fair problem, but its schedules may be unfair, in
	// which case offer drops them and the bound search stops.
	// Two bound searches race with different capacity encodings (see newSatModel): which
	// one refutes a bound first differs by instance family. Both climb the same ladder and
	// skip bounds the other has settled.
	var feasOnce sync.Once
	preferred := preferredVariant(pr.in)
	search := func(variant int) {
		defer wg.Done()
		defer searching.Add(-1)
		for !halted() {
			mu.Lock()
			b := proven
			mu.Unlock()
			sm := newSatModel(pr, b, &halt, variant)
			if sm == nil {
				return
			}
			// The variant that usually loses on this kind of instance runs at a quarter
			// duty cycle (it sleeps three times as long as it works), so that on a loaded
			// or two-core machine the likely winner and the annealer get the CPU; it
			// still progresses, in case the guess is wrong.
			slow := variant != preferred
			last := time.Now()
			sm.s.abort = func() bool {
				if slow && !halted() {
					if w := time.Since(last); w > 0 {
						time.Sleep(min(3*w, 50*time.Millisecond))
					}
					last = time.Now()
				}
				mu.Lock()
				defer mu.Unlock()
				return proven > b
			}
			if variant == 1 {
				sm.s.restartUnit = 300
			}
			// Solution-guided phases: start from the best schedule, and move to a better
			// one at a restart when the annealer or the other search finds it.
			guided := int64(-1)
			guideNow := func() {
				inc.mu.Lock()
				var slots []int32
				if inc.best != nil && inc.cost != guided {
					guided = inc.cost
					slots = append(slots, inc.best.slot...)
				}
				inc.mu.Unlock()
				if slots != nil {
					sm.guide(slots)
				}
			}
			guideNow()
			sm.s.onRestart = guideNow
			t0 := time.Now()
			r := sm.s.solve()
			debugf("sat[%d] bound %d: %v after %d conflicts, %d vars, %d clauses, %v", variant, b, r, sm.s.Conflicts, len(sm.s.assign), len(sm.s.clauses), time.Since(t0))
			switch r {
			case satUnknown:
				mu.Lock()
				moved := proven > b
				mu.Unlock()
				if moved {
					continue
				}
				return
			case satSat:
				offer(sm.slots())
				mu.Lock()
				if ub != b {
					mu.Unlock()
					return // the relaxation's schedule was unfair
				}
				if b > proven {
					proven = b
				}
				settle()
				mu.Unlock()
				return
			}
			mu.Lock()
			next := b + 1
			if pr.in.Fairness == 0 {
				// Everyone has the same number of breaks: totals are multiples of the
				// number of participants, and the rungs between repeat the same refutation.
				// When someone cannot have a break (one meeting), that number is 0.
				if fairOK {
					infeasible = true
					halt.Store(true)
					mu.Unlock()
					return
				}
				next = (next + pr.nP - 1) / pr.nP * pr.nP
			}
			if next > proven {
				proven = next
				inc.mu.Lock()
				inc.lb = proven
				inc.report()
				inc.mu.Unlock()
			}
			settle()
			known := ub >= 0
			mu.Unlock()
			if !known {
				feasOnce.Do(func() {
					// Is there any schedule at all?
					fm := newSatModel(pr, -1, &halt, variant)
					if fm == nil {
						return
					}
					switch fm.s.solve() {
					case satUnsat:
						mu.Lock()
						infeasible = true
						mu.Unlock()
						halt.Store(true)
					case satSat:
						offer(fm.slots())
					}
				})
			}
		}
	}
	if !opt.NoExact {
		searching.Store(2)
		wg.Add(2)
		go search(0)
		go search(1)
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	switch {
	case infeasible:
		return Infeasible
	case optimal:
		return Optimal
	case ub >= 0:
		return Feasible
	}
	return Unknown
}

// preferredVariant guesses which capacity encoding refutes bounds faster: the busy-literal
// counts (0) on one-session days (the 10-slot tic and forumt families), the meeting slot
// counts (1) when days have a morning and an afternoon (forum-13, ticf-13), measured on the
// B2BSP originals (docs/scheduler.md). PASSERELLE_SCHED_PREFER=0/1 forces one, 2 neither.
func preferredVariant(in *Instance) int {
	switch os.Getenv("PASSERELLE_SCHED_PREFER") {
	case "0":
		return 0
	case "1":
		return 1
	case "2":
		return -1
	}
	if in.MorningSlots > 0 && in.MorningSlots < in.SlotsPerDay {
		return 1
	}
	return 0
}

// hasTravel says whether any travel time is positive.
func hasTravel(in *Instance) bool {
	for _, r := range in.Travel {
		for _, v := range r {
			if v > 0 {
				return true
			}
		}
	}
	return false
}

var debugOn = os.Getenv("PASSERELLE_SCHED_DEBUG") != ""

// symBreak enables the time-reversal symmetry breaking (PASSERELLE_SCHED_NOSYM=1 turns it
// off, to compare conflict counts).
var symBreak = os.Getenv("PASSERELLE_SCHED_NOSYM") == ""

// perCap adds the per-participant break caps (PASSERELLE_SCHED_NOCAP=1 turns them off).
var perCap = os.Getenv("PASSERELLE_SCHED_NOCAP") == ""

// supportClauses adds the interval encoding's support clauses (PASSERELLE_SCHED_NOSUPPORT=1
// turns them off).
var supportClauses = os.Getenv("PASSERELLE_SCHED_NOSUPPORT") == ""

// startPrior gives variant 1's start variables initial activities
// (PASSERELLE_SCHED_NOSTARTPRIOR=1 turns it off).
var startPrior = os.Getenv("PASSERELLE_SCHED_NOSTARTPRIOR") == ""

// targetPhases steers decisions to the largest conflict-free assignment seen
// (PASSERELLE_SCHED_NOTARGET=1 turns it off).
var targetPhases = os.Getenv("PASSERELLE_SCHED_NOTARGET") == ""

// idleCap bounds the slack (usable slots minus meetings) up to which a participant gets
// the redundant "at most slack idle slots" count (PASSERELLE_SCHED_IDLECAP, -1 off).
var idleCap = envInt("PASSERELLE_SCHED_IDLECAP", 0)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func debugf(f string, a ...any) {
	if debugOn {
		fmt.Fprintf(os.Stderr, f+"\n", a...)
	}
}

func sleepShort() { time.Sleep(5 * time.Millisecond) }
