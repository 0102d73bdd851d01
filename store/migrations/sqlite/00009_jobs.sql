-- +goose Up
-- Background jobs (package jobs, docs/jobs.md): work too long for a request (scheduling thousands of
-- meetings), run by any serve process. A worker claims a queued job (FOR UPDATE SKIP
-- LOCKED on PostgreSQL, the single writer on SQLite), beats its heartbeat while it runs
-- and writes the progress with it; a running job whose heartbeat is stale (its process
-- stopped) is claimed again, up to max_attempts claims. params, progress and result are
-- JSON text owned by the job's kind; error is a message catalogue key, error_args its
-- arguments (JSON list). A job is read like a record: shared, or private to its member.
CREATE TABLE jobs (
    workspace_id     INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    params           TEXT NOT NULL DEFAULT '{}',
    state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    progress         TEXT NOT NULL DEFAULT '',
    result           TEXT NOT NULL DEFAULT '',
    error            TEXT NOT NULL DEFAULT '',
    error_args       TEXT NOT NULL DEFAULT '[]',
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 3,
    claimed_by       TEXT NOT NULL DEFAULT '',
    heartbeat_at     TIMESTAMP,
    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    visibility       TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id  INTEGER,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_member   INTEGER,
    created_at       TIMESTAMP NOT NULL,
    started_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id)
);
-- Workers look for the oldest queued job and for running ones gone stale, across
-- workspaces: only those rows are indexed.
CREATE INDEX jobs_pending ON jobs (state, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_workspace ON jobs (workspace_id, created_at);

-- +goose Down
DROP TABLE jobs;
