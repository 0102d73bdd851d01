package schedule

import (
	"fmt"
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
		cls := addRandomClauses(rng, s, n, nc, 4)
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
		if ci := violated(s, cls); ci >= 0 {
			t.Fatalf("iter %d: the extended model violates clause %d %v (%d eliminated)", iter, ci, cls[ci], elim)
		}
	}
	if total == 0 {
		t.Fatal("nothing was eliminated")
	}
	t.Logf("%d variables eliminated in all", total)
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

// TestEliminateFrozen: on the slot-count encoding, meetings that share a participant are
// counted through an auxiliary literal per slot, which a waiting capacity counter reads
// when it is built. Frozen, it survives elimination, and four meetings of two such pairs
// of meetings are still refused two slots at one table.
func TestEliminateFrozen(t *testing.T) {
	for _, tc := range []struct {
		meetings, slots int
		want            satResult
	}{
		{4, 4, satSat},
		{4, 2, satUnsat},
		{4, 3, satUnsat},
	} {
		in := &Instance{Days: 1, SlotsPerDay: tc.slots, MorningSlots: tc.slots, Fairness: -1, RequireAll: true,
			Tables: []Table{{ID: "1"}}}
		for i := 0; i < 6; i++ {
			in.Participants = append(in.Participants, Participant{ID: fmt.Sprint("p", i)})
		}
		// a meets b and c; d meets e and f.
		for i, pq := range [][]int{{0, 1}, {0, 2}, {3, 4}, {3, 5}}[:tc.meetings] {
			in.Meetings = append(in.Meetings, Meeting{ID: fmt.Sprint(i), Participants: pq})
		}
		var o Options
		if err := o.Tune("lazycap=1"); err != nil {
			t.Fatal(err)
		}
		sm := newSatModel(compile(in), -1, nil, 1, o.tune)
		if len(sm.lazy) == 0 {
			t.Fatal("no counter was left out")
		}
		// Without the freeze the group literals go (they occur only positively) and the
		// counter built later bounds nothing: two slots then take all four meetings.
		sm.s.eliminate(sm.frozen(), elimClauseLimit)
		if r := sm.solve(); r != tc.want {
			t.Fatalf("%d meetings in %d slots: %v, want %v", tc.meetings, tc.slots, r, tc.want)
		}
	}
}

// TestEliminateAfterSearch: once clauses are learnt, elimination does nothing (it would
// drop them with the clause store).
func TestEliminateAfterSearch(t *testing.T) {
	const pigeons, holes = 7, 6
	s := newSat()
	for range pigeons * holes {
		s.newAux()
	}
	for _, c := range pigeonhole(pigeons, holes) {
		s.addClause(c...)
	}
	s.maxConflicts = 50
	if r := s.solve(); r != satUnknown {
		t.Fatalf("pigeonhole decided in 50 conflicts: %v", r)
	}
	if n := s.eliminate(nil, elimClauseLimit); n != 0 {
		t.Fatalf("%d variables eliminated after a search", n)
	}
	s.maxConflicts = 0
	if r := s.solve(); r != satUnsat {
		t.Fatalf("pigeonhole: %v", r)
	}
}
