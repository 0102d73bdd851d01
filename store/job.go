package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"passerelle"
)

// JobService keeps the background jobs (migration 00009_jobs; the runner is package
// jobs). Users queue, read and cancel jobs through the actor's scope like any record;
// the workers' methods (ClaimJob, BeatJob, FinishJob, ReleaseJob) act across
// workspaces, as the installation's own machinery, and hold a job only while its
// claimed_by names them.
type JobService struct{ db *DB }

func NewJobService(db *DB) *JobService { return &JobService{db: db} }

// ErrJobLost is returned to a worker whose job is no longer its own: another worker took
// it over after the heartbeat went stale, or it was finished meanwhile.
var ErrJobLost = errors.New("job taken over by another worker")

const jobColumns = `j.id, j.workspace_id, j.kind, j.params, j.state, j.progress, j.result, j.error, j.error_args, j.attempts,
	j.max_attempts, j.claimed_by, j.heartbeat_at, j.cancel_requested, j.visibility, COALESCE(j.owner_member_id, 0),
	COALESCE(j.created_by, 0), COALESCE(j.created_member, 0), j.created_at, j.started_at, j.finished_at`

func scanJob(sc interface{ Scan(...any) error }) (*passerelle.Job, error) {
	j := &passerelle.Job{}
	var params, progress, result, errKey, errArgs string
	var beat, started, finished sql.NullTime
	err := sc.Scan(&j.ID, &j.WorkspaceID, &j.Kind, &params, &j.State, &progress, &result, &errKey, &errArgs, &j.Attempts,
		&j.MaxAttempts, &j.ClaimedBy, &beat, &j.CancelRequested, &j.Visibility, &j.OwnerMemberID,
		&j.CreatedBy, &j.CreatedMember, &j.CreatedAt, &started, &finished)
	if err != nil {
		return nil, err
	}
	j.Params = json.RawMessage(params)
	if progress != "" {
		j.Progress = json.RawMessage(progress)
	}
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	if errKey != "" {
		j.Error = passerelle.Msg{Key: errKey}
		var args []any
		if json.Unmarshal([]byte(errArgs), &args) == nil {
			// JSON reads every number as float64; a message's %d wants an integer.
			for i, v := range args {
				if f, ok := v.(float64); ok && f == float64(int64(f)) {
					args[i] = int64(f)
				}
			}
			j.Error.Args = args
		}
	}
	j.CreatedAt = j.CreatedAt.UTC()
	j.HeartbeatAt, j.StartedAt, j.FinishedAt = timePtr(beat), timePtr(started), timePtr(finished)
	return j, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// CreateJob queues a job in the actor's workspace, private to the actor's member when
// j.Visibility says so. It needs a writer: a job changes records when it runs.
func (s *JobService) CreateJob(ctx context.Context, j *passerelle.Job) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if err := j.Validate(); err != nil {
			return err
		}
		if err := prepareOwnership(a, j.Visibility, &j.OwnerMemberID); err != nil {
			return err
		}
		j.WorkspaceID, j.State, j.CreatedBy, j.CreatedMember, j.CreatedAt = a.WorkspaceID, passerelle.JobQueued, a.UserID, a.MemberID, tx.now
		err := tx.QueryRowContext(ctx, `INSERT INTO jobs (workspace_id, kind, params, state, max_attempts, visibility, owner_member_id,
			created_by, created_member, created_at) VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9) RETURNING id`,
			j.WorkspaceID, j.Kind, string(j.Params), j.MaxAttempts, string(j.Visibility), nullID(j.OwnerMemberID),
			nullID(j.CreatedBy), nullID(j.CreatedMember), j.CreatedAt).Scan(&j.ID)
		if err != nil {
			return classify(err, "job")
		}
		return writeAudit(ctx, tx, a, "create", "job", j.ID, j.Kind, nil, j.Visibility, j.OwnerMemberID)
	})
}

// FindJobByID returns a job the actor may read: another workspace's, or another
// member's private one, is not found.
func (s *JobService) FindJobByID(ctx context.Context, id int64) (*passerelle.Job, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return findJob(ctx, s.db.read, a, id)
}

