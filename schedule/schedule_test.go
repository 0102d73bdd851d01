package schedule

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// tiny is a hand-made instance touching every constraint: two days of four slots (two
// morning), two venues one slot apart, two tables, four people.
func tiny() *Instance {
	return &Instance{
		Name: "tiny", Days: 2, SlotsPerDay: 4, MorningSlots: 2, Fairness: 1,
		Venues: []Venue{{ID: "a"}, {ID: "b"}}, Travel: [][]int{{0, 1}, {1, 0}},
		Tables:       []Table{{ID: "t1", Venue: 0}, {ID: "t2", Venue: 1}},
		Participants: []Participant{{ID: "p1"}, {ID: "p2", Forbidden: []int{1}}, {ID: "p3"}, {ID: "p4"}},
		Meetings: []Meeting{
			{ID: "m1", Participants: []int{0, 1}},                        // 0
			{ID: "m2", Participants: []int{0, 2}, Session: Morning},      // 1
			{ID: "m3", Participants: []int{2, 3}, Session: Afternoon},    // 2
			{ID: "m4", Participants: []int{1, 3}, Fixed: 6},              // 3
			{ID: "m5", Participants: []int{0, 3}, After: []int{0}},       // 4
			{ID: "m6", Participants: []int{1, 2, 3}, Session: Afternoon}, // 5
		},
	}
}

// valid is a schedule of tiny that satisfies every constraint.
var validTiny = Solution{Slot: []int{2, 1, 3, 6, 4, 7}, Table: []int{1, 1, 2, 1, 2, 1}}

func TestCheckerAcceptsValid(t *testing.T) {
	if r := Check(tiny(), validTiny); !r.Valid() {
		t.Fatalf("valid schedule rejected: %v", r.Violations)
	}
}

func TestCheckerRejectsEachViolation(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *Instance, s *Solution)
		want string
	}{
		{"person twice in a slot", func(in *Instance, s *Solution) { s.Slot[1] = 2; s.Table[1] = 2 }, "both at slot"},
		{"table used twice", func(in *Instance, s *Solution) { s.Slot[2] = 4; s.Table[2] = 2 }, "table 2: meetings"},
		{"more meetings than tables", func(in *Instance, s *Solution) { in.Tables = in.Tables[:1]; s.Table = nil; s.Slot[2] = 4 }, "meetings for 1 tables"},
		{"forbidden slot", func(in *Instance, s *Solution) { s.Slot[0] = 1; s.Slot[1] = 2 }, "unavailable"},
		{"morning only", func(in *Instance, s *Solution) { s.Slot[1] = 4; s.Table[1] = 2 }, "morning only"},
		{"afternoon only", func(in *Instance, s *Solution) { s.Slot[2] = 1; s.Table[2] = 2 }, "afternoon only"},
		{"fixed slot", func(in *Instance, s *Solution) { s.Slot[3] = 5 }, "fixed to slot"},
		{"precedence", func(in *Instance, s *Solution) { s.Slot[4] = 1; s.Slot[1] = 3; s.Table[4] = 2 }, "precedence"},
		{"travel", func(in *Instance, s *Solution) { s.Table[0] = 2; s.Table[2] = 1 }, "travel needs"},
		{"venue not allowed", func(in *Instance, s *Solution) { in.Meetings[0].Venues = []int{1} }, "venue the meeting may not use"},
		{"fairness", func(in *Instance, s *Solution) { in.Fairness = 0; s.Slot[0] = 4; s.Slot[4] = 0 }, "fairness"},
		{"required meeting missing", func(in *Instance, s *Solution) { in.RequireAll = true; s.Slot[5] = 0; s.Table[5] = 0 }, "not placed"},
		{"slot out of range", func(in *Instance, s *Solution) { s.Slot[0] = 9 }, "not in 1..8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tiny()
			s := Solution{Slot: append([]int(nil), validTiny.Slot...), Table: append([]int(nil), validTiny.Table...)}
			tc.edit(in, &s)
			r := Check(in, s)
			found := false
			for _, v := range r.Violations {
				if strings.Contains(v, tc.want) {
					found = true
				}
			}
			if !found {
				t.Fatalf("want a violation containing %q, got %v", tc.want, r.Violations)
			}
		})
	}
}

func TestCheckerCountsBreaksPerDay(t *testing.T) {
	in := tiny()
	in.Fairness = -1
	// p1: slots 1 and 3 on day 1 (one break), p4: 3 and 6 on different days (none).
	s := Solution{Slot: []int{3, 1, 0, 6, 0, 0}}
	r := Check(in, s)
	if r.Breaks != 1 || r.PerPerson[0] != 1 || r.PerPerson[3] != 0 {
		t.Fatalf("breaks %d per person %v", r.Breaks, r.PerPerson)
	}
}

func solveChecked(t *testing.T, in *Instance, opt Options) *Result {
	t.Helper()
	if opt.TimeLimit == 0 {
		opt.TimeLimit = 20 * time.Second
	}
	res, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status == Infeasible || res.Status == Unknown {
		return res
	}
	r := Check(in, res.Solution)
	if !r.Valid() {
		t.Fatalf("checker rejects the solver's schedule: %v", r.Violations)
	}
	if r.Breaks != res.Breaks || r.Placed != res.Placed {
		t.Fatalf("solver says %d placed %d breaks, checker %d and %d", res.Placed, res.Breaks, r.Placed, r.Breaks)
	}
	return res
}

