package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestJobsCommands: 'jobs schedule FILE' queues and runs a scheduling request without a
// server; '--queue' only queues, and 'jobs run ID' runs it; a bad request names its field.
func TestJobsCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	ctx := context.Background()
	db, err := store.Open(ctx, "", env["PASSERELLE_DATA_DIR"])
	if err != nil {
		t.Fatal(err)
	}
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "net", Name: "Network"}
	if err := store.NewWorkspaceService(db).CreateWorkspace(root, ws); err != nil {
		t.Fatal(err)
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	var ids []int64
	for _, n := range []string{"Ada", "Bo", "Cy"} {
		p := &passerelle.Person{FirstName: n, LastName: "Test"}
		if err := store.NewPersonService(db).CreatePerson(sys, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	db.Close()
	req := fmt.Sprintf(`{"clock": {"days": ["2027-03-10"], "start": "09:00", "end": "10:30", "slot_minutes": 30, "time_zone": "Europe/Paris"},
	 "participants": [{"key": "a", "person_id": %d}, {"key": "b", "person_id": %d}, {"key": "c", "person_id": %d}],
	 "meetings": [{"with": ["a", "b"]}, {"with": ["b", "c"]}, {"with": ["a", "c"]}], "time_limit_seconds": 1}`, ids[0], ids[1], ids[2])
	file := filepath.Join(dir, "req.json")
	if err := os.WriteFile(file, []byte(req), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, env, "", "jobs", "schedule", file)
	if err != nil || !strings.Contains(out, "job 1 done") || !strings.Contains(out, "3 of 3 meetings placed") {
		t.Errorf("schedule: %v\n%s", err, out)
	}
	out, _, err = run(t, env, "", "jobs", "schedule", file, "--queue")
	if err != nil || !strings.Contains(out, "job 2 queued") || strings.Contains(out, "done") {
		t.Errorf("queue: %v\n%s", err, out)
	}
	out, _, err = run(t, env, "", "jobs", "run", "2")
	if err != nil || !strings.Contains(out, "job 2 done") {
		t.Errorf("run: %v\n%s", err, out)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(req, `"a", "b"]`, `"a", "x"]`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, env, "", "jobs", "schedule", file); err == nil || !strings.Contains(err.Error(), `meetings[0].with: unknown participant "x"`) {
		t.Errorf("bad request: %v", err)
	}
}
