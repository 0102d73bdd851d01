-- +goose Up
-- A counter raised by every password change: a session records the value it was signed
-- in under, and one with an older value no longer authenticates, so a change of password
-- ends every other session of the account, in every serve process.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN session_epoch;
