-- +goose Up
-- The outbox of mails (docs/events.md, "Participants told of what a run changed"): a
-- mail is written here in the same transaction as the change it tells, so that a process
-- stopping after the commit or a mail server failing loses nothing; the serve process's
-- sender sends it, retries a failure with a growing delay and, after the last attempt,
-- marks it failed for the organiser to see. data is what the mail says, as JSON of its
-- kind (rendered in the recipient's language when sent).
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    event_id        INTEGER,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    lang            TEXT NOT NULL DEFAULT '',
    data            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_event ON mail_outbox (workspace_id, event_id, status);

-- +goose Down
DROP TABLE mail_outbox;
