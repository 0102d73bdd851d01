package schedule

import (
	"math"
	"math/rand/v2"
)

// annealer is the small-instance search: every meeting always has a slot in its domain,
// and clashes (a person twice in a slot, too few tables, a precedence, fairness) are
// penalised rather than forbidden, which lets the search cross infeasible ground on the
// tightly packed B2BSP instances.
type annealer struct {
	pr        *problem
	slot      []int32
	cnt       []int32 // nP*T meetings per person and slot
	load      []int32
	brk       []int32
	doms      [][]int32
	hard      int // clashes + overflow + precedence violations + fairness excess
	soft      int // breaks
	dcap      int // per-person break cap from fairness (-1 none)
	rng       *rand.Rand
	compactOn bool // polish each new best schedule with compact (an experiment, off)
	gapOn     bool // one move in four a gap-closing Kempe move (an experiment, off)
	// compactTried, compactKept count compact's calls and improvements (for measurements).
	compactTried, compactKept int
	pairs                     [][2]int32 // precedence pairs (before, after)
	mark                      []bool
	chainBuf                  []int32
	origBuf                   []int32
	// run's search state, kept between calls
	moves      int64
	sinceBest  int64
	bestSoft   int
	temp       float64
	conflicted []int32
}

const hardW = 6

func newAnnealer(pr *problem, rng *rand.Rand, fairCap int) *annealer {
	a := &annealer{pr: pr, slot: make([]int32, pr.nM), cnt: make([]int32, pr.nP*pr.T), load: make([]int32, pr.T),
		brk: make([]int32, pr.nP), doms: make([][]int32, pr.nM), rng: rng, dcap: fairCap, mark: make([]bool, pr.nM)}
	for m := 0; m < pr.nM; m++ {
		for t := 0; t < pr.T; t++ {
			if pr.dom[m*pr.T+t] {
				a.doms[m] = append(a.doms[m], int32(t))
			}
		}
		for _, b := range pr.pred[m] {
			a.pairs = append(a.pairs, [2]int32{b, int32(m)})
		}
	}
	return a
}

// init starts from a given assignment (slot -1 gets a random domain slot).
func (a *annealer) init(from []int32) bool {
	pr := a.pr
	for i := range a.cnt {
		a.cnt[i] = 0
	}
	for i := range a.load {
		a.load[i] = 0
	}
	for m := 0; m < pr.nM; m++ {
		if len(a.doms[m]) == 0 {
			return false
		}
		t := int32(-1)
		if from != nil {
			t = from[m]
		}
		if t < 0 || !pr.dom[m*pr.T+int(t)] {
			t = a.doms[m][a.rng.IntN(len(a.doms[m]))]
		}
		a.slot[m] = t
		a.load[t]++
		for _, p := range pr.mPart[m] {
			a.cnt[int(p)*pr.T+int(t)]++
		}
	}
	a.recompute()
	return true
}

func (a *annealer) recompute() {
	pr := a.pr
	a.hard, a.soft = 0, 0
	for p := 0; p < pr.nP; p++ {
		b := 0
		for d0 := 0; d0 < pr.T; d0 += pr.spd {
			b += a.dayBreaks(p, d0)
		}
		a.brk[p] = int32(b)
		a.soft += b
		a.hard += a.fairEx(b)
		for t := 0; t < pr.T; t++ {
			if c := a.cnt[p*pr.T+t]; c > 1 {
				a.hard += int(c - 1)
			}
		}
	}
	for t := 0; t < pr.T; t++ {
		if a.load[t] > pr.cap {
			a.hard += int(a.load[t] - pr.cap)
		}
	}
	for _, pq := range a.pairs {
		if a.slot[pq[0]] >= a.slot[pq[1]] {
			a.hard++
		}
	}
}

func (a *annealer) fairEx(b int) int {
	if a.dcap < 0 || b <= a.dcap {
		return 0
	}
	return b - a.dcap
}

func (a *annealer) dayBreaks(p, d0 int) int {
	row := a.cnt[p*a.pr.T+d0 : p*a.pr.T+d0+a.pr.spd]
	b, seen, gap := 0, false, false
	for _, c := range row {
		if c > 0 {
			if seen && gap {
				b++
			}
			seen, gap = true, false
		} else if seen {
			gap = true
		}
	}
	return b
}

