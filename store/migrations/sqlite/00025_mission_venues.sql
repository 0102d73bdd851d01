-- +goose Up
-- Missions, continued (docs/missions.md): the mission's kind (an outgoing mission, or a
-- delegation received at home, whose targets are its hosts); its venues with addresses
-- and the travel times between them (JSON lists: read and written whole with the
-- mission); each target's availability (local days and hours, as typed) and the venue
-- where it is met; and the opportunity a follow-up became (a reference without a key,
-- like the follow-up's meeting: a deleted opportunity is left out on reads).
ALTER TABLE missions ADD COLUMN kind TEXT NOT NULL DEFAULT 'outgoing' CHECK (kind IN ('outgoing', 'incoming'));
ALTER TABLE missions ADD COLUMN venues TEXT NOT NULL DEFAULT '[]';
ALTER TABLE missions ADD COLUMN travel TEXT NOT NULL DEFAULT '[]';
ALTER TABLE mission_targets ADD COLUMN availability TEXT NOT NULL DEFAULT '';
ALTER TABLE mission_targets ADD COLUMN venue TEXT NOT NULL DEFAULT '';
ALTER TABLE follow_ups ADD COLUMN opportunity_id INTEGER;

-- +goose Down
ALTER TABLE follow_ups DROP COLUMN opportunity_id;
ALTER TABLE mission_targets DROP COLUMN venue;
ALTER TABLE mission_targets DROP COLUMN availability;
ALTER TABLE missions DROP COLUMN travel;
ALTER TABLE missions DROP COLUMN venues;
ALTER TABLE missions DROP COLUMN kind;
