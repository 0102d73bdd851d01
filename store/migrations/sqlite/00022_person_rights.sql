-- +goose Up
-- The rights of the people in the contact book (issue 14): lawful bases and consents,
-- the user to ask before contacting someone, and when a person was erased.
CREATE TABLE person_consents (
    workspace_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL,
    basis        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    given_on     TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    recorded_at  TIMESTAMP NOT NULL,
    FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX person_consents_person ON person_consents (workspace_id, person_id);

CREATE TABLE person_owners (
    workspace_id INTEGER NOT NULL,
    person_id    INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, person_id),
    FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE
);

ALTER TABLE people ADD COLUMN erased_at TIMESTAMP;

-- +goose Down
ALTER TABLE people DROP COLUMN erased_at;
DROP TABLE person_owners;
DROP TABLE person_consents;
