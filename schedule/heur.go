package schedule

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"sort"
)

// cost orders states lexicographically: fairness excess, then unplaced weight, then breaks.
func (s *state) cost() int64 {
	ex := int64(0)
	if d := s.pr.in.Fairness; d >= 0 {
		lo, hi := -1, -1
		for b, n := range s.hist {
			if n > 0 {
				if lo < 0 {
					lo = b
				}
				hi = b
			}
		}
		if hi-lo > d {
			ex = int64(hi - lo - d)
		}
	}
	return ex<<40 + s.unW<<20 + int64(s.total)
}

// meetingOrder lists meetings for the constructive pass: fixed ones first, then
// participant by participant, most requested participants first, so that each popular
// agenda is built while its slots are still open.
func meetingOrder(pr *problem, rng *rand.Rand) []int32 {
	ps := make([]int32, pr.nP)
	key := make([]float64, pr.nP)
	for p := range ps {
		ps[p] = int32(p)
		free := 0
		for t := 0; t < pr.T; t++ {
			// a participant with few usable slots is as constrained as a popular one
			for _, m := range pr.pMeet[p] {
				if pr.dom[int(m)*pr.T+t] {
					free++
					break
				}
			}
		}
		key[p] = float64(len(pr.pMeet[p]))/float64(free+1) + rng.Float64()*1e-3
	}
	sort.Slice(ps, func(i, j int) bool { return key[ps[i]] > key[ps[j]] })
	order := make([]int32, 0, pr.nM)
	seen := make([]bool, pr.nM)
	for m := 0; m < pr.nM; m++ {
		if pr.fixed[m] >= 0 {
			order = append(order, int32(m))
			seen[m] = true
		}
	}
	for _, p := range ps {
		for _, m := range pr.pMeet[p] {
			if !seen[m] {
				seen[m] = true
				order = append(order, m)
			}
		}
	}
	return afterPredecessors(pr, order)
}

// afterPredecessors reorders order so that each meeting comes after its predecessors
// (a meeting only fits once they are placed), otherwise keeping the given order: at each
// step it takes the earliest listed meeting whose predecessors are all taken. Validate
// refuses cycles, so every meeting is taken.
func afterPredecessors(pr *problem, order []int32) []int32 {
	has := false
	for m := 0; m < pr.nM && !has; m++ {
		has = len(pr.pred[m]) > 0
	}
	if !has {
		return order
	}
	ready := &byPosition{pos: make([]int, pr.nM)}
	for i, m := range order {
		ready.pos[m] = i
	}
	waiting := make([]int, pr.nM)
	for m := 0; m < pr.nM; m++ {
		if waiting[m] = len(pr.pred[m]); waiting[m] == 0 {
			heap.Push(ready, int32(m))
		}
	}
	out := make([]int32, 0, len(order))
	for ready.Len() > 0 {
		m := heap.Pop(ready).(int32)
		out = append(out, m)
		for _, n := range pr.succ[m] {
			if waiting[n]--; waiting[n] == 0 {
				heap.Push(ready, n)
			}
		}
	}
	return out
}

// byPosition is a heap of meetings by their position in the preferred order.
type byPosition struct {
	pos []int
	ms  []int32
}

func (h *byPosition) Len() int           { return len(h.ms) }
func (h *byPosition) Less(i, j int) bool { return h.pos[h.ms[i]] < h.pos[h.ms[j]] }
func (h *byPosition) Swap(i, j int)      { h.ms[i], h.ms[j] = h.ms[j], h.ms[i] }
func (h *byPosition) Push(x any)         { h.ms = append(h.ms, x.(int32)) }
func (h *byPosition) Pop() any {
	m := h.ms[len(h.ms)-1]
	h.ms = h.ms[:len(h.ms)-1]
	return m
}

// bestSlot picks the slot for unplaced m that adds the fewest breaks, packing agendas
// tightly on ties; -1 when no slot is free.
func (s *state) bestSlot(m int, rng *rand.Rand) int {
	pr := s.pr
	best, bestScore := -1, math.MaxInt
	d := pr.in.Fairness
	for t := 0; t < pr.T; t++ {
		if !s.free(m, t, -1) {
			continue
		}
		delta := 0
		ok := true
		for _, p := range pr.mPart[m] {
			i := int(p)*pr.T + t
			ob := s.dayBreaks(int(p), t)
			s.occ[i] = int32(m)
			nb := s.dayBreaks(int(p), t) - ob
			s.occ[i] = -1
			delta += nb
			if d >= 0 && nb > 0 && int(s.brk[p])+nb > d {
				ok = false // would break fairness as soon as anyone has none
			}
		}
		if !ok {
			continue
		}
		score := delta*64 - s.adjacency(m, t)*8 + int(s.load[t])*8/int(pr.cap+1) + rng.IntN(4)
		if score < bestScore {
			best, bestScore = t, score
		}
	}
	return best
}

