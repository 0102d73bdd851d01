package passerelle

import (
	"encoding/json"
	"time"
)

// JobState is where a background job stands.
type JobState string

const (
	JobQueued    JobState = "queued"
	JobRunning   JobState = "running"
	JobDone      JobState = "done"
	JobFailed    JobState = "failed"
	JobCancelled JobState = "cancelled"
)

// Finished reports whether the job will not run again.
func (s JobState) Finished() bool { return s == JobDone || s == JobFailed || s == JobCancelled }

// Job is a piece of work run in the background by a worker of any serve process (package
// jobs): what to do (Kind and its Params), where it stands (State, Progress), and what
// came of it (Result, or Error). Params, Progress and Result are JSON owned by the kind's
// handler. A job is read like a record: shared with the workspace, or private to a member.
type Job struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	Kind        string          `json:"kind"`
	Params      json.RawMessage `json:"params"`
	State       JobState        `json:"state"`
	Progress    json.RawMessage `json:"progress,omitempty"`
	Result      json.RawMessage `json:"result,omitempty"`
	// Error is why a failed job failed: a catalogue key and its arguments.
	Error       Msg `json:"error,omitempty"`
	Attempts    int `json:"attempts"`     // claims so far (a restart interrupting a run counts)
	MaxAttempts int `json:"max_attempts"` // claims allowed before the job fails
	// ClaimedBy names the worker running it (host, process, number); HeartbeatAt is its
	// last sign of life. CancelRequested asks that worker to stop.
	ClaimedBy       string     `json:"claimed_by,omitempty"`
	HeartbeatAt     *time.Time `json:"heartbeat_at,omitempty"`
	CancelRequested bool       `json:"cancel_requested"`

	Visibility    Visibility `json:"visibility"`
	OwnerMemberID int64      `json:"owner_member_id,omitempty"`
	// CreatedBy is the user who asked for the job (0: the operator, from the CLI), and
	// CreatedMember their member then. The job runs with that user's rights of the
	// moment it runs.
	CreatedBy     int64      `json:"created_by,omitempty"`
	CreatedMember int64      `json:"created_member,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	StartedAt     *time.Time `json:"started_at,omitempty"`
	FinishedAt    *time.Time `json:"finished_at,omitempty"`
}

// Validate checks a job before it is queued.
func (j *Job) Validate() error {
	p := Problems{}
	if j.Kind == "" || len(j.Kind) > 100 {
		p.Add("kind", "required")
	}
	if len(j.Params) == 0 {
		j.Params = json.RawMessage("{}")
	}
	if len(j.Params) > MaxJobParams {
		p.Add("params", "at most %d bytes", MaxJobParams)
	} else if !json.Valid(j.Params) {
		p.Add("params", "not valid JSON")
	}
	if j.Visibility == "" {
		j.Visibility = VisibilityShared
	}
	if j.Visibility != VisibilityShared && j.Visibility != VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = 3
	}
	return p.Err()
}

// MaxJobParams bounds a job's parameters: a scheduling request of 20,000 meetings with
// their participants and availability fits.
const MaxJobParams = 32 << 20
