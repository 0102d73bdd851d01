package schedule

import (
	"fmt"
	"testing"
	"time"
)

// TestGapMovesOnSeveralDays: on two-day events the annealer closes the last gaps within
// ten rounds because its gap-closing moves start at once; with them waiting for the stall
// (nogapdays, as before 2026-12-06) these two end at one break.
func TestGapMovesOnSeveralDays(t *testing.T) {
	for _, seed := range []uint64{3, 5} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			in := Generate(GenConfig{Participants: 240, Meetings: 700, Days: 2, SlotsPerDay: 15, Tables: 40, Seed: seed, Fairness: -1})
			var o Options
			if err := o.Tune("rounds=10"); err != nil {
				t.Fatal(err)
			}
			o.TimeLimit = time.Minute
			res := solveChecked(t, in, o)
			if res.Status != Optimal || res.Breaks != 0 || res.Placed != res.Requested {
				t.Fatalf("%s, %d of %d placed, %d breaks; want all placed without a break", res.Status, res.Placed, res.Requested, res.Breaks)
			}
		})
	}
}
