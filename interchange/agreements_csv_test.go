package interchange_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passerelle/interchange"
)

// TestAgreementCSVSeparators: a CSV is read with the separator its header uses (French
// Excel writes ';'), and a table without a column the import needs is refused with the
// columns that were read.
func TestAgreementCSVSeparators(t *testing.T) {
	for _, c := range []struct {
		name     string
		files    map[string]string
		titles   []string // the agreements read
		partners int
		err      string // part of the message
	}{
		{"semicolons", map[string]string{"agreements.csv": "key;titre;signed_year\n1;Alpha;2026\n2;\"Bêta; Gamma\";2025\n"}, []string{"Alpha", "Bêta; Gamma"}, 0, ""},
		{"tabs", map[string]string{"agreements.csv": "key\ttitle\n1\tAlpha, Beta\n"}, []string{"Alpha, Beta"}, 0, ""},
		{"commas", map[string]string{"agreements.csv": "key,title,other_themes\n1,Alpha,\"a:1; b:2\"\n"}, []string{"Alpha"}, 0, ""},
		{"semicolons beside", map[string]string{"agreements.csv": "\ufeffkey;title\r\n1;Alpha\r\n", "partners.csv": "agreement;name;country\n1;Ville de Lyon;FR\n"}, []string{"Alpha"}, 1, ""},
		{"no title", map[string]string{"agreements.csv": "key,name,year\n1,Alpha,2026\n"}, nil, 0, `the agreements sheet has no title column (title or titre); its columns are: "key", "name", "year"`},
		{"no agreement column", map[string]string{"agreements.csv": "key,title\n1,Alpha\n", "partners.csv": "key,name\n1,Lyon\n"}, nil, 0, `the partners sheet has no agreement column, the key of each row's agreement; its columns are: "key", "name"`},
	} {
		dir := t.TempDir()
		for name, text := range c.files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		tables, err := interchange.ReadAgreementCSVFiles(dir, "")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: %v, want an error with %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var titles []string
		partners := 0
		for it, err := range interchange.AgreementItems(tables) {
			if err != nil || len(it.Problems) > 0 {
				t.Errorf("%s: %v %v", c.name, err, it.Problems)
				continue
			}
			titles = append(titles, it.Agreement.Title)
			partners += len(it.Agreement.Partners)
		}
		if strings.Join(titles, "|") != strings.Join(c.titles, "|") || partners != c.partners {
			t.Errorf("%s: %q and %d partners, want %q and %d", c.name, titles, partners, c.titles, c.partners)
		}
	}
}
