-- +goose Up
-- Each member institute's private notes on a meeting (docs/meetings.md): only the users
-- of that member read and write them; they never appear in feeds, exports of other
-- members, or the audit log's values (only that they changed).
CREATE TABLE meeting_private_notes (
    workspace_id BIGINT NOT NULL,
    meeting_id   BIGINT NOT NULL,
    member_id    BIGINT NOT NULL,
    notes        TEXT NOT NULL,
    updated_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, member_id),
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);

-- A participant's meetings are read through these indexes (history pages, agendas,
-- feeds): with the meeting's id in them they answer without reading the tables, which
-- the planner otherwise prefers to a scan of the workspace's whole primary key.
DROP INDEX meeting_people_person;
DROP INDEX meeting_organizations_org;
DROP INDEX meeting_attendees_user;
CREATE INDEX meeting_people_person ON meeting_people (workspace_id, person_id, meeting_id);
CREATE INDEX meeting_organizations_org ON meeting_organizations (workspace_id, organization_id, meeting_id);
CREATE INDEX meeting_attendees_user ON meeting_attendees (workspace_id, user_id, meeting_id);

-- +goose Down
DROP INDEX meeting_people_person;
DROP INDEX meeting_organizations_org;
DROP INDEX meeting_attendees_user;
CREATE INDEX meeting_people_person ON meeting_people (workspace_id, person_id);
CREATE INDEX meeting_organizations_org ON meeting_organizations (workspace_id, organization_id);
CREATE INDEX meeting_attendees_user ON meeting_attendees (workspace_id, user_id);
DROP TABLE meeting_private_notes;
