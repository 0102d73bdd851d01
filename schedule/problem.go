package schedule

import "slices"

// problem is the solver's compact view of an Instance: 0-based slots, int32 arrays, no
// maps, so that 65,000 meetings fit in a few megabytes.
type problem struct {
	in    *Instance
	T     int // slots
	spd   int // slots per day
	nP    int
	nM    int
	mPart [][]int32 // participants of each meeting
	pMeet [][]int32 // meetings of each participant
	dom   []bool    // dom[m*T+t]: session, fixed slot and every participant's availability allow t
	wt    []int32   // weight
	fixed []int32   // 0-based fixed slot or -1
	pred  [][]int32 // meetings that must come before
	succ  [][]int32 // meetings that must come after
	cap   int32     // tables per slot
	// With travel times or meetings bound to venues (tr non-nil) the state also gives each
	// meeting a venue: nV venues, vcap tables at each, tr[a][b] idle slots needed between
	// meetings at a then b (all 0 without travel).
	nV   int
	vcap []int32
	tr   [][]int32
	fit  int    // tableFit when Solve computed it, else -1
	over []int8 // per participant: 0 not yet known, 1 overbooked, 2 not (see overbookedP)
}

func compile(in *Instance) *problem {
	pr := &problem{in: in, T: in.Slots(), spd: in.SlotsPerDay, nP: len(in.Participants), nM: len(in.Meetings),
		cap: int32(len(in.Tables)), fit: -1}
	T := pr.T
	if needsVenues(in) {
		pr.nV = len(in.Venues)
		pr.vcap = make([]int32, pr.nV)
		for _, t := range in.Tables {
			pr.vcap[t.Venue]++
		}
		pr.tr = make([][]int32, pr.nV)
		for a := range pr.tr {
			pr.tr[a] = make([]int32, pr.nV)
			if a < len(in.Travel) {
				for b, x := range in.Travel[a] {
					pr.tr[a][b] = int32(max(x, 0))
				}
			}
		}
	}
	forb := make([]bool, pr.nP*T)
	for p, pp := range in.Participants {
		for _, s := range pp.Forbidden {
			if s >= 1 && s <= T {
				forb[p*T+s-1] = true
			}
		}
	}
	pr.mPart = make([][]int32, pr.nM)
	pr.pMeet = make([][]int32, pr.nP)
	pr.dom = make([]bool, pr.nM*T)
	pr.wt = make([]int32, pr.nM)
	pr.fixed = make([]int32, pr.nM)
	pr.pred = make([][]int32, pr.nM)
	pr.succ = make([][]int32, pr.nM)
	for m, mt := range in.Meetings {
		pr.wt[m] = int32(mt.Weight())
		pr.fixed[m] = int32(mt.Fixed - 1)
		for _, p := range mt.Participants {
			pr.mPart[m] = append(pr.mPart[m], int32(p))
			pr.pMeet[p] = append(pr.pMeet[p], int32(m))
		}
		for t := 0; t < T; t++ {
			ok := in.sessionOK(mt.Session, t) && (mt.Fixed == 0 || mt.Fixed-1 == t)
			for _, p := range mt.Participants {
				if forb[p*T+t] {
					ok = false
				}
			}
			pr.dom[m*T+t] = ok
		}
		for _, a := range mt.After {
			pr.pred[m] = append(pr.pred[m], int32(a))
			pr.succ[a] = append(pr.succ[a], int32(m))
		}
	}
	// Precedences tighten domains: a meeting after k chained others cannot start before
	// slot k, and symmetrically at the end. A few rounds of bounds propagation suffice.
	lo := make([]int, pr.nM)
	hi := make([]int, pr.nM)
	for m := range lo {
		lo[m], hi[m] = T, -1
		for t := 0; t < T; t++ {
			if pr.dom[m*T+t] {
				if t < lo[m] {
					lo[m] = t
				}
				hi[m] = t
			}
		}
	}
	for changed, round := true, 0; changed && round < pr.nM+1; round++ {
		changed = false
		for m := 0; m < pr.nM; m++ {
			for _, a := range pr.pred[m] {
				if lo[a]+1 > lo[m] {
					lo[m] = lo[a] + 1
					changed = true
				}
				if hi[m]-1 < hi[a] {
					hi[a] = hi[m] - 1
					changed = true
				}
			}
		}
	}
	for m := 0; m < pr.nM; m++ {
		for t := 0; t < T; t++ {
			if t < lo[m] || t > hi[m] {
				pr.dom[m*T+t] = false
			}
		}
	}
	return pr
}

// needsVenues says whether the solver must choose venues itself: travel times between
// venues, or meetings that may only take place at some venues.
func needsVenues(in *Instance) bool {
	if hasTravel(in) {
		return true
	}
	for _, m := range in.Meetings {
		if len(m.Venues) > 0 {
			return true
		}
	}
	return false
}

