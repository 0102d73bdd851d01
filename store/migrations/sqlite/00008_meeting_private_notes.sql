-- +goose Up
-- Each member institute's private notes on a meeting (docs/meetings.md): only the users
-- of that member read and write them; they never appear in feeds, exports of other
-- members, or the audit log's values (only that they changed).
CREATE TABLE meeting_private_notes (
    workspace_id INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    notes        TEXT NOT NULL,
    updated_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, member_id),
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE meeting_private_notes;
