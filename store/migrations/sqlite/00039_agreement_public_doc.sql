-- +goose Up
-- The folded text of what the public page shows of an agreement (Agreement.Public():
-- no notes, no document that is not public): a search on the public page matches it,
-- not search_doc, or the page would tell whether a published agreement's notes hold a
-- word. Filled by Go for the agreements already held.
ALTER TABLE agreements ADD COLUMN public_doc TEXT NOT NULL DEFAULT '';
INSERT INTO pending_backfills (name) VALUES ('agreement_public_doc');

-- +goose Down
DELETE FROM pending_backfills WHERE name = 'agreement_public_doc';
ALTER TABLE agreements DROP COLUMN public_doc;
