-- +goose Up
-- Meetings (docs/meetings.md): one record for every meeting a member holds, logged by
-- hand or produced by a mission or an event (origin). Participants are the contact
-- book's people and organisations and the workspace's users; a participant's record
-- deleted takes it off the meeting. Instants are UTC; time_zone is the place's.
CREATE TABLE meetings (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    sequence        INTEGER NOT NULL DEFAULT 0,
    title           TEXT NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    time_zone       TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    room            TEXT NOT NULL DEFAULT '',
    video_url       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('planned', 'confirmed', 'held', 'cancelled', 'no_show')),
    origin          TEXT NOT NULL DEFAULT '' CHECK (origin IN ('', 'mission', 'event')),
    origin_id       INTEGER,
    notes           TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'no_further_contact', 'further_talks', 'negotiation', 'agreement_reached')),
    follow_up       TEXT NOT NULL DEFAULT '',
    visibility      TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id INTEGER,
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id)
);
CREATE INDEX meetings_start ON meetings (workspace_id, starts_at);

CREATE TABLE meeting_people (
    workspace_id INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL,
    person_id    INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, person_id),
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX meeting_people_person ON meeting_people (workspace_id, person_id);

CREATE TABLE meeting_organizations (
    workspace_id    INTEGER NOT NULL,
    meeting_id      INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, organization_id),
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX meeting_organizations_org ON meeting_organizations (workspace_id, organization_id);

CREATE TABLE meeting_attendees (
    workspace_id INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, user_id),
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX meeting_attendees_user ON meeting_attendees (workspace_id, user_id);

-- A user's calendar feed in a workspace: the secret is the credential of the feed URL.
-- It is kept readable (not only hashed like API tokens) because the URL is shown again
-- on the account page and in GET /api/v1/me; it grants reading that user's meetings
-- and nothing else. Rotating it replaces the row, so the old URL stops at once.
CREATE TABLE calendar_feeds (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TABLE meeting_attendees;
DROP TABLE meeting_organizations;
DROP TABLE meeting_people;
DROP TABLE meetings;
