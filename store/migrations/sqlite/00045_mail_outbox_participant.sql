-- +goose Up
-- The event participant an outbox mail is written for (docs/events.md, "The outbox"), so
-- that "Send again" reads them as they are now: their corrected address, or that they
-- left or were removed. NULL for the mails to the organiser's notify address and for the
-- rows written before: those are sent again as written. Older rows are not matched to a
-- participant by their address: the address is what may have changed, and the
-- organiser's notify address may be a participant's too. No foreign key: an organiser's
-- new list deletes participants, and a mail whose participant is gone must say so, not
-- fall back to the address it was written for (as ON DELETE SET NULL would make it).
ALTER TABLE mail_outbox ADD COLUMN participant_id INTEGER;

-- +goose Down
ALTER TABLE mail_outbox DROP COLUMN participant_id;
