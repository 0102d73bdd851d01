-- +goose Up
-- The blocking keys of people that follow from their names and emails
-- (match.PersonStoredKeys), so that an import of a contact list reads the candidates of
-- its rows through an index instead of the whole contact book.
CREATE TABLE person_keys (
    workspace_id BIGINT NOT NULL,
    key          TEXT NOT NULL,
    person_id    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, key, person_id),
    FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX person_keys_person ON person_keys (workspace_id, person_id);

-- Work that a migration leaves to Go code (store.DB.Migrate runs it and deletes the
-- row in the same transaction): here the keys of the people already held.
CREATE TABLE pending_backfills (name TEXT PRIMARY KEY);
INSERT INTO pending_backfills (name) VALUES ('person_keys');

-- +goose Down
DROP TABLE pending_backfills;
DROP TABLE person_keys;
