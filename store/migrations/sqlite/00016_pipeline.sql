-- +goose Up
-- The pipeline (docs/pipeline.md): opportunities a member pursues, linked to the records
-- they came from; projects and contracts (R&D contracts, EU projects, licences) with
-- their money per year; the organisations of EU projects with their role and EU
-- contribution. Money is integer cents; eur_cents is kept beside each amount (at the
-- project's rate) so that every figure is a plain SUM. member_id is the member whose
-- opportunity or revenue it is, whatever the visibility; owner_member_id, as elsewhere,
-- the member a private record belongs to.
CREATE TABLE opportunities (
    workspace_id          INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id                    INTEGER PRIMARY KEY,
    title                 TEXT NOT NULL,
    member_id             INTEGER NOT NULL,
    stage                 TEXT NOT NULL CHECK (stage IN ('identified', 'in_discussion', 'letter_of_intent', 'proposal_submitted', 'won', 'lost', 'abandoned')),
    expected_value_cents  BIGINT NOT NULL DEFAULT 0,
    currency              TEXT NOT NULL DEFAULT 'EUR',
    programme             TEXT NOT NULL DEFAULT '',
    call_id               TEXT NOT NULL DEFAULT '',
    deadline              TEXT NOT NULL DEFAULT '',
    next_action           TEXT NOT NULL DEFAULT '',
    next_action_date      TEXT NOT NULL DEFAULT '',
    opened_on             TEXT NOT NULL,
    opened_year           INTEGER NOT NULL,
    won_on                TEXT NOT NULL DEFAULT '',
    won_year              INTEGER NOT NULL DEFAULT 0,
    notes                 TEXT NOT NULL DEFAULT '',
    visibility            TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id       INTEGER,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id)
);
CREATE INDEX opportunities_member ON opportunities (workspace_id, member_id, stage);

-- What an opportunity came from: kind is meeting, mission, event, organization or
-- person, target_id that record's id. Reads join the target, so a link to a deleted
-- record disappears with it.
CREATE TABLE opportunity_links (
    workspace_id   INTEGER NOT NULL,
    opportunity_id INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('meeting', 'mission', 'event', 'organization', 'person')),
    target_id      INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, opportunity_id, kind, target_id),
    FOREIGN KEY (workspace_id, opportunity_id) REFERENCES opportunities (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX opportunity_links_target ON opportunity_links (workspace_id, kind, target_id);

CREATE TABLE projects (
    workspace_id       INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('rd_contract', 'eu_project', 'licence')),
    ref                TEXT,
    acronym            TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL,
    member_id          INTEGER,
    client_org_id      INTEGER,
    client_name        TEXT NOT NULL DEFAULT '',
    client_country     TEXT NOT NULL DEFAULT '',
    programme          TEXT NOT NULL DEFAULT '',
    call_id            TEXT NOT NULL DEFAULT '',
    topic              TEXT NOT NULL DEFAULT '',
    role               TEXT NOT NULL DEFAULT '' CHECK (role IN ('', 'coordinator', 'participant')),
    start_date         TEXT NOT NULL DEFAULT '',
    end_date           TEXT NOT NULL DEFAULT '',
    start_year         INTEGER NOT NULL DEFAULT 0,
    signed_on          TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL DEFAULT 'EUR',
    rate               TEXT NOT NULL DEFAULT '1',
    opportunity_id     INTEGER,
    notes              TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL DEFAULT '',
    visibility         TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id    INTEGER,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id),
    FOREIGN KEY (workspace_id, client_org_id) REFERENCES organizations (workspace_id, id),
    FOREIGN KEY (workspace_id, opportunity_id) REFERENCES opportunities (workspace_id, id) ON DELETE SET NULL
);
-- An outside reference names one project of a kind: imports find it again by it.
CREATE UNIQUE INDEX projects_ref ON projects (workspace_id, kind, ref);
CREATE INDEX projects_member ON projects (workspace_id, kind, member_id);
CREATE INDEX projects_client ON projects (workspace_id, client_org_id);

-- A project's money per year: amount_cents in the project's currency, eur_cents at its rate.
CREATE TABLE project_amounts (
    workspace_id INTEGER NOT NULL,
    project_id   INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    eur_cents    BIGINT NOT NULL CHECK (eur_cents >= 0),
    PRIMARY KEY (workspace_id, project_id, year),
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE
);

-- The organisations of an EU project, each with its role and EU contribution (euro cents).
CREATE TABLE participations (
    workspace_id    INTEGER NOT NULL,
    project_id      INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    amount_cents    BIGINT NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
    PRIMARY KEY (workspace_id, project_id, position),
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX participations_org ON participations (workspace_id, organization_id);

-- +goose Down
DROP TABLE participations;
DROP TABLE project_amounts;
DROP TABLE projects;
DROP TABLE opportunity_links;
DROP TABLE opportunities;
