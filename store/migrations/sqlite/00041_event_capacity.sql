-- +goose Up
-- A partnering event's maximum of participants, its waiting list, and the address told
-- of each registration in notify_lang, the language of the page the organiser set it
-- on (docs/events.md, "Capacity and waiting list"). max_participants
-- 0 is no maximum. A confirmed registration past the maximum is on the waiting list
-- from waitlisted_at (its place in the list) until admitted; left_at marks one who left
-- the event, removed one the organiser took off it. Neither counts, is shown to the others, nor may request or be requested.
ALTER TABLE events ADD COLUMN max_participants INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN notify_email TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN notify_lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE event_participants ADD COLUMN waitlisted_at TIMESTAMP;
ALTER TABLE event_participants ADD COLUMN left_at TIMESTAMP;
ALTER TABLE event_participants ADD COLUMN removed BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE event_participants DROP COLUMN removed;
ALTER TABLE event_participants DROP COLUMN left_at;
ALTER TABLE event_participants DROP COLUMN waitlisted_at;
ALTER TABLE events DROP COLUMN notify_lang;
ALTER TABLE events DROP COLUMN notify_email;
ALTER TABLE events DROP COLUMN max_participants;
