-- +goose Up
-- Each member institute's private notes on a meeting (docs/meetings.md): only the users
-- of that member read and write them; they never appear in feeds, exports of other
-- members, or the audit log's values (only that they changed).
CREATE TABLE meeting_private_notes (
    workspace_id BIGINT NOT NULL,
    meeting_id   BIGINT NOT NULL,
    member_id    BIGINT NOT NULL,
    notes        TEXT NOT NULL,
    updated_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, member_id),
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE meeting_private_notes;
