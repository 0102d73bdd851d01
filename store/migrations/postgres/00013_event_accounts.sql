-- +goose Up
-- Outside participants' accounts (docs/events.md): a participant registers through the
-- event's public page when the organiser opens it, confirms their email with a one-time
-- link, and then sees that event only. Self-registered participants (registered) are
-- kept by imports, which manage the organiser's own list.
ALTER TABLE events ADD COLUMN registration_open BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE event_participants ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE event_participants ADD COLUMN registered BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE event_participants ADD COLUMN confirmed_at TIMESTAMPTZ;

-- One-time sign-in links: only the hash of the token is kept; a link works once, within
-- its validity.
CREATE TABLE event_signin_tokens (
    token_hash     TEXT PRIMARY KEY,
    workspace_id   BIGINT NOT NULL,
    participant_id BIGINT NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    used_at        TIMESTAMPTZ,
    FOREIGN KEY (workspace_id, participant_id) REFERENCES event_participants (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX event_signin_tokens_participant ON event_signin_tokens (workspace_id, participant_id);

-- +goose Down
DROP TABLE event_signin_tokens;
ALTER TABLE event_participants DROP COLUMN confirmed_at;
ALTER TABLE event_participants DROP COLUMN registered;
ALTER TABLE event_participants DROP COLUMN lang;
ALTER TABLE events DROP COLUMN registration_open;
