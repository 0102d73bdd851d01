package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportParticipationsAndKPI: the CORDIS sample imported by the command (dry run
// first: nothing saved), re-imported unchanged, and `kpi` prints exactly the documented
// fields, euros as decimal strings, in JSON and CSV.
func TestImportParticipationsAndKPI(t *testing.T) {
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	file := "../../interchange/testdata/cordis-h2020organizations.csv"
	if _, _, err := run(t, env, "", "import", "participations", file, "--dry-run"); err == nil {
		t.Error("a dry run into an empty database: no error")
	}
	out, errOut, err := run(t, env, "", "import", "participations", file)
	if err != nil || !strings.Contains(out, "created 2") || !strings.Contains(out, "3 organisations: 3 new") || !strings.Contains(errOut, "cordis-h2020projects.csv") {
		t.Fatalf("import: %q %q %v", out, errOut, err)
	}
	if out, _, err = run(t, env, "", "import", "participations", file, "--dry-run"); err != nil || !strings.Contains(out, "would create 0") || !strings.Contains(out, "unchanged 2") || !strings.Contains(out, "nothing saved") {
		t.Fatalf("dry run: %q %v", out, err)
	}
	if out, _, err = run(t, env, "", "import", "participations", file); err != nil || !strings.Contains(out, "unchanged 2") || !strings.Contains(out, "0 new, 3 matched") {
		t.Fatalf("re-import: %q %v", out, err)
	}
	out, _, err = run(t, env, "", "kpi", "--format", "json", "--year", "2019")
	if err != nil {
		t.Fatal(err)
	}
	var k map[string]any
	if err := json.Unmarshal([]byte(out), &k); err != nil {
		t.Fatal(err)
	}
	want := []string{"year", "member", "companies_met_abroad", "meetings_held", "rd_contracts_foreign_eur", "eu_projects_eur",
		"eu_projects_coordinated", "partnership_revenue_eur", "foreign_share_pct", "agreements_signed"}
	if len(k) != len(want) {
		t.Errorf("fields %v", k)
	}
	for _, f := range want {
		if _, ok := k[f]; !ok {
			t.Errorf("no field %s in %s", f, out)
		}
	}
	if k["year"].(float64) != 2019 || k["member"] != nil || k["eu_projects_eur"] != "0.00" {
		t.Errorf("%s", out)
	}
	out, _, err = run(t, env, "", "kpi", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 || strings.Join(recs[0], ",") != strings.Join(want, ",") || recs[1][0] != "" {
		t.Errorf("csv: %q %v", out, err)
	}
}
