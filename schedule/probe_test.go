package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestSatProbe: every literal that probing sets at the root holds in every model of
// the formula, probing refutes only unsatisfiable formulas, and the search after it
// answers as brute force does, whatever the budget (a small one stops mid-round).
func TestSatProbe(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	found := 0
	for iter := 0; iter < 3000; iter++ {
		n := 3 + rng.IntN(10)
		s := newSat()
		for i := 0; i < n; i++ {
			s.newVar()
		}
		cls := addRandomClauses(rng, s, n, n*(2+rng.IntN(3)), 3)
		want := bruteSat(n, cls)
		budget := int64(1 + rng.IntN(40))
		if iter%2 == 0 {
			budget = 1 << 30
		}
		root := len(s.trail)
		found += s.probe(budget)
		if s.unsat && want {
			t.Fatalf("iter %d: probing refuted a satisfiable formula", iter)
		}
		if !s.unsat {
			for _, l := range s.trail[root:] {
				// l must hold in every model: the formula with its negation has none.
				if want && bruteSat(n, append(append([][]lit(nil), cls...), []lit{l.not()})) {
					t.Fatalf("iter %d: probing set %v, which some model does not", iter, l)
				}
			}
		}
		got := s.solve()
		if (got == satSat) != want {
			t.Fatalf("iter %d: got %v want sat=%v", iter, got, want)
		}
		if got == satSat && violated(s, cls) >= 0 {
			t.Fatalf("iter %d: model violates a clause", iter)
		}
	}
	if found == 0 {
		t.Fatal("no failed literal in 3,000 formulas: the test tests nothing")
	}
}

// TestProbeRace: the race with probing reaches the optimum the race without it
// proves, on a generated two-session day.
func TestProbeRace(t *testing.T) {
	in := GenerateB2BSP(B2BSPShapes[2], 9, 2) // 2s-78p-302m
	var o Options
	if err := o.Tune("probe"); err != nil {
		t.Fatal(err)
	}
	o.TimeLimit = 30 * time.Second
	with := solveChecked(t, in, o)
	without := solveChecked(t, in, Options{TimeLimit: 30 * time.Second})
	if with.Status != Optimal || without.Status != Optimal || with.Breaks != without.Breaks {
		t.Fatalf("with probing %s %d breaks, without %s %d", with.Status, with.Breaks, without.Status, without.Breaks)
	}
}
