package schedule

import "sort"

// Bounded variable elimination of the encoding's auxiliary variables (an experiment,
// --tune elim; docs/scheduler-log.md). An auxiliary variable v whose clauses can be
// replaced by their resolvents on v without more clauses is removed: the formula keeps
// its models on the other variables, and the search propagates fewer literals per
// conflict (CaDiCaL eliminates about half the variables of the bound models).

const (
	elimOccLimit    = 16 // skip a variable with more clauses than this on one side
	elimClauseLimit = 24 // the longest resolvent by default (--tune elim)
)

// elimStep is a clause removed with an eliminated variable, kept to extend a model:
// pivot is the clause's literal of that variable.
type elimStep struct {
	pivot lit
	ls    []lit
}

// eliminate removes auxiliary variables that frozen does not name and whose resolvents
// have at most maxLen literals, at level 0 before any clause is learnt (else it does
// nothing), and rebuilds the clause store from what is left. It returns how
// many variables went. Eliminated variables are never read by the search (they are in
// no clause); extendModel gives them values consistent with the original clauses.
func (s *sat) eliminate(frozen []bool, maxLen int) int {
	if s.unsat {
		return 0
	}
	for _, c := range s.clauses {
		if c.learnt && !c.dead {
			return 0 // learnt binary clauses are not counted in nLearnt
		}
	}
	s.cancelUntil(0)
	if s.propagate() >= 0 {
		s.unsat = true
		return 0
	}
	nv := len(s.assign)
	// The live clauses, simplified by level-0 values.
	var cls [][]lit
	for i := range s.clauses {
		c := &s.clauses[i]
		if c.dead || c.learnt {
			continue
		}
		var out []lit
		sat := false
		for _, l := range s.lits(int32(i)) {
			switch s.val(l) {
			case 1:
				sat = true
			case 0:
				out = append(out, l)
			}
		}
		if !sat {
			cls = append(cls, out)
		}
	}
	dead := make([]bool, len(cls))
	occ := make([][]int32, 2*nv)
	for i, c := range cls {
		for _, l := range c {
			occ[l] = append(occ[l], int32(i))
		}
	}
	live := func(l lit) []int32 {
		ws := occ[l][:0]
		for _, i := range occ[l] {
			if !dead[i] {
				ws = append(ws, i)
			}
		}
		occ[l] = ws
		return ws
	}
	var cand []int
	for v := 0; v < nv; v++ {
		if s.aux[v] && s.assign[v] == 0 && (v >= len(frozen) || !frozen[v]) {
			cand = append(cand, v)
		}
	}
	cost := func(v int) int { return len(occ[2*v]) * len(occ[2*v+1]) }
	sort.SliceStable(cand, func(a, b int) bool { return cost(cand[a]) < cost(cand[b]) })
	mark := make([]int8, 2*nv) // literal marks while merging
	n := 0
	var res [][]lit
	for _, v := range cand {
		pos, neg := live(mkLit(v, false)), live(mkLit(v, true))
		if len(pos)+len(neg) == 0 || len(pos) > elimOccLimit || len(neg) > elimOccLimit {
			continue // in no clause: nothing to gain, and not to be counted
		}
		res = res[:0]
		ok := true
	pairs:
		for _, pi := range pos {
			for _, l := range cls[pi] {
				mark[l] = 1
			}
			for _, ni := range neg {
				r := make([]lit, 0, len(cls[pi])+len(cls[ni]))
				for _, l := range cls[pi] {
					if l.v() != v {
						r = append(r, l)
					}
				}
				taut := false
				for _, l := range cls[ni] {
					if l.v() == v || mark[l] == 1 {
						continue
					}
					if mark[l.not()] == 1 {
						taut = true
						break
					}
					r = append(r, l)
				}
				if taut {
					continue
				}
				if len(r) > maxLen || len(res) >= len(pos)+len(neg) {
					ok = false
					for _, l := range cls[pi] {
						mark[l] = 0
					}
					break pairs
				}
				res = append(res, r)
			}
			for _, l := range cls[pi] {
				mark[l] = 0
			}
		}
		if !ok {
			continue
		}
		for _, i := range append(append([]int32(nil), pos...), neg...) {
			dead[i] = true
			p := mkLit(v, false)
			for _, l := range cls[i] {
				if l.v() == v {
					p = l
				}
			}
			s.elimStack = append(s.elimStack, elimStep{p, cls[i]})
		}
		for _, r := range res {
			i := int32(len(cls))
			cls = append(cls, r)
			dead = append(dead, false)
			for _, l := range r {
				occ[l] = append(occ[l], i)
			}
		}
		s.eliminated = append(s.eliminated, int32(v))
		n++
	}
	if n == 0 {
		return 0
	}
	// Rebuild the store: the clauses left in their order, then the resolvents.
	s.clauses, s.arena, s.wasted = s.clauses[:0], s.arena[:0], 0
	for l := range s.watches {
		s.watches[l].ws, s.watches[l].nBin = s.watches[l].ws[:0], 0
	}
	for i, c := range cls {
		if dead[i] {
			continue
		}
		switch len(c) {
		case 0:
			s.unsat = true
			return n
		case 1:
			switch s.val(c[0]) {
			case -1:
				s.unsat = true
				return n
			case 0:
				s.enqueue(c[0], -1)
			}
		default:
			s.attach(c, false, 0)
		}
	}
	if s.propagate() >= 0 {
		s.unsat = true
	}
	return n
}

// extendModel gives the eliminated variables values under which every clause removed with
// them holds, after a satisfiable solve: the last removed first, each clause that the
// model leaves false made true by its pivot.
func (s *sat) extendModel() {
	for i := len(s.elimStack) - 1; i >= 0; i-- {
		st := s.elimStack[i]
		sat := false
		for _, l := range st.ls {
			if s.lval[l] == 1 {
				sat = true
				break
			}
		}
		if sat {
			continue
		}
		v := st.pivot.v()
		if st.pivot.sign() {
			s.assign[v] = -1
		} else {
			s.assign[v] = 1
		}
		s.lval[st.pivot], s.lval[st.pivot.not()] = 1, -1
	}
}