func findJob(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.Job, error) {
	w := &where{}
	w.scope(a, "j")
	w.add("j.id = ?", id)
	j, err := scanJob(q.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs j`+w.String(), w.args...))
	if err != nil {
		return nil, classify(err, fmt.Sprintf("job %d", id))
	}
	return j, nil
}

// CancelJob asks that a job stop: a queued job is cancelled at once, a running one when
// its worker next beats (its handler's context is then cancelled). A finished job is
// left as it is. It returns the job as it now stands.
func (s *JobService) CancelJob(ctx context.Context, id int64) (*passerelle.Job, error) {
	var j *passerelle.Job
	err := s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		var err error
		if j, err = findJob(ctx, tx, a, id); err != nil {
			return err
		}
		switch j.State {
		case passerelle.JobQueued:
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', cancel_requested = TRUE, finished_at = $1
				WHERE workspace_id = $2 AND id = $3`, tx.now, j.WorkspaceID, j.ID)
			j.State, j.FinishedAt = passerelle.JobCancelled, &tx.now
		case passerelle.JobRunning:
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET cancel_requested = TRUE WHERE workspace_id = $1 AND id = $2`, j.WorkspaceID, j.ID)
		default:
			return nil
		}
		if err != nil {
			return err
		}
		j.CancelRequested = true
		return writeAudit(ctx, tx, a, "cancel", "job", j.ID, j.Kind, nil, j.Visibility, j.OwnerMemberID)
	})
	return j, err
}

// ClaimJob gives worker the oldest job of one of kinds that is queued, or running with a
// heartbeat older than stale (its worker stopped: a restart, a crash). It returns nil
// when there is none. A stale job that has used its attempts fails instead.
//
// Workers' names start with their process's name (jobs.Runner.Name): a job whose
// claimed_by starts with worker's process name is never taken over by it, since its
// process is alive and running it. On SQLite a long write transaction (a large save)
// holds back the heartbeats of the same process; they are late, not dead.
func (s *JobService) ClaimJob(ctx context.Context, worker, process string, kinds []string, stale time.Duration) (*passerelle.Job, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	return s.claim(ctx, worker, stale, func(w *where) {
		if process != "" {
			p := w.arg(process)
			w.conds = append(w.conds, "(j.state = 'queued' OR substr(j.claimed_by, 1, length("+p+")) <> "+p+")")
		}
		ph := make([]string, len(kinds))
		for i, k := range kinds {
			ph[i] = w.arg(k)
		}
		w.conds = append(w.conds, "j.kind IN ("+strings.Join(ph, ", ")+")")
	})
}

// ClaimJobByID claims one job for worker (a command running it without a server). A
// job another worker is running, with a fresh heartbeat, is ECONFLICT; a finished one
// is returned as it is, unclaimed.
func (s *JobService) ClaimJobByID(ctx context.Context, worker string, id int64, stale time.Duration) (*passerelle.Job, error) {
	j, err := s.claim(ctx, worker, stale, func(w *where) { w.add("j.id = ?", id) })
	if err != nil || j != nil {
		return j, err
	}
	j, err = scanJob(s.db.read.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs j WHERE j.id = $1`, id))
	if err != nil {
		return nil, classify(err, fmt.Sprintf("job %d", id))
	}
	if !j.State.Finished() {
		return nil, passerelle.Errorf(passerelle.ECONFLICT, "job %d is running elsewhere", id)
	}
	return j, nil
}

