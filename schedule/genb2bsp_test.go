package schedule

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestGenerateB2BSP: every shape's instances are valid, have their meetings, round-trip
// through the dzn format, and come out the same for a seed.
func TestGenerateB2BSP(t *testing.T) {
	dir := os.Getenv("PASSERELLE_GEN_DIR") // set: write the instances there as .dzn
	var shapes []B2BSPShape
	for _, sh := range B2BSPShapes {
		old := sh
		old.Pareto = true
		shapes = append(shapes, sh, old)
	}
	for _, sh := range shapes {
		for _, seed := range append(slices.Clone(UnseenTuneSeeds), UnseenHeldOutSeeds...) {
			in := GenerateB2BSP(sh, seed, 2)
			if err := in.Validate(); err != nil {
				t.Fatalf("%s: %v", in.Name, err)
			}
			if len(in.Meetings) != sh.Meetings {
				t.Errorf("%s: %d meetings, want %d", in.Name, len(in.Meetings), sh.Meetings)
			}
			var b bytes.Buffer
			if err := WriteDZN(&b, in); err != nil {
				t.Fatal(err)
			}
			back, err := ReadDZN(bytes.NewReader(b.Bytes()), 2)
			if err != nil {
				t.Fatalf("%s: %v\n%s", in.Name, err, b.String())
			}
			if len(back.Meetings) != len(in.Meetings) || back.MorningSlots != in.MorningSlots {
				t.Fatalf("%s: round trip differs", in.Name)
			}
			var b2 bytes.Buffer
			if err := WriteDZN(&b2, GenerateB2BSP(sh, seed, 2)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), b2.Bytes()) {
				t.Fatalf("%s: not deterministic", in.Name)
			}
			if dir != "" {
				if err := os.WriteFile(filepath.Join(dir, in.Name+".dzn"), b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestRequestCounts checks the two-session request profile of the shared files: a third
// of the requesters ask for 1–4 meetings, the others from the largest down to about a
// third of it, all together about the meetings asked for; in the generated instances,
// a quarter to a half of the requesters end with 4 or fewer, where the first
// generator's profile (Pareto shapes) gives at most a fifth.
func TestRequestCounts(t *testing.T) {
	for _, c := range []struct{ nr, meetings int }{{27, 195}, {28, 302}, {32, 240}, {25, 154}, {2, 10}} {
		for seed := uint64(1); seed <= 8; seed++ {
			ks := requestCounts(rand.New(rand.NewPCG(seed, 1)), c.nr, c.meetings)
			occ, sum := 0, 0
			for i, k := range ks {
				sum += k
				if k <= 4 {
					occ++
				}
				if k < 1 || i > 0 && k > ks[i-1] && ks[i-1] > 4 {
					t.Fatalf("%d requesters, %d meetings, seed %d: counts %v not largest first", c.nr, c.meetings, seed, ks)
				}
			}
			active := ks[:len(ks)-int(math.Round(0.36*float64(c.nr)))]
			ratio := float64(active[0]) / float64(active[len(active)-1])
			if len(ks) != c.nr || occ*3 < c.nr-1 || sum < c.meetings-c.nr/2 || sum > c.meetings+c.nr/2 ||
				len(active) > 2 && (ratio < 2 || ratio > 5) {
				t.Errorf("%d requesters, %d meetings, seed %d: counts %v (sum %d, %d of 4 or fewer, largest / smallest active %.1f)",
					c.nr, c.meetings, seed, ks, sum, occ, ratio)
			}
		}
	}
	for _, sh := range B2BSPShapes {
		if sh.AM == sh.Slots {
			continue
		}
		for _, pareto := range []bool{false, true} {
			sh.Pareto = pareto
			for _, seed := range UnseenTuneSeeds {
				in := GenerateB2BSP(sh, seed, 2)
				asks := map[int]int{}
				for _, m := range in.Meetings {
					asks[m.Participants[0]]++
				}
				small := 0
				for _, n := range asks {
					if n <= 4 {
						small++
					}
				}
				share := float64(small) / float64(len(asks))
				if pareto && share > 0.2 || !pareto && (share < 0.25 || share > 0.5) {
					t.Errorf("%s: %d of %d requesters ask for 4 meetings or fewer", in.Name, small, len(asks))
				}
			}
		}
	}
}

// TestHungarian checks the assignment solver against every permutation on small random
// matrices.
func TestHungarian(t *testing.T) {
	rng := uint64(7)
	next := func(n int) int { rng = rng*6364136223846793005 + 1442695040888963407; return int(rng>>33) % n }
	for trial := 0; trial < 200; trial++ {
		n := 1 + next(5)
		c := make([]int, n*n)
		for i := range c {
			c[i] = next(10)
		}
		got, asg := hungarian(c, n)
		sum := 0
		for i, j := range asg {
			sum += c[i*n+j]
		}
		want := 1 << 30
		perm := make([]int, n)
		var rec func(i int, used int, s int)
		rec = func(i, used, s int) {
			if i == n {
				want = min(want, s)
				return
			}
			for j := 0; j < n; j++ {
				if used&(1<<j) == 0 {
					perm[i] = j
					rec(i+1, used|1<<j, s+c[i*n+j])
				}
			}
		}
		rec(0, 0, 0)
		if got != want || sum != got {
			t.Fatalf("n=%d %v: got %d (sum %d), want %d", n, c, got, sum, want)
		}
	}
}

// TestCompact: a person whose two meetings sit apart gets them side by side, and the
// annealer's counts stay consistent (recompute agrees).
func TestCompact(t *testing.T) {
	in := &Instance{Days: 1, SlotsPerDay: 5, MorningSlots: 5, Fairness: -1, RequireAll: true, Venues: []Venue{{ID: "v"}},
		Tables:       []Table{{ID: "t1"}, {ID: "t2"}},
		Participants: []Participant{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}},
		Meetings: []Meeting{{ID: "1", Participants: []int{0, 1}}, {ID: "2", Participants: []int{0, 2}},
			{ID: "3", Participants: []int{2, 3}}}}
	pr := compile(in)
	a := newAnnealer(pr, rand.New(rand.NewPCG(1, 1)), -1)
	a.init([]int32{0, 3, 4}) // a: slots 1 and 4 (a break); c: 4 and 5
	if a.hard != 0 || a.soft != 1 {
		t.Fatalf("start: hard %d soft %d", a.hard, a.soft)
	}
	if !a.compact(0) {
		t.Fatal("compact found nothing")
	}
	h, s := a.hard, a.soft
	a.recompute()
	if a.hard != h || a.soft != s || s != 0 || a.hard != 0 {
		t.Fatalf("after: hard %d soft %d, recomputed %d %d; slots %v", h, s, a.hard, a.soft, a.slot)
	}
}
