package schedule

import "slices"

// AssignTables gives each placed meeting a table (1-based; 0 for unplaced meetings),
// slot by slot. A meeting keeps the table one of its people sat at in the previous slot
// when it is free, otherwise takes a table at the venue its people were at, otherwise any
// free table whose venue everyone can reach in time. When travel makes every free table
// unreachable the meeting gets no table (0).
func AssignTables(in *Instance, sol Solution) []int {
	return assignTables(in, sol, nil, nil)
}

// assignTables is AssignTables; with venue non-nil (the solver's choice per meeting, which
// already respects travel and each venue's table count) a meeting only takes tables at its
// venue, and always finds one. With prefer non-nil (announced tables, 1-based, 0 for none)
// a meeting first keeps its announced table when that table suits it.
func assignTables(in *Instance, sol Solution, venue []int32, prefer []int) []int {
	T := in.Slots()
	nT := len(in.Tables)
	out := make([]int, len(sol.Slot))
	if nT == 0 {
		return out
	}
	bySlot := make([][]int, T+1)
	for m, s := range sol.Slot {
		if s >= 1 && s <= T {
			bySlot[s] = append(bySlot[s], m)
		}
	}
	P := len(in.Participants)
	lastTable := make([]int, P) // table of the person's latest meeting (1-based), 0 none
	lastSlot := make([]int, P)
	used := make([]int, nT+1) // slot stamp
	venueOf := func(t int) int { return in.Tables[t-1].Venue }
	// venueOK says whether the meeting may use the table's venue at all.
	venueOK := func(m, t int) bool {
		vs := in.Meetings[m].Venues
		return len(vs) == 0 || slices.Contains(vs, venueOf(t))
	}
	reachable := func(m, s, t int) bool {
		if venue != nil {
			return venueOf(t) == int(venue[m])
		}
		if !venueOK(m, t) {
			return false
		}
		if in.Travel == nil {
			return true
		}
		for _, p := range in.Meetings[m].Participants {
			lt := lastTable[p]
			if lt == 0 || (lastSlot[p]-1)/in.SlotsPerDay != (s-1)/in.SlotsPerDay {
				continue
			}
			if s-lastSlot[p]-1 < in.Travel[venueOf(lt)][venueOf(t)] {
				return false
			}
		}
		return true
	}
	next := 1
	take := func(m, s, t int) {
		used[t] = s
		out[m] = t
		for _, p := range in.Meetings[m].Participants {
			lastTable[p], lastSlot[p] = t, s
		}
	}
	for s := 1; s <= T; s++ {
		// Announced tables first, so that no other meeting of the slot takes them.
		for _, m := range bySlot[s] {
			if m < len(prefer) {
				if t := prefer[m]; t >= 1 && t <= nT && used[t] != s && reachable(m, s, t) {
					take(m, s, t)
				}
			}
		}
		for _, m := range bySlot[s] {
			if out[m] != 0 {
				continue
			}
			pick := 0
			// 1. the same table as one of its people just before
			for _, p := range in.Meetings[m].Participants {
				if lt := lastTable[p]; lt != 0 && used[lt] != s && reachable(m, s, lt) {
					pick = lt
					break
				}
			}
			// 2. a free table at the venue one of its people was at today
			if pick == 0 && in.Travel != nil {
				for _, p := range in.Meetings[m].Participants {
					lt := lastTable[p]
					if lt == 0 || (lastSlot[p]-1)/in.SlotsPerDay != (s-1)/in.SlotsPerDay {
						continue
					}
					for t := 1; t <= nT && pick == 0; t++ {
						if used[t] != s && venueOf(t) == venueOf(lt) && reachable(m, s, t) {
							pick = t
						}
					}
					if pick != 0 {
						break
					}
				}
			}
			// 3. any free reachable table, scanning round-robin from where we left off
			if pick == 0 {
				for k := 0; k < nT; k++ {
					t := (next+k-1)%nT + 1
					if used[t] != s && reachable(m, s, t) {
						pick = t
						next = t%nT + 1
						break
					}
				}
			}
			if pick == 0 {
				continue // more meetings than tables: the checker reports it
			}
			take(m, s, pick)
		}
	}
	return out
}