func TestSolverRespectsEachConstraint(t *testing.T) {
	tests := []struct {
		name    string
		gen     func() *Instance
		percent int // placed share expected at least
	}{
		{"tiny with every constraint", tiny, 95},
		{"synthetic small", func() *Instance {
			return Generate(GenConfig{Participants: 30, Meetings: 60, Days: 1, SlotsPerDay: 10, Tables: 8, Seed: 1, Fairness: 2})
		}, 95},
		{"synthetic two venues", func() *Instance {
			return Generate(GenConfig{Participants: 80, Meetings: 200, Days: 2, SlotsPerDay: 8, Tables: 16, Venues: 2, Seed: 2, Fairness: -1})
		}, 99},
		{"fixed and precedences", func() *Instance {
			in := Generate(GenConfig{Participants: 40, Meetings: 90, Days: 1, SlotsPerDay: 12, Tables: 10, Seed: 3, Fairness: 2})
			in.Meetings[0].Fixed, in.Meetings[0].Session = 5, AnySession
			in.Meetings[2].After = []int{1}
			in.Meetings[4].After = []int{2, 3}
			return in
		}, 95},
		{"medium", func() *Instance {
			return Generate(GenConfig{Participants: 600, Meetings: 2000, Days: 2, SlotsPerDay: 12, Tables: 100, Seed: 4, Fairness: -1})
		}, 95},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.gen()
			res := solveChecked(t, in, Options{Seed: 1})
			if res.Status == Unknown || res.Status == Infeasible {
				t.Fatalf("status %s on a feasible instance", res.Status)
			}
			if res.Placed < len(in.Meetings)*tc.percent/100 {
				t.Fatalf("placed %d of %d", res.Placed, len(in.Meetings))
			}
			for _, u := range res.Unplaced {
				if u.Reason == "" {
					t.Fatalf("meeting %d unplaced without a reason", u.Meeting)
				}
			}
		})
	}
}

// A dzn instance written here: 4 people, 3 slots, each person in 2 meetings.
const smallDZN = `% a ring of four
nBusiness = 4;
nMeetings = 4;
nTables = 2;
nTotalSlots = 3;
nMorningSlots = 3;
requested = [|1, 2, 3
|2, 3, 3
|3, 4, 3
|4, 1, 3|];
meetingsxBusiness = [{1, 2, 5}, {1, 2, 3}, {1, 3, 4}, {1, 4, 5}];
nMeetingsBusiness = [2, 2, 2, 2];
forbidden = [{0}, {}, {}, {}];
fixed = [0, 0, 0, 0];
precedences = [{}, {}, {}, {}];
`

func TestReadDZNAndProve(t *testing.T) {
	in, err := ReadDZN(strings.NewReader(smallDZN), 2)
	if err != nil {
		t.Fatal(err)
	}
	res := solveChecked(t, in, Options{})
	if res.Status != Optimal || res.Breaks != 0 {
		t.Fatalf("status %s breaks %d, want optimal 0", res.Status, res.Breaks)
	}
}

func TestInfeasibleIsProven(t *testing.T) {
	in, _ := ReadDZN(strings.NewReader(strings.Replace(smallDZN, "fixed = [0, 0, 0, 0]", "fixed = [1, 1, 0, 0]", 1)), 2)
	res, err := Solve(context.Background(), in, Options{TimeLimit: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Infeasible {
		t.Fatalf("status %s, want infeasible (person 2 fixed twice in slot 1)", res.Status)
	}
}

// TestFairnessZero: three people meeting pairwise at one table in four slots, so one of
// them has a break, and a fourth meeting whose people cannot have one. With d = 0 nobody
// may differ, so no schedule exists; with d = 1 one break is optimal.
func TestFairnessZero(t *testing.T) {
	for _, tc := range []struct {
		d      int
		status Status
		breaks int
	}{{0, Infeasible, -1}, {1, Optimal, 1}} {
		in := &Instance{Name: "triangle", Days: 1, SlotsPerDay: 4, MorningSlots: 4, Fairness: tc.d, RequireAll: true,
			Tables:       []Table{{ID: "t1"}},
			Participants: []Participant{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}},
			Meetings: []Meeting{{ID: "ab", Participants: []int{0, 1}}, {ID: "ac", Participants: []int{0, 2}},
				{ID: "bc", Participants: []int{1, 2}}, {ID: "de", Participants: []int{3, 4}}}}
		res := solveChecked(t, in, Options{TimeLimit: 20 * time.Second})
		if res.Status != tc.status || tc.breaks >= 0 && res.Breaks != tc.breaks {
			t.Fatalf("d=%d: status %s with %d breaks, want %s", tc.d, res.Status, res.Breaks, tc.status)
		}
	}
}

// TestOverbookedIsInfeasible gives person 1 two meetings and one slot: a pigeonhole the
// SAT search refutes slowly, proven at once by matching; the rest is still scheduled.
func TestOverbookedIsInfeasible(t *testing.T) {
	in, err := ReadDZN(strings.NewReader(strings.Replace(smallDZN, "forbidden = [{0}", "forbidden = [{1, 2}", 1)), 2)
	if err != nil {
		t.Fatal(err)
	}
	res := solveChecked(t, in, Options{TimeLimit: 20 * time.Second})
	if res.Status != Infeasible || res.Placed != 3 {
		t.Fatalf("status %s with %d placed, want infeasible with 3", res.Status, res.Placed)
	}
	if len(res.Unplaced) != 1 || !strings.Contains(res.Unplaced[0].Reason, "participant 1 has 2 requested meetings") {
		t.Fatalf("unplaced %+v, want one naming participant 1", res.Unplaced)
	}
}

// TestTooFewTablesIsInfeasible has more meetings than the tables of the slots they may
// use, though nobody is overbooked: a capacity matching proves it at once.
func TestTooFewTablesIsInfeasible(t *testing.T) {
	pairs := func(n int, s Session) *Instance {
		in := &Instance{Name: "pairs", Days: 1, SlotsPerDay: 4, MorningSlots: 2, Fairness: -1, RequireAll: true,
			Tables: []Table{{ID: "t1"}, {ID: "t2"}}}
		for i := 0; i < n; i++ {
			in.Participants = append(in.Participants, Participant{ID: fmt.Sprintf("a%d", i)}, Participant{ID: fmt.Sprintf("b%d", i)})
			in.Meetings = append(in.Meetings, Meeting{ID: fmt.Sprintf("m%d", i), Participants: []int{2 * i, 2*i + 1}, Session: s})
		}
		return in
	}
	tests := []struct {
		name   string
		in     *Instance
		placed int
		status Status
	}{
		{"nine meetings, eight table slots", pairs(9, AnySession), 8, Infeasible},
		{"five morning meetings, four morning table slots", pairs(5, Morning), 4, Infeasible},
		{"four morning meetings fit", pairs(4, Morning), 4, Optimal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := solveChecked(t, tc.in, Options{TimeLimit: 20 * time.Second})
			if res.Status != tc.status || res.Placed != tc.placed {
				t.Fatalf("status %s with %d placed, want %s with %d", res.Status, res.Placed, tc.status, tc.placed)
			}
			for _, u := range res.Unplaced {
				if want := fmt.Sprintf("at most %d of the %d", tc.placed, len(tc.in.Meetings)); !strings.Contains(u.Reason, want) {
					t.Fatalf("reason %q, want %q", u.Reason, want)
				}
			}
		})
	}
}

