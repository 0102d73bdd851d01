package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"passerelle/schedule"
)

func TestScheduleCommandOnGeneratedFile(t *testing.T) {
	in := schedule.Generate(schedule.GenConfig{Participants: 40, Meetings: 100, Days: 1, SlotsPerDay: 10, Tables: 12, Seed: 1, Fairness: 2})
	path := filepath.Join(t.TempDir(), "event.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := schedule.WriteJSON(f, in); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if err := app.Run(context.Background(), []string{"schedule", path, "--fairness", "2", "--time-limit", "5s", "--seed", "3"}); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	var r struct {
		Status string `json:"status"`
		Placed int    `json:"placed"`
		Breaks int    `json:"breaks"`
		Slots  []int  `json:"slots"`
		Tables []int  `json:"tables"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if len(r.Slots) != len(in.Meetings) || r.Status == "" {
		t.Fatalf("bad output %s", out.String())
	}
	if rep := schedule.Check(in, schedule.Solution{Slot: r.Slots, Table: r.Tables}); !rep.Valid() || rep.Breaks != r.Breaks {
		t.Fatalf("checker: %v breaks %d vs %d", rep.Violations, rep.Breaks, r.Breaks)
	}
	// A malformed file names the line and the field.
	bad := filepath.Join(t.TempDir(), "bad.dzn")
	os.WriteFile(bad, []byte("nBusiness = 2;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 2;\nnMorningSlots = 2;\nrequested = [|1, 2|];\n"), 0o644)
	err = app.Run(context.Background(), []string{"schedule", bad})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("line 6: requested")) {
		t.Fatalf("got %v", err)
	}
}

// TestScheduleCommandMission runs a mission file as a user writes it: meetings at the
// hosts' sites, travel between them; every meeting gets a room at its host's site.
func TestScheduleCommandMission(t *testing.T) {
	src := `{"name": "Montréal mission, day 1", "days": 1, "slots_per_day": 8, "morning_slots": 4,
 "venues": [{"id": "mila"}, {"id": "polytechnique"}, {"id": "concordia"}],
 "travel": [[0, 1, 2], [1, 0, 2], [2, 2, 0]],
 "tables": [{"id": "mila-room", "venue": "mila"}, {"id": "poly-room", "venue": "polytechnique"},
            {"id": "concordia-room", "venue": "concordia"}],
 "participants": [{"id": "ana", "organisations": ["acme"]}, {"id": "ben", "organisations": ["biolab"]},
                  {"id": "mila-host"}, {"id": "poly-host"}, {"id": "concordia-host"}],
 "meetings": [
  {"id": "m1", "participants": ["acme", "mila-host"], "venues": ["mila"]},
  {"id": "m2", "participants": ["acme", "poly-host"], "venues": ["polytechnique"]},
  {"id": "m3", "participants": ["acme", "concordia-host"], "venues": ["concordia"]},
  {"id": "m4", "participants": ["biolab", "mila-host"], "venues": ["mila"]},
  {"id": "m5", "participants": ["biolab", "concordia-host"], "venues": ["concordia"]}]}
`
	dir := t.TempDir()
	path := filepath.Join(dir, "mission.json")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if err := app.Run(context.Background(), []string{"schedule", path, "--time-limit", "5s"}); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	var r struct {
		Placed int   `json:"placed"`
		Slots  []int `json:"slots"`
		Tables []int `json:"tables"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := schedule.ReadJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if rep := schedule.Check(in, schedule.Solution{Slot: r.Slots, Table: r.Tables}); !rep.Valid() || r.Placed != 5 {
		t.Fatalf("placed %d, checker: %v (%s)", r.Placed, rep.Violations, out.String())
	}
	for m, tb := range r.Tables {
		if got, want := in.Tables[tb-1].Venue, in.Meetings[m].Venues[0]; got != want {
			t.Errorf("meeting %s at venue %d, want its host's %d", in.Meetings[m].ID, got, want)
		}
	}
	// A venue nobody declared is named with its line and field.
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, bytes.Replace([]byte(src), []byte(`"venues": ["concordia"]}]`), []byte(`"venues": ["udem"]}]`), 1), 0o644)
	err = app.Run(context.Background(), []string{"schedule", bad})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`line 13: meetings[4].venues: unknown venue "udem"`)) {
		t.Fatalf("got %v", err)
	}
}

func TestReferenceOptimaPrefersMaxSAT(t *testing.T) {
	csv := `instance_file,jair_table,fairness_d,solver,time_s,best_value,parse_note
a.dzn,T5,2,MaxSAT,2.5,0,
a.dzn,T5,2,Chuffed,9.0,0,
b.dzn,T7,2,MaxSAT,0.4,,cell missing
b.dzn,T7,2,Chuffed,2.0,UNSAT,
b.dzn,T7,2,MIP,0.2,UNSAT,
c.dzn,T8,2,MIP,TO,5,
c.dzn,T9,0,MaxSAT,0.3,1,
`
	path := filepath.Join(t.TempDir(), "ref.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	got := referenceOptima(path, 2)
	want := map[string]string{"a.dzn": "0 (2.5 s)", "b.dzn": "UNSAT (Chuffed 2.0 s)", "c.dzn": "≤5 (MIP timeout)"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
}

// TestScheduleDZNFairnessDefault: a B2BSP file, which carries no fairness bound, gets the
// benchmark's d = 2 unless --fairness says otherwise, and --help says so.
func TestScheduleDZNFairnessDefault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiny.dzn")
	src := "nBusiness = 3;\nnMeetings = 2;\nnTables = 1;\nnTotalSlots = 4;\nnMorningSlots = 4;\n" +
		"requested = [| 1, 2, 3 | 1, 3, 3 |];\nmeetingsxBusiness = [{1, 2, 3}, {1, 2}, {1, 3}];\n" +
		"nMeetingsBusiness = [2, 1, 1];\nforbidden = [{0}, {0}, {0}];\nfixed = [0, 0];\nprecedences = [{}, {}];\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ flag, want int }{{-2, schedule.B2BSPFairness}, {-1, -1}, {0, 0}, {3, 3}} {
		in, err := readInstance(path, c.flag)
		if err != nil {
			t.Fatal(err)
		}
		if in.Fairness != c.want {
			t.Errorf("--fairness %d: fairness %d, want %d", c.flag, in.Fairness, c.want)
		}
	}
	if schedule.B2BSPFairness != 2 {
		t.Errorf("B2BSPFairness = %d, the published results use 2", schedule.B2BSPFairness)
	}
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	app.Run(context.Background(), []string{"schedule", "--help"})
	if !bytes.Contains(errb.Bytes(), []byte("fairness d = 2 unless --fairness")) {
		t.Errorf("--help does not state the .dzn default:\n%s", errb.String())
	}
	if err := app.Run(context.Background(), []string{"schedule", path, "--time-limit", "2s"}); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
}
