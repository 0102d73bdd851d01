-- +goose Up
-- A ROR id, or an agreement's reference, is unique among the records one member can read:
-- among shared records, and among each member's private ones. A record another member
-- keeps private then neither blocks nor reveals itself to whoever creates or imports the
-- same identifier (the unique index would answer "another organisation has the ROR id").
-- The same identifier may so be on a shared record and on private ones; links and
-- imports resolve a ROR id to the shared record.
DROP INDEX organizations_ror;
CREATE UNIQUE INDEX organizations_ror ON organizations (workspace_id, ror_id) WHERE visibility = 'shared';
CREATE UNIQUE INDEX organizations_ror_private ON organizations (workspace_id, owner_member_id, ror_id) WHERE visibility = 'private';
DROP INDEX agreements_ref;
CREATE UNIQUE INDEX agreements_ref ON agreements (workspace_id, ref) WHERE visibility = 'shared';
CREATE UNIQUE INDEX agreements_ref_private ON agreements (workspace_id, owner_member_id, ref) WHERE visibility = 'private';

-- +goose Down
-- Fails if an identifier is now on several records: merge them first.
DROP INDEX agreements_ref_private;
DROP INDEX agreements_ref;
CREATE UNIQUE INDEX agreements_ref ON agreements (workspace_id, ref);
DROP INDEX organizations_ror_private;
DROP INDEX organizations_ror;
CREATE UNIQUE INDEX organizations_ror ON organizations (workspace_id, ror_id);
