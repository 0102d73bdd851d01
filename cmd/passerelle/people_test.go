package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestPeopleStale: the retention rule lists a person not seen for three years, not one
// seen last month, and --erase anonymises the first; it also empties the bin of what
// has expired there (a person deleted 40 days ago, kept until some other delete).
func TestPeopleStale(t *testing.T) {
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	ctx := context.Background()
	db, err := store.Open(ctx, "", env["PASSERELLE_DATA_DIR"])
	must(t, err)
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "net", Name: "Network"}
	must(t, store.NewWorkspaceService(db).CreateWorkspace(root, ws))
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	now := db.Now
	db.Now = func() time.Time { return now().AddDate(-3, 0, 0) }
	old := &passerelle.Person{FirstName: "Olaf", LastName: "Longago"}
	must(t, store.NewPersonService(db).CreatePerson(sys, old))
	db.Now = func() time.Time { return now().AddDate(0, -1, 0) }
	recent := &passerelle.Person{FirstName: "Rita", LastName: "Recent"}
	must(t, store.NewPersonService(db).CreatePerson(sys, recent))
	db.Now = func() time.Time { return now().AddDate(0, 0, -40) }
	binned := &passerelle.Person{FirstName: "Dora", LastName: "Deleted"}
	must(t, store.NewPersonService(db).CreatePerson(sys, binned))
	must(t, store.NewPersonService(db).DeletePerson(sys, binned.ID))
	db.Close()

	out, _, err := run(t, env, "", "people", "stale", "--years", "2")
	if err != nil || !strings.Contains(out, "Olaf Longago") || strings.Contains(out, "Rita") || !strings.Contains(out, "1 people not seen") {
		t.Fatalf("stale: %v\n%s", err, out)
	}
	if out, _, err = run(t, env, "", "people", "stale", "--years", "2", "--erase"); err != nil || !strings.Contains(out, "erased") {
		t.Fatalf("erase: %v\n%s", err, out)
	}
	raw, err := sql.Open("sqlite", filepath.Join(env["PASSERELLE_DATA_DIR"], "passerelle.db"))
	must(t, err)
	var n int
	must(t, raw.QueryRow(`SELECT COUNT(*) FROM bin WHERE data LIKE '%Deleted%'`).Scan(&n))
	raw.Close()
	if n != 0 {
		t.Errorf("the retention rule left an expired entry in the bin")
	}
	out, _, err = run(t, env, "", "search", "Longago")
	if err != nil || strings.Contains(out, "Longago") {
		t.Errorf("the erased person is still found: %v\n%s", err, out)
	}
	if out, _, _ := run(t, env, "", "people", "stale", "--years", "2"); !strings.Contains(out, "0 people") {
		t.Errorf("an erased person is listed again:\n%s", out)
	}
	if _, _, err := run(t, env, "", "people", "stale"); err == nil {
		t.Error("no --years accepted")
	}
}

// TestPeopleDuplicates: 'people duplicates' lists two records of one person with the
// reasons; --not takes the pair off the list.
func TestPeopleDuplicates(t *testing.T) {
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	ctx := context.Background()
	db, err := store.Open(ctx, "", env["PASSERELLE_DATA_DIR"])
	must(t, err)
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "net", Name: "Network"}
	must(t, store.NewWorkspaceService(db).CreateWorkspace(root, ws))
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	people := store.NewPersonService(db)
	a := &passerelle.Person{FirstName: "Jérôme", LastName: "Lévy", Emails: []string{"jerome.levy@inserm.example"}}
	b := &passerelle.Person{FirstName: "LEVY", LastName: "Jerome", Emails: []string{"Jerome.Levy@inserm.example"}}
	must(t, people.CreatePerson(sys, a))
	must(t, people.CreatePerson(sys, b))
	db.Close()
	out, _, err := run(t, env, "", "people", "duplicates")
	if err != nil || !strings.Contains(out, "likely") || !strings.Contains(out, "same email") || !strings.Contains(out, "1 pair(s)") {
		t.Fatalf("people duplicates: %v %q", err, out)
	}
	if out, _, err := run(t, env, "", "people", "duplicates", "--not", fmt.Sprintf("%d,%d", b.ID, a.ID)); err != nil || !strings.Contains(out, "people") {
		t.Fatalf("--not: %v %q", err, out)
	}
	if out, _, _ := run(t, env, "", "people", "duplicates"); !strings.Contains(out, "0 pair(s)") {
		t.Errorf("after --not: %q", out)
	}
	if _, _, err := run(t, env, "", "people", "duplicates", "--not", "1,x"); err == nil {
		t.Error("--not 1,x accepted")
	}
}
