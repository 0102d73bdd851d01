package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestSatEliminate: on random formulas in which half the variables are auxiliary,
// elimination keeps the answer (against enumeration), leaves a sound clause store, and
// a model extended to the eliminated variables satisfies every original clause. Frozen
// variables are never eliminated.
func TestSatEliminate(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	total := 0
	for iter := 0; iter < 3000; iter++ {
		n := 4 + rng.IntN(10)
		nc := n * (1 + rng.IntN(4))
		s := newSat()
		frozen := make([]bool, n)
		for i := 0; i < n; i++ {
			if rng.IntN(2) == 0 {
				s.newAux()
				frozen[i] = rng.IntN(4) == 0
			} else {
				s.newVar()
			}
		}
		var cls [][]lit
		for i := 0; i < nc; i++ {
			k := 1 + rng.IntN(4)
			var c []lit
			for j := 0; j < k; j++ {
				c = append(c, mkLit(rng.IntN(n), rng.IntN(2) == 0))
			}
			cls = append(cls, c)
			s.addClause(c...)
		}
		want := bruteSat(n, cls)
		elim := s.eliminate(frozen, 1+rng.IntN(6))
		total += elim
		for _, v := range s.eliminated {
			if frozen[v] || !s.aux[v] {
				t.Fatalf("iter %d: variable %d eliminated (frozen %v, aux %v)", iter, v, frozen[v], s.aux[v])
			}
		}
		if !s.unsat {
			checkSatStore(t, s)
		}
		got := s.solve()
		if (got == satSat) != want {
			t.Fatalf("iter %d: got %v want sat=%v (%d eliminated)", iter, got, want, elim)
		}
		if got != satSat {
			continue
		}
		for ci, c := range cls {
			ok := false
			for _, l := range c {
				if s.model(l.v()) != l.sign() {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("iter %d: the extended model violates clause %d %v (%d eliminated)", iter, ci, c, elim)
			}
		}
	}
	if total == 0 {
		t.Fatal("nothing was eliminated")
	}
	t.Logf("%d variables eliminated in all", total)
}

// TestEliminateLazyCounters: the waiting capacity counters read the models' literals
// (auxiliary ones on the slot-count encoding), so they are frozen: with elimination, a
// model that overfills a slot still brings its counter in, on both encodings.
func TestEliminateLazyCounters(t *testing.T) {
	for _, tc := range []struct {
		meetings, slots int
		want            satResult
	}{
		{4, 4, satSat},
		{6, 4, satUnsat},
	} {
		for variant := 0; variant < 2; variant++ {
			var o Options
			if err := o.Tune("lazycap=1"); err != nil {
				t.Fatal(err)
			}
			pr := compile(pairsOnOneTable(tc.meetings, tc.slots))
			sm := newSatModel(pr, -1, nil, variant, o.tune)
			sm.s.eliminate(sm.frozen(), elimClauseLimit)
			if r := sm.solve(); r != tc.want {
				t.Fatalf("%d meetings in %d slots, encoding %d: %v, want %v", tc.meetings, tc.slots, variant, r, tc.want)
			}
		}
	}
}

// TestEliminateRace: with the ladders' auxiliary variables eliminated, the race proves
// the same optimum as without on generated B2BSP days of both kinds.
func TestEliminateRace(t *testing.T) {
	for _, name := range []string{"2s-78p-302m", "1s-47p-180m"} {
		var sh B2BSPShape
		for _, s := range B2BSPShapes {
			if s.Name == name {
				sh = s
			}
		}
		in := GenerateB2BSP(sh, 9, 2)
		var o Options
		if err := o.Tune("elim"); err != nil {
			t.Fatal(err)
		}
		o.TimeLimit = 30 * time.Second
		with := solveChecked(t, in, o)
		without := solveChecked(t, in, Options{TimeLimit: 30 * time.Second})
		if with.Status != Optimal || without.Status != Optimal || with.Breaks != without.Breaks {
			t.Fatalf("%s: with elimination %s %d breaks, without %s %d", name, with.Status, with.Breaks, without.Status, without.Breaks)
		}
	}
}
