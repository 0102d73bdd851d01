package schedule

// state is a partial schedule that always satisfies every hard constraint except
// fairness, which the searches enforce on the side. occ holds, for each participant and
// slot, the meeting there or -1.
type state struct {
	pr    *problem
	slot  []int32 // 0-based slot or -1
	occ   []int32 // nP*T
	load  []int32 // meetings per slot
	brk   []int32 // breaks per participant
	hist  []int32 // participants per break count
	total int     // total breaks
	unW   int64   // weight of unplaced meetings
	unN   int
	// When the solver chooses venues (pr.tr non-nil): each placed meeting's venue and the
	// meetings per slot and venue (t*nV+v); nil otherwise.
	ven   []int32
	vload []int32
}

func newState(pr *problem) *state {
	s := &state{pr: pr, slot: make([]int32, pr.nM), occ: make([]int32, pr.nP*pr.T), load: make([]int32, pr.T),
		brk: make([]int32, pr.nP), hist: make([]int32, pr.T+2)}
	for i := range s.slot {
		s.slot[i] = -1
		s.unW += int64(pr.wt[i])
	}
	s.unN = pr.nM
	for i := range s.occ {
		s.occ[i] = -1
	}
	s.hist[0] = int32(pr.nP)
	if pr.tr != nil {
		s.ven = make([]int32, pr.nM)
		s.vload = make([]int32, pr.T*pr.nV)
	}
	return s
}

// placeAll places each meeting m at slots[m] (0-based, -1 for none) where it is still
// free. It goes in slot order, because a meeting with predecessors only fits once they
// are placed earlier; meetings whose slot no longer fits stay unplaced.
func (s *state) placeAll(slots []int32) { s.placeAllAt(slots, nil) }

// placeAllAt is placeAll that also keeps each meeting at venues[m] (-1 for any) when the
// solver chooses venues and that venue still fits.
func (s *state) placeAllAt(slots, venues []int32) {
	pr := s.pr
	byT := make([][]int32, pr.T)
	for m, t := range slots {
		if m < pr.nM && t >= 0 && int(t) < pr.T {
			byT[t] = append(byT[t], int32(m))
		}
	}
	for t, ms := range byT {
		for _, m := range ms {
			if s.slot[m] < 0 && s.free(int(m), t, -1) {
				if s.ven != nil && venues != nil && venues[m] >= 0 && s.venueScore(int(m), t, int(venues[m]), -1) >= 0 {
					s.placeAt(int(m), t, venues[m])
				} else {
					s.place(int(m), t)
				}
			}
		}
	}
}

func (s *state) clone() *state {
	c := *s
	c.slot = append([]int32(nil), s.slot...)
	c.occ = append([]int32(nil), s.occ...)
	c.load = append([]int32(nil), s.load...)
	c.brk = append([]int32(nil), s.brk...)
	c.hist = append([]int32(nil), s.hist...)
	if s.ven != nil {
		c.ven = append([]int32(nil), s.ven...)
		c.vload = append([]int32(nil), s.vload...)
	}
	return &c
}

