package schedule

import (
	"context"
	"math/rand/v2"
	"time"
)

// RepairResult is a repaired schedule and how many announced meetings it moved.
type RepairResult struct {
	*Result
	Moved int // meetings placed in prev that now have another slot or none
}

// Repair re-solves in after a change (meetings cancelled or added, a person no longer
// available) while moving as few already-announced meetings as possible. prev gives, for
// each meeting of in, its announced slot (1-based; 0 for new meetings) and, optionally,
// its announced table. Announced meetings that are still valid keep their slot and, where
// it is free, their table; the others and the new ones are inserted into free slots first,
// and only then by moving one other meeting at a time.
func Repair(ctx context.Context, in *Instance, prev Solution, opt Options) (*RepairResult, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	if opt.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.TimeLimit)
		defer cancel()
	}
	pr := compile(in)
	s := newState(pr)
	kept := make([]int32, min(pr.nM, len(prev.Slot)))
	var venues []int32 // announced venues, which travel times make matter
	if s.ven != nil && prev.Table != nil {
		venues = make([]int32, len(kept))
	}
	for m := range kept {
		kept[m] = int32(prev.Slot[m] - 1)
		if venues != nil {
			venues[m] = -1
			if m < len(prev.Table) && prev.Table[m] >= 1 && prev.Table[m] <= len(in.Tables) {
				venues[m] = int32(in.Tables[prev.Table[m]-1].Venue)
			}
		}
	}
	s.placeAllAt(kept, venues)
	rng := rand.New(rand.NewPCG(opt.Seed, 5))
	// First pass: only free slots, so nothing announced moves.
	for m := 0; m < pr.nM; m++ {
		if s.slot[m] < 0 {
			if t := s.bestSlot(m, rng); t >= 0 {
				s.place(m, t)
			}
		}
	}
	// Second pass: one move of another meeting per insertion.
	for m := 0; m < pr.nM && ctx.Err() == nil; m++ {
		if s.slot[m] < 0 {
			s.insertByEjection(m, rng)
		}
	}
	res := &Result{Status: Feasible, Solution: s.solution(), Requested: pr.nM, Placed: pr.nM - s.unN, Breaks: s.total}
	if s.unN > 0 && in.RequireAll {
		res.Status = Unknown
	}
	res.MinBreaks, res.MaxBreaks = -1, 0
	for b, n := range s.hist {
		if n > 0 {
			if res.MinBreaks < 0 {
				res.MinBreaks = b
			}
			res.MaxBreaks = b
		}
	}
	for m, t := range s.slot {
		if t >= 0 {
			res.Weight += int(pr.wt[m])
		} else {
			res.Unplaced = append(res.Unplaced, s.whyUnplaced(m))
		}
	}
	res.Solution.Table = assignTables(in, res.Solution, s.ven, prev.Table)
	dropUnreachable(in, res)
	moved := 0
	for m := 0; m < pr.nM && m < len(prev.Slot); m++ {
		if prev.Slot[m] != 0 && prev.Slot[m] != res.Solution.Slot[m] {
			moved++
		}
	}
	res.Elapsed = time.Since(start)
	return &RepairResult{Result: res, Moved: moved}, nil
}

// Perturb simulates late changes for benchmarks and tests: it cancels share/2 of the
// meetings, adds as many new ones between random participants, and makes one busy person
// leave a day early. It returns the new instance, the announced schedule mapped onto its
// meetings (slot and table 0 for new ones) and the number of meetings changed.
func Perturb(in *Instance, sol Solution, share float64, seed uint64) (*Instance, Solution, int) {
	rng := rand.New(rand.NewPCG(seed, 0xc4a96e))
	out := *in
	out.Participants = append([]Participant(nil), in.Participants...)
	n := int(share * float64(len(in.Meetings)) / 2)
	cancel := map[int]bool{}
	for len(cancel) < n && len(cancel) < len(in.Meetings) {
		cancel[rng.IntN(len(in.Meetings))] = true
	}
	out.Meetings = nil
	var prev Solution
	table := func(m int) int {
		if m >= len(sol.Table) {
			return 0
		}
		return sol.Table[m]
	}
	remap := make([]int, len(in.Meetings))
	for m, mt := range in.Meetings {
		remap[m] = -1
		if cancel[m] {
			continue
		}
		remap[m] = len(out.Meetings)
		out.Meetings = append(out.Meetings, mt)
		prev.Slot = append(prev.Slot, sol.Slot[m])
		prev.Table = append(prev.Table, table(m))
	}
	for i := range out.Meetings {
		var after []int
		for _, a := range out.Meetings[i].After {
			if remap[a] >= 0 {
				after = append(after, remap[a])
			}
		}
		out.Meetings[i].After = after
	}
	P := len(in.Participants)
	for k := 0; k < n && P >= 2; k++ {
		a, b := rng.IntN(P), rng.IntN(P)
		if a == b {
			continue
		}
		out.Meetings = append(out.Meetings, Meeting{ID: "new" + itoa(k+1), Participants: []int{a, b}, Priority: 1})
		prev.Slot = append(prev.Slot, 0)
		prev.Table = append(prev.Table, 0)
	}
	// The participant with the most meetings leaves a day early.
	deg := make([]int, P)
	for _, m := range out.Meetings {
		for _, p := range m.Participants {
			deg[p]++
		}
	}
	busiest := 0
	for p := range deg {
		if deg[p] > deg[busiest] {
			busiest = p
		}
	}
	if P > 0 && out.Days > 1 {
		pp := out.Participants[busiest]
		pp.Forbidden = append([]int(nil), pp.Forbidden...)
		T := out.Slots()
		for s := T - out.SlotsPerDay + 1; s <= T; s++ {
			pp.Forbidden = append(pp.Forbidden, s)
		}
		out.Participants[busiest] = pp
	}
	return &out, prev, len(cancel) + (len(out.Meetings) - (len(in.Meetings) - len(cancel)))
}

func itoa(i int) string {
	b := []byte{}
	for i >= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(append([]byte{byte('0' + i)}, b...))
}
