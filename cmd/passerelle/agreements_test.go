package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passerelle/store"
)

// TestImportAgreementsSemicolons: a CSV saved by French Excel, with ';', imports.
func TestImportAgreementsSemicolons(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	file := filepath.Join(dir, "agreements.csv")
	if err := os.WriteFile(file, []byte("key;titre;signed_year\r\n1;Alpha;2026\r\n2;Bêta;2025\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := run(t, env, "", "import", "agreements", file); err != nil || !strings.Contains(out, "2 agreements created") {
		t.Errorf("%v %q", err, out)
	}
}

// TestImportAgreementsRefused: a file that cannot be read as agreements is refused
// whatever --skip-invalid says, with its line and column or what is wrong, and a failed
// import into an empty database leaves nothing behind, not even its workspace.
func TestImportAgreementsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, file, doc string
		args            []string
		want            string // part of the error
	}{
		{"cut short", "cut.json", `{"agreements":[{"title":"A"},{"title":"B",`, []string{"--skip-invalid"}, "unexpected end of JSON input (line 1, column 43)"},
		{"cut short, no flag", "cut.json", `{"agreements":[{"title":"A"},{"title":"B",`, nil, "(line 1, column 43)"},
		{"misspelt key", "key.json", `{"agreement":[{"title":"A"}]}`, []string{"--skip-invalid"}, `no key "agreements"`},
		{"bad row", "row.json", `{"agreements":[{"title":"A"},{"title":42}]}`, nil, "nothing imported: 1 problem"},
		{"no title column", "cols.csv", "key,name\n1,Alpha\n", []string{"--skip-invalid"}, `no title column (title or titre); its columns are: "key", "name"`},
	} {
		data := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_"))
		env := map[string]string{"PASSERELLE_DATA_DIR": data}
		file := filepath.Join(dir, c.file)
		if err := os.WriteFile(file, []byte(c.doc), 0o600); err != nil {
			t.Fatal(err)
		}
		out, _, err := run(t, env, "", append([]string{"import", "agreements", file}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v %q, want an error with %q", c.name, err, out, c.want)
		}
		if leftWorkspace(t, data) {
			t.Errorf("%s: the failed import left a workspace", c.name)
		}
	}
}

// leftWorkspace tells whether the database in data has a workspace (none if no database).
func leftWorkspace(t *testing.T, data string) bool {
	t.Helper()
	if _, err := os.Stat(data); os.IsNotExist(err) {
		return false
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "", data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return hasWorkspace(ctx, db)
}

// TestImportAgreementsIgnored: what the file holds and the import does not read is said
// on standard error, once per file, column and table; the French name of a table is read.
func TestImportAgreementsIgnored(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  []string // lines of standard error
		out   string   // part of standard output
	}{
		{"unknown file", map[string]string{"agreements.csv": "key,title\n1,Alpha\n", "notes.csv": "x\n1\n"},
			[]string{"ignored files (not a table of agreements): notes.csv"}, "1 agreement created"},
		{"French file name", map[string]string{"agreements.csv": "key,title\n1,Alpha\n", "partenaires.csv": "agreement,side,name,country\n1,foreign,Ville de Hué,VN\n"},
			nil, "1 organisation created"},
		{"unknown column, cells past the header", map[string]string{"agreements.csv": "key,title,colour\n1,Alpha,blue\n2,Beta,red,lost\n"},
			[]string{"ignored columns in agreements: colour", "ignored cells past the last column of the header in agreements, 1 row: 3"}, "2 agreements created"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
			in := filepath.Join(dir, "register")
			if err := os.Mkdir(in, 0o750); err != nil {
				t.Fatal(err)
			}
			for name, body := range c.files {
				if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			out, errs, err := run(t, env, "", "import", "agreements", in)
			if err != nil || !strings.Contains(out, c.out) {
				t.Fatalf("%v %q %q", err, out, errs)
			}
			got := strings.Split(strings.TrimSpace(errs), "\n")
			if len(c.want) == 0 && errs != "" || len(c.want) > 0 && strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("standard error %q, want %q", errs, c.want)
			}
		})
	}
}
