-- +goose Up
-- Pairs of organisations that a user said are not one organisation (docs/matching.md):
-- the duplicates list no longer shows them. The lower id is a_id.
CREATE TABLE org_not_duplicates (
    workspace_id BIGINT NOT NULL,
    a_id         BIGINT NOT NULL,
    b_id         BIGINT NOT NULL,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, a_id, b_id),
    FOREIGN KEY (workspace_id, a_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, b_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX org_not_duplicates_b ON org_not_duplicates (workspace_id, b_id);

-- +goose Down
DROP TABLE org_not_duplicates;