// move puts m at t and returns the change in (hard, soft).
func (a *annealer) move(m int, t int32) (int, int) {
	pr := a.pr
	t0 := a.slot[m]
	if t0 == t {
		return 0, 0
	}
	dh, ds := 0, 0
	if a.load[t0] > pr.cap {
		dh--
	}
	a.load[t0]--
	a.load[t]++
	if a.load[t] > pr.cap {
		dh++
	}
	for _, p := range pr.mPart[m] {
		pi := int(p)
		i0, i1 := pi*pr.T+int(t0), pi*pr.T+int(t)
		if a.cnt[i0] > 1 {
			dh--
		}
		if a.cnt[i1] > 0 {
			dh++
		}
		d0, d1 := int(t0)/pr.spd*pr.spd, int(t)/pr.spd*pr.spd
		ob := a.dayBreaks(pi, d0)
		if d1 != d0 {
			ob += a.dayBreaks(pi, d1)
		}
		a.cnt[i0]--
		a.cnt[i1]++
		nb := a.dayBreaks(pi, d0)
		if d1 != d0 {
			nb += a.dayBreaks(pi, d1)
		}
		if nb != ob {
			old := int(a.brk[pi])
			nw := old + nb - ob
			a.brk[pi] = int32(nw)
			ds += nb - ob
			dh += a.fairEx(nw) - a.fairEx(old)
		}
	}
	for _, b := range a.pr.pred[m] {
		before := a.slot[b] >= t0
		after := a.slot[b] >= t
		if before != after {
			if after {
				dh++
			} else {
				dh--
			}
		}
	}
	for _, c := range a.pr.succ[m] {
		before := t0 >= a.slot[c]
		after := t >= a.slot[c]
		if before != after {
			if after {
				dh++
			} else {
				dh--
			}
		}
	}
	a.slot[m] = t
	a.hard += dh
	a.soft += ds
	return dh, ds
}

// run anneals until the target number of breaks is met with no clash, stop says so, or
// maxMoves moves. It calls found with each new best clash-free assignment.
// A later call goes on where the last one stopped (temperature, best, move count).
func (a *annealer) run(target int, maxMoves int64, stop func() bool, found func(slots []int32, breaks int)) {
	pr := a.pr
	if a.conflicted == nil {
		a.bestSoft, a.temp, a.conflicted = math.MaxInt, 1.0, make([]int32, 0, pr.nM)
	}
	bestSoft, temp, sinceBest, conflicted := a.bestSoft, a.temp, a.sinceBest, a.conflicted
	defer func() { a.bestSoft, a.temp, a.sinceBest, a.conflicted = bestSoft, temp, sinceBest, conflicted }()
	for end := a.moves + maxMoves; a.moves < end; {
		moves := a.moves
		if moves&4095 == 0 {
			if stop() {
				return
			}
			// cool geometrically, reheat when stuck
			temp *= 0.97
			if temp < 0.05 {
				temp = 0.05
			}
			if temp <= 0.05 && sinceBest > int64(400*pr.nM+100000) {
				temp = 1.0
				sinceBest = 0
			}
			conflicted = conflicted[:0]
			if a.hard > 0 {
				for m := 0; m < pr.nM; m++ {
					if a.clashes(m) {
						conflicted = append(conflicted, int32(m))
					}
				}
			}
		}
		a.moves++
		sinceBest++
		var m int
		if len(conflicted) > 0 && a.rng.IntN(2) == 0 {
			m = int(conflicted[a.rng.IntN(len(conflicted))])
		} else {
			m = a.rng.IntN(pr.nM)
		}
		took := false
		if a.gapOn && a.hard == 0 && a.rng.IntN(4) == 0 {
			if gm, gt := a.gapMove(); gm >= 0 {
				if !a.kempe(gm, gt, temp) {
					continue
				}
				took = true
			}
		}
		if !took {
			d := a.doms[m]
			if len(d) < 2 {
				continue
			}
			t0 := a.slot[m]
			t := d[a.rng.IntN(len(d))]
			if t == t0 {
				continue
			}
			if a.hard == 0 && a.rng.IntN(2) == 0 {
				if a.kempe(m, t, temp) {
					goto accepted
				}
				continue
			}
			if a.rng.IntN(3) == 0 {
				// swap with a meeting of one of m's people sitting at t
				p := int(pr.mPart[m][a.rng.IntN(len(pr.mPart[m]))])
				other := -1
				for _, o := range pr.pMeet[p] {
					if a.slot[o] == t && int(o) != m {
						other = int(o)
						break
					}
				}
				if other >= 0 && pr.dom[other*pr.T+int(t0)] {
					dh1, ds1 := a.move(m, t)
					dh2, ds2 := a.move(other, t0)
					delta := float64(hardW*(dh1+dh2) + ds1 + ds2)
					if delta > 0 && a.rng.Float64() >= math.Exp(-delta/temp) {
						a.move(other, t)
						a.move(m, t0)
						continue
					}
					goto accepted
				}
			}
			{
				dh, ds := a.move(m, t)
				delta := float64(hardW*dh + ds)
				if delta > 0 && a.rng.Float64() >= math.Exp(-delta/temp) {
					a.move(m, t0)
					continue
				}
			}
		}
	accepted:
		if a.hard == 0 && a.soft < bestSoft {
			if a.compactOn {
				a.polish()
			}
			bestSoft = a.soft
			sinceBest = 0
			found(a.slot, a.soft)
			if a.soft <= target {
				return
			}
		}
	}
}

