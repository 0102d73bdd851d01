-- +goose Up
-- A project several members of the network share: besides its own member (projects.member_id,
-- whose money is project_amounts), each other member's part, its role and its money per
-- year. Each part is one member's, so the network's figures add them without counting a
-- project twice (docs/pipeline.md).
CREATE TABLE project_members (
    workspace_id INTEGER NOT NULL,
    project_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    role         TEXT NOT NULL DEFAULT '' CHECK (role IN ('', 'coordinator', 'participant')),
    PRIMARY KEY (workspace_id, project_id, member_id),
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id)
);
CREATE INDEX project_members_member ON project_members (workspace_id, member_id);

CREATE TABLE project_member_amounts (
    workspace_id INTEGER NOT NULL,
    project_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    eur_cents    BIGINT NOT NULL CHECK (eur_cents >= 0),
    PRIMARY KEY (workspace_id, project_id, member_id, year),
    FOREIGN KEY (workspace_id, project_id, member_id) REFERENCES project_members (workspace_id, project_id, member_id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE project_member_amounts;
DROP TABLE project_members;
