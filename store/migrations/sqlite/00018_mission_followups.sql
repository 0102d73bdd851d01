-- +goose Up
-- Missions, continued (docs/missions.md): the member institutes taking part and their
-- goals; the pairs of targets a user chose to meet apart (a proposal to merge them is
-- then not made again); and follow-ups: actions with an owner (user) and a due date,
-- for one member, linked to a mission, a meeting or an organisation, shown on that
-- member's dashboard until done. A follow-up is private to its member and the
-- organisers, like the debrief it comes from. Its meeting and organisation are
-- references without a key (a deleted one is left out on reads), as mission_targets'.
CREATE TABLE mission_members (
    workspace_id INTEGER NOT NULL,
    mission_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    goals        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, mission_id, member_id),
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE mission_splits (
    workspace_id INTEGER NOT NULL,
    mission_id   INTEGER NOT NULL,
    org_a        INTEGER NOT NULL,
    org_b        INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, mission_id, org_a, org_b),
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE follow_ups (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL,
    owner_user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('send_documents', 'arrange_visit', 'letter_of_intent', 'joint_proposal', 'other')),
    title           TEXT NOT NULL,
    due_date        TEXT NOT NULL DEFAULT '',
    mission_id      INTEGER,
    meeting_id      INTEGER,
    organization_id INTEGER,
    done            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX follow_ups_open ON follow_ups (workspace_id, member_id, done, due_date);
CREATE INDEX follow_ups_mission ON follow_ups (workspace_id, mission_id);

-- +goose Down
DROP TABLE follow_ups;
DROP TABLE mission_splits;
DROP TABLE mission_members;
