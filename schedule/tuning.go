package schedule

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// tuning holds the exact search's switches for experiments: each undoes or changes one
// choice that docs/scheduler-log.md records, so that the choice can be measured again.
// The zero value is what the scheduler does. The fields are unexported because they are
// not an interface: they follow the solver's internals and may go when those change.
// Tests set them directly; other packages go through Options.Tune.
type tuning struct {
	noSymmetry   bool // no time-reversal symmetry breaking
	noBreakCaps  bool // no per-participant break caps derived from the total bound
	noSupport    bool // no support clauses in the interval ("no break") encoding
	noStartPrior bool // no initial activities on the two-session encoding's start variables
	noTarget     bool // no target phases in the SAT solver
	gapMove      bool // gap-closing Kempe moves in the annealer from the start (see scheduler-log.md)
	noGapStall   bool // no gap-closing moves once the race stalls
	noGapDays    bool // on instances of several days, gap-closing moves wait for the stall too (as before 2026-12-06)
	lns          bool // large-neighbourhood search once the race stalls (lns.go; off: no gain measured)
	lnsWindow    bool // one neighbourhood in three a window of slots (lns.go)
	noCore       bool // no core-guided lower-bound search beside the ladders (core.go)
	noImprove    bool // no improvement search once stalled (improve.go)
	noAdopt      bool // once stalled, the annealer does not move to better schedules found by the others
	guideBoth    bool // both bound searches steered by the best schedule (before 2026-12-04: only the first is)
	// coreFrom is the round from which the core-guided search runs (0: the default,
	// coreFromRound; corefrom=1 starts it with the others).
	coreFrom int
	// coreWork is the core-guided search's work per round in quarters of a bound
	// search's (0: the default, 4).
	coreWork   int
	coreAlone  bool // the core-guided search instead of the ladder with the likely slower encoding
	coreNoWait bool // the core-guided search relaxes each core at once (no disjoint phase)
	compact    bool // participant compaction on each new best of the annealer (compact.go; off: measured without gain)
	// idleCap is the slack (usable slots minus meetings) up to which a participant gets the
	// redundant "at most slack idle slots" count; -1 turns the count off.
	idleCap int
	// prefer overrides the guess of which capacity encoding gets the larger share of the
	// work: 0 guesses from the instance, 1 and 2 prefer encoding 0 and 1, -1 neither.
	prefer int
	// targetSplit, when positive, leaves the SAT solver's target phases aside in every other
	// block of that many restarts (sat.targetSplit).
	targetSplit int
	// rephase, when positive, makes the SAT solver reset its saved phases every rephase × n
	// conflicts after the n-th time (sat.rephase); 0 never.
	rephase int
	// modes alternates the SAT solver's focused and stable modes (sat.modes).
	modes bool
	// tiers keeps recently used learnt clauses of middle LBD through reductions (sat.tiers).
	tiers bool
	// reasonBump bumps the reason side of each learnt clause (sat.reasonBump).
	reasonBump bool
	// noCapBound leaves out the tables' lower bound on the breaks (capacityBound).
	noCapBound bool
	// freeOther keeps, where the tables bind, the free ladder on the other encoding with a
	// quarter of the work, as before 2026-12-05 (raceExact).
	freeOther bool
	// twoPreferred gives both ladders the likely faster encoding and a full share on every
	// instance, not only where the tables bind (one steered, one free: two search paths).
	twoPreferred bool
	// vivify, when positive, shortens learnt clauses every vivify conflicts (sat.vivify).
	vivify int
	// chrono, when positive, backtracks one level only after a backjump of chrono levels
	// or more (sat.chrono); 0 never.
	chrono int
	// probe: the ladders' models get failed-literal probing before their search
	// (sat.probe), within one round's work.
	probe bool
	// reshuffle, when positive, draws the SAT solver's activities afresh every reshuffle
	// conflicts (sat.reshuffle).
	reshuffle int
	// elim, when positive, eliminates the ladders' auxiliary variables before their
	// search, with resolvents of at most elim literals (elim.go).
	elim int
	// rounds, when positive, ends the race after that many rounds: a budget of work, not of
	// time, so that variants compare at equal work whatever the machine's load.
	rounds int
	// lnsWork is the neighbourhood search's work per round in quarters of a bound
	// search's (0: the default, 4).
	lnsWork int
	// lazyCells, when positive, replaces lazyCounterSize: capacity counters with more cells
	// wait until a model overfills their slot (lazycap=1: all of them).
	lazyCells int
	trace     io.Writer // the race's incumbents and settled bounds, a line each (nil: none)
}

