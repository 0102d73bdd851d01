package store_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/store"
	"passerelle/store/storetest"
)

func testDBs(t *testing.T) map[string]*store.DB { return storetest.DBs(t) }

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
