-- +goose Up
-- Cooperation agreements: every field of an Atlas record. Lists that are only ever read
-- with their agreement (contacts, volunteers, documents) are JSON text; lists that
-- searches and totals look into (partners, themes, funding, phases and actions) are
-- tables. Child rows carry their position and are rewritten whole when the agreement is
-- saved, so they need no identity of their own.
CREATE TABLE agreements (
    workspace_id          INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id                    INTEGER PRIMARY KEY,
    ref                   TEXT,
    title                 TEXT NOT NULL,
    type                  TEXT NOT NULL,
    signed_year           INTEGER NOT NULL DEFAULT 0,
    signed_date           TEXT NOT NULL DEFAULT '',
    start_date            TEXT NOT NULL DEFAULT '',
    end_date              TEXT NOT NULL DEFAULT '',
    start_key             TEXT NOT NULL DEFAULT '',
    end_key               TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL DEFAULT '',
    year                  INTEGER NOT NULL DEFAULT 0,
    triennial             BOOLEAN NOT NULL DEFAULT FALSE,
    theme_code            TEXT,
    context               TEXT NOT NULL DEFAULT '',
    history               TEXT NOT NULL DEFAULT '',
    objectives            TEXT NOT NULL DEFAULT '',
    description           TEXT NOT NULL DEFAULT '',
    form                  TEXT NOT NULL DEFAULT '',
    project_owner         TEXT NOT NULL DEFAULT '',
    contracting_authority TEXT NOT NULL DEFAULT '',
    beneficiaries         TEXT NOT NULL DEFAULT '',
    evaluation            TEXT NOT NULL DEFAULT '',
    communication_france  TEXT NOT NULL DEFAULT '',
    communication_abroad  TEXT NOT NULL DEFAULT '',
    contacts              TEXT NOT NULL DEFAULT '[]',
    volunteers            TEXT NOT NULL DEFAULT '[]',
    documents             TEXT NOT NULL DEFAULT '[]',
    notes                 TEXT NOT NULL DEFAULT '',
    published             BOOLEAN NOT NULL DEFAULT FALSE,
    funding_cents         BIGINT NOT NULL DEFAULT 0,
    visibility            TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id       INTEGER,
    search_doc            TEXT NOT NULL DEFAULT '',
    title_key             TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id),
    FOREIGN KEY (workspace_id, theme_code) REFERENCES themes (workspace_id, code)
);
CREATE UNIQUE INDEX agreements_ref ON agreements (workspace_id, ref);
CREATE INDEX agreements_title ON agreements (workspace_id, title_key);
CREATE INDEX agreements_year ON agreements (workspace_id, year);
CREATE INDEX agreements_type ON agreements (workspace_id, type);

CREATE TABLE agreement_partners (
    workspace_id    INTEGER NOT NULL,
    agreement_id    INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    side            TEXT NOT NULL CHECK (side IN ('french', 'foreign')),
    name            TEXT NOT NULL,
    country         TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL DEFAULT '',
    subregion       TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, agreement_id, position),
    FOREIGN KEY (workspace_id, agreement_id) REFERENCES agreements (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id)
);
CREATE INDEX agreement_partners_org ON agreement_partners (workspace_id, organization_id);
CREATE INDEX agreement_partners_country ON agreement_partners (workspace_id, country);
CREATE INDEX agreement_partners_region ON agreement_partners (workspace_id, region);

-- One row per theme an agreement falls under, ancestors included (explicit = FALSE), so
-- that a filter or a facet at any level of the taxonomy is one exact match.
CREATE TABLE agreement_themes (
    workspace_id INTEGER NOT NULL,
    agreement_id INTEGER NOT NULL,
    theme_code   TEXT NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    explicit     BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (workspace_id, agreement_id, theme_code),
    FOREIGN KEY (workspace_id, agreement_id) REFERENCES agreements (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, theme_code) REFERENCES themes (workspace_id, code)
);
CREATE INDEX agreement_themes_theme ON agreement_themes (workspace_id, theme_code);

CREATE TABLE agreement_funding (
    workspace_id INTEGER NOT NULL,
    agreement_id INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    funder       TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    currency     TEXT NOT NULL DEFAULT 'EUR',
    water_cents  BIGINT,
    year         INTEGER NOT NULL DEFAULT 0,
    category     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, agreement_id, position),
    FOREIGN KEY (workspace_id, agreement_id) REFERENCES agreements (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE agreement_phases (
    workspace_id INTEGER NOT NULL,
    agreement_id INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    start_date   TEXT NOT NULL DEFAULT '',
    end_date     TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, agreement_id, position),
    FOREIGN KEY (workspace_id, agreement_id) REFERENCES agreements (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE agreement_actions (
    workspace_id   INTEGER NOT NULL,
    agreement_id   INTEGER NOT NULL,
    phase_position INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    start_date     TEXT NOT NULL DEFAULT '',
    end_date       TEXT NOT NULL DEFAULT '',
    owner          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, agreement_id, phase_position, position),
    FOREIGN KEY (workspace_id, agreement_id, phase_position) REFERENCES agreement_phases (workspace_id, agreement_id, position) ON DELETE CASCADE
);

CREATE VIRTUAL TABLE agreements_fts USING fts5 (search_doc, content = 'agreements', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER agreements_fts_insert AFTER INSERT ON agreements BEGIN
    INSERT INTO agreements_fts (rowid, search_doc) VALUES (new.id, new.search_doc);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER agreements_fts_delete AFTER DELETE ON agreements BEGIN
    INSERT INTO agreements_fts (agreements_fts, rowid, search_doc) VALUES ('delete', old.id, old.search_doc);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER agreements_fts_update AFTER UPDATE OF search_doc ON agreements BEGIN
    INSERT INTO agreements_fts (agreements_fts, rowid, search_doc) VALUES ('delete', old.id, old.search_doc);
    INSERT INTO agreements_fts (rowid, search_doc) VALUES (new.id, new.search_doc);
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE agreements_fts;
DROP TABLE agreement_actions;
DROP TABLE agreement_phases;
DROP TABLE agreement_funding;
DROP TABLE agreement_themes;
DROP TABLE agreement_partners;
DROP TABLE agreements;
