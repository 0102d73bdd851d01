package schedule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// GenConfig describes a synthetic partnering event.
type GenConfig struct {
	Participants int
	Meetings     int
	Days         int
	SlotsPerDay  int
	Tables       int
	Venues       int // 0 or 1: one venue
	Seed         uint64
	Fairness     int // -1 for none
}

// Generate makes a synthetic event: popular participants draw more requests (a Zipf-like
// popularity), about one participant in ten arrives late or leaves early, a few meetings
// are morning- or afternoon-only, a few have three participants, priorities 1–3. It never
// gives a participant more requests than slots it can attend.
func Generate(c GenConfig) *Instance {
	rng := rand.New(rand.NewPCG(c.Seed, 0xb2b))
	if c.Days < 1 {
		c.Days = 1
	}
	if c.SlotsPerDay < 1 {
		c.SlotsPerDay = 8
	}
	T := c.Days * c.SlotsPerDay
	in := &Instance{Name: fmt.Sprintf("synthetic-%d-%d-seed%d", c.Participants, c.Meetings, c.Seed),
		Days: c.Days, SlotsPerDay: c.SlotsPerDay, MorningSlots: c.SlotsPerDay / 2, Fairness: c.Fairness}
	nv := c.Venues
	if nv < 1 {
		nv = 1
	}
	for v := 0; v < nv; v++ {
		in.Venues = append(in.Venues, Venue{ID: fmt.Sprintf("v%d", v+1), Name: fmt.Sprintf("Venue %d", v+1)})
	}
	if nv > 1 {
		in.Travel = make([][]int, nv)
		for a := range in.Travel {
			in.Travel[a] = make([]int, nv)
			for b := range in.Travel[a] {
				if a != b {
					in.Travel[a][b] = 1
				}
			}
		}
	}
	for t := 0; t < c.Tables; t++ {
		in.Tables = append(in.Tables, Table{ID: fmt.Sprintf("t%d", t+1), Venue: t * nv / max(c.Tables, 1)})
	}
	P := c.Participants
	in.Participants = make([]Participant, P)
	capSlots := make([]int, P)
	weight := make([]float64, P)
	for p := range in.Participants {
		pp := &in.Participants[p]
		pp.ID = fmt.Sprintf("p%d", p+1)
		pp.Organisations = []string{fmt.Sprintf("org%d", p+1)}
		switch r := rng.IntN(20); {
		case r == 0: // arrives late: misses the first half-day or day
			n := c.SlotsPerDay / 2 * (1 + rng.IntN(2))
			for s := 1; s <= n && s <= T; s++ {
				pp.Forbidden = append(pp.Forbidden, s)
			}
		case r == 1: // leaves early
			n := c.SlotsPerDay / 2 * (1 + rng.IntN(2))
			for s := T - n + 1; s <= T; s++ {
				if s >= 1 {
					pp.Forbidden = append(pp.Forbidden, s)
				}
			}
		}
		capSlots[p] = (T - len(pp.Forbidden)) * 3 / 4
		weight[p] = 1 / math.Pow(float64(p+1), 0.6)
	}
	rng.Shuffle(P, func(i, j int) { weight[i], weight[j] = weight[j], weight[i] })
	cum := make([]float64, P)
	s := 0.0
	for p, w := range weight {
		s += w
		cum[p] = s
	}
	draw := func() int {
		x := rng.Float64() * s
		return min(sort.SearchFloat64s(cum, x), P-1)
	}
	deg := make([]int, P)
	seen := map[[2]int]bool{}
	for tries := 0; len(in.Meetings) < c.Meetings && tries < 50*c.Meetings+1000 && P >= 2; tries++ {
		a, b := draw(), draw()
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] || deg[a] >= capSlots[a] || deg[b] >= capSlots[b] {
			continue
		}
		seen[[2]int{a, b}] = true
		ps := []int{a, b}
		if rng.IntN(50) == 0 { // a colleague joins
			if x := draw(); x != a && x != b && deg[x] < capSlots[x] {
				ps = append(ps, x)
			}
		}
		m := Meeting{ID: fmt.Sprintf("m%d", len(in.Meetings)+1), Participants: ps, Priority: 1 + rng.IntN(3)}
		switch rng.IntN(20) {
		case 0:
			m.Session = Morning
		case 1:
			m.Session = Afternoon
		}
		for _, p := range ps {
			deg[p]++
		}
		in.Meetings = append(in.Meetings, m)
	}
	return in
}
