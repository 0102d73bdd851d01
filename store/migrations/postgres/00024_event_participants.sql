-- +goose Up
-- Partnering events, continued (docs/events.md): the outcome survey's reminder goes to a
-- participant once, ever (survey_reminded_at records when); a participant may sign in
-- with a password besides the one-time link (argon2id, as the users'); a meeting request
-- may ask for a free common slot (slot_start), where the acceptance books the meeting;
-- the organiser's registration questions (JSON, whole) and each participant's answers
-- (JSON, with the questions as asked).
ALTER TABLE event_participants ADD COLUMN survey_reminded_at TIMESTAMPTZ;
ALTER TABLE event_participants ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE event_requests ADD COLUMN slot_start TIMESTAMPTZ;
ALTER TABLE events ADD COLUMN questions TEXT NOT NULL DEFAULT '';
ALTER TABLE event_participants ADD COLUMN answers TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE event_participants DROP COLUMN answers;
ALTER TABLE events DROP COLUMN questions;
ALTER TABLE event_requests DROP COLUMN slot_start;
ALTER TABLE event_participants DROP COLUMN password_hash;
ALTER TABLE event_participants DROP COLUMN survey_reminded_at;