// Tune sets switches meant for experiments on the exact search, from a comma-separated
// list: nosym, nocap, nocapbound, nosupport, nostartprior, notarget, nogapstall, nogapdays, noadopt
// (each turns one device off), guideboth (both bound searches steered by the best schedule),
// compact, gapmove, lns, lnswin (turn on the annealer's participant compaction, its
// gap-closing moves from the start, the large-neighbourhood search once the race stalls,
// windows of slots among its neighbourhoods), nocore, noimprove (no core-guided search, no
// improvement search), corealone, corenowait, corefrom=N (the core-guided search instead
// of the ladder with the slower encoding, without its disjoint phase, from round N),
// corework=N (its work per round in quarters of a bound search's; default 4),
// idlecap=N (the slack up to which a
// participant's idle slots are counted; -1 none, default 0), prefer=0|1|none (which
// capacity encoding gets the larger share of the work; default: guessed from the
// instance), rounds=N (end the race after N rounds of work), lnswork=N (the
// neighbourhood search's work per round, in quarters of a bound search's; default 4),
// targetsplit=N (target phases left aside in every other block of N restarts), rephase=N
// (saved phases reset every N × n conflicts after the n-th time; 0 never), modes (the SAT
// solver alternates a focused and a stable mode), tiers (it keeps recently used learnt
// clauses of middle LBD), reasonbump (it bumps the reason side of learnt clauses),
// twopreferred (both ladders on the likely faster encoding with a full share on every
// instance, not only where the tables bind), elim[=N] (the ladders' auxiliary variables
// eliminated by resolution before their search, resolvents of at most N literals,
// default elimClauseLimit), reshuffle=N (the SAT solver's activities drawn afresh every N
// conflicts), vivify=N (learnt clauses shortened every N conflicts), chrono=N (the SAT
// solver backtracks one level only after a backjump of N levels or more), probe (the
// ladders' models probed for failed literals before their search), lazycap=N
// (capacity counters of more than N cells built only once a model overfills their slot;
// default lazyCounterSize) and
// trace (the race's progress on standard error). An empty list restores the defaults.
// `passerelle bench b2bsp --tune` passes its flag here; a deployment has no reason to call
// it. The switches may change with the solver.
func (o *Options) Tune(spec string) error {
	var tu tuning
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		name, val, hasVal := strings.Cut(item, "=")
		flag := map[string]*bool{"nosym": &tu.noSymmetry, "nocap": &tu.noBreakCaps, "nosupport": &tu.noSupport,
			"nostartprior": &tu.noStartPrior, "notarget": &tu.noTarget, "compact": &tu.compact, "gapmove": &tu.gapMove,
			"nogapstall": &tu.noGapStall, "nogapdays": &tu.noGapDays, "lns": &tu.lns, "nocore": &tu.noCore, "corenowait": &tu.coreNoWait, "noimprove": &tu.noImprove, "corealone": &tu.coreAlone, "lnswin": &tu.lnsWindow, "noadopt": &tu.noAdopt, "guideboth": &tu.guideBoth, "nocapbound": &tu.noCapBound, "freeother": &tu.freeOther, "modes": &tu.modes, "tiers": &tu.tiers, "reasonbump": &tu.reasonBump, "twopreferred": &tu.twoPreferred, "probe": &tu.probe}[name]
		num := map[string]struct {
			p    *int
			min  int
			what string
		}{
			"elim":        {&tu.elim, 2, "the longest resolvent, 2 or more"},
			"idlecap":     {&tu.idleCap, -1, "a number of slots, or -1 for none"},
			"lnswork":     {&tu.lnsWork, 1, "a positive number of quarters"},
			"lazycap":     {&tu.lazyCells, 1, "a positive number of counter cells"},
			"corework":    {&tu.coreWork, 1, "a positive number of quarters"},
			"corefrom":    {&tu.coreFrom, 1, "a round number (1 on)"},
			"targetsplit": {&tu.targetSplit, 0, "a number of restarts (0: off)"},
			"vivify":      {&tu.vivify, 0, "a number of conflicts (0: never)"},
			"chrono":      {&tu.chrono, 0, "a number of levels (0: never)"},
			"reshuffle":   {&tu.reshuffle, 0, "a number of conflicts (0: never)"},
			"rephase":     {&tu.rephase, 0, "a number of conflicts (0: never)"},
			"rounds":      {&tu.rounds, 1, "a positive number"},
		}[name]
		switch {
		case item == "":
		case flag != nil && !hasVal:
			*flag = true
		case name == "elim" && !hasVal:
			tu.elim = elimClauseLimit
		case num.p != nil && hasVal:
			n, err := strconv.Atoi(val)
			if err != nil || n < num.min {
				return fmt.Errorf("tuning %q: %s takes %s", item, name, num.what)
			}
			*num.p = n
		case name == "trace" && !hasVal:
			tu.trace = os.Stderr
		case name == "prefer" && hasVal:
			switch val {
			case "0", "1":
				tu.prefer = int(val[0]-'0') + 1
			case "none":
				tu.prefer = -1
			default:
				return fmt.Errorf("tuning %q: prefer takes 0, 1 or none", item)
			}
		default:
			return fmt.Errorf("tuning %q: unknown (known: nosym, nocap, nocapbound, nosupport, nostartprior, notarget, nogapstall, nogapdays, noadopt, compact, gapmove, lns, lnswin, nocore, noimprove, corealone, corenowait, corefrom=N, corework=N, idlecap=N, prefer=0|1|none, rounds=N, lnswork=N, targetsplit=N, rephase=N, modes, tiers, reasonbump, twopreferred, elim[=N], reshuffle=N, vivify=N, chrono=N, probe, lazycap=N, trace)", item)
		}
	}
	o.tune = tu
	return nil
}

// tracef writes one line of the race's progress when tracing is on.
func (tu *tuning) tracef(f string, a ...any) {
	if tu.trace != nil {
		fmt.Fprintf(tu.trace, f+"\n", a...)
	}
}
