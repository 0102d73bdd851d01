package passerelle

import (
	"regexp"
	"strings"
	"time"
)

// Workspace is one network that uses passerelle: a consortium, a cluster, a territory.
type Workspace struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Member is a member organisation of the workspace (one of the five institutes).
// Users belong to a member; private records belong to a member.
type Member struct {
	ID             int64     `json:"id"`
	WorkspaceID    int64     `json:"workspace_id"`
	Name           string    `json:"name"`
	OrganizationID int64     `json:"organization_id,omitempty"` // its record in the directory, if any
	CreatedAt      time.Time `json:"created_at"`
}

// User is a person who signs in. Users are global; their roles are per workspace.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Lang      string    `json:"lang"` // "fr" or "en"
	CreatedAt time.Time `json:"created_at"`
}

// Membership is a user's place in a workspace.
type Membership struct {
	WorkspaceID int64  `json:"workspace_id"`
	UserID      int64  `json:"user_id"`
	MemberID    int64  `json:"member_id,omitempty"`
	Role        Role   `json:"role"`
	UserEmail   string `json:"user_email,omitempty"`
	UserName    string `json:"user_name,omitempty"`
	MemberName  string `json:"member_name,omitempty"`
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Validate checks a workspace before it is stored.
func (w *Workspace) Validate() error {
	p := Problems{}
	w.Slug = strings.TrimSpace(w.Slug)
	w.Name = strings.TrimSpace(w.Name)
	if !slugRe.MatchString(w.Slug) {
		p.Add("slug", "use lower-case letters, digits and hyphens (at most 63)")
	}
	if w.Name == "" {
		p.Add("name", "required")
	}
	return p.Err()
}
