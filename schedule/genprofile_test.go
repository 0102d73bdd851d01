package schedule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// genOneSessionProfile is an experiment (docs/scheduler-log.md), not the unseen set's
// generator: a one-session instance whose people's free usable slots follow the shared
// tic-14 and forumt-14 files (about half fully booked, the others' idle slots spread over
// 1–7), planted slot by slot as random pairings of the people busy then.
func genOneSessionProfile(s B2BSPShape, seed uint64, d int) *Instance {
	rng := rand.New(rand.NewPCG(seed, 0x9f0f))
	P, T, L := s.Participants, s.Slots, s.Tables
	in := &Instance{Name: fmt.Sprintf("gen-prof-%s-s%d", s.Name, seed), Days: 1, SlotsPerDay: T, MorningSlots: T,
		Fairness: d, RequireAll: true, Venues: []Venue{{ID: "v1"}}}
	in.Participants = make([]Participant, P)
	forb := make([]bool, P*T)
	pair := seed%2 == 1
	for p := range in.Participants {
		in.Participants[p].ID = strconv.Itoa(p + 1)
		if pair && rng.Float64() < 0.12 {
			t := rng.IntN(T - 1)
			forb[p*T+t], forb[p*T+t+1] = true, true
			in.Participants[p].Forbidden = []int{t + 1, t + 2}
		}
	}
	in.Tables = make([]Table, L)
	for i := range in.Tables {
		in.Tables[i].ID = strconv.Itoa(i + 1)
	}
	usable := func(p int) []int {
		var ts []int
		for t := 0; t < T; t++ {
			if !forb[p*T+t] {
				ts = append(ts, t)
			}
		}
		return ts
	}
	// Degrees: half the people full, the others 1–7 idle, then nudged to 2·Meetings.
	deg := make([]int, P)
	sum := 0
	for p := range deg {
		u := len(usable(p))
		deg[p] = u
		if rng.Float64() >= 0.5 {
			deg[p] = max(1, u-1-rng.IntN(min(7, u-1)))
		}
		sum += deg[p]
	}
	for sum != 2*s.Meetings {
		p := rng.IntN(P)
		u := len(usable(p))
		if deg[p] == u && rng.Float64() < 0.8 {
			continue // keep the fully booked mostly as drawn
		}
		if sum > 2*s.Meetings && deg[p] > 1 {
			deg[p]--
			sum--
		} else if sum < 2*s.Meetings && deg[p] < u {
			deg[p]++
			sum++
		}
	}
	busy := make([][]int, T) // people busy at each slot
	for p := range deg {
		ts := usable(p)
		rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
		for _, t := range ts[:deg[p]] {
			busy[t] = append(busy[t], p)
		}
	}
	pairBySlot(rng, busy, L, func(p, q int) {
		in.Meetings = append(in.Meetings, Meeting{ID: strconv.Itoa(len(in.Meetings) + 1), Participants: []int{p, q}})
	})
	return in
}

// pairBySlot pairs at random the people busy at each slot, at most tables pairs a slot
// and no pair twice, and calls meet for each pair.
func pairBySlot(rng *rand.Rand, busy [][]int, tables int, meet func(p, q int)) {
	met := map[[2]int]bool{}
	for t := range busy {
		ps := busy[t]
		rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		used := make([]bool, len(ps))
		n := 0
		for i := range ps {
			if used[i] || n == tables {
				continue
			}
			for j := i + 1; j < len(ps); j++ {
				k := [2]int{min(ps[i], ps[j]), max(ps[i], ps[j])}
				if !used[j] && !met[k] {
					used[i], used[j], met[k] = true, true, true
					n++
					meet(ps[i], ps[j])
					break
				}
			}
		}
	}
}

// genTwoSessionProfile is the same experiment at the two-session shapes: each person's
// number of meetings is drawn from the forum-13 file's (scaled to the shape), and a
// session (morning 60 %, afternoon 10 %, either) in which their busy slots are drawn;
// each meeting keeps the session of one of its two people, drawn at random, when its
// planted slot lies in it.
func genTwoSessionProfile(s B2BSPShape, seed uint64, d int) *Instance {
	forum13 := []int{15, 12, 11, 10, 10, 9, 9, 9, 9, 8, 7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1}
	rng := rand.New(rand.NewPCG(seed, 0x9f1f))
	P, T, A, L := s.Participants, s.Slots, s.AM, s.Tables
	in := &Instance{Name: fmt.Sprintf("gen-prof-%s-s%d", s.Name, seed), Days: 1, SlotsPerDay: T, MorningSlots: A,
		Fairness: d, RequireAll: true, Venues: []Venue{{ID: "v1"}}}
	in.Participants = make([]Participant, P)
	forb := make([]bool, P*T)
	for p := range in.Participants {
		in.Participants[p].ID = strconv.Itoa(p + 1)
		if rng.Float64() < 0.30 {
			t := rng.IntN(T)
			forb[p*T+t] = true
			in.Participants[p].Forbidden = []int{t + 1}
		}
	}
	in.Tables = make([]Table, L)
	for i := range in.Tables {
		in.Tables[i].ID = strconv.Itoa(i + 1)
	}
	ses := make([]Session, P)
	for p := range ses {
		switch x := rng.Float64(); {
		case x < 0.6:
			ses[p] = Morning
		case x < 0.7:
			ses[p] = Afternoon
		}
	}
	usable := func(p int, se Session) []int {
		var ts []int
		for t := 0; t < T; t++ {
			if !forb[p*T+t] && in.sessionOK(se, t) {
				ts = append(ts, t)
			}
		}
		return ts
	}
	scale := float64(2*s.Meetings) / float64(2*154) * float64(70) / float64(P)
	deg := make([]int, P)
	sum := 0
	for p := range deg {
		deg[p] = max(1, int(math.Round(float64(forum13[rng.IntN(len(forum13))])*scale)))
		if deg[p] > len(usable(p, ses[p])) {
			ses[p] = AnySession
		}
		deg[p] = min(deg[p], len(usable(p, ses[p])))
		sum += deg[p]
	}
	for sum != 2*s.Meetings {
		p := rng.IntN(P)
		if sum > 2*s.Meetings && deg[p] > 1 {
			deg[p]--
			sum--
		} else if sum < 2*s.Meetings && deg[p] < len(usable(p, ses[p])) {
			deg[p]++
			sum++
		}
	}
	busy := make([][]int, T)
	for p := range deg {
		ts := usable(p, ses[p])
		rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
		for _, t := range ts[:deg[p]] {
			busy[t] = append(busy[t], p)
		}
	}
	pairBySlot(rng, busy, L, func(p, q int) {
		se := ses[p]
		if rng.IntN(2) == 0 {
			se = ses[q]
		}
		in.Meetings = append(in.Meetings, Meeting{ID: strconv.Itoa(len(in.Meetings) + 1), Participants: []int{p, q}, Session: se})
	})
	return in
}
