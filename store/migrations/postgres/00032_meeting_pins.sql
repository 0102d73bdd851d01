-- +goose Up
-- A meeting of a scheduled programme (a mission's) placed by hand and pinned: it stays
-- where it is when the programme is planned again (docs/missions.md). Partnering
-- events keep their own pin on event_meetings.
ALTER TABLE meetings ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE meetings DROP COLUMN pinned;
