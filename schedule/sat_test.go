package schedule

import (
	"math/rand/v2"
	"testing"
)

// bruteSat decides a small CNF by enumeration.
func bruteSat(n int, cls [][]lit) bool {
	for a := 0; a < 1<<n; a++ {
		ok := true
		for _, c := range cls {
			sat := false
			for _, l := range c {
				val := a>>l.v()&1 == 1
				if val != l.sign() {
					sat = true
					break
				}
			}
			if !sat {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestSatAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 3000; iter++ {
		n := 3 + rng.IntN(10)
		nc := n * (2 + rng.IntN(4))
		var cls [][]lit
		s := newSat()
		for i := 0; i < n; i++ {
			s.newVar()
		}
		for i := 0; i < nc; i++ {
			k := 1 + rng.IntN(3)
			var c []lit
			for j := 0; j < k; j++ {
				c = append(c, mkLit(rng.IntN(n), rng.IntN(2) == 0))
			}
			cls = append(cls, c)
			s.addClause(c...)
		}
		want := bruteSat(n, cls)
		got := s.solve()
		if (got == satSat) != want {
			t.Fatalf("iter %d: got %v want sat=%v", iter, got, want)
		}
		if got == satSat {
			for _, c := range cls {
				ok := false
				for _, l := range c {
					if s.model(l.v()) != l.sign() {
						ok = true
					}
				}
				if !ok {
					t.Fatalf("iter %d: model violates a clause", iter)
				}
			}
		}
	}
}

func TestSatPlanted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 20; iter++ {
		n := 50 + rng.IntN(100)
		plant := make([]bool, n)
		for i := range plant {
			plant[i] = rng.IntN(2) == 0
		}
		s := newSat()
		for i := 0; i < n; i++ {
			s.newVar()
		}
		var cls [][]lit
		for len(cls) < n*42/10 {
			var c []lit
			ok := false
			for j := 0; j < 3; j++ {
				l := mkLit(rng.IntN(n), rng.IntN(2) == 0)
				c = append(c, l)
				if plant[l.v()] != l.sign() {
					ok = true
				}
			}
			if ok {
				cls = append(cls, c)
				s.addClause(c...)
			}
		}
		if r := s.solve(); r != satSat {
			t.Fatalf("iter %d n %d: planted instance reported %v after %d conflicts", iter, n, r, s.Conflicts)
		}
		for _, c := range cls {
			ok := false
			for _, l := range c {
				if s.model(l.v()) != l.sign() {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("iter %d: bad model", iter)
			}
		}
	}
}