// gapMove picks a participant with a break, from a random one, and proposes moving the
// meeting at one end of its day (the side nearer the gap, else at random) into the slot
// of the gap next to its other meetings. It returns -1 when nobody has a break.
func (a *annealer) gapMove() (int, int32) {
	pr := a.pr
	T, spd := pr.T, pr.spd
	for i, o := 0, a.rng.IntN(pr.nP); i < pr.nP; i++ {
		p := (o + i) % pr.nP
		if a.brk[p] == 0 {
			continue
		}
		row := a.cnt[p*T : p*T+T]
		for d0 := 0; d0 < T; d0 += spd {
			first, last := -1, -1
			for t := d0; t < d0+spd; t++ {
				if row[t] > 0 {
					if first < 0 {
						first = t
					}
					last = t
				}
			}
			if first < 0 {
				continue
			}
			// the first gap after first, and the last before last
			g1, g2 := -1, -1
			for t := first; t <= last; t++ {
				if row[t] == 0 {
					g1 = t
					break
				}
			}
			for t := last; t >= first; t-- {
				if row[t] == 0 {
					g2 = t
					break
				}
			}
			if g1 < 0 {
				continue
			}
			end, into := first, int32(g2) // the first meeting into the last gap's slot
			if a.rng.IntN(2) == 0 {
				end, into = last, int32(g1)
			}
			for _, m := range pr.pMeet[p] {
				if int(a.slot[m]) == end && pr.dom[int(m)*T+int(into)] {
					return int(m), into
				}
			}
		}
	}
	return -1, 0
}

// polish applies compact to every participant with breaks, in turn from a random one,
// until a whole round changes nothing: a descent in the large neighbourhood, run on each
// new best schedule.
func (a *annealer) polish() {
	pr := a.pr
	for changed := true; changed; {
		changed = false
		for i, o := 0, a.rng.IntN(pr.nP); i < pr.nP; i++ {
			if p := (o + i) % pr.nP; a.brk[p] > 0 {
				a.compactTried++
				if a.compact(p) {
					a.compactKept++
					changed = true
				}
			}
		}
	}
}

// adopt moves the annealer to a schedule found by another search (better than any of its
// own): it goes on from there at its current temperature, reporting only what beats it.
func (a *annealer) adopt(from []int32) {
	if !a.init(from) {
		return
	}
	if a.conflicted == nil {
		// Not run yet: what run would set up, so that it keeps the best set here.
		a.temp, a.conflicted = 1.0, make([]int32, 0, a.pr.nM)
	}
	a.bestSoft, a.sinceBest = a.soft, 0
}

// reheat makes the next run start hot again, with no best schedule seen.
func (a *annealer) reheat() {
	a.bestSoft, a.temp, a.sinceBest = math.MaxInt, 1.0, 0
}

func (a *annealer) clashes(m int) bool {
	pr := a.pr
	t := int(a.slot[m])
	if a.load[t] > pr.cap {
		return true
	}
	for _, p := range pr.mPart[m] {
		if a.cnt[int(p)*pr.T+t] > 1 || a.fairEx(int(a.brk[p])) > 0 {
			return true
		}
	}
	for _, b := range pr.pred[m] {
		if a.slot[b] >= int32(t) {
			return true
		}
	}
	for _, c := range pr.succ[m] {
		if int32(t) >= a.slot[c] {
			return true
		}
	}
	return false
}

// kempe swaps slots t0 = slot[m] and t along the chain of meetings that share people
// with m in those two slots, so that nobody ends up in two meetings at once. It applies
// the move if the annealing rule accepts it.
func (a *annealer) kempe(m int, t int32, temp float64) bool {
	pr := a.pr
	t0 := a.slot[m]
	chain := a.chainBuf[:0]
	chain = append(chain, int32(m))
	a.mark[m] = true
	ok := true
	for i := 0; i < len(chain) && ok; i++ {
		c := int(chain[i])
		other := t
		if a.slot[c] == t {
			other = t0
		}
		if !pr.dom[c*pr.T+int(other)] || len(chain) > 60 {
			ok = false
			break
		}
		for _, p := range pr.mPart[c] {
			for _, o := range pr.pMeet[p] {
				if a.slot[o] == other && !a.mark[o] {
					a.mark[o] = true
					chain = append(chain, o)
				}
			}
		}
	}
	for _, c := range chain {
		a.mark[c] = false
	}
	a.chainBuf = chain
	if !ok {
		return false
	}
	// Moving every chain meeting: first lift them, then drop them in the other slot.
	dh, ds := 0, 0
	orig := a.origBuf[:0]
	for _, c := range chain {
		orig = append(orig, a.slot[c])
	}
	a.origBuf = orig
	for i, c := range chain {
		nt := t
		if orig[i] == t {
			nt = t0
		}
		h, s := a.move(int(c), nt)
		dh += h
		ds += s
	}
	delta := float64(hardW*dh + ds)
	if delta > 0 && a.rng.Float64() >= math.Exp(-delta/temp) {
		for i := len(chain) - 1; i >= 0; i-- {
			a.move(int(chain[i]), orig[i])
		}
		return false
	}
	return true
}
