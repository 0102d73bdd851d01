-- +goose Up
-- The days of a published event whose participants were mailed their meetings the day
-- before (docs/events.md, "The day before"): one row each, written in the transaction
-- that queues the mails, so that the sender's hourly look never mails a day twice.
CREATE TABLE event_day_reminders (
    workspace_id BIGINT NOT NULL,
    event_id     BIGINT NOT NULL,
    day          TEXT NOT NULL,
    mails        INTEGER NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, event_id, day),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE event_day_reminders;
