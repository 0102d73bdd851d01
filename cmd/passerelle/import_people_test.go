package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportPeople: after a directory of one organisation, the command reads a French contact list (semicolons), previews it
// as one JSON object per row without saving, imports it, and a second run changes
// nothing; an ambiguous row stops it with the line named.
func TestImportPeople(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, errs, err := run(t, env, "", "import", "organizations", write("orgs.csv", "name,country\nGenopole,FR\n")); err != nil {
		t.Fatalf("directory: %v %s", err, errs)
	}
	file := write("contacts.csv", "Prénom;Nom;Courriel;Société;Pays;Fonction;Note interne\n"+
		"Zoé;Durand;zoe@genopole.example;Genopole;FR;CEO;x\n"+ // 2
		"Zoe;DURAND;;GENOPOLE;FR;;\n"+ // 3: the same person, the same organisation
		"Jean;Martin;jean@a.example;;;;\n"+ // 4
		"Jean;Martin;jm@b.example;;;;\n") // 5: a namesake with another address
	out, errs, err := run(t, env, "", "import", "people", file, "--dry-run", "--format", "json")
	if err != nil {
		t.Fatalf("dry run: %v %s", err, errs)
	}
	got := decisions(t, out)
	if len(got) != 4 || got[0].Line != 2 || got[0].Decision != "new" || !strings.Contains(errs, "ignored columns: Note interne") {
		t.Fatalf("dry run: %+v %q", got, errs)
	}
	if !strings.Contains(out, `"organization":{"name":"Genopole","decision":"match"`) {
		t.Errorf("the row's organisation is not the directory's: %s", out)
	}
	if out, errs, err = run(t, env, "", "import", "people", file); err != nil || !strings.Contains(out, "created 3 people and 0 organisations") {
		t.Fatalf("import: %v %q %q", err, out, errs)
	}
	if out, _, err = run(t, env, "", "import", "people", file); err != nil || !strings.Contains(out, "0 new, 4 matched") || !strings.Contains(out, "created 0 people and 0 organisations, updated 0") {
		t.Errorf("the same file again: %v %q", err, out)
	}
	// A title above the header: skipped and named, the rows' lines still the file's.
	titled := write("titled.csv", "Contacts du congrès;;\nPrénom;Nom;Courriel\nAda;Lovelace;ada@example.org\n")
	if out, errs, err = run(t, env, "", "import", "people", titled, "--dry-run", "--format", "json"); err != nil ||
		!strings.Contains(errs, `header read on line 2; skipped above it, as a title: "Contacts du congrès"`) {
		t.Errorf("a title above the header: %v %q", err, errs)
	} else if got := decisions(t, out); len(got) != 1 || got[0].Line != 3 {
		t.Errorf("a title above the header: %+v", got)
	}
	bare := write("bare.csv", "name\n\"Martin, Jean\"\n")
	if _, errs, err = run(t, env, "", "import", "people", bare); err == nil || !strings.Contains(err.Error()+errs, "line 2: Jean Martin") {
		t.Errorf("an ambiguous row: %v %q", err, errs)
	}
}
