package schedule

import (
	"fmt"
	"slices"
	"sort"
)

// Report is the checker's verdict on a solution: every hard-constraint violation and the
// objective recomputed from scratch.
type Report struct {
	Violations   []string
	Placed       int
	PlacedWeight int
	Breaks       int   // total breaks
	MinBreaks    int   // over all participants
	MaxBreaks    int   // over all participants
	PerPerson    []int // breaks per participant
	// Spread is the sum of squared per-participant breaks, the fairness tie-break.
	Spread int
}

// Valid reports whether no hard constraint is violated.
func (r *Report) Valid() bool { return len(r.Violations) == 0 }

// Check verifies every hard constraint of in for sol and recomputes the objective. It
// shares no code with the solver on purpose: it is the independent referee of every test.
func Check(in *Instance, sol Solution) *Report {
	r := &Report{}
	bad := func(f string, a ...any) { r.Violations = append(r.Violations, fmt.Sprintf(f, a...)) }
	T := in.Days * in.SlotsPerDay
	M := len(in.Meetings)
	if len(sol.Slot) != M {
		bad("solution has %d slots for %d meetings", len(sol.Slot), M)
		return r
	}
	if sol.Table != nil && len(sol.Table) != M {
		bad("solution has %d tables for %d meetings", len(sol.Table), M)
		return r
	}
	type key struct{ a, b int }
	busy := map[key]int{}  // (participant, slot) -> meeting+1
	table := map[key]int{} // (table, slot) -> meeting+1
	load := make([]int, T+1)
	forb := make([]map[int]bool, len(in.Participants))
	for p, pp := range in.Participants {
		forb[p] = map[int]bool{}
		for _, s := range pp.Forbidden {
			forb[p][s] = true
		}
	}
	for m, mt := range in.Meetings {
		s := sol.Slot[m]
		if s == 0 {
			if in.RequireAll {
				bad("meeting %d: not placed but every meeting is required", m+1)
			}
			if sol.Table != nil && sol.Table[m] != 0 {
				bad("meeting %d: unplaced but has table %d", m+1, sol.Table[m])
			}
			continue
		}
		if s < 1 || s > T {
			bad("meeting %d: slot %d not in 1..%d", m+1, s, T)
			continue
		}
		r.Placed++
		r.PlacedWeight += mt.Weight()
		load[s]++
		pos := (s - 1) % in.SlotsPerDay
		if mt.Session == Morning && pos >= in.MorningSlots {
			bad("meeting %d: morning only, got slot %d", m+1, s)
		}
		if mt.Session == Afternoon && pos < in.MorningSlots {
			bad("meeting %d: afternoon only, got slot %d", m+1, s)
		}
		if mt.Fixed != 0 && mt.Fixed != s {
			bad("meeting %d: fixed to slot %d, got %d", m+1, mt.Fixed, s)
		}
		for _, p := range mt.Participants {
			if forb[p][s] {
				bad("meeting %d: participant %d unavailable at slot %d", m+1, p+1, s)
			}
			if o := busy[key{p, s}]; o != 0 {
				bad("participant %d: meetings %d and %d both at slot %d", p+1, o, m+1, s)
			}
			busy[key{p, s}] = m + 1
		}
		for _, a := range mt.After {
			if sol.Slot[a] == 0 || sol.Slot[a] >= s {
				bad("precedence: meeting %d must come before meeting %d", a+1, m+1)
			}
		}
		if sol.Table != nil {
			tb := sol.Table[m]
			if tb < 1 || tb > len(in.Tables) {
				bad("meeting %d: table %d not in 1..%d", m+1, tb, len(in.Tables))
			} else {
				if o := table[key{tb, s}]; o != 0 {
					bad("table %d: meetings %d and %d both at slot %d", tb, o, m+1, s)
				}
				if vs := in.Meetings[m].Venues; len(vs) > 0 && !slices.Contains(vs, in.Tables[tb-1].Venue) {
					bad("meeting %d: table %d is at a venue the meeting may not use", m+1, tb)
				}
				table[key{tb, s}] = m + 1
			}
		}
	}
	for s := 1; s <= T; s++ {
		if load[s] > len(in.Tables) {
			bad("slot %d: %d meetings for %d tables", s, load[s], len(in.Tables))
		}
	}
	// Breaks and travel, person by person.
	per := make([][]int, len(in.Participants))
	for m, mt := range in.Meetings {
		if s := sol.Slot[m]; s >= 1 && s <= T {
			for _, p := range mt.Participants {
				per[p] = append(per[p], m)
			}
		}
	}
	r.PerPerson = make([]int, len(in.Participants))
	for p, ms := range per {
		sort.Slice(ms, func(i, j int) bool { return sol.Slot[ms[i]] < sol.Slot[ms[j]] })
		b := 0
		for i := 1; i < len(ms); i++ {
			s0, s1 := sol.Slot[ms[i-1]], sol.Slot[ms[i]]
			sameDay := (s0-1)/in.SlotsPerDay == (s1-1)/in.SlotsPerDay
			if sameDay && s1 > s0+1 {
				b++
			}
			if sameDay && sol.Table != nil && in.Travel != nil {
				t0, t1 := sol.Table[ms[i-1]], sol.Table[ms[i]]
				if t0 >= 1 && t0 <= len(in.Tables) && t1 >= 1 && t1 <= len(in.Tables) {
					v0, v1 := in.Tables[t0-1].Venue, in.Tables[t1-1].Venue
					if need := in.Travel[v0][v1]; s1-s0-1 < need {
						bad("participant %d: %d idle slots between meetings %d and %d, travel needs %d", p+1, s1-s0-1, ms[i-1]+1, ms[i]+1, need)
					}
				}
			}
		}
		r.PerPerson[p] = b
		r.Breaks += b
		r.Spread += b * b
		if p == 0 || b < r.MinBreaks {
			r.MinBreaks = b
		}
		if b > r.MaxBreaks {
			r.MaxBreaks = b
		}
	}
	if in.Fairness >= 0 && r.MaxBreaks-r.MinBreaks > in.Fairness {
		bad("fairness: breaks range from %d to %d, more than d=%d apart", r.MinBreaks, r.MaxBreaks, in.Fairness)
	}
	return r
}