func TestBreakOptimumProven(t *testing.T) {
	// Person 1 has three meetings and slot 2 forbidden: one break is unavoidable.
	src := strings.NewReplacer("forbidden = [{0}", "forbidden = [{2}").Replace(smallDZN)
	src = strings.Replace(src, "nTotalSlots = 3;\nnMorningSlots = 3;", "nTotalSlots = 4;\nnMorningSlots = 4;", 1)
	src = strings.Replace(src, "|4, 1, 3|];", "|4, 1, 3\n|1, 3, 3|];", 1)
	src = strings.Replace(src, "nMeetings = 4;", "nMeetings = 5;", 1)
	src = strings.Replace(src, "fixed = [0, 0, 0, 0]", "fixed = [0, 0, 0, 0, 0]", 1)
	src = strings.Replace(src, "precedences = [{}, {}, {}, {}]", "precedences = [{}, {}, {}, {}, {}]", 1)
	src = strings.Replace(src, "nMeetingsBusiness = [2, 2, 2, 2];", "", 1)
	in, err := ReadDZN(strings.NewReader(src), 2)
	if err != nil {
		t.Fatal(err)
	}
	res := solveChecked(t, in, Options{})
	if res.Status != Optimal || res.Breaks != 1 {
		t.Fatalf("status %s breaks %d, want optimal 1", res.Status, res.Breaks)
	}
}

