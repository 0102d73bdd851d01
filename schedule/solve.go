package schedule

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Status says how good a result is known to be.
type Status string

const (
	Optimal    Status = "optimal"    // proven best for the objective
	Feasible   Status = "feasible"   // valid, not proven best
	Infeasible Status = "infeasible" // proven: no schedule satisfies the hard constraints
	Unknown    Status = "unknown"    // no valid schedule found, none ruled out
)

// Options tune a solve. The zero value is usable: no time limit beyond the context,
// seed 0, both cores.
type Options struct {
	TimeLimit time.Duration
	Seed      uint64
	Workers   int // parallel searches; 0 means 2
	// Progress, if set, is called (from one goroutine at a time) when the best schedule
	// improves or the lower bound rises.
	Progress func(Progress)
	// NoExact skips the proof search even on small instances.
	NoExact bool
	tune    tuning // switches for experiments, see Tune
}

// Progress is a snapshot for a progress bar.
type Progress struct {
	Elapsed    time.Duration
	Requested  int
	Placed     int
	Breaks     int
	LowerBound int // proven lower bound on breaks when every meeting is placed
}

// Unplaced names a meeting left out and why. Reason is the English sentence; Format
// and Args are the same sentence as a format and its arguments, so that an application
// can look the format up in its own catalogue and show the reason in its reader's
// language (Reason == fmt.Sprintf(Format, Args...)).
type Unplaced struct {
	Meeting int // index into Instance.Meetings
	Reason  string
	Format  string
	Args    []any
}

// why returns the reason meeting m is left out.
func why(m int, format string, args ...any) Unplaced {
	return Unplaced{Meeting: m, Reason: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Result is a solve's outcome.
type Result struct {
	Status     Status
	Solution   Solution
	Requested  int
	Placed     int
	Weight     int // placed priority weight
	Breaks     int
	MinBreaks  int
	MaxBreaks  int
	LowerBound int
	Unplaced   []Unplaced
	Elapsed    time.Duration
}

// exactLimit bounds the size (meetings × slots) for which the proof search runs.
const exactLimit = 40000

type incumbent struct {
	mu       sync.Mutex
	start    time.Time
	best     *state
	cost     int64
	lb       int
	progress func(Progress)
}

func (inc *incumbent) offer(s *state) {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	c := s.cost()
	if inc.best != nil && c >= inc.cost {
		return
	}
	inc.best, inc.cost = s.clone(), c
	inc.report()
}

func (inc *incumbent) report() {
	if inc.progress == nil || inc.best == nil {
		return
	}
	inc.progress(Progress{Elapsed: time.Since(inc.start), Requested: inc.best.pr.nM,
		Placed: inc.best.pr.nM - inc.best.unN, Breaks: inc.best.total, LowerBound: inc.lb})
}

// Solve schedules in. It returns the best schedule found by the deadline (the context's
// or TimeLimit, whichever comes first) and whether it is proven optimal.
func Solve(ctx context.Context, in *Instance, opt Options) (*Result, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	if opt.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.TimeLimit)
		defer cancel()
	}
	// The searches poll stop rather than the context (an atomic load is cheaper). The
	// watcher is released on return: a context that is never cancelled would otherwise
	// hold a goroutine per call.
	var stop atomic.Bool
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	defer stop.Store(true)
	pr := compile(in)
	workers := opt.Workers
	if workers <= 0 {
		workers = 2
	}
	lb := pr.lowerBound()
	inc := &incumbent{start: start, lb: lb, progress: opt.Progress}
	// Travel times and venue-bound meetings are known only to the local search's state,
	// not to the annealer or the SAT model.
	venues := pr.tr != nil
	reachedLB := func(s *state) bool {
		return s.unN == 0 && s.total <= lb && s.fair()
	}

	// Phase 1: independent constructive + local searches, one per core, different seeds.
	iters := 2000 * pr.nM
	if iters < 50000 {
		iters = 50000
	}
	// Someone with more meetings than distinct slots they can attend makes a complete
	// schedule impossible. The SAT search would have to refute a pigeonhole, which takes
	// it exponentially long: a matching per participant proves it at once, and the local
	// search then places what it can.
	overbooked := len(pr.overbooked()) > 0
	// Likewise when the slots the meetings may use have too few tables for them all.
	if !overbooked && pr.nM*pr.T <= exactLimit {
		pr.fit = pr.tableFit()
		overbooked = pr.fit < pr.nM
	}
	switch small := pr.nM*pr.T <= exactLimit; {
	case small && venues:
		// Only this search knows venues, and no proof search follows: give it longer
		// (five times as many moves per meeting cut the breaks of a two-hall event by
		// most of them).
		iters = min(10000*pr.nM, 5_000_000)
	case small && !overbooked:
		iters = 0 // small instances go straight to the annealer and the bound search
	}
	results := make([]*state, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(opt.Seed, uint64(w)*0x9e3779b97f4a7c15+1))
			s := newState(pr)
			s.construct(meetingOrder(pr, rng), rng)
			if pr.nM > 20000 {
				s.descend(rng, stop.Load)
				results[w] = s
				return
			}
			if reachedLB(s) || iters == 0 {
				results[w] = s
				return
			}
			results[w] = s.improve(iters, rng, func() bool { return stop.Load() }, nil)
		}(w)
	}
	wg.Wait()
	for _, s := range results { // in worker order, so the choice is deterministic
		inc.offer(s)
	}
	best := inc.best
	status := Feasible
	if best.unN > 0 || !best.fair() {
		status = Unknown
	}
	if reachedLB(best) {
		status = Optimal
	}
	if overbooked {
		status = Infeasible
	}

	// Phase 2 (small and medium instances): an annealer looks for schedules with fewer
	// breaks while a SAT search raises the lower bound from below; they stop when the two
	// meet. The SAT side also proves infeasibility.
	if status != Optimal && status != Infeasible && pr.nM*pr.T <= exactLimit && !venues && !stop.Load() {
		// The tables bound the breaks from below where the ladders would have to count
		// (capbound.go); the race then starts from that bound.
		tablesBind := false
		if !opt.tune.noCapBound {
			ub := -1
			if best.unN == 0 && best.fair() {
				ub = best.total
			}
			if cb := pr.capacityBound(lb, ub); cb > lb {
				opt.tune.tracef("capacity bound %d (participants' %d) after %v", cb, lb, time.Since(start))
				lb, tablesBind = cb, true
				inc.mu.Lock()
				inc.lb = lb
				inc.report()
				inc.mu.Unlock()
			}
		}
		status = raceExact(pr, inc, &stop, opt, lb, tablesBind)
	}
	best = inc.best
	if status == Optimal {
		lb = best.total
	} else if inc.lb > lb {
		lb = inc.lb
	}
	res := &Result{Status: status, Solution: best.solution(), Requested: pr.nM, Placed: pr.nM - best.unN,
		Breaks: best.total, LowerBound: lb}
	if status == Infeasible {
		res.LowerBound = 0
	}
	if in.RequireAll && best.unN > 0 && status != Infeasible {
		status = Unknown
		res.Status = Unknown
	}
	if !in.RequireAll && status == Unknown && best.fair() {
		res.Status = Feasible
	}
	res.MinBreaks, res.MaxBreaks = -1, 0
	for b, n := range best.hist {
		if n > 0 {
			if res.MinBreaks < 0 {
				res.MinBreaks = b
			}
			res.MaxBreaks = b
		}
	}
	for m, t := range best.slot {
		if t >= 0 {
			res.Weight += int(pr.wt[m])
		} else {
			res.Unplaced = append(res.Unplaced, best.whyUnplaced(m))
		}
	}
	res.Solution.Table = assignTables(in, res.Solution, best.ven, nil)
	dropUnreachable(in, res)
	res.Elapsed = time.Since(start)
	inc.report()
	return res, nil
}

