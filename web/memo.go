package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"passerelle"
)

// memo spares the database the lookups that every request makes: the actor of a token
// or of a session's user, the workspace's version and its theme taxonomy. Both are kept briefly (versionTTL, tokenTTL) and
// forgotten at once when this process handles any change, so that a process always
// sees its own writes; other processes' writes show within the TTL.
type memo struct {
	mu       sync.Mutex
	gen      uint64 // raised by every change; entries read before it are not stored
	versions map[int64]memoVersion
	tokens   map[string]memoToken
	actors   map[[3]int64]memoToken // (user, workspace, session epoch) -> actor, for sessions
	themes   map[int64]memoThemes
}

type memoThemes struct {
	t  []*passerelle.Theme
	at time.Time
}

type memoVersion struct {
	v  int64
	at time.Time
}

type memoToken struct {
	a  passerelle.Actor
	at time.Time
}

const (
	versionTTL = 250 * time.Millisecond
	tokenTTL   = 2 * time.Second
)

func newMemo() *memo {
	return &memo{versions: map[int64]memoVersion{}, tokens: map[string]memoToken{}, actors: map[[3]int64]memoToken{}, themes: map[int64]memoThemes{}}
}

// forget drops everything; called after each state-changing request.
func (m *memo) forget() {
	m.mu.Lock()
	m.gen++
	clear(m.versions)
	clear(m.tokens)
	clear(m.actors)
	clear(m.themes)
	m.mu.Unlock()
}

func (s *Server) workspaceVersion(ctx context.Context, ws int64) (int64, error) {
	m := s.memo
	m.mu.Lock()
	e, ok := m.versions[ws]
	gen := m.gen
	m.mu.Unlock()
	if ok && time.Since(e.at) < versionTTL {
		return e.v, nil
	}
	v, err := s.accounts.WorkspaceVersion(ctx, ws)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	if m.gen == gen {
		m.versions[ws] = memoVersion{v, time.Now()}
	}
	m.mu.Unlock()
	return v, nil
}

func (s *Server) actorForToken(ctx context.Context, token string) (*passerelle.Actor, error) {
	m := s.memo
	m.mu.Lock()
	e, ok := m.tokens[token]
	gen := m.gen
	m.mu.Unlock()
	if ok && time.Since(e.at) < tokenTTL {
		a := e.a
		return &a, nil
	}
	a, err := s.accounts.ActorForToken(ctx, token)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.gen == gen {
		if len(m.tokens) > 10000 {
			clear(m.tokens)
		}
		m.tokens[token] = memoToken{*a, time.Now()}
	}
	m.mu.Unlock()
	return a, nil
}

// changes reports whether a request may change state.
func changes(r *http.Request) bool {
	return r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
}

// actorFor is AccountService.ActorForSession for a session's user, kept like a token's
// actor. The epoch is part of the key: another process's password change ends the
// session here within tokenTTL.
func (s *Server) actorFor(ctx context.Context, userID, workspaceID, epoch int64) (*passerelle.Actor, error) {
	m := s.memo
	k := [3]int64{userID, workspaceID, epoch}
	m.mu.Lock()
	e, ok := m.actors[k]
	gen := m.gen
	m.mu.Unlock()
	if ok && time.Since(e.at) < tokenTTL {
		a := e.a
		return &a, nil
	}
	a, err := s.accounts.ActorForSession(ctx, userID, workspaceID, epoch)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.gen == gen {
		if len(m.actors) > 10000 {
			clear(m.actors)
		}
		m.actors[k] = memoToken{*a, time.Now()}
	}
	m.mu.Unlock()
	return a, nil
}

// findThemes is ThemeService.FindThemes, kept briefly per workspace: every directory
// page shows the taxonomy in its filters. Callers must not change the themes.
func (s *Server) findThemes(ctx context.Context) ([]*passerelle.Theme, error) {
	a := passerelle.ActorFromContext(ctx)
	if a == nil {
		return s.themes.FindThemes(ctx)
	}
	m := s.memo
	m.mu.Lock()
	e, ok := m.themes[a.WorkspaceID]
	gen := m.gen
	m.mu.Unlock()
	if ok && time.Since(e.at) < tokenTTL {
		return e.t, nil
	}
	ts, err := s.themes.FindThemes(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.gen == gen {
		m.themes[a.WorkspaceID] = memoThemes{ts, time.Now()}
	}
	m.mu.Unlock()
	return ts, nil
}
