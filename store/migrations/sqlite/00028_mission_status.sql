-- +goose Up
-- Missions, continued (docs/missions.md): the mission's status (draft, planned, under
-- way, done, cancelled; a programme planned moves a draft to planned), its budget
-- (integer cents in a currency, none when not given) and the cooperation agreement of
-- the register it serves or led to (a reference without a key, like follow-ups' meeting:
-- a deleted agreement, or one the reader may not read, is left out on reads). Missions
-- already planned are planned.
ALTER TABLE missions ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'planned', 'under_way', 'done', 'cancelled'));
ALTER TABLE missions ADD COLUMN budget_cents INTEGER;
ALTER TABLE missions ADD COLUMN budget_currency TEXT NOT NULL DEFAULT 'EUR';
ALTER TABLE missions ADD COLUMN agreement_id INTEGER;
UPDATE missions SET status = 'planned' WHERE plan_job_id IS NOT NULL;

-- +goose Down
ALTER TABLE missions DROP COLUMN agreement_id;
ALTER TABLE missions DROP COLUMN budget_currency;
ALTER TABLE missions DROP COLUMN budget_cents;
ALTER TABLE missions DROP COLUMN status;
