package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMissionImport: 'passerelle mission import SLUG FILE' previews with --dry-run
// (nothing saved), then adds the rows as targets, matched against the directory (a
// target already there is updated, not doubled); a bad row is named by its line and
// nothing is saved.
func TestMissionImport(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	if _, _, err := run(t, env, "", "demo"); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	file := write("targets.csv", "Nom,Pays,Pourquoi,Disponibilité\n"+
		"Fictional: Amager Biologics ApS,DK,biologics,2014-09-08 09:00-12:00\n"+
		"Brand New Danish Diagnostics ApS,DK,diagnostics,\n")
	out, _, err := run(t, env, "", "mission", "import", "copenhagen-2014", file, "--dry-run")
	if err != nil || !strings.Contains(out, "1 new, 1 matched (1 already targets), 0 ambiguous; nothing saved") {
		t.Fatalf("dry run: %v %q", err, out)
	}
	out, _, err = run(t, env, "", "mission", "import", "copenhagen-2014", file)
	if err != nil || !strings.Contains(out, "targets 1 added, 1 updated; organisations 1 created") {
		t.Fatalf("import: %v %q", err, out)
	}
	out, _, _ = run(t, env, "", "export", "mission", "copenhagen-2014", "--format", "json")
	if strings.Count(out, `"name": "Fictional:`) != 12 || !strings.Contains(out, "Brand New Danish Diagnostics ApS") {
		t.Errorf("export after the import: %.400s", out)
	}
	bad := write("bad.csv", "name,availability\nLate ApS,2015-01-01\n")
	if _, _, err := run(t, env, "", "mission", "import", "copenhagen-2014", bad); err == nil || !strings.Contains(err.Error(), "line 2: availability") {
		t.Errorf("bad row: %v", err)
	}
	if _, _, err := run(t, env, "", "mission", "import", "no-such-mission", file); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("unknown mission: %v", err)
	}
}
