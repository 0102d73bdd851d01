package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const cliEvent = `{"slug": "cli-ev", "name": "CLI partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2027-06-01", "start": "09:00", "end": "11:00", "breaks": [{"start": "10:00", "end": "10:30"}]}],
 "participants": [{"ref": "a", "name": "Ana", "organization": {"name": "Org A", "country": "ES"}}, {"ref": "b", "name": "Ben"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}]}`

// TestEventCLI: import (twice: the second changes nothing), a bad file that names its
// JSON path and leaves nothing, schedule's JSON line, the export with the feed URLs.
func TestEventCLI(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": dir, "PASSERELLE_BASE_URL": "https://p.example.org"}
	file := filepath.Join(dir, "ev.json")
	if err := os.WriteFile(file, []byte(cliEvent), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := run(t, env, "", "import", "event", file); err != nil || !strings.Contains(out, "event cli-ev created") {
		t.Fatalf("import: %v %s", err, out)
	}
	if out, _, err := run(t, env, "", "import", "event", file); err != nil || !strings.Contains(out, "event cli-ev unchanged") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	// A required question left unanswered: accepted, reported on stderr by ref and question.
	qfile := filepath.Join(dir, "q.json")
	qdoc := strings.Replace(strings.Replace(cliEvent, `"participants": [`, `"questions": [{"label": "Sector", "required": true}], "participants": [`, 1),
		`"name": "Ana",`, `"name": "Ana", "answers": [{"question": "Sector", "answer": "Biotech"}],`, 1)
	if err := os.WriteFile(qfile, []byte(strings.ReplaceAll(qdoc, "cli-ev", "cli-q")), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"import", "event", qfile}, {"import", "event", qfile, "--json"}} {
		out, errOut, err := run(t, env, "", args...)
		if err != nil || strings.TrimSpace(errOut) != `participant b: required question "Sector" unanswered` {
			t.Errorf("%v: %v, stderr %q", args, err, errOut)
		}
		if args[len(args)-1] == "--json" && !strings.Contains(out, `"unanswered":[{"ref":"b","question":"Sector"}]`) {
			t.Errorf("--json: %s", out)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(strings.Replace(strings.Replace(cliEvent, `"to": "b"`, `"to": "zz"`, 1), "cli-ev", "cli-bad", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, env, "", "import", "event", bad); err == nil || !strings.Contains(err.Error(), "requests[0].to") {
		t.Errorf("bad file: %v", err)
	}
	if _, _, err := run(t, env, "", "export", "event", "cli-bad"); err == nil {
		t.Errorf("the refused file left its event")
	}
	out, _, err := run(t, env, "", "event", "schedule", "cli-ev", "--time-limit", "5s")
	var sr map[string]int
	if err != nil || json.Unmarshal([]byte(out), &sr) != nil || sr["requested"] != 1 || sr["placed"] != 1 {
		t.Fatalf("schedule: %v %q", err, out)
	}
	out, _, err = run(t, env, "", "export", "event", "cli-ev", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Meetings []struct {
			Start string `json:"start"`
		} `json:"meetings"`
		Participants []struct {
			ICS string `json:"ics_url"`
		} `json:"participants"`
	}
	if err := json.Unmarshal([]byte(out), &ex); err != nil || len(ex.Meetings) != 1 || !strings.HasSuffix(ex.Meetings[0].Start, "+02:00") ||
		!strings.HasPrefix(ex.Participants[0].ICS, "https://p.example.org/event-feeds/evf_") {
		t.Errorf("export: %v %s", err, out)
	}
	// XLSX: the statistics sheet beside the participants and meetings.
	xf := filepath.Join(dir, "ev.xlsx")
	if _, _, err := run(t, env, "", "export", "event", "cli-ev", "--format", "xlsx", "--out", xf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(xf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("statistics")
	figures := map[string]string{}
	for _, r := range rows {
		if len(r) >= 4 {
			figures[r[0]+"/"+r[1]] = r[3]
		}
	}
	if err != nil || figures["requests/total"] != "1" || figures["requests/acceptance_rate"] != "1" || figures["meetings/planned"] != "1" ||
		figures["countries/ES"] != "1" || figures["countries/?"] != "1" {
		t.Errorf("the sheet statistics: %v %q", err, rows)
	}
}
