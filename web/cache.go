package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"passerelle"
)

// orgCache keeps recent organisation search results. An entry is valid while the
// workspace's version (the highest audit id, which every committed change raises, in
// any process) is unchanged and for at most ttl. The key holds the workspace and the
// visibility scope (member, or the operator), so that nobody gets another's results.
// Searching a large directory costs tens of milliseconds (ranking and counting every
// match); checking the version costs one indexed lookup.
type orgCache struct {
	mu       sync.Mutex
	entries  map[string]*orgEntry
	inflight map[string]chan struct{}
	max      int
	ttl      time.Duration
}

type orgEntry struct {
	refreshing bool
	version    int64
	at         time.Time
	orgs       []*passerelle.Organization
	total      int
}

func newOrgCache(max int, ttl time.Duration) *orgCache {
	return &orgCache{entries: map[string]*orgEntry{}, inflight: map[string]chan struct{}{}, max: max, ttl: ttl}
}

// findOrganizations is FindOrganizations through the cache. The organisations returned
// are shared between requests: callers must not change them.
func (s *Server) findOrganizations(ctx context.Context, f passerelle.OrganizationFilter) ([]*passerelle.Organization, int, error) {
	a := passerelle.ActorFromContext(ctx)
	c := s.orgCache
	if a == nil || c == nil {
		return s.orgs.FindOrganizations(ctx, f)
	}
	version, err := s.workspaceVersion(ctx, a.WorkspaceID)
	if err != nil {
		return nil, 0, err
	}
	key := fmt.Sprintf("%d|%d|%t|%q|%q|%q|%q|%q|%d|%d", a.WorkspaceID, a.MemberID, a.System, f.Query, f.Country, f.Kind, f.Theme, f.RORID, f.Offset, f.Limit)
	for {
		c.mu.Lock()
		if e, ok := c.entries[key]; ok && e.version == version {
			if time.Since(e.at) >= c.ttl && !e.refreshing {
				// Old but not known to be stale: serve it and refresh it in the
				// background, so that expiry does not stall every client at once.
				e.refreshing = true
				go s.refreshOrgs(context.WithoutCancel(ctx), key, version, f)
			}
			c.mu.Unlock()
			return e.orgs, e.total, nil
		}
		wait, busy := c.inflight[key]
		if !busy {
			// This request computes the entry; the same query arriving meanwhile waits
			// for it instead of searching too.
			done := make(chan struct{})
			c.inflight[key] = done
			c.mu.Unlock()
			orgs, total, err := s.orgs.FindOrganizations(ctx, f)
			c.mu.Lock()
			delete(c.inflight, key)
			close(done)
			if err == nil {
				if len(c.entries) >= c.max {
					n := 0
					for k := range c.entries { // map order is random: evict a random tenth
						delete(c.entries, k)
						if n++; n >= c.max/10 {
							break
						}
					}
				}
				c.entries[key] = &orgEntry{version: version, at: time.Now(), orgs: orgs, total: total}
			}
			c.mu.Unlock()
			return orgs, total, err
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
}

func (s *Server) refreshOrgs(ctx context.Context, key string, version int64, f passerelle.OrganizationFilter) {
	orgs, total, err := s.orgs.FindOrganizations(ctx, f)
	c := s.orgCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		delete(c.entries, key)
		return
	}
	c.entries[key] = &orgEntry{version: version, at: time.Now(), orgs: orgs, total: total}
}
