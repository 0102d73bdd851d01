-- +goose Up
-- The bin (issue 20): a deleted organisation, person or agreement is kept here, with
-- what went with it (links, affiliations), for 30 days, from which an editor restores
-- it. data is the record as JSON; visibility and owner are the record's, so that the
-- bin is read under the same rule as the record was.
CREATE TABLE bin (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    entity          TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    summary         TEXT NOT NULL,
    data            TEXT NOT NULL,
    visibility      TEXT NOT NULL,
    owner_member_id INTEGER,
    deleted_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    deleted_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX bin_deleted ON bin (workspace_id, deleted_at);

-- +goose Down
DROP TABLE bin;