// venueAllowed says whether meeting m may take place at venue v.
func (pr *problem) venueAllowed(m, v int) bool {
	vs := pr.in.Meetings[m].Venues
	return len(vs) == 0 || slices.Contains(vs, v)
}

// breakLB is a lower bound on participant p's breaks if all its meetings are placed: the
// fewest runs its meetings can form given the slots they may use (forbidden slots, fixed
// slots and sessions), minus one per day used. Computed by a small dynamic programme over
// slots with state (meetings placed, morning-only and afternoon-only needs met).
func (pr *problem) breakLB(p int) int {
	in := pr.lbInput(p)
	k, avail, T := in.k, in.avail, pr.T
	if in.nMorn == 0 && in.nAft == 0 && !slices.Contains(in.fixed, true) {
		// Without fixed slots or sessions, no break is needed when the longest runs of
		// usable slots, one per day, hold all k meetings (any shorter run inside one
		// will do). Most participants of a large event pass this test, which spares
		// them the programme.
		room := 0
		for d := 0; d < T; d += pr.spd {
			run, longest := 0, 0
			for t := d; t < d+pr.spd; t++ {
				if avail[t] {
					run++
					longest = max(longest, run)
				} else {
					run = 0
				}
			}
			room += longest
		}
		if room >= k {
			return 0
		}
	}
	return pr.breakLBDP(in)
}

// lbInput is what breakLB needs of a participant: its number of meetings, the slots they
// may use, the slots fixed for them, and how many are morning-only or afternoon-only.
type lbInput struct {
	k, nMorn, nAft int
	avail, fixed   []bool
}

func (pr *problem) lbInput(p int) lbInput {
	T := pr.T
	in := lbInput{k: len(pr.pMeet[p]), avail: make([]bool, T), fixed: make([]bool, T)}
	for _, m := range pr.pMeet[p] {
		for t := 0; t < T; t++ {
			if pr.dom[int(m)*T+t] {
				in.avail[t] = true
			}
		}
		if f := pr.fixed[m]; f >= 0 {
			in.fixed[f] = true
		}
		switch pr.in.Meetings[m].Session {
		case Morning:
			in.nMorn++
		case Afternoon:
			in.nAft++
		}
	}
	return in
}

// breakLBDP is breakLB's dynamic programme (slotDP with every slot free of charge).
func (pr *problem) breakLBDP(in lbInput) int {
	if in.k < 2 {
		return 0
	}
	v := pr.slotDP(in, nil, 1, nil, nil)
	if v < 0 {
		return 0 // infeasible on its own; other parts of the solver report it
	}
	return int(v)
}

// slotDP is the cheapest way for one participant to be busy in in.k slots that their
// meetings may use (fixed slots busy, enough morning and afternoon slots for the
// session-bound meetings), a break costing unit and a busy slot t costing price[t] (nil:
// nothing); -1 when there is none. When busy is non-nil it receives the chosen slots. sc,
// when non-nil, keeps the programme's tables between calls.
//
// The state after each slot: meetings placed (c), morning and afternoon slots used, each
// counted only up to what the morning-only and afternoon-only meetings need (am, aa),
// whether the slot was busy (last) and whether the day has had a meeting yet (used).
// Counting the sessions exactly would make it quadratic in c, which the popular
// participants of a large event feel.
func (pr *problem) slotDP(in lbInput, price []int64, unit int64, busy []bool, sc *dpScratch) int64 {
	k, avail, fixed, nMorn, nAft, T := in.k, in.avail, in.fixed, in.nMorn, in.nAft, pr.T
	const inf = int64(1) << 60
	// Breaks are counted when a run starts after an earlier run on the same day.
	idx := func(c, am, aa, last, used int) int {
		return (((c*(nMorn+1)+am)*(nAft+1)+aa)*2+last)*2 + used
	}
	n := (k + 1) * (nMorn + 1) * (nAft + 1) * 4
	if sc == nil {
		sc = &dpScratch{}
	}
	cur, nxt := grow(&sc.cur, n), grow(&sc.nxt, n)
	var from []int32 // from[t*n+i]: the state before slot t of the best way to i, busy or not in the sign
	if busy != nil {
		from = grow(&sc.from, T*n)
	}
	for i := range cur {
		cur[i] = inf
	}
	cur[idx(0, 0, 0, 0, 0)] = 0
	for t := 0; t < T; t++ {
		for i := range nxt {
			nxt[i] = inf
		}
		newDay := t%pr.spd == 0
		morning := t%pr.spd < pr.in.MorningSlots
		var pt int64
		if price != nil {
			pt = price[t]
		}
		for c := 0; c <= k; c++ {
			for am := 0; am <= nMorn; am++ {
				for aa := 0; aa <= nAft; aa++ {
					for last := 0; last < 2; last++ {
						for used := 0; used < 2; used++ {
							i0 := idx(c, am, aa, last, used)
							v := cur[i0]
							if v >= inf {
								continue
							}
							l, u := last, used
							if newDay {
								l, u = 0, 0
							}
							if !fixed[t] { // idle
								if i := idx(c, am, aa, 0, u); v < nxt[i] {
									nxt[i] = v
									if from != nil {
										from[t*n+i] = int32(i0)
									}
								}
							}
							if avail[t] && c < k { // busy
								nm, na := am, aa
								if morning {
									nm = min(am+1, nMorn)
								} else {
									na = min(aa+1, nAft)
								}
								b := v + pt
								if l == 0 && u == 1 {
									b += unit
								}
								if i := idx(c+1, nm, na, 1, 1); b < nxt[i] {
									nxt[i] = b
									if from != nil {
										from[t*n+i] = -int32(i0) - 1
									}
								}
							}
						}
					}
				}
			}
		}
		cur, nxt = nxt, cur
	}
	sc.cur, sc.nxt = cur, nxt
	best, at := inf, -1
	for last := 0; last < 2; last++ {
		for used := 0; used < 2; used++ { // the last day may be free
			if i := idx(k, nMorn, nAft, last, used); cur[i] < best {
				best, at = cur[i], i
			}
		}
	}
	if best >= inf {
		return -1
	}
	if busy != nil {
		for t := T - 1; t >= 0; t-- {
			f := from[t*n+at]
			busy[t] = f < 0
			if f < 0 {
				f = -f - 1
			}
			at = int(f)
		}
	}
	return best
}

