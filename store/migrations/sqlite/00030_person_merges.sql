-- +goose Up
-- Duplicate people (docs/matching.md): pairs a user said are not one person (the lower
-- id is a_id), and merges of two people with what an undo needs (JSON). As for
-- organisations, no foreign keys on a merge's ids: the merged-away record is gone.
CREATE TABLE person_not_duplicates (
    workspace_id INTEGER NOT NULL,
    a_id         INTEGER NOT NULL,
    b_id         INTEGER NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, a_id, b_id),
    FOREIGN KEY (workspace_id, a_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, b_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX person_not_duplicates_b ON person_not_duplicates (workspace_id, b_id);

CREATE TABLE person_merges (
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
CREATE INDEX person_merges_kept ON person_merges (workspace_id, kept_id);

-- +goose Down
DROP TABLE person_merges;
DROP TABLE person_not_duplicates;