// construct places meetings greedily in the given order, with one level of ejection when
// a meeting finds no free slot.
func (s *state) construct(order []int32, rng *rand.Rand) {
	for _, m32 := range order {
		m := int(m32)
		if s.slot[m] >= 0 {
			continue
		}
		if t := s.bestSlot(m, rng); t >= 0 {
			s.place(m, t)
			continue
		}
		s.insertByEjection(m, rng)
	}
}

// insertByEjection places m at a slot blocked by exactly one other meeting, which it moves
// elsewhere; it gives up (leaving everything as it was) when no such pair exists.
func (s *state) insertByEjection(m int, rng *rand.Rand) bool {
	pr := s.pr
	start := rng.IntN(pr.T)
	for k := 0; k < pr.T; k++ {
		t := (start + k) % pr.T
		if !pr.dom[m*pr.T+t] {
			continue
		}
		blocker := int32(-1)
		multi := false
		for _, p := range pr.mPart[m] {
			if o := s.occ[int(p)*pr.T+t]; o >= 0 {
				if blocker >= 0 && blocker != o {
					multi = true
				}
				blocker = o
			}
		}
		if multi || blocker < 0 || pr.fixed[blocker] >= 0 {
			continue
		}
		vb := s.venue(int(blocker))
		s.remove(int(blocker))
		if !s.free(m, t, -1) {
			s.placeAt(int(blocker), t, vb)
			continue
		}
		s.place(m, t)
		if t2 := s.bestSlot(int(blocker), rng); t2 >= 0 {
			s.place(int(blocker), t2)
			return true
		}
		s.remove(m)
		s.placeAt(int(blocker), t, vb)
	}
	return false
}

// improve runs a simulated-annealing local search over feasible moves (relocate a
// meeting, swap two meetings of one person, insert an unplaced meeting) for iters moves,
// or until stop returns true. It returns the best state seen.
func (s *state) improve(iters int, rng *rand.Rand, stop func() bool, report func(*state)) *state {
	pr := s.pr
	best := s.clone()
	bestCost := s.cost()
	cur := bestCost
	temp0, temp1 := 0.6, 0.02
	unplaced := make([]int32, 0)
	for it := 0; it < iters; it++ {
		if it&1023 == 0 {
			if stop != nil && stop() {
				break
			}
			if best.unN == 0 && best.total == 0 && bestCost < 1<<20 {
				break
			}
		}
		temp := temp0 * math.Pow(temp1/temp0, float64(it)/float64(iters))
		accept := func(nc int64) bool {
			if nc <= cur {
				return true
			}
			dl := nc - cur
			if dl >= 1<<20 {
				return false
			}
			return rng.Float64() < math.Exp(-float64(dl)/temp)
		}
		if s.unN > 0 && it%8 == 0 {
			unplaced = unplaced[:0]
			for m := range s.slot {
				if s.slot[m] < 0 {
					unplaced = append(unplaced, int32(m))
				}
			}
			m := int(unplaced[rng.IntN(len(unplaced))])
			if t := s.bestSlot(m, rng); t >= 0 {
				s.place(m, t)
			} else {
				s.insertByEjection(m, rng)
			}
			cur = s.cost()
		} else {
			m := rng.IntN(pr.nM)
			t0 := int(s.slot[m])
			if t0 < 0 || pr.fixed[m] >= 0 {
				continue
			}
			t := rng.IntN(pr.T)
			if t == t0 || !pr.dom[m*pr.T+t] {
				continue
			}
			if s.free(m, t, -1) {
				v0 := s.venue(m)
				s.remove(m)
				s.place(m, t)
				if nc := s.cost(); accept(nc) {
					cur = nc
				} else {
					s.remove(m)
					s.placeAt(m, t0, v0)
				}
			} else {
				// swap with the single meeting that blocks t, if it can take t0
				blocker := int32(-1)
				multi := false
				for _, p := range pr.mPart[m] {
					if o := s.occ[int(p)*pr.T+t]; o >= 0 {
						if blocker >= 0 && blocker != o {
							multi = true
						}
						blocker = o
					}
				}
				if multi || blocker < 0 || pr.fixed[blocker] >= 0 {
					continue
				}
				b := int(blocker)
				vm, vb := s.venue(m), s.venue(b)
				s.remove(m)
				s.remove(b)
				swapped := false
				if s.free(m, t, -1) {
					s.place(m, t)
					// b is checked with m in place: with travel times m's venue matters.
					if s.free(b, t0, -1) {
						s.place(b, t0)
						swapped = true
						if nc := s.cost(); accept(nc) {
							cur = nc
						} else {
							s.remove(b)
							swapped = false
						}
					}
					if !swapped {
						s.remove(m)
					}
				}
				if !swapped {
					s.placeAt(m, t0, vm)
					s.placeAt(b, t, vb)
				}
			}
		}
		if cur < bestCost {
			bestCost = cur
			best = s.clone()
			if report != nil {
				report(best)
			}
		}
	}
	return best
}
