package web

import (
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/store"
)

type meReply struct {
	User      *passerelle.User      `json:"user"`
	Workspace *passerelle.Workspace `json:"workspace"`
	MemberID  int64                 `json:"member_id,omitempty"`
	Role      passerelle.Role       `json:"role"`
	// CalendarURL is the caller's ICS feed; the secret in it is its only credential.
	CalendarURL string `json:"calendar_url"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	u, err := s.users.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	ws, err := s.workspaces.FindWorkspaceByID(ctx, a.WorkspaceID)
	if err != nil {
		return err
	}
	cal, err := s.calendarURL(r)
	if err != nil {
		return err
	}
	return ok(w, meReply{User: u, Workspace: ws, MemberID: a.MemberID, Role: a.Role, CalendarURL: cal})
}

func (s *Server) apiThemeList(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.themes.FindThemes(r.Context())
	if err != nil {
		return err
	}
	return ok(w, newList(ts, len(ts), 0, len(ts)))
}

func (s *Server) apiThemeCreate(w http.ResponseWriter, r *http.Request) error {
	t := &passerelle.Theme{}
	if err := decode(r, t); err != nil {
		return err
	}
	if err := s.themes.CreateTheme(r.Context(), t); err != nil {
		return err
	}
	return created(w, t)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	hits, err := s.search.Search(r.Context(), r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
	return ok(w, newList(hits, len(hits), 0, len(hits)))
}

func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.workspaces.FindMembers(r.Context())
	if err != nil {
		return err
	}
	return ok(w, newList(ms, len(ms), 0, len(ms)))
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.users.FindMemberships(r.Context())
	if err != nil {
		return err
	}
	return ok(w, newList(ms, len(ms), 0, len(ms)))
}

// apiAudit pages the log by entry id: the cursor holds the id to continue below.
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	before, limit, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := passerelle.AuditFilter{Entity: q.Get("entity"), Before: int64(before), Limit: limit}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	es, err := s.audit.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	l := list[*passerelle.AuditEntry]{Items: es, Total: len(es)}
	if l.Items == nil {
		l.Items = []*passerelle.AuditEntry{}
	}
	if len(es) == limit {
		l.NextCursor = encodeCursor(int(es[len(es)-1].ID))
	}
	return ok(w, l)
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.accounts.FindAPITokens(r.Context())
	if err != nil {
		return err
	}
	return ok(w, newList[*store.APIToken](ts, len(ts), 0, len(ts)))
}
