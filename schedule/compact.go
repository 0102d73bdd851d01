package schedule

import "math"

// compact is a large-neighbourhood move of the annealer: it lifts all the meetings of
// participant p and puts them back, exactly, into the best window of p's usable slots
// (k consecutive usable slots for p's k meetings), choosing which meeting goes where by
// a minimum-cost assignment whose costs are the breaks of each meeting's other
// participants; everyone else stays. Single moves, swaps and Kempe chains cannot close
// the gaps of a person with many meetings without passing through worse schedules; this
// closes them in one step. It keeps the result only when the total breaks go down with no
// clash, and returns whether it did. Only for two-person meetings and clash-free states.
func (a *annealer) compact(p int) bool {
	pr := a.pr
	ms := pr.pMeet[p]
	k := len(ms)
	if k < 2 || a.hard != 0 || k > pr.spd {
		return false
	}
	T := pr.T
	partner := make([]int, k)
	orig := make([]int32, k)
	occP := make([]bool, T)
	for i, m := range ms {
		if len(pr.mPart[m]) != 2 || pr.fixed[m] >= 0 || len(pr.pred[m])+len(pr.succ[m]) > 0 {
			return false
		}
		q := int(pr.mPart[m][0])
		if q == p {
			q = int(pr.mPart[m][1])
		}
		partner[i] = q
		orig[i] = a.slot[m]
		occP[orig[i]] = true
	}
	// cost[i][t]: breaks of meeting i's partner with it at t (inf if it cannot go there).
	const inf = 1 << 20
	cost := make([]int, k*T)
	curQ := 0
	for i, m := range ms {
		q := partner[i]
		row := a.cnt[q*T : q*T+T]
		t0 := int(orig[i])
		d0 := t0 / pr.spd * pr.spd
		base := a.brk[q] - int32(a.dayBreaks(q, d0))
		curQ += int(a.brk[q])
		row[t0]--
		for t := 0; t < T; t++ {
			if !pr.dom[int(m)*T+t] || row[t] > 0 {
				cost[i*T+t] = inf
				continue
			}
			load := a.load[t]
			if occP[t] {
				load--
			}
			if load >= pr.cap {
				cost[i*T+t] = inf
				continue
			}
			row[t]++
			d1 := t / pr.spd * pr.spd
			b := int(base) + a.dayBreaks(q, d0)
			if d1 != d0 {
				b += a.dayBreaks(q, d1) - a.dayBreaksWithout(q, d1, t)
			}
			row[t]--
			cost[i*T+t] = b
		}
		row[t0]++
	}
	cur := curQ + int(a.brk[p])
	// Windows: each day, each start, the first k slots usable by p (not all of p's
	// meetings need to allow them; the assignment says). p's own breaks in the window are
	// those of its gaps (slots no meeting of p may take).
	best, bestSlots := cur, []int32(nil)
	cols := make([]int, k)
	c := make([]int, k*k)
	for d0 := 0; d0 < T; d0 += pr.spd {
		for s := d0; s < d0+pr.spd; s++ {
			n, gaps, prevGap := 0, 0, false
			for t := s; t < d0+pr.spd && n < k; t++ {
				usable := false
				for i := range ms {
					if cost[i*T+t] < inf {
						usable = true
						break
					}
				}
				if !usable {
					if n > 0 && !prevGap {
						gaps++
					}
					prevGap = n > 0
					continue
				}
				prevGap = false
				cols[n] = t
				n++
			}
			if n < k {
				break
			}
			if gaps > best || a.dcap >= 0 && gaps > a.dcap {
				continue
			}
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					c[i*k+j] = cost[i*T+cols[j]]
				}
			}
			val, asg := hungarian(c, k)
			if val >= inf {
				continue
			}
			tot := val + gaps
			if a.dcap >= 0 {
				for i := 0; i < k; i++ {
					if c[i*k+asg[i]] > a.dcap {
						tot = inf
					}
				}
			}
			if tot < best {
				best = tot
				bestSlots = make([]int32, k)
				for i := range asg {
					bestSlots[i] = int32(cols[asg[i]])
				}
			}
		}
	}
	if bestSlots == nil {
		return false
	}
	h0, s0 := a.hard, a.soft
	for i, m := range ms {
		a.move(int(m), bestSlots[i])
	}
	if a.hard != 0 || a.soft >= s0 {
		for i := k - 1; i >= 0; i-- {
			a.move(int(ms[i]), orig[i])
		}
		_ = h0
		return false
	}
	return true
}

// dayBreaksWithout is dayBreaks of p's day d0 with slot t taken as empty.
func (a *annealer) dayBreaksWithout(p, d0, t int) int {
	i := p*a.pr.T + t
	a.cnt[i]--
	b := a.dayBreaks(p, d0)
	a.cnt[i]++
	return b
}

// hungarian solves the n×n assignment problem with costs c (row-major) and returns the
// minimum total and each row's column (the shortest augmenting path method with
// potentials, O(n³)).
func hungarian(c []int, n int) (int, []int) {
	const big = math.MaxInt / 4
	u := make([]int, n+1)
	v := make([]int, n+1)
	pcol := make([]int, n+1) // row matched to each column (1-based, 0 none)
	way := make([]int, n+1)
	minv := make([]int, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		pcol[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = big, false
		}
		for {
			used[j0] = true
			i0, delta, j1 := pcol[j0], big, 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				cur := c[(i0-1)*n+j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[pcol[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if pcol[j0] == 0 {
				break
			}
		}
		for {
			j1 := way[j0]
			pcol[j0] = pcol[j1]
			j0 = j1
			if j0 == 0 {
				break
			}
		}
	}
	asg := make([]int, n)
	total := 0
	for j := 1; j <= n; j++ {
		asg[pcol[j]-1] = j - 1
		total += c[(pcol[j]-1)*n+j-1]
	}
	return total, asg
}
