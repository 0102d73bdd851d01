-- +goose Up
-- Prospection missions (docs/missions.md): the mission, the advisers (users) who
-- accompany its meetings, its targets (organisations of the directory, in groups: the
-- targets of one group are met in one meeting), and one debrief per member institute,
-- private to that member and the mission's organisers. The programme's meetings are
-- ordinary meetings (origin 'mission') placed by the scheduling service; plan_job is the
-- last scheduling job, which a re-plan repairs.
CREATE TABLE missions (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    context         TEXT NOT NULL DEFAULT '',
    destination     TEXT NOT NULL DEFAULT '',
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    day_start       TEXT NOT NULL DEFAULT '09:00',
    day_end         TEXT NOT NULL DEFAULT '17:00',
    meeting_minutes INTEGER NOT NULL CHECK (meeting_minutes > 0),
    venue           TEXT NOT NULL DEFAULT '',
    organiser_id    INTEGER,
    lead_person_id  INTEGER,
    plan_job_id     INTEGER,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, slug)
);

CREATE TABLE mission_advisers (
    workspace_id INTEGER NOT NULL,
    mission_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, mission_id, user_id),
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE mission_targets (
    workspace_id    INTEGER NOT NULL,
    mission_id      INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    group_key       TEXT NOT NULL,
    why             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, mission_id, organization_id),
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE mission_debriefs (
    workspace_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    mission_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, mission_id, member_id),
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE
);

-- The organisations a debrief covers, with their interest for that member.
CREATE TABLE mission_debrief_orgs (
    workspace_id    INTEGER NOT NULL,
    debrief_id      INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    interest        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, debrief_id, organization_id),
    FOREIGN KEY (workspace_id, debrief_id) REFERENCES mission_debriefs (workspace_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE mission_debrief_orgs;
DROP TABLE mission_debriefs;
DROP TABLE mission_targets;
DROP TABLE mission_advisers;
DROP TABLE missions;