// dayBreaks counts participant p's breaks on the day holding slot t.
func (s *state) dayBreaks(p, t int) int {
	T, spd := s.pr.T, s.pr.spd
	d0 := (t / spd) * spd
	row := s.occ[p*T+d0 : p*T+d0+spd]
	b, seen, gap := 0, false, false
	for _, m := range row {
		if m >= 0 {
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

func (s *state) setBrk(p int, nb int32) {
	ob := s.brk[p]
	if ob == nb {
		return
	}
	s.hist[ob]--
	s.hist[nb]++
	s.brk[p] = nb
	s.total += int(nb - ob)
}

// free reports whether meeting m can go to slot t given everyone else's placement
// (ignoring m itself and the meeting ign, if any).
func (s *state) free(m, t int, ign int32) bool {
	pr := s.pr
	if !pr.dom[m*pr.T+t] {
		return false
	}
	if s.load[t] >= pr.cap && !(ign >= 0 && s.slot[ign] == int32(t)) && s.slot[m] != int32(t) {
		return false
	}
	for _, p := range pr.mPart[m] {
		o := s.occ[int(p)*pr.T+t]
		if o >= 0 && o != int32(m) && o != ign {
			return false
		}
	}
	for _, a := range pr.pred[m] {
		if sa := s.slot[a]; a != ign && (sa < 0 || sa >= int32(t)) {
			return false
		}
	}
	for _, b := range pr.succ[m] {
		if sb := s.slot[b]; b != ign && sb >= 0 && sb <= int32(t) {
			return false
		}
	}
	return pr.tr == nil || s.venueFor(m, t, ign) >= 0
}

// venueFor picks a venue for meeting m at slot t when the solver chooses venues (see
// problem.tr): one that m may use, with a free table, that each participant reaches in
// time from their previous meeting of the day and leaves in time for their next (ignoring
// m itself and ign); among those, the venue of most of these neighbouring meetings, so
// that agendas stay in one place, then the one with most free tables. -1 when none.
func (s *state) venueFor(m, t int, ign int32) int {
	best, bestScore := -1, int32(-1)
	for v := 0; v < s.pr.nV; v++ {
		if score := s.venueScore(m, t, v, ign); score > bestScore {
			best, bestScore = v, score
		}
	}
	return best
}

// venueScore rates venue v for meeting m at slot t as venueFor does; -1 when v does not fit.
func (s *state) venueScore(m, t, v int, ign int32) int32 {
	pr := s.pr
	if !pr.venueAllowed(m, v) {
		return -1
	}
	room := pr.vcap[v] - s.vload[t*pr.nV+v]
	if s.slot[m] == int32(t) && s.ven[m] == int32(v) || ign >= 0 && s.slot[ign] == int32(t) && s.ven[ign] == int32(v) {
		room++
	}
	if room <= 0 {
		return -1
	}
	T := pr.T
	d0 := t / pr.spd * pr.spd
	d1 := d0 + pr.spd
	near := int32(0)
	for _, p := range pr.mPart[m] {
		row := s.occ[int(p)*T : int(p)*T+T]
		for _, dir := range [2]int{-1, 1} { // the previous meeting of the day, then the next
			for u := t + dir; u >= d0 && u < d1; u += dir {
				o := row[u]
				if o < 0 || o == int32(m) || o == ign {
					continue
				}
				w := s.ven[o]
				need := pr.tr[w][v] // from w to v
				if dir > 0 {
					need = pr.tr[v][w]
				}
				if int32((u-t)*dir-1) < need { // idle slots between them
					return -1
				}
				if w == int32(v) {
					near++
				}
				break
			}
		}
	}
	return near<<20 + room
}

// venue is m's venue, or -1 when the solver does not choose venues or m is unplaced.
func (s *state) venue(m int) int32 {
	if s.ven == nil || s.slot[m] < 0 {
		return -1
	}
	return s.ven[m]
}

// place puts unplaced m at slot t (which free allowed), at the venue venueFor picks.
func (s *state) place(m, t int) {
	v := int32(-1)
	if s.pr.tr != nil {
		v = int32(s.venueFor(m, t, -1))
	}
	s.placeAt(m, t, v)
}

// placeAt puts unplaced m at slot t and venue v (ignored unless the solver chooses venues), to put a
// meeting back exactly where it was after a rejected move.
func (s *state) placeAt(m, t int, v int32) {
	pr := s.pr
	if pr.tr != nil {
		if v < 0 { // callers check free first; keep the counts consistent regardless
			v = 0
		}
		s.ven[m] = v
		s.vload[t*pr.nV+int(v)]++
	}
	s.slot[m] = int32(t)
	s.load[t]++
	s.unW -= int64(pr.wt[m])
	s.unN--
	for _, p := range pr.mPart[m] {
		ob := s.dayBreaks(int(p), t)
		s.occ[int(p)*pr.T+t] = int32(m)
		s.setBrk(int(p), s.brk[p]+int32(s.dayBreaks(int(p), t)-ob))
	}
}

func (s *state) remove(m int) {
	pr := s.pr
	t := int(s.slot[m])
	if pr.tr != nil {
		s.vload[t*pr.nV+int(s.ven[m])]--
	}
	s.slot[m] = -1
	s.load[t]--
	s.unW += int64(pr.wt[m])
	s.unN++
	for _, p := range pr.mPart[m] {
		ob := s.dayBreaks(int(p), t)
		s.occ[int(p)*pr.T+t] = -1
		s.setBrk(int(p), s.brk[p]+int32(s.dayBreaks(int(p), t)-ob))
	}
}

// insertDelta is the change in breaks if m (unplaced) went to t, computed on the
// participants' rows without modifying them.
func (s *state) insertDelta(m, t int) int {
	pr := s.pr
	d := 0
	for _, p := range pr.mPart[m] {
		i := int(p)*pr.T + t
		ob := s.dayBreaks(int(p), t)
		s.occ[i] = int32(m)
		d += s.dayBreaks(int(p), t) - ob
		s.occ[i] = -1
	}
	return d
}

// adjacency counts how many of m's participants are busy right next to t on the same day:
// a tie-break that packs agendas tightly.
func (s *state) adjacency(m, t int) int {
	pr := s.pr
	a := 0
	for _, p := range pr.mPart[m] {
		base := int(p) * pr.T
		if t%pr.spd > 0 && s.occ[base+t-1] >= 0 {
			a++
		}
		if (t+1)%pr.spd > 0 && t+1 < pr.T && s.occ[base+t+1] >= 0 {
			a++
		}
	}
	return a
}

// fair reports whether the break histogram respects d.
func (s *state) fair() bool {
	d := s.pr.in.Fairness
	if d < 0 {
		return true
	}
	lo, hi := -1, -1
	for b, n := range s.hist {
		if n > 0 {
			if lo < 0 {
				lo = b
			}
			hi = b
		}
	}
	return hi-lo <= d
}

func (s *state) solution() Solution {
	sol := Solution{Slot: make([]int, len(s.slot))}
	for m, t := range s.slot {
		sol.Slot[m] = int(t) + 1
	}
	return sol
}
