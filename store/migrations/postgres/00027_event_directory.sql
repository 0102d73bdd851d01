-- +goose Up
-- Partnering events: a participant's page searches and ranks the event's other
-- participants, which the server keeps in memory per event instead of reading them all
-- on each view (store/event_directory.go). change_seq tells it when to read them again:
-- every insert and every change of what the page shows of a participant (ref, name,
-- organisation, profile) stamps the row with the next number of a sequence, so an
-- event's participants are unchanged while their count and highest stamp are. A
-- sequence takes no lock: a counter row would make concurrent writers of one event's
-- participants (an import and a profile save) wait on each other, or deadlock.
ALTER TABLE event_participants ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX event_participants_changes ON event_participants (workspace_id, event_id, change_seq);
CREATE SEQUENCE event_participant_changes;

-- +goose StatementBegin
CREATE FUNCTION event_participants_stamp() RETURNS trigger AS $$
BEGIN
    NEW.change_seq := nextval('event_participant_changes');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER event_participants_stamp BEFORE INSERT OR UPDATE OF event_id, ref, name, org_name, org_country, org_website, profile
ON event_participants FOR EACH ROW EXECUTE FUNCTION event_participants_stamp();

-- A participant's session records their session_epoch at sign-in; setting a password
-- raises it, which ends their other sessions (as users' session_epoch does).
ALTER TABLE event_participants ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE event_participants DROP COLUMN session_epoch;
DROP TRIGGER event_participants_stamp ON event_participants;
DROP FUNCTION event_participants_stamp();
DROP SEQUENCE event_participant_changes;
DROP INDEX event_participants_changes;
ALTER TABLE event_participants DROP COLUMN change_seq;
