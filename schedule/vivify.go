package schedule

import "sort"

// Vivification of learnt clauses (an experiment, --tune vivify=N; docs/scheduler-log.md).
// CaDiCaL needs several times the conflicts on the bound models without it.

const vivifyMaxLBD = 8 // learnt clauses above this LBD are left as they are

// vivify tries to shorten learnt clauses, at level 0 between restarts: with the clause
// itself left out, it assumes its literals false one at a time and propagates. A literal
// found true ends the clause there (the literals before it imply it), a literal found
// false is dropped (the others imply its negation), and a conflict ends the clause at
// the literals assumed so far. Each clause is tried once; the work is bounded by a tenth
// of the literals propagated since the last call.
func (s *sat) vivify() {
	budget := s.Props + (s.Props-s.vivifyProps)/10
	var cand []int32
	for i := range s.clauses {
		c := &s.clauses[i]
		if c.learnt && !c.dead && !c.vivified && c.lbd <= vivifyMaxLBD && s.arena[c.ref-1] > 2 {
			cand = append(cand, int32(i))
		}
	}
	sort.SliceStable(cand, func(a, b int) bool { return s.clauses[cand[a]].lbd < s.clauses[cand[b]].lbd })
	var ls, keep []lit
	for _, ci := range cand {
		if s.Props > budget || s.unsat {
			break
		}
		c := &s.clauses[ci]
		ls = append(ls[:0], s.lits(ci)...)
		act, lbd := c.act, c.lbd
		s.detachLong(ci)
		c.dead = true
		s.wasted += clauseHdr + len(ls)
		s.nLearnt--
		// Level-0 values first: a satisfied clause goes, false literals are dropped.
		keep = keep[:0]
		satisfied := false
		for _, l := range ls {
			switch s.val(l) {
			case 1:
				satisfied = true
			case 0:
				keep = append(keep, l)
			}
		}
		if satisfied {
			continue
		}
		ls = append(ls[:0], keep...)
		keep = keep[:0]
		s.trailLim = append(s.trailLim, len(s.trail))
	probe:
		for _, l := range ls {
			switch s.val(l) {
			case 1:
				keep = append(keep, l)
				break probe
			case -1:
				continue
			}
			keep = append(keep, l)
			s.enqueue(l.not(), -1)
			if s.propagate() >= 0 {
				break probe
			}
		}
		s.cancelUntil(0)
		switch len(keep) {
		case 0:
			s.unsat = true
		case 1:
			if s.onLearn != nil {
				s.onLearn(keep)
			}
			s.enqueue(keep[0], -1)
			if s.propagate() >= 0 {
				s.unsat = true
			}
		default:
			out := append([]lit(nil), keep...)
			if s.onLearn != nil {
				s.onLearn(out)
			}
			nci := s.attach(out, true, min(lbd, int32(len(out)-1)))
			nc := &s.clauses[nci]
			nc.act, nc.vivified = act, true
		}
	}
	s.vivifyProps = s.Props
}

// detachLong removes the two watchers of long clause ci.
func (s *sat) detachLong(ci int32) {
	c := &s.clauses[ci]
	ls := s.lits(ci)
	for _, l := range ls[:2] {
		wl := &s.watches[l.not()]
		j := int(wl.nBin)
		for _, w := range wl.ws[wl.nBin:] {
			if w.c != c.ref {
				wl.ws[j] = w
				j++
			}
		}
		wl.ws = wl.ws[:j]
	}
}
