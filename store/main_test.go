package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"passerelle"
	"passerelle/store"
)

// testDBs opens a fresh SQLite database and, when PASSERELLE_TEST_POSTGRES_URL names a
// server, a fresh PostgreSQL database created for the test and dropped after it.
func testDBs(t *testing.T) map[string]*store.DB {
	t.Helper()
	ctx := context.Background()
	out := map[string]*store.DB{}
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	out["sqlite"] = db
	if u := os.Getenv("PASSERELLE_TEST_POSTGRES_URL"); u != "" {
		out["postgres"] = OpenTestPostgres(t, u)
	}
	return out
}

// OpenTestPostgres creates a database on the server at u for one test and drops it after.
func OpenTestPostgres(t *testing.T, u string) *store.DB {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("passerelle_test_%d", rand.Int64N(1<<40))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	pu, _ := url.Parse(u)
	pu.Path = "/" + name
	db, err := store.Open(ctx, pu.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
		admin.Close()
	})
	return db
}

// eachDB runs f once per database as a subtest.
func eachDB(t *testing.T, f func(t *testing.T, db *store.DB)) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { f(t, db) })
	}
}

// fixture is a workspace with two members and a user in each, for access tests.
type fixture struct {
	ws                  *passerelle.Workspace
	memberA, memberB    *passerelle.Member
	system, alice, bob  context.Context
	viewer, otherSystem context.Context
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{}
	ws := store.NewWorkspaceService(db)
	sys := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	f.ws = &passerelle.Workspace{Slug: "net", Name: "Network"}
	if err := ws.CreateWorkspace(sys, f.ws); err != nil {
		t.Fatal(err)
	}
	other := &passerelle.Workspace{Slug: "other", Name: "Other network"}
	if err := ws.CreateWorkspace(sys, other); err != nil {
		t.Fatal(err)
	}
	f.system = passerelle.NewContextWithActor(ctx, passerelle.SystemActor(f.ws.ID))
	f.otherSystem = passerelle.NewContextWithActor(ctx, passerelle.SystemActor(other.ID))
	f.memberA = &passerelle.Member{Name: "Institut A"}
	f.memberB = &passerelle.Member{Name: "Institut B"}
	for _, m := range []*passerelle.Member{f.memberA, f.memberB} {
		if err := ws.CreateMember(f.system, m); err != nil {
			t.Fatal(err)
		}
	}
	f.alice = passerelle.NewContextWithActor(ctx, &passerelle.Actor{UserID: 0, WorkspaceID: f.ws.ID, MemberID: f.memberA.ID, Role: passerelle.RoleMember})
	f.bob = passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberB.ID, Role: passerelle.RoleMember})
	f.viewer = passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberB.ID, Role: passerelle.RoleViewer})
	return f
}
