package passerelle

import (
	"time"
)

// Change is one field's old and new value in an audit entry.
type Change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// AuditEntry records who changed what, when.
type AuditEntry struct {
	ID          int64             `json:"id"`
	WorkspaceID int64             `json:"workspace_id"`
	At          time.Time         `json:"at"`
	UserID      int64             `json:"user_id,omitempty"`
	UserEmail   string            `json:"user_email,omitempty"`
	Action      string            `json:"action"` // create, update, delete, merge, import
	Entity      string            `json:"entity"` // organization, person, link, affiliation, ...
	EntityID    int64             `json:"entity_id"`
	Summary     string            `json:"summary,omitempty"`
	Changes     map[string]Change `json:"changes,omitempty"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Before   int64 // cursor: entries with a smaller id
	Limit    int
}