func (s *JobService) claim(ctx context.Context, worker string, stale time.Duration, filter func(w *where)) (*passerelle.Job, error) {
	var claimed *passerelle.Job
	err := s.db.inTx(ctx, func(tx *Tx) error {
		// A few rounds: each stale job out of attempts is failed, and the next one looked at.
		for range 10 {
			w := &where{}
			w.add("(j.state = 'queued' OR (j.state = 'running' AND j.heartbeat_at < ?))", tx.now.Add(-stale))
			filter(w)
			j, err := scanJob(tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs j`+w.String()+
				` ORDER BY j.id LIMIT 1`+s.db.skipLocked(), w.args...))
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			} else if err != nil {
				return err
			}
			if j.State == passerelle.JobRunning && j.Attempts >= j.MaxAttempts {
				j.Error = passerelle.M("interrupted %d times: given up", j.Attempts)
				if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'failed', error = $1, error_args = $2, finished_at = $3,
					claimed_by = '' WHERE workspace_id = $4 AND id = $5`, j.Error.Key, msgArgs(j.Error), tx.now, j.WorkspaceID, j.ID); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_by = $1,
				heartbeat_at = $2, started_at = COALESCE(started_at, $2) WHERE workspace_id = $3 AND id = $4`,
				worker, tx.now, j.WorkspaceID, j.ID); err != nil {
				return err
			}
			j.State, j.Attempts, j.ClaimedBy, j.HeartbeatAt = passerelle.JobRunning, j.Attempts+1, worker, &tx.now
			if j.StartedAt == nil {
				j.StartedAt = &tx.now
			}
			claimed = j
			return nil
		}
		return nil
	})
	return claimed, err
}

func msgArgs(m passerelle.Msg) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		// Arguments are kept as JSON scalars; anything else as its text.
		switch a.(type) {
		case string, int, int64, float64, bool:
			args[i] = a
		default:
			args[i] = fmt.Sprint(a)
		}
	}
	b, _ := json.Marshal(args)
	return string(b)
}

// BeatJob records that worker still runs job id, with its progress when not nil, and
// reports whether a cancel was requested. ErrJobLost means the job is no longer the
// worker's: it must stop without writing anything.
func (s *JobService) BeatJob(ctx context.Context, worker string, id int64, progress json.RawMessage) (cancel bool, err error) {
	q := `UPDATE jobs SET heartbeat_at = $1 WHERE id = $2 AND claimed_by = $3 AND state = 'running' RETURNING cancel_requested`
	args := []any{s.db.Now(), id, worker}
	if progress != nil {
		q = `UPDATE jobs SET heartbeat_at = $1, progress = $4 WHERE id = $2 AND claimed_by = $3 AND state = 'running' RETURNING cancel_requested`
		args = append(args, string(progress))
	}
	err = s.db.inTx(ctx, func(tx *Tx) error { return tx.QueryRowContext(ctx, q, args...).Scan(&cancel) })
	if errors.Is(err, sql.ErrNoRows) {
		return false, ErrJobLost
	}
	return cancel, err
}

// FinishJob ends worker's run of job id in state (done, failed or cancelled), with its
// last progress, its result and, for a failure, its message.
func (s *JobService) FinishJob(ctx context.Context, worker string, id int64, state passerelle.JobState, progress, result json.RawMessage, msg passerelle.Msg) error {
	if !state.Finished() {
		return fmt.Errorf("finish job %d: %q is not a final state", id, state)
	}
	return s.db.inTx(ctx, func(tx *Tx) error {
		set := `state = $1, result = $2, error = $3, error_args = $4, finished_at = $5, claimed_by = ''`
		args := []any{string(state), string(result), msg.Key, msgArgs(msg), tx.now, id, worker}
		if progress != nil {
			set += `, progress = $8`
			args = append(args, string(progress))
		}
		r, err := tx.ExecContext(ctx, `UPDATE jobs SET `+set+` WHERE id = $6 AND claimed_by = $7 AND state = 'running'`, args...)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return ErrJobLost
		}
		return nil
	})
}

// ReleaseJob gives worker's running job back to the queue without counting the attempt:
// the process is stopping, and another worker (or this one after a restart) takes it
// up at once instead of waiting for the heartbeat to go stale.
func (s *JobService) ReleaseJob(ctx context.Context, worker string, id int64) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'queued', claimed_by = '', heartbeat_at = NULL,
			attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE id = $1 AND claimed_by = $2 AND state = 'running'`, id, worker)
		return err
	})
}

// JobActor returns the actor a job runs as: its creating user with the role and member
// they have now in the job's workspace (a user who has left cannot run it), or the
// workspace's operator for a job queued from the CLI.
func (s *JobService) JobActor(ctx context.Context, j *passerelle.Job) (*passerelle.Actor, error) {
	if j.CreatedBy == 0 {
		return passerelle.SystemActor(j.WorkspaceID), nil
	}
	a, err := NewAccountService(s.db).ActorFor(ctx, j.CreatedBy, j.WorkspaceID)
	if passerelle.ErrorCode(err) == passerelle.EFORBIDDEN {
		return nil, passerelle.Errorf(passerelle.EFORBIDDEN, "the user who started this job is no longer in the workspace")
	} else if err != nil {
		return nil, err
	}
	return a, nil
}
