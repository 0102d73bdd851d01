-- +goose Up
-- Exact keys of organisations (folded names, acronyms, aliases), so that typing an acronym
-- such as "mit" finds that organisation first through an index, however many other
-- records contain the word.
CREATE TABLE org_keys (
    workspace_id    BIGINT NOT NULL,
    key             TEXT NOT NULL,
    organization_id BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, key, organization_id),
    FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX org_keys_organization ON org_keys (workspace_id, organization_id);

-- +goose Down
DROP TABLE org_keys;
