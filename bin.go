package passerelle

import "time"

// BinDays is how long a deleted organisation, person or agreement stays in the bin,
// from which an editor may restore it; after that it is gone.
const BinDays = 30

// BinEntry is a deleted record waiting in the bin: what it was (its entity, id and
// name), who deleted it and when, and until when it can be restored.
type BinEntry struct {
	ID            int64      `json:"id"`
	Entity        string     `json:"entity"` // organization, person, agreement
	EntityID      int64      `json:"entity_id"`
	Summary       string     `json:"summary"`
	Visibility    Visibility `json:"visibility"`
	OwnerMemberID int64      `json:"owner_member_id,omitempty"`
	DeletedBy     string     `json:"deleted_by,omitempty"` // the user's e-mail; empty for the operator
	DeletedAt     time.Time  `json:"deleted_at"`
	ExpiresAt     time.Time  `json:"expires_at"`
}

// Restored says what a restore brought back: the record's new id, and how many of the
// links and affiliations that went with it came back (those whose other end still
// exists and the restorer may read).
type Restored struct {
	Entity   string `json:"entity"`
	ID       int64  `json:"id"`
	Links    int    `json:"links"`
	Affected int    `json:"affiliations"`
	Meetings int    `json:"meetings"` // meetings that name the record again
	// Missions that name a restored organisation again, as organiser or target (host).
	Missions int `json:"missions"`
	Dropped  int `json:"dropped"` // links and affiliations whose other end is gone
}
