package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs a command in-process with the environment given.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &App{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	a.Logger = discardLogger()
	err := a.Run(context.Background(), args)
	return out.String(), errb.String(), err
}

// rorLine writes one ROR v2 record; parent, if set, is its parent's id.
func rorLine(id, name, acronym, country, parent string) string {
	rec := map[string]any{
		"id":     "https://ror.org/" + id,
		"status": "active",
		"types":  []string{"education"},
		"names": []map[string]any{
			{"value": name, "types": []string{"ror_display", "label"}, "lang": "fr"},
		},
		"locations": []map[string]any{{"geonames_id": 1, "geonames_details": map[string]any{
			"country_code": country, "name": "Paris", "lat": 48.85, "lng": 2.35}}},
	}
	if acronym != "" {
		rec["names"] = append(rec["names"].([]map[string]any), map[string]any{"value": acronym, "types": []string{"acronym"}})
	}
	if parent != "" {
		rec["relationships"] = []map[string]any{{"type": "parent", "id": "https://ror.org/" + parent, "label": "parent"}}
	}
	b, _ := json.Marshal(rec)
	return string(b)
}

func TestImportExportSearch(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	// The child comes before its parent: its link is resolved when the parent arrives.
	lines := []string{
		rorLine("0abcdef12", "Laboratoire des Sociétés", "LDS", "FR", "0abcdef34"),
		rorLine("0abcdef34", "Centre national de la recherche scientifique", "CNRS", "FR", ""),
		rorLine("0abcdef56", "Københavns Universitet", "", "DK", "0zzzzzz99"), // parent outside the file
	}
	file := filepath.Join(dir, "ror.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
	for i := 0; i < 2; i++ {
		out, _, err := run(t, env, "", "import", "ror", file)
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		want := []string{"3 created", "0 created, 0 updated, 3 unchanged"}[i]
		if !strings.Contains(out, want) || !strings.Contains(out, "1 pointing outside") {
			t.Errorf("import %d printed %q, want %q", i, out, want)
		}
	}
	out, _, err := run(t, env, "", "export", "organizations", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][1] != "name" {
		t.Fatalf("csv export: %v %q", err, out)
	}
	out, _, _ = run(t, env, "", "export", "organizations", "--format", "json")
	var orgs []map[string]any
	if err := json.Unmarshal([]byte(out), &orgs); err != nil || len(orgs) != 3 {
		t.Fatalf("json export: %v %q", err, out)
	}
	for q, want := range map[string]string{"cnrs": "Centre national", "societes": "Laboratoire des Sociétés", "kobenhavn": "Københavns"} {
		out, _, err := run(t, env, "", "search", q)
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("search %q: %v %q", q, err, out)
		}
	}

	// A malformed line is reported by number and nothing is imported, not even a workspace.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(lines[0]+"\n"+lines[1]+"\n{\"id\": \"https://ror.org/0bad\", \"names\": [\n"), 0o600)
	env2 := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data2")}
	_, _, err = run(t, env2, "", "import", "ror", bad)
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("bad file: %v", err)
	}
	out, _, _ = run(t, env2, "", "export", "organizations")
	if strings.Count(out, "\n") != 1 {
		t.Errorf("a failed import left data: %q", out)
	}
	if _, _, err := run(t, env2, "", "search", "cnrs"); err == nil || !strings.Contains(err.Error(), "no workspace") {
		t.Errorf("a failed import left a workspace: %v", err)
	}
	// With --skip-invalid the rest goes in and the bad line is listed.
	out, errs, err := run(t, env2, "", "import", "ror", bad, "--skip-invalid")
	if err != nil || !strings.Contains(out, "2 created") || !strings.Contains(errs, "line 3") {
		t.Errorf("skip-invalid: %v %q %q", err, out, errs)
	}
}

func TestHelpListsEnvironment(t *testing.T) {
	out, _, err := run(t, nil, "", "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"PASSERELLE_DATA_DIR", "PASSERELLE_DATABASE_URL", "PASSERELLE_ADDR", "serve", "import", "export", "search", "migrate", "demo"} {
		if !strings.Contains(out, s) {
			t.Errorf("help lacks %s", s)
		}
	}
	if _, _, err := run(t, nil, "", "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
}

func TestDemoLoadsOnce(t *testing.T) {
	env := map[string]string{"PASSERELLE_DATA_DIR": t.TempDir()}
	for i, want := range []string{"loaded", "already present"} {
		out, _, err := run(t, env, "", "demo")
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("demo run %d: %v %q", i, err, out)
		}
	}
	out, _, _ := run(t, env, "", "search", "lyonbiopole")
	if !strings.Contains(out, "Lyonbiopôle") {
		t.Errorf("demo search: %q", out)
	}
	out, _, _ = run(t, env, "", "export", "organizations", "--format", "json")
	var orgs []map[string]any
	json.Unmarshal([]byte(out), &orgs)
	fictional := 0
	for _, o := range orgs {
		if o["fictional"] == true {
			fictional++
			if !strings.HasPrefix(fmt.Sprint(o["name"]), "Fictional") {
				t.Errorf("fictional company not named as such: %v", o["name"])
			}
		}
	}
	if fictional < 12 {
		t.Errorf("%d fictional companies, want the 12 of the Copenhagen mission", fictional)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestImportAgreementsEncoding: --encoding reads a Windows-1252 CSV; without it the file
// is refused with its line instead of being stored with U+FFFD.
func TestImportAgreementsEncoding(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	file := filepath.Join(dir, "agreements.csv")
	os.WriteFile(file, []byte("key,title\n1,Coop\xe9ration \x80 2013\n"), 0o600)
	if _, _, err := run(t, env, "", "import", "agreements", file); err == nil || !strings.Contains(err.Error(), "agreements line 2: the text is not UTF-8") {
		t.Fatalf("without --encoding: %v", err)
	}
	if out, _, err := run(t, env, "", "import", "agreements", "--encoding", "windows-1252", file); err != nil || !strings.Contains(out, "1 agreement created") {
		t.Fatalf("with --encoding: %v %q", err, out)
	}
	out, _, err := run(t, env, "", "export", "agreements", "--format", "json")
	if err != nil || !strings.Contains(out, "Coopération € 2013") {
		t.Errorf("export: %v %.300s", err, out)
	}
}

// TestImportRORTruncatedArray: a truncated JSON array ends the import with an error
// (it used to ask the reader for the next record forever).
func TestImportRORTruncatedArray(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	for i, in := range []string{`[`, `[{}`, `[{"id":`} {
		file := filepath.Join(dir, fmt.Sprintf("ror%d.json", i))
		os.WriteFile(file, []byte(in), 0o600)
		if _, _, err := run(t, env, "", "import", "ror", file); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: %v", in, err)
		}
		if _, _, err := run(t, env, "", "import", "ror", "--skip-invalid", file); err != nil {
			t.Errorf("%q --skip-invalid: %v", in, err)
		}
	}
}