// whyUnplaced explains, in words for an organiser, why meeting m has no slot.
func (s *state) whyUnplaced(m int) Unplaced {
	pr := s.pr
	allowed, busy, full, far, prec := 0, 0, 0, 0, 0
	for t := 0; t < pr.T; t++ {
		if !pr.dom[m*pr.T+t] {
			continue
		}
		allowed++
		isBusy := false
		for _, p := range pr.mPart[m] {
			if s.occ[int(p)*pr.T+t] >= 0 {
				isBusy = true
			}
		}
		switch {
		case isBusy:
			busy++
		case s.load[t] >= pr.cap:
			full++
		case pr.tr != nil && s.venueFor(m, t, -1) < 0:
			far++ // no allowed venue with a free table reachable in time
		default:
			prec++
		}
	}
	if allowed == 0 {
		return why(m, "no slot fits the participants' availability, the session and any fixed slot or precedence")
	}
	for _, p := range pr.mPart[m] {
		if pr.overbookedP(int(p)) {
			return why(m, "participant %s has %d requested meetings, more than the distinct slots their availability allows", pr.in.Participants[p].ID, len(pr.pMeet[p]))
		}
	}
	if pr.fit >= 0 && pr.fit < pr.nM {
		return why(m, "the tables can hold at most %d of the %d requested meetings in the slots they may use", pr.fit, pr.nM)
	}
	if pr.tr != nil {
		return why(m, "of %d allowed slots, %d have a participant already in another meeting, %d have every table taken, %d have no free table at an allowed venue that its participants reach in time, %d conflict with a precedence or fairness", allowed, busy, full, far, prec)
	}
	return why(m, "of %d allowed slots, %d have a participant already in another meeting, %d have every table taken, %d conflict with a precedence or fairness", allowed, busy, full, prec)
}

// dropUnreachable unplaces meetings for which table assignment found no table its people
// can reach in time from their previous venue, so that the schedule stays valid.
func dropUnreachable(in *Instance, res *Result) {
	for m, s := range res.Solution.Slot {
		if s != 0 && res.Solution.Table[m] == 0 {
			if res.Status == Optimal {
				res.Status = Feasible // optimal for the slots, not once travel drops meetings
			}
			res.Solution.Slot[m] = 0
			res.Unplaced = append(res.Unplaced, why(m, "no table its participants can reach in time from their previous venue"))
		}
	}
	for changed := true; changed; {
		changed = false
		for m, mt := range in.Meetings {
			for _, a := range mt.After {
				if res.Solution.Slot[m] != 0 && res.Solution.Slot[a] == 0 {
					res.Solution.Slot[m], res.Solution.Table[m] = 0, 0
					res.Unplaced = append(res.Unplaced, why(m, "a meeting it must follow could not be placed"))
					changed = true
				}
			}
		}
	}
	r := Check(in, res.Solution)
	res.Placed, res.Weight, res.Breaks, res.MinBreaks, res.MaxBreaks = r.Placed, r.PlacedWeight, r.Breaks, r.MinBreaks, r.MaxBreaks
	if !r.Valid() && res.Status == Optimal {
		res.Status = Feasible
	}
}
