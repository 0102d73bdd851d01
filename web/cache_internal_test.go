package web

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestOrgCacheFreshness: a search waits only for a search under way that is at least as
// fresh as the version it read, takes an entry only under the same rule, and a slower,
// older search never replaces a fresher entry. Waiting for older searches queued every
// request behind the one before while writes raised the version (bench load).
func TestOrgCacheFreshness(t *testing.T) {
	db := storetest.SQLite(t)
	root := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "c", Name: "Cache"}
	if err := store.NewWorkspaceService(db).CreateWorkspace(root, ws); err != nil {
		t.Fatal(err)
	}
	a := passerelle.SystemActor(ws.ID)
	ctx := passerelle.NewContextWithActor(context.Background(), a)
	if err := store.NewOrganizationService(db).CreateOrganization(ctx, &passerelle.Organization{Name: "Alpha Bio", Kind: passerelle.KindCompany}); err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(db, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.workspaceVersion(ctx, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := passerelle.OrganizationFilter{Query: "alpha"}
	key := orgCacheKey(a, f)
	c := s.orgCache
	marker := []*passerelle.Organization{{Name: "from the cache"}}
	find := func() ([]*passerelle.Organization, error) {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		orgs, _, err := s.findOrganizations(ctx, f)
		return orgs, err
	}

	// An older search under way that never ends: the request searches itself.
	c.mu.Lock()
	c.inflight[key] = &orgFlight{version: v - 1, done: make(chan struct{})}
	c.entries[key] = &orgEntry{version: v - 1, at: time.Now(), orgs: marker}
	c.mu.Unlock()
	orgs, err := find()
	if err != nil || len(orgs) != 1 || orgs[0].Name != "Alpha Bio" {
		t.Fatalf("behind an older search: %v %v", orgs, err)
	}

	// A search under way at the request's version: the request waits for it and takes
	// its entry.
	fl := &orgFlight{version: v, done: make(chan struct{})}
	c.mu.Lock()
	delete(c.entries, key)
	c.inflight[key] = fl
	c.mu.Unlock()
	got := make(chan []*passerelle.Organization)
	go func() { orgs, _ := find(); got <- orgs }()
	time.Sleep(50 * time.Millisecond)
	c.mu.Lock()
	c.store(key, &orgEntry{version: v, at: time.Now(), orgs: marker})
	delete(c.inflight, key)
	close(fl.done)
	c.mu.Unlock()
	if orgs := <-got; len(orgs) != 1 || orgs[0].Name != "from the cache" {
		t.Fatalf("behind a search of its version: %v", orgs)
	}

	// An older result arriving late does not replace a fresher one.
	c.mu.Lock()
	c.store(key, &orgEntry{version: v - 1, at: time.Now(), orgs: nil})
	e := c.entries[key]
	c.mu.Unlock()
	if e.version != v || len(e.orgs) != 1 {
		t.Fatalf("an older result replaced a fresher one: %+v", e)
	}
}
