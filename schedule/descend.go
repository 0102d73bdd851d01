package schedule

import "math/rand/v2"

// descend is the large-instance improvement: passes that insert unplaced meetings and move
// meetings of people with breaks to slots that remove breaks, accepting only
// improvements, until a pass changes nothing or stop says so.
func (s *state) descend(rng *rand.Rand, stop func() bool) {
	pr := s.pr
	for pass := 0; pass < 50; pass++ {
		changed := 0
		for m := 0; m < pr.nM; m++ {
			if m&255 == 0 && stop() {
				return
			}
			if s.slot[m] < 0 {
				if t := s.bestSlot(m, rng); t >= 0 {
					s.place(m, t)
					changed++
				} else if s.insertByEjection(m, rng) {
					changed++
				}
				continue
			}
			if pr.fixed[m] >= 0 {
				continue
			}
			hasBreak := false
			for _, p := range pr.mPart[m] {
				if s.brk[p] > 0 {
					hasBreak = true
				}
			}
			if !hasBreak {
				continue
			}
			t0 := int(s.slot[m])
			v0 := s.venue(m)
			before := s.total
			okFair := s.fair()
			s.remove(m)
			bt, bestTotal := t0, before
			for t := 0; t < pr.T; t++ {
				if t == t0 || !s.free(m, t, -1) {
					continue
				}
				if d := s.insertDelta(m, t); s.total+d < bestTotal {
					bt, bestTotal = t, s.total+d
				}
			}
			if bt == t0 {
				s.placeAt(m, t0, v0)
				continue
			}
			s.place(m, bt)
			if okFair && !s.fair() {
				s.remove(m)
				s.placeAt(m, t0, v0)
				continue
			}
			changed++
		}
		if changed == 0 {
			return
		}
	}
}
