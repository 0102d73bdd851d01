package schedule

import "math"

// capUnit is what one break is worth in capacityBound's integer prices: prices are
// multiples of 1/capUnit of a break, so that the bound is computed exactly.
const capUnit = 1024

// capacityBound is a lower bound on the breaks of every complete schedule, from the
// tables: the Lagrangian relaxation of "no slot holds more people than its tables seat".
//
// Alone, each participant would choose the busy slots that give them the fewest breaks
// (breakLB's programme); summed, these ask more of the crowded slots than their tables
// seat. With a price λ_t ≥ 0 on being busy in slot t, every complete schedule has
//
//	breaks = Σ_p (breaks_p + Σ_{t busy for p} λ_t) − Σ_t λ_t·busy_t
//	       ≥ Σ_p min over p's possible days of (breaks + prices) − Σ_t λ_t·seats_t,
//
// since busy_t ≤ seats_t. Any prices give a valid bound; a subgradient ascent raises them
// where too many want a slot. The SAT ladders cannot count this way: a day of ten slots
// nearly full (one-session events) makes them refute a pigeonhole, exponentially slowly,
// where this bound is the optimum at once (docs/scheduler-log.md, "Capacity bound").
//
// It needs one table per meeting and the same tables in every slot, as the race assumes;
// seats per slot are the tables times the most participants a meeting has. It stops at ub,
// a fair complete schedule's breaks (-1: none), which no bound can pass; after capGate
// steps if the bound has not risen above lb (where the tables are not what is tight, as on
// the two-session B2BSP days, it never does); or after capIters steps. It returns at least
// lb.
func (pr *problem) capacityBound(lb, ub int) int {
	if pr.tr != nil || pr.cap <= 0 || ub >= 0 && ub <= lb {
		return lb
	}
	T := pr.T
	size := 0
	for _, ps := range pr.mPart {
		size = max(size, len(ps))
	}
	seats := int64(pr.cap) * int64(size)
	ins := make([]lbInput, 0, pr.nP)
	for p := 0; p < pr.nP; p++ {
		if len(pr.pMeet[p]) > 0 {
			ins = append(ins, pr.lbInput(p))
		}
	}
	lam := make([]float64, T)
	price := make([]int64, T)
	busy := make([]bool, T)
	want := make([]int64, T)
	g := make([]float64, T)
	var sc dpScratch
	best := lb
	bestL := math.Inf(-1)
	// Steps of length theta in the direction of the subgradient: a price is worth breaks,
	// so a step of one break is the natural start whatever the event's size; theta halves
	// when capPatience steps bring nothing better.
	theta, still := 1.0, 0
	for it := 0; it < capIters && (it < capGate || best > lb); it++ {
		var sumPrice int64
		for t := range price {
			price[t] = int64(math.Round(lam[t] * capUnit))
			sumPrice += price[t]
			want[t] = 0
		}
		total := -seats * sumPrice
		for _, in := range ins {
			v := pr.slotDP(in, price, capUnit, busy, &sc)
			if v < 0 {
				return lb // someone cannot be placed at all: other checks report it
			}
			total += v
			for t, b := range busy {
				if b {
					want[t]++
				}
			}
		}
		// The bound is the smallest integer not below total/capUnit, exactly.
		if b := int(ceilDiv(total, capUnit)); b > best {
			best = b
			if ub >= 0 && best >= ub {
				return ub
			}
		}
		if L := float64(total) / capUnit; L > bestL+1e-9 {
			bestL, still = L, 0
		} else if still++; still >= capPatience {
			theta, still = theta/2, 0
		}
		var norm float64
		for t := range g {
			g[t] = float64(want[t] - seats)
			if lam[t] <= 0 && g[t] < 0 {
				g[t] = 0 // prices stay non-negative
			}
			norm += g[t] * g[t]
		}
		if norm == 0 {
			break // every slot within its seats: the relaxation's optimum is reached
		}
		step := theta / math.Sqrt(norm)
		for t := range lam {
			lam[t] = max(0, lam[t]+step*g[t])
		}
	}
	return best
}

// The ascent's budget. On the one-session B2BSP shapes the bound reaches the optimum of
// the relaxation (checked against an integer programme) within about 110 steps, and first
// rises within 35 (docs/scheduler-log.md, "Capacity bound").
const (
	capIters    = 150
	capGate     = 40
	capPatience = 10
)

// ceilDiv is ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}
