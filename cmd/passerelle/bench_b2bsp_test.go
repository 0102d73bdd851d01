package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// ring4 is a B2BSP file: four people meeting in a ring, each twice, with the given tables
// and slots. Two tables and two slots give a schedule without breaks; one table cannot
// hold four meetings in three slots.
func ring4(tables, slots int) string {
	return strings.NewReplacer("TABLES", strconv.Itoa(tables), "SLOTS", strconv.Itoa(slots)).Replace(`nBusiness = 4;
nMeetings = 4;
nTables = TABLES;
nTotalSlots = SLOTS;
nMorningSlots = SLOTS;
requested = [|1, 2, 3
|2, 3, 3
|3, 4, 3
|4, 1, 3|];
meetingsxBusiness = [{1, 2, 5}, {1, 2, 3}, {1, 3, 4}, {1, 4, 5}];
nMeetingsBusiness = [2, 2, 2, 2];
forbidden = [{0}, {0}, {0}, {0}];
fixed = [0, 0, 0, 0];
precedences = [{}, {}, {}, {}];
`)
}

func TestBenchB2BSP(t *testing.T) {
	dir := t.TempDir()
	inst := filepath.Join(dir, "instances")
	os.Mkdir(inst, 0o755)
	os.WriteFile(filepath.Join(inst, "ring.original.dzn"), []byte(ring4(2, 2)), 0o644)
	os.WriteFile(filepath.Join(inst, "ring-with-a-long-name.tight.dzn"), []byte(ring4(1, 3)), 0o644)
	os.WriteFile(filepath.Join(inst, "other.dzn"), []byte(ring4(2, 3)), 0o644)
	// The reference file sits beside the instances' folder, as in ../shared/b2bsp.
	os.WriteFile(filepath.Join(dir, "reference_results.csv"), []byte(
		"instance_file,jair_table,fairness_d,solver,time_s,best_value,parse_note\n"+
			"ring.original.dzn,Table 5,2,Chuffed,1.5,0,\n"+
			"ring.original.dzn,Table 5,2,MaxSAT,0.2,0,\n"+
			"ring-with-a-long-name.tight.dzn,Table 5,2,MIP,TO,7,\n"), 0o644)
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if err := app.Run(context.Background(), []string{"bench", "b2bsp", "--only", "ring", "--time-limit", "5s", inst}); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	// A directory or filter that selects nothing says so rather than print a bare header.
	for _, args := range [][]string{{inst + "-typo"}, {"--only", "nothing", inst}} {
		err := app.Run(context.Background(), append([]string{"bench", "b2bsp"}, args...))
		if err == nil || !strings.Contains(err.Error(), "no .dzn file in") {
			t.Errorf("bench b2bsp %v: got %v, want an error naming the empty selection", args, err)
		}
	}
	// The exact search's switches for experiments: a known one runs, a mistyped one is
	// named.
	var tuned bytes.Buffer
	tapp := &App{Stdout: &tuned, Stderr: &errb, Getenv: app.Getenv}
	if err := tapp.Run(context.Background(), []string{"bench", "b2bsp", "--only", "ring.original", "--tune", "nosym,idlecap=-1", inst}); err != nil || !strings.Contains(tuned.String(), "ring.original.dzn") {
		t.Errorf("bench b2bsp --tune nosym,idlecap=-1: %v\n%s", err, tuned.String())
	}
	// Another seed of the search (to tell a method's gain from one path's luck) gives the
	// same optimum on an instance this small.
	var seeded bytes.Buffer
	sapp := &App{Stdout: &seeded, Stderr: &errb, Getenv: app.Getenv}
	if err := sapp.Run(context.Background(), []string{"bench", "b2bsp", "--only", "ring.original", "--seed", "7", inst}); err != nil || !strings.Contains(seeded.String(), "ring.original.dzn") || !strings.Contains(seeded.String(), "yes") {
		t.Errorf("bench b2bsp --seed 7: %v\n%s", err, seeded.String())
	}
	// The unseen set: the second generator by default (gen2-…), the first on request
	// (gen-…, so that older figures can be made again); another number is named.
	for _, c := range []struct{ gen, name string }{{"2", "gen2-1s-47p-180m-s3"}, {"1", "gen-1s-47p-180m-s3"}} {
		var un bytes.Buffer
		uapp := &App{Stdout: &un, Stderr: &errb, Getenv: app.Getenv}
		if err := uapp.Run(context.Background(), []string{"bench", "b2bsp", "--unseen", "tune", "--generator", c.gen, "--only", c.name}); err != nil ||
			!strings.Contains(un.String(), c.name+" ") || strings.Count(strings.TrimSpace(un.String()), "\n") != 1 {
			t.Errorf("bench b2bsp --unseen tune --generator %s --only %s: %v\n%s", c.gen, c.name, err, un.String())
		}
	}
	if err := app.Run(context.Background(), []string{"bench", "b2bsp", "--unseen", "tune", "--generator", "3"}); err == nil || !strings.Contains(err.Error(), "--generator") {
		t.Errorf("bench b2bsp --generator 3: got %v, want an error naming the flag", err)
	}
	if err := app.Run(context.Background(), []string{"bench", "b2bsp", "--tune", "nosymm", inst}); err == nil || !strings.Contains(err.Error(), `"nosymm"`) {
		t.Errorf("bench b2bsp --tune nosymm: got %v, want an error naming it", err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want a header and two rows (--only), got:\n%s", out.String())
	}
	want := []struct{ name, published, ours, proven, checker string }{
		{"ring-with-a-long-name.tight.dzn", "≤7 (MIP timeout)", "UNSAT", "yes", "-"},
		{"ring.original.dzn", "0 (0.2 s)", "0", "yes", "ok"},
	}
	// Every row's columns start where the header's do (rows print as they finish).
	col := utf8.RuneCountInString(lines[0][:strings.Index(lines[0], "ours")])
	for i, w := range want {
		line := lines[i+1]
		if !strings.HasPrefix(line, w.name+" ") || !strings.Contains(line, w.published) {
			t.Errorf("row %d: %q, want %s with published %s", i, line, w.name, w.published)
		}
		r := []rune(line)
		if len(r) < col {
			t.Errorf("row %d too short: %q", i, line)
			continue
		}
		rest := strings.Fields(string(r[col:]))
		if len(rest) < 5 || rest[0] != w.ours || rest[1] != w.proven || rest[4] != w.checker {
			t.Errorf("row %d from the ours column: %q, want %s %s … %s", i, rest, w.ours, w.proven, w.checker)
		}
	}
}
