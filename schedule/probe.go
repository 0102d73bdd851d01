package schedule

// probe is failed-literal probing at the root (`--tune probe`): each unassigned
// literal is assumed alone and propagated; when that ends in a conflict its negation is
// a unit of the formula, set at once, and the rounds go on while they find some. On the
// generated two-session days' bound models one pass fixes a few hundred literals the
// search would otherwise have to learn (scheduler-log.md, "Probing"). It stops after
// budget propagated literals and returns the number of units found; a conflict at the
// root sets unsat.
func (s *sat) probe(budget int64) int {
	if s.unsat || len(s.trailLim) > 0 {
		return 0
	}
	if s.propagate() >= 0 {
		s.unsat = true
		return 0
	}
	end := s.Props + budget
	found := 0
	for round := 0; round < 3; round++ {
		before := found
		for v := range s.assign {
			for _, neg := range [2]bool{false, true} {
				l := mkLit(v, neg)
				if s.lval[l] != 0 {
					continue
				}
				if s.Props >= end {
					return found
				}
				s.trailLim = append(s.trailLim, len(s.trail))
				s.enqueue(l, -1)
				confl := s.propagate()
				s.cancelUntil(0)
				if confl < 0 {
					continue
				}
				found++
				s.enqueue(l.not(), -1)
				if s.propagate() >= 0 {
					s.unsat = true
					return found
				}
			}
		}
		if found == before {
			break
		}
	}
	return found
}