// dpScratch holds slotDP's tables for reuse.
type dpScratch struct {
	cur, nxt []int64
	from     []int32
}

// grow returns (*b)[:n], reallocating when it is too short.
func grow[E any](b *[]E, n int) []E {
	if cap(*b) < n {
		*b = make([]E, n)
	}
	*b = (*b)[:n]
	return *b
}

// overbooked lists the participants whose meetings cannot all take distinct slots within
// their domains (no bipartite matching of meetings to slots).
func (pr *problem) overbooked() []int {
	var out []int
	for p := 0; p < pr.nP; p++ {
		if pr.overbookedP(p) {
			out = append(out, p)
		}
	}
	return out
}

// overbookedP says whether participant p's meetings cannot all take distinct slots,
// computed once per participant (so not from several goroutines at once: Solve asks
// before its searches start and after they end).
func (pr *problem) overbookedP(p int) bool {
	if pr.over == nil {
		pr.over = make([]int8, pr.nP)
	}
	if pr.over[p] == 0 {
		pr.over[p] = 2
		if ms := pr.pMeet[p]; len(ms) > 0 && !pr.matchable(ms, 0, pr.T) {
			pr.over[p] = 1
		}
	}
	return pr.over[p] == 1
}

// tableFit is the most meetings that can each take a slot of their domain (and, when the
// solver chooses venues, one of their venues) with no slot holding more meetings than its
// tables: a bipartite matching with capacities, by augmenting paths. Fewer than nM proves
// that no complete schedule exists, which the SAT search could only show by refuting a
// pigeonhole, exponentially slowly.
func (pr *problem) tableFit() int {
	T, nV := pr.T, 1
	if pr.tr != nil {
		nV = pr.nV
	}
	capOf := func(b int) int {
		if pr.tr != nil {
			return int(pr.vcap[b%nV])
		}
		return int(pr.cap)
	}
	holder := make([][]int32, T*nV)
	seen := make([]int32, T*nV)
	stamp := int32(0)
	var try func(m int) bool
	try = func(m int) bool {
		for t := 0; t < T; t++ {
			if !pr.dom[m*T+t] {
				continue
			}
			for v := 0; v < nV; v++ {
				b := t*nV + v
				if seen[b] == stamp || pr.tr != nil && !pr.venueAllowed(m, v) {
					continue
				}
				seen[b] = stamp
				if len(holder[b]) < capOf(b) {
					holder[b] = append(holder[b], int32(m))
					return true
				}
				for i, o := range holder[b] {
					if try(int(o)) {
						holder[b][i] = int32(m)
						return true
					}
				}
			}
		}
		return false
	}
	n := 0
	for m := 0; m < pr.nM; m++ {
		stamp++
		if try(m) {
			n++
		}
	}
	return n
}

// lowerBound sums breakLB over participants.
func (pr *problem) lowerBound() int {
	s := 0
	for p := 0; p < pr.nP; p++ {
		s += pr.breakLB(p)
	}
	return s
}
