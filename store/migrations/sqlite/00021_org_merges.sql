-- +goose Up
-- Merges of two organisations (issue 14): what an undo needs to put the one merged away
-- back, with every row the merge moved or dropped (JSON). No foreign keys on the two ids:
-- the merged-away record is gone, and the kept one may be deleted later.
CREATE TABLE org_merges (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           INTEGER PRIMARY KEY,
    kept_id      INTEGER NOT NULL,
    gone_id      INTEGER NOT NULL,
    gone_name    TEXT NOT NULL,
    data         TEXT NOT NULL,
    merged_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    merged_at    TIMESTAMP NOT NULL,
    undone_at    TIMESTAMP
);
CREATE INDEX org_merges_kept ON org_merges (workspace_id, kept_id);

-- +goose Down
DROP TABLE org_merges;
