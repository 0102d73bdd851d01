-- +goose Up
-- Every editable record carries a version, raised by each update: a save based on an
-- older version is refused instead of silently overwriting what another user saved
-- meanwhile (docs/operations.md, "No lost update").
ALTER TABLE organizations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE agreements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE meetings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE meetings DROP COLUMN version;
ALTER TABLE agreements DROP COLUMN version;
ALTER TABLE people DROP COLUMN version;
ALTER TABLE organizations DROP COLUMN version;
