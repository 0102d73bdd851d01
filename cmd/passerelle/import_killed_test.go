package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"passerelle/store"
)

const envImportChild = "PASSERELLE_TEST_IMPORT_CHILD"

// TestImportKilled kills a child process with SIGKILL in the middle of a first ROR import
// (which creates the workspace) and checks that it left nothing half-written — no
// workspace and no organisation, or everything — and that the import then runs again.
func TestImportKilled(t *testing.T) {
	if file := os.Getenv(envImportChild); file != "" {
		// The child: the import, as the command line runs it.
		a := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Logger: discardLogger()}
		if err := a.Run(context.Background(), []string{"import", "ror", file}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("runs two imports of 8,000 records in child processes")
	}
	const n = 8000
	dir := t.TempDir()
	file := filepath.Join(dir, "ror.jsonl")
	var b strings.Builder
	for i := range n {
		parent := ""
		if i%10 != 0 {
			parent = fmt.Sprintf("0k%07d", i-i%10)
		}
		b.WriteString(rorLine(fmt.Sprintf("0k%07d", i), fmt.Sprintf("Killed Test Institute %d", i), "", "FR", parent))
		b.WriteByte('\n')
	}
	must(t, os.WriteFile(file, []byte(b.String()), 0o600))
	child := func(data string) *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^TestImportKilled$")
		c.Env = append(os.Environ(), envImportChild+"="+file, "PASSERELLE_DATA_DIR="+data, "PASSERELLE_DATABASE_URL=", "PASSERELLE_WORKSPACE=")
		return c
	}
	// A whole import first, to time it and kill the next one half-way.
	start := time.Now()
	if out, err := child(filepath.Join(dir, "whole")).CombinedOutput(); err != nil {
		t.Fatalf("whole import: %v %s", err, out)
	}
	whole := time.Since(start)
	data := filepath.Join(dir, "killed")
	env := map[string]string{"PASSERELLE_DATA_DIR": data}
	// The database exists (migrated) before the child starts, so the kill lands in the import.
	if _, _, err := run(t, env, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	c := child(data)
	must(t, c.Start())
	time.Sleep(whole / 2)
	_ = c.Process.Signal(syscall.SIGKILL)
	err := c.Wait()
	t.Logf("whole import %v; killed at %v: %v", whole.Round(time.Millisecond), (whole / 2).Round(time.Millisecond), err)
	orgs, workspaces := countImported(t, data)
	if !(orgs == 0 && workspaces == 0) && !(orgs == n && workspaces == 1) {
		t.Fatalf("after SIGKILL mid-import: %d organisations in %d workspaces (want 0 in 0, or %d in 1)", orgs, workspaces, n)
	}
	if _, _, err := run(t, env, "", "import", "ror", file); err != nil {
		t.Fatalf("import after the crash: %v", err)
	}
	if orgs, workspaces := countImported(t, data); orgs != n || workspaces != 1 {
		t.Fatalf("after the crash and a new import: %d organisations in %d workspaces", orgs, workspaces)
	}
}

func countImported(t *testing.T, data string) (orgs, workspaces int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "", data)
	if err != nil {
		t.Fatal(err)
	}
	ok := hasWorkspace(ctx, db)
	db.Close()
	if !ok {
		return 0, 0
	}
	out, _, err := run(t, map[string]string{"PASSERELLE_DATA_DIR": data}, "", "export", "organizations", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(recs) - 1, 1
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
