-- +goose Up
-- Projects and opportunities are edited in pages and through the API like the other
-- editable records (00014): each carries a version raised by every update, and a save
-- based on an older version is refused instead of overwriting what another user saved.
ALTER TABLE projects ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE opportunities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE opportunities DROP COLUMN version;
ALTER TABLE projects DROP COLUMN version;