// TestPrecedenceAgainstIndexOrder has each meeting of the ring come after the next one in
// input order, so a schedule exists only with slots in reverse index order: a solver that
// rebuilds schedules in index order would drop the whole chain.
func TestPrecedenceAgainstIndexOrder(t *testing.T) {
	src := strings.Replace(smallDZN, "nTotalSlots = 3;\nnMorningSlots = 3;", "nTotalSlots = 4;\nnMorningSlots = 4;", 1)
	src = strings.Replace(src, "precedences = [{}, {}, {}, {}]", "precedences = [{2}, {3}, {4}, {}]", 1)
	in, err := ReadDZN(strings.NewReader(src), 2)
	if err != nil {
		t.Fatal(err)
	}
	res := solveChecked(t, in, Options{TimeLimit: 10 * time.Second})
	if res.Status != Optimal || res.Placed != 4 {
		t.Fatalf("status %s, %d placed, want optimal with all 4", res.Status, res.Placed)
	}
	rr, err := Repair(context.Background(), in, res.Solution, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rr.Moved != 0 {
		t.Fatalf("repair with nothing changed moved %d meetings", rr.Moved)
	}
}

func TestPrecedenceErrors(t *testing.T) {
	tests := []struct {
		name  string
		after [][]int // per meeting of the ring, 0-based
		want  string
	}{
		{"itself", [][]int{{0}, nil, nil, nil}, "meeting 1: precedence on meeting 1 out of range"},
		{"two-cycle", [][]int{{1}, {0}, nil, nil}, "meeting 1: precedences form a cycle (1 after 2 after 1)"},
		{"three-cycle", [][]int{nil, {2}, {3}, {1}}, "meeting 2: precedences form a cycle (2 after 3 after 4 after 2)"},
		{"chain", [][]int{{1}, {2}, {3}, nil}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := ReadDZN(strings.NewReader(smallDZN), 2)
			if err != nil {
				t.Fatal(err)
			}
			for m, a := range tc.after {
				in.Meetings[m].After = a
			}
			err = in.Validate()
			if got := fmt.Sprint(err); tc.want == "" && err != nil || tc.want != "" && got != tc.want {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestReadDZNErrorsNameLineAndField(t *testing.T) {
	tests := []struct{ src, want string }{
		{strings.Replace(smallDZN, "|2, 3, 3", "|2, 3", 1), "line 8: requested: expected 3 numbers per row"},
		{strings.Replace(smallDZN, "nTables = 2;", "nTables = x;", 1), "line 4: nTables"},
		{strings.Replace(smallDZN, "fixed = [0, 0, 0, 0]", "fixed = [0, 0, 0]", 1), "fixed: expected 4 numbers"},
		{strings.Replace(smallDZN, "forbidden = [{0}, {}, {}, {}]", "forbidden = [{9}, {}, {}, {}]", 1), "forbidden: slot 9"},
	}
	for _, tc := range tests {
		_, err := ReadDZN(strings.NewReader(tc.src), 2)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := tiny()
	in.Meetings[3].Venues = []int{0}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Meetings) != len(in.Meetings) || back.Meetings[4].After[0] != 0 || back.Meetings[5].Session != Afternoon ||
		back.Travel[0][1] != 1 || back.Tables[1].Venue != 1 || back.Fairness != 1 || len(back.Meetings[3].Venues) != 1 || back.Meetings[3].Venues[0] != 0 {
		t.Fatalf("round trip lost data: %+v", back)
	}
	if r := Check(back, validTiny); !r.Valid() {
		t.Fatalf("%v", r.Violations)
	}
}

func TestReadJSONOrganisationsAndErrors(t *testing.T) {
	src := `{"days": 1, "slots_per_day": 4, "tables": [{"id": "t1"}],
 "participants": [{"id": "ceo", "organisations": ["acme", "acme-labs"]}, {"id": "lab"}],
 "meetings": [{"id": "a", "participants": ["acme", "lab"]}, {"id": "b", "participants": ["acme-labs", "lab"]}]}`
	in, err := ReadJSON(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if in.Meetings[0].Participants[0] != 0 || in.Meetings[1].Participants[0] != 0 {
		t.Fatalf("linked organisations should be one person: %+v", in.Meetings)
	}
	res := solveChecked(t, in, Options{})
	if res.Solution.Slot[0] == res.Solution.Slot[1] {
		t.Fatal("one person in two meetings at once")
	}
	bad := strings.Replace(src, `["acme-labs", "lab"]`, `["acme-labs", "nobody"]`, 1)
	if _, err := ReadJSON(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 3: meetings[1].participants") {
		t.Fatalf("got %v", err)
	}
	bad = strings.Replace(src, `"participants": ["acme", "lab"]`, `"participants": ["acme", "lab"], "venues": ["annex"]`, 1)
	if _, err := ReadJSON(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), `line 3: meetings[0].venues: unknown venue "annex"`) {
		t.Fatalf("got %v", err)
	}
	bad = strings.Replace(src, `"slots_per_day": 4`, `"slots_per_day": "four"`, 1)
	if _, err := ReadJSON(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1: slots_per_day") {
		t.Fatalf("got %v", err)
	}
}

// mission is a trade mission's day: delegates visit hosts, each meeting at its host's
// site (one meeting room each), sites one or two slots apart.
func mission() *Instance {
	in := &Instance{Name: "mission", Days: 1, SlotsPerDay: 10, MorningSlots: 5, Fairness: -1}
	const hosts, delegates = 8, 3
	for v := 0; v < hosts; v++ {
		in.Venues = append(in.Venues, Venue{ID: fmt.Sprintf("site%d", v+1)})
		in.Tables = append(in.Tables, Table{ID: fmt.Sprintf("room%d", v+1), Venue: v})
		in.Participants = append(in.Participants, Participant{ID: fmt.Sprintf("host%d", v+1)})
	}
	in.Travel = make([][]int, hosts)
	for a := range in.Travel {
		in.Travel[a] = make([]int, hosts)
		for b := range in.Travel[a] {
			if a != b {
				in.Travel[a][b] = 1 + (a/4+b/4)%2 // two districts: 2 slots across, 1 within
			}
		}
	}
	for d := 0; d < delegates; d++ {
		in.Participants = append(in.Participants, Participant{ID: fmt.Sprintf("delegate%d", d+1)})
		for k := 0; k < 3; k++ {
			h := (d*3 + k) % hosts
			in.Meetings = append(in.Meetings, Meeting{ID: fmt.Sprintf("m%d-%d", d+1, h+1),
				Participants: []int{hosts + d, h}, Venues: []int{h}})
		}
	}
	return in
}

func TestVenuesAndTravel(t *testing.T) {
	tests := []struct {
		name    string
		gen     func() *Instance
		percent int
	}{
		{"mission at the hosts' sites", mission, 100},
		{"two halls two slots apart", func() *Instance {
			in := Generate(GenConfig{Participants: 80, Meetings: 200, Days: 2, SlotsPerDay: 8, Tables: 16, Venues: 2, Seed: 3, Fairness: -1})
			in.Travel = [][]int{{0, 2}, {2, 0}}
			return in
		}, 95},
		{"meetings bound to halls, no travel", func() *Instance {
			in := Generate(GenConfig{Participants: 60, Meetings: 150, Days: 1, SlotsPerDay: 10, Tables: 20, Venues: 2, Seed: 4, Fairness: 2})
			in.Travel = nil
			for m := range in.Meetings {
				in.Meetings[m].Venues = []int{m % 2}
			}
			return in
		}, 99},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.gen()
			res := solveChecked(t, in, Options{Seed: 1})
			if res.Placed*100 < len(in.Meetings)*tc.percent {
				t.Fatalf("placed %d of %d: %+v", res.Placed, len(in.Meetings), res.Unplaced)
			}
			// Nothing changed: repair keeps every slot and table.
			same, err := Repair(context.Background(), in, res.Solution, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(same.Solution.Slot, res.Solution.Slot) || !slices.Equal(same.Solution.Table, res.Solution.Table) {
				t.Fatalf("repair without a change moved %d meetings or changed tables", same.Moved)
			}
			// Cancellations and new meetings: the repaired schedule is valid too.
			in2, prev, _ := Perturb(in, res.Solution, 0.1, 1)
			rr, err := Repair(context.Background(), in2, prev, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r := Check(in2, rr.Solution); !r.Valid() {
				t.Fatalf("repair: %v", r.Violations)
			}
		})
	}
}

func TestUnreachableVenueNamed(t *testing.T) {
	in := mission()
	in.Meetings = in.Meetings[:2]
	// Two meetings of one delegate at sites two slots apart, in a day of two slots.
	in.SlotsPerDay, in.MorningSlots = 2, 2
	in.Meetings[1].Venues = []int{4}
	res := solveChecked(t, in, Options{})
	if res.Placed != 1 || len(res.Unplaced) != 1 || !strings.Contains(res.Unplaced[0].Reason, "reach in time") {
		t.Fatalf("placed %d, unplaced %+v", res.Placed, res.Unplaced)
	}
}

func TestTablesKeepPeopleInPlace(t *testing.T) {
	in := Generate(GenConfig{Participants: 50, Meetings: 120, Days: 1, SlotsPerDay: 10, Tables: 12, Venues: 2, Seed: 7, Fairness: -1})
	res := solveChecked(t, in, Options{NoExact: true})
	same, consecutive := 0, 0
	for p := range in.Participants {
		last := map[int]int{}
		for m, mt := range in.Meetings {
			for _, q := range mt.Participants {
				if q == p && res.Solution.Slot[m] > 0 {
					last[res.Solution.Slot[m]] = res.Solution.Table[m]
				}
			}
		}
		for s, tb := range last {
			if prev, ok := last[s-1]; ok {
				consecutive++
				if prev == tb {
					same++
				}
			}
		}
	}
	if consecutive > 0 && same*2 < consecutive {
		t.Fatalf("only %d of %d consecutive meetings keep the table", same, consecutive)
	}
}

func TestRepairMovesFew(t *testing.T) {
	in := Generate(GenConfig{Participants: 400, Meetings: 1200, Days: 2, SlotsPerDay: 10, Tables: 80, Seed: 9, Fairness: -1})
	res := solveChecked(t, in, Options{NoExact: true, TimeLimit: 5 * time.Second})
	in2, prev, _ := Perturb(in, res.Solution, 0.02, 3)
	rr, err := Repair(context.Background(), in2, prev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := Check(in2, rr.Solution); !r.Valid() {
		t.Fatalf("%v", r.Violations)
	}
	if rr.Moved*20 > len(prev.Slot) {
		t.Fatalf("moved %d of %d", rr.Moved, len(prev.Slot))
	}
}

func TestSolveIsDeterministic(t *testing.T) {
	in := Generate(GenConfig{Participants: 300, Meetings: 900, Days: 2, SlotsPerDay: 10, Tables: 60, Seed: 5, Fairness: -1})
	a := solveChecked(t, in, Options{Seed: 3, NoExact: true})
	b := solveChecked(t, in, Options{Seed: 3, NoExact: true})
	for m := range a.Solution.Slot {
		if a.Solution.Slot[m] != b.Solution.Slot[m] {
			t.Fatalf("meeting %d: slot %d then %d", m, a.Solution.Slot[m], b.Solution.Slot[m])
		}
	}
}

// TestExactIsDeterministic runs the race of the annealer and the bound searches twice with
// one seed: it exchanges schedules and bounds only between rounds of fixed work, so both
// runs return the same schedule (this instance takes several rounds, the annealer and the
// bound searches both contributing; a race timed by the clock would fail it).
func TestExactIsDeterministic(t *testing.T) {
	in := Generate(GenConfig{Participants: 40, Meetings: 120, Days: 1, SlotsPerDay: 12, Tables: 11, Seed: 2, Fairness: 2})
	// Determinism holds when no deadline cuts the search: the limit is far above what
	// this takes, even ten times slower under the race detector.
	opt := Options{Seed: 4, TimeLimit: 3 * time.Minute}
	a := solveChecked(t, in, opt)
	b := solveChecked(t, in, opt)
	if a.Status != Optimal || b.Status != Optimal {
		t.Fatalf("status %s and %s, want optimal", a.Status, b.Status)
	}
	for m := range a.Solution.Slot {
		if a.Solution.Slot[m] != b.Solution.Slot[m] || a.Solution.Table[m] != b.Solution.Table[m] {
			t.Fatalf("meeting %d: slot %d table %d, then slot %d table %d", m,
				a.Solution.Slot[m], a.Solution.Table[m], b.Solution.Slot[m], b.Solution.Table[m])
		}
	}
}

func TestProgressAndCancel(t *testing.T) {
	in := Generate(GenConfig{Participants: 300, Meetings: 900, Days: 2, SlotsPerDay: 10, Tables: 60, Seed: 5, Fairness: -1})
	calls := 0
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Solve(ctx, in, Options{Progress: func(Progress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || res == nil {
		t.Fatal("no progress report")
	}
}

// TestSolveLeavesNoGoroutine solves with a context that is never cancelled and no time
// limit, as a server does all day: every goroutine Solve starts must be gone when it
// returns (a goroutine waiting on the context would wait forever).
func TestSolveLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		if _, err := Solve(context.Background(), tiny(), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// Goroutines that have returned may take a moment to be counted out.
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > before; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	if n > before {
		t.Fatalf("%d goroutines before five solves, %d after", before, n)
	}
}

func FuzzReadDZN(f *testing.F) {
	f.Add(smallDZN)
	f.Add("nBusiness = 1;")
	f.Fuzz(func(t *testing.T, src string) {
		in, err := ReadDZN(strings.NewReader(src), 2)
		if err == nil && in.Validate() != nil {
			t.Fatal("reader accepted an invalid instance")
		}
	})
}

func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	WriteJSON(&buf, tiny())
	f.Add(buf.String())
	f.Add(`{"days":1}`)
	f.Fuzz(func(t *testing.T, src string) {
		in, err := ReadJSON(strings.NewReader(src))
		if err == nil && in.Validate() != nil {
			t.Fatal("reader accepted an invalid instance")
		}
	})
}

func BenchmarkSolveSmall(b *testing.B) {
	in := Generate(GenConfig{Participants: 60, Meetings: 200, Days: 1, SlotsPerDay: 10, Tables: 25, Seed: 1, Fairness: 2})
	for b.Loop() {
		Solve(context.Background(), in, Options{TimeLimit: 10 * time.Second})
	}
}

// BenchmarkSolveEvent is a two-day event small enough for the proof search, where the
// race's SAT models once built every table counter (docs/benchmarks.md, "Events").
func BenchmarkSolveEvent(b *testing.B) {
	in := Generate(GenConfig{Participants: 240, Meetings: 700, Days: 2, SlotsPerDay: 15, Tables: 40, Seed: 5, Fairness: -1})
	b.ReportAllocs()
	for b.Loop() {
		Solve(context.Background(), in, Options{TimeLimit: 30 * time.Second})
	}
}

func BenchmarkSolveLarge(b *testing.B) {
	in := Generate(GenConfig{Participants: 5000, Meetings: 16000, Days: 4, SlotsPerDay: 16, Tables: 280, Seed: 1, Fairness: -1})
	for b.Loop() {
		Solve(context.Background(), in, Options{TimeLimit: 30 * time.Second})
	}
}

// breakLB's shortcut (no break needed when each day's longest usable run, summed, holds
// every meeting) and its programme must agree with the first, exact programme, with
// sessions, fixed slots and unavailable slots in play.
func TestBreakLBShortcutAgreesWithProgramme(t *testing.T) {
	tests := []struct {
		name string
		in   *Instance
	}{
		{"tiny", tiny()},
		{"one day, tight", Generate(GenConfig{Participants: 30, Meetings: 120, Days: 1, SlotsPerDay: 10, Tables: 15, Seed: 5, Fairness: 2})},
		{"two days", Generate(GenConfig{Participants: 60, Meetings: 300, Days: 2, SlotsPerDay: 8, Tables: 20, Seed: 6, Fairness: -1})},
		{"with holes", func() *Instance {
			in := Generate(GenConfig{Participants: 40, Meetings: 200, Days: 2, SlotsPerDay: 9, Tables: 20, Seed: 7, Fairness: -1})
			rng := rand.New(rand.NewPCG(7, 7))
			for p := range in.Participants {
				for range 3 {
					in.Participants[p].Forbidden = append(in.Participants[p].Forbidden, 1+rng.IntN(18))
				}
			}
			return in
		}()},
		{"many sessions", func() *Instance {
			in := Generate(GenConfig{Participants: 30, Meetings: 120, Days: 1, SlotsPerDay: 10, Tables: 15, Seed: 8, Fairness: -1})
			in.MorningSlots = 4
			rng := rand.New(rand.NewPCG(8, 8))
			for m := range in.Meetings {
				in.Meetings[m].Session = []Session{AnySession, AnySession, AnySession, Morning, Afternoon}[rng.IntN(5)]
			}
			return in
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr := compile(tc.in)
			zero := 0
			for p := 0; p < pr.nP; p++ {
				in := pr.lbInput(p)
				got, dp, want := pr.breakLB(p), pr.breakLBDP(in), breakLBReference(pr, in)
				if got != want || dp != want {
					t.Fatalf("participant %d: breakLB %d, programme %d, reference %d", p, got, dp, want)
				}
				if want == 0 && len(pr.pMeet[p]) > 1 {
					zero++
				}
			}
			t.Logf("%d participants, %d with several meetings and no break needed", pr.nP, zero)
		})
	}
}

// breakLBReference is breakLB's first programme, which counted morning slots exactly: slow
// (quadratic in the number of meetings) and kept as the tests' reference.
func breakLBReference(pr *problem, in lbInput) int {
	k, avail, fixed, nMorn, nAft, T := in.k, in.avail, in.fixed, in.nMorn, in.nAft, pr.T
	if k < 2 {
		return 0
	}
	const inf = 1 << 20
	// dp[c][a][last] = fewest "breaks so far", c chosen, a of them in the morning (capped).
	// Breaks are counted when a run starts after an earlier run on the same day.
	idx := func(c, a, last, used int) int { return ((c*(k+1)+a)*2+last)*2 + used }
	n := (k + 1) * (k + 1) * 4
	cur := make([]int, n)
	nxt := make([]int, n)
	for i := range cur {
		cur[i] = inf
	}
	cur[idx(0, 0, 0, 0)] = 0
	for t := 0; t < T; t++ {
		for i := range nxt {
			nxt[i] = inf
		}
		newDay := t%pr.spd == 0
		morning := t%pr.spd < pr.in.MorningSlots
		for c := 0; c <= k; c++ {
			for a := 0; a <= c; a++ {
				for last := 0; last < 2; last++ {
					for used := 0; used < 2; used++ {
						v := cur[idx(c, a, last, used)]
						if v >= inf {
							continue
						}
						l, u := last, used
						if newDay {
							l, u = 0, 0
						}
						if !fixed[t] { // idle
							if i := idx(c, a, 0, u); v < nxt[i] {
								nxt[i] = v
							}
						}
						if avail[t] && c < k { // busy
							na := a
							if morning {
								na++
							}
							b := v
							if l == 0 && u == 1 {
								b++
							}
							if i := idx(c+1, na, 1, 1); b < nxt[i] {
								nxt[i] = b
							}
						}
					}
				}
			}
		}
		cur, nxt = nxt, cur
	}
	best := inf
	for a := 0; a <= k; a++ {
		if a < nMorn || k-a < nAft {
			continue
		}
		for last := 0; last < 2; last++ {
			for used := 0; used < 2; used++ { // the last day may be free
				if v := cur[idx(k, a, last, used)]; v < best {
					best = v
				}
			}
		}
	}
	if best >= inf {
		return 0 // infeasible on its own; other parts of the solver report it
	}
	return best
}

// The SAT model lists meetings grouped by a shared participant: the file's order when it
// already is about as grouped, otherwise participants with the most meetings first. Every
// meeting appears once either way.
func TestSATMeetingOrder(t *testing.T) {
	ring := func(order [][2]int) *Instance {
		in := &Instance{Days: 1, SlotsPerDay: 6, MorningSlots: 6, Fairness: -1, Tables: []Table{{ID: "t1"}, {ID: "t2"}}}
		for p := 0; p < 5; p++ {
			in.Participants = append(in.Participants, Participant{ID: fmt.Sprint("p", p)})
		}
		for _, o := range order {
			in.Meetings = append(in.Meetings, Meeting{Participants: []int{o[0], o[1]}})
		}
		return in
	}
	tests := []struct {
		name  string
		order [][2]int
		runs  int
		want  []int
	}{
		// Three runs (3, 0, then 2 or 4), as many as the order built would have: kept.
		{"grouped", [][2]int{{3, 1}, {3, 4}, {0, 1}, {0, 2}, {2, 4}}, 3, []int{0, 1, 2, 3, 4}},
		// Four runs against two: participant 4 (three meetings) first, then 0.
		{"scattered", [][2]int{{0, 1}, {3, 4}, {0, 2}, {2, 4}, {1, 4}}, 4, []int{1, 3, 4, 0, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr := compile(ring(tc.order))
			if got := len(meetingGroups(pr, []int{0, 1, 2, 3, 4})); got != tc.runs {
				t.Fatalf("runs in the file's order %d, want %d", got, tc.runs)
			}
			if got := satMeetingOrder(pr); !slices.Equal(got, tc.want) {
				t.Fatalf("order %v, want %v", got, tc.want)
			}
		})
	}
}

// exactTunings are the default and each switch of the SAT model alone.
var exactTunings = []tuning{{}, {noSymmetry: true}, {noBreakCaps: true}, {noSupport: true},
	{noStartPrior: true}, {noTarget: true}, {idleCap: -1}, {idleCap: 2}}

// On small random events where tables bind (one or two, a two-session day), both SAT
// encodings must say "at most B breaks" is satisfiable exactly when an enumeration of
// every schedule finds one, for B just below and at the optimum (or with no bound when
// none exists), and the solver must end at that optimum. This covers the table counters'
// grouping of meetings that share a participant.
func TestExactAgainstEnumeration(t *testing.T) {
	for seed := uint64(1); seed <= 25; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		in := &Instance{Days: 1, SlotsPerDay: 5, MorningSlots: 3, Fairness: -1, RequireAll: true,
			Tables: []Table{{ID: "t1"}}}
		meetings := 5
		if seed%2 == 0 {
			in.Tables, meetings = append(in.Tables, Table{ID: "t2"}), 6
		}
		for p := 0; p < 5; p++ {
			in.Participants = append(in.Participants, Participant{ID: fmt.Sprint("p", p)})
		}
		for range meetings {
			a := rng.IntN(5)
			b := (a + 1 + rng.IntN(4)) % 5
			in.Meetings = append(in.Meetings, Meeting{Participants: []int{a, b}})
		}
		best := -1
		slot := make([]int, len(in.Meetings))
		var enum func(m int)
		enum = func(m int) {
			if m == len(slot) {
				r := Check(in, Solution{Slot: slot})
				if r.Valid() && (best < 0 || r.Breaks < best) {
					best = r.Breaks
				}
				return
			}
			for s := 1; s <= 5; s++ {
				slot[m] = s
				enum(m + 1)
			}
		}
		enum(0)
		pr := compile(in)
		for variant := 0; variant < 2; variant++ {
			bounds := []int{-1}
			if best >= 0 {
				bounds = []int{best - 1, best}
			}
			for _, b := range bounds {
				if best >= 0 && b < 0 { // optimum 0: no bound below it
					continue
				}
				want := satSat
				if best < 0 || b < best {
					want = satUnsat
				}
				// The experiments' switches remove redundant clauses or change the
				// search's order: none may change an answer.
				for _, tu := range exactTunings {
					got := newSatModel(pr, b, nil, variant, tu).s.solve()
					if got != want {
						t.Errorf("seed %d, variant %d, tuning %+v, at most %d breaks (optimum %d): SAT says %v", seed, variant, tu, b, best, got)
					}
				}
			}
		}
		// The core-guided search ends with a schedule at the optimum and a bound equal to
		// it, or with the formula refuted when there is no schedule.
		for variant := 0; variant < 4; variant++ {
			cs := newCoreSearch(pr, variant%2, 1<<40, nil, tuning{coreNoWait: variant >= 2})
			for cs.step(); !cs.done; {
				cs.step() // a schedule with some softs waiting comes first
			}
			switch {
			case best < 0 && (cs.sm == nil || !cs.sm.s.unsat):
				t.Errorf("seed %d, variant %d: no schedule exists, the core search says %v at bound %d", seed, variant, cs.res, cs.lb)
			case best >= 0 && (cs.res != satSat || cs.lb != best):
				t.Errorf("seed %d, variant %d: optimum %d, the core search says %v at bound %d", seed, variant, best, cs.res, cs.lb)
			case best >= 0:
				sol := Solution{Slot: make([]int, pr.nM)}
				for m, s := range cs.slots {
					sol.Slot[m] = int(s) + 1
				}
				if r := Check(in, sol); !r.Valid() || r.Breaks != best {
					t.Errorf("seed %d, variant %d: core search's schedule: %v, %d breaks, optimum %d", seed, variant, r.Violations, r.Breaks, best)
				}
			}
		}
		res, err := Solve(context.Background(), in, Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if r := Check(in, res.Solution); res.Status == Optimal && (!r.Valid() || r.Breaks != res.Breaks) {
			t.Errorf("seed %d: checker: %v, %d breaks", seed, r.Violations, r.Breaks)
		}
		switch {
		case best < 0 && res.Status != Infeasible:
			t.Errorf("seed %d: no schedule exists, solver says %s with %d breaks", seed, res.Status, res.Breaks)
		case best >= 0 && (res.Status != Optimal || res.Breaks != best):
			t.Errorf("seed %d: optimum %d breaks, solver says %s with %d", seed, best, res.Status, res.Breaks)
		}
	}
}

// Tune reads the experiments' switches; a mistyped one is refused with its name, and an
// empty list restores the defaults.
func TestTune(t *testing.T) {
	var o Options
	if err := o.Tune("nosym, nocap,nosupport,nostartprior,notarget,nogapstall,nogapdays,lns,idlecap=-1,prefer=1,rounds=30,lnswork=8,lazycap=100,rephase=500"); err != nil {
		t.Fatal(err)
	}
	want := tuning{noSymmetry: true, noBreakCaps: true, noSupport: true, noStartPrior: true, noTarget: true,
		noGapStall: true, noGapDays: true, lns: true, idleCap: -1, prefer: 2, rounds: 30, lnsWork: 8, lazyCells: 100, rephase: 500}
	if o.tune != want {
		t.Fatalf("got %+v, want %+v", o.tune, want)
	}
	if preferredVariant(tiny(), o.tune.prefer) != 1 {
		t.Fatal("prefer=1 does not choose encoding 1")
	}
	for _, c := range []struct {
		spec string
		want int
	}{{"prefer=0", 0}, {"prefer=none", -1}, {"", 1}} { // tiny has two sessions: 1 by default
		if err := o.Tune(c.spec); err != nil || preferredVariant(tiny(), o.tune.prefer) != c.want {
			t.Errorf("Tune(%q): %v, preferred encoding %d, want %d", c.spec, err, preferredVariant(tiny(), o.tune.prefer), c.want)
		}
	}
	if o.tune != (tuning{}) {
		t.Errorf("Tune(\"\") left %+v", o.tune)
	}
	for spec, want := range map[string]int{"": 0, "rephase=0": 0, "rephase=250": 250} {
		if err := o.Tune(spec); err != nil {
			t.Fatal(err)
		}
		if sm := newSatModel(compile(tiny()), 0, nil, 0, o.tune); sm == nil || sm.s.rephaseInt != want {
			t.Errorf("Tune(%q): the SAT solver's phase resets are not every %d conflicts", spec, want)
		}
	}
	// The switches of 2026-12-06 evening reach the solver, or the ladders for elim.
	if err := o.Tune("twopreferred,elim,reshuffle=300,vivify=400,chrono=100"); err != nil {
		t.Fatal(err)
	}
	if want := (tuning{twoPreferred: true, elim: elimClauseLimit, reshuffle: 300, vivify: 400, chrono: 100}); o.tune != want {
		t.Fatalf("got %+v, want %+v", o.tune, want)
	}
	if sm := newSatModel(compile(tiny()), 0, nil, 0, o.tune); sm == nil || sm.s.reshuffleInt != 300 || sm.s.vivifyInt != 400 || sm.s.chrono != 100 {
		t.Error("reshuffle, vivify and chrono do not reach the SAT solver")
	}
	if err := o.Tune("elim=3"); err != nil || o.tune.elim != 3 {
		t.Errorf("Tune(\"elim=3\"): %v, elim %d", err, o.tune.elim)
	}
	for _, bad := range []string{"nosymm", "idlecap=x", "idlecap=-2", "prefer=2", "nosym=1", "idlecap", "rounds=0", "rounds=x", "lnswork=0", "lazycap=0", "lazycap=x", "lazycap", "rephase=-1", "rephase=x", "rephase",
		"elim=1", "elim=x", "reshuffle=-1", "reshuffle", "vivify=x", "vivify", "chrono=-1", "chrono", "twopreferred=1"} {
		if err := o.Tune(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("Tune(%q): %v, want an error naming it", bad, err)
		}
	}
}
