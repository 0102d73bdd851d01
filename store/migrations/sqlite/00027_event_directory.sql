-- +goose Up
-- Partnering events: a participant's page searches and ranks the event's other
-- participants, which the server keeps in memory per event instead of reading them all
-- on each view (store/event_directory.go). change_seq tells it when to read them again:
-- every insert and every change of what the page shows of a participant (ref, name,
-- organisation, profile) stamps the row with the next number of one counter, so an
-- event's participants are unchanged while their count and highest stamp are. A counter
-- rather than the highest stamp + 1: a deleted participant's number is never given again.
ALTER TABLE event_participants ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX event_participants_changes ON event_participants (workspace_id, event_id, change_seq);
CREATE TABLE event_participant_changes (n INTEGER NOT NULL);
INSERT INTO event_participant_changes (n) VALUES (0);

-- +goose StatementBegin
CREATE TRIGGER event_participants_stamp_insert AFTER INSERT ON event_participants BEGIN
    UPDATE event_participant_changes SET n = n + 1;
    UPDATE event_participants SET change_seq = (SELECT n FROM event_participant_changes) WHERE id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER event_participants_stamp_update AFTER UPDATE OF event_id, ref, name, org_name, org_country, org_website, profile
ON event_participants BEGIN
    UPDATE event_participant_changes SET n = n + 1;
    UPDATE event_participants SET change_seq = (SELECT n FROM event_participant_changes) WHERE id = new.id;
END;
-- +goose StatementEnd

-- A participant's session records their session_epoch at sign-in; setting a password
-- raises it, which ends their other sessions (as users' session_epoch does).
ALTER TABLE event_participants ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE event_participants DROP COLUMN session_epoch;
DROP TRIGGER event_participants_stamp_update;
DROP TRIGGER event_participants_stamp_insert;
DROP TABLE event_participant_changes;
DROP INDEX event_participants_changes;
ALTER TABLE event_participants DROP COLUMN change_seq;
