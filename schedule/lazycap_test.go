package schedule

import (
	"fmt"
	"testing"
	"time"
)

// pairsOnOneTable is a day of slots slots at one table with n meetings between disjoint
// pairs: feasible exactly when n ≤ slots.
func pairsOnOneTable(n, slots int) *Instance {
	in := &Instance{Days: 1, SlotsPerDay: slots, MorningSlots: slots, Fairness: -1, RequireAll: true,
		Tables: []Table{{ID: "1"}}}
	for i := 0; i < n; i++ {
		in.Participants = append(in.Participants, Participant{ID: fmt.Sprint("a", i)}, Participant{ID: fmt.Sprint("b", i)})
		in.Meetings = append(in.Meetings, Meeting{ID: fmt.Sprint(i), Participants: []int{2 * i, 2*i + 1}})
	}
	return in
}

// TestLazyCapacityCounters: with every capacity counter left out of the model (lazycap=1),
// a model that overfills a slot is never returned as a schedule, and a day with more
// meetings than seats is still refuted, on both capacity encodings, with and without the
// auxiliary variables eliminated (the waiting counters' inputs are frozen: on the
// slot-count encoding some are auxiliary).
func TestLazyCapacityCounters(t *testing.T) {
	for _, tc := range []struct {
		meetings, slots int
		want            satResult
	}{
		{4, 4, satSat},
		{6, 4, satUnsat},
	} {
		for _, ve := range [][2]int{{0, 0}, {1, 0}, {0, elimClauseLimit}, {1, elimClauseLimit}} {
			variant, elim := ve[0], ve[1]
			t.Run(fmt.Sprintf("%d meetings in %d slots, encoding %d, elimination %d", tc.meetings, tc.slots, variant, elim), func(t *testing.T) {
				var o Options
				if err := o.Tune("lazycap=1"); err != nil {
					t.Fatal(err)
				}
				pr := compile(pairsOnOneTable(tc.meetings, tc.slots))
				sm := newSatModel(pr, -1, nil, variant, o.tune)
				if len(sm.lazy) == 0 {
					t.Fatal("no counter was left out")
				}
				if elim > 0 {
					sm.s.eliminate(sm.frozen(), elim)
				}
				r := sm.solve()
				if r != tc.want {
					t.Fatalf("result %v, want %v", r, tc.want)
				}
				if r != satSat {
					return
				}
				per := make([]int, tc.slots)
				for m, s := range sm.slots() {
					if s < 0 {
						t.Fatalf("meeting %d unplaced", m)
					}
					if per[s]++; per[s] > 1 {
						t.Fatalf("slot %d holds %d meetings at one table", s, per[s])
					}
				}
			})
		}
	}
}

// TestLazyCapacityRace: on an event-sized day where the tables do not bind, the models
// leave their counters out and the race still returns a schedule the checker accepts.
func TestLazyCapacityRace(t *testing.T) {
	in := Generate(GenConfig{Participants: 240, Meetings: 700, Days: 2, SlotsPerDay: 15, Tables: 40, Seed: 5, Fairness: -1})
	pr := compile(in)
	for variant := 0; variant < 2; variant++ {
		if sm := newSatModel(pr, pr.lowerBound(), nil, variant, tuning{}); len(sm.lazy) == 0 {
			t.Errorf("encoding %d: every counter built", variant)
		}
	}
	res := solveChecked(t, in, Options{TimeLimit: 20 * time.Second})
	if res.Placed != res.Requested {
		t.Fatalf("%d of %d placed", res.Placed, res.Requested)
	}
}
