-- +goose Up
-- Every tenant-owned table carries workspace_id in its key (see docs/operations.md).
CREATE TABLE workspaces (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'en',
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE members (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    organization_id INTEGER,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, name)
);

CREATE TABLE memberships (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    member_id    INTEGER,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'member', 'viewer')),
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, user_id),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id)
);

CREATE TABLE themes (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    parent_code  TEXT,
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    label_fr     TEXT NOT NULL,
    label_en     TEXT NOT NULL,
    PRIMARY KEY (workspace_id, code)
);

CREATE TABLE organizations (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    names           TEXT NOT NULL DEFAULT '[]',
    acronyms        TEXT NOT NULL DEFAULT '[]',
    aliases         TEXT NOT NULL DEFAULT '[]',
    ror_id          TEXT,
    siren           TEXT NOT NULL DEFAULT '',
    siret           TEXT NOT NULL DEFAULT '',
    vat             TEXT NOT NULL DEFAULT '',
    pic             TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    lat             DOUBLE PRECISION,
    lng             DOUBLE PRECISION,
    tags            TEXT NOT NULL DEFAULT '[]',
    description     TEXT NOT NULL DEFAULT '',
    established     INTEGER NOT NULL DEFAULT 0,
    fictional       BOOLEAN NOT NULL DEFAULT FALSE,
    visibility      TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id INTEGER,
    search_doc      TEXT NOT NULL DEFAULT '',
    match_keys      TEXT NOT NULL DEFAULT '',
    name_key        TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id)
);
CREATE UNIQUE INDEX organizations_ror ON organizations (workspace_id, ror_id);
CREATE INDEX organizations_country ON organizations (workspace_id, country);
CREATE INDEX organizations_kind ON organizations (workspace_id, kind);
CREATE INDEX organizations_name ON organizations (workspace_id, name_key);

CREATE TABLE organization_themes (
    workspace_id    INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    theme_code      TEXT NOT NULL,
    PRIMARY KEY (workspace_id, organization_id, theme_code),
    FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, theme_code) REFERENCES themes (workspace_id, code)
);
CREATE INDEX organization_themes_theme ON organization_themes (workspace_id, theme_code);

CREATE TABLE org_links (
    workspace_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    from_id      INTEGER NOT NULL,
    to_id        INTEGER,
    to_ref       TEXT,
    to_label     TEXT NOT NULL DEFAULT '',
    start_date   TEXT NOT NULL DEFAULT '',
    end_date     TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT 'manual',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, from_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, to_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX org_links_ref ON org_links (workspace_id, from_id, kind, to_ref);
CREATE INDEX org_links_from ON org_links (workspace_id, from_id);
CREATE INDEX org_links_to ON org_links (workspace_id, to_id);
-- Partial: only links still waiting for their target, which imports look up by reference.
CREATE INDEX org_links_pending ON org_links (workspace_id, to_ref) WHERE to_id IS NULL;

CREATE TABLE people (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL DEFAULT '',
    emails          TEXT NOT NULL DEFAULT '[]',
    phones          TEXT NOT NULL DEFAULT '[]',
    languages       TEXT NOT NULL DEFAULT '[]',
    topics          TEXT NOT NULL DEFAULT '[]',
    country         TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    fictional       BOOLEAN NOT NULL DEFAULT FALSE,
    visibility      TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
    owner_member_id INTEGER,
    search_doc      TEXT NOT NULL DEFAULT '',
    name_key        TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_member_id) REFERENCES members (workspace_id, id)
);
CREATE INDEX people_name ON people (workspace_id, name_key);

CREATE TABLE affiliations (
    workspace_id    INTEGER NOT NULL,
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    start_date      TEXT NOT NULL DEFAULT '',
    end_date        TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX affiliations_person ON affiliations (workspace_id, person_id);
CREATE INDEX affiliations_org ON affiliations (workspace_id, organization_id);

CREATE TABLE audit_log (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    at              TIMESTAMP NOT NULL,
    user_id         INTEGER,
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    changes         TEXT NOT NULL DEFAULT '{}',
    visibility      TEXT NOT NULL DEFAULT 'shared',
    owner_member_id INTEGER,
    UNIQUE (workspace_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (workspace_id, entity, entity_id);

-- Full text: the application folds text (lower case, no accents) into search_doc; the
-- index matches words by prefix. External content keeps one copy of the text.
CREATE VIRTUAL TABLE organizations_fts USING fts5 (search_doc, content = 'organizations', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER organizations_fts_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organizations_fts (rowid, search_doc) VALUES (new.id, new.search_doc);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER organizations_fts_delete AFTER DELETE ON organizations BEGIN
    INSERT INTO organizations_fts (organizations_fts, rowid, search_doc) VALUES ('delete', old.id, old.search_doc);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER organizations_fts_update AFTER UPDATE OF search_doc ON organizations BEGIN
    INSERT INTO organizations_fts (organizations_fts, rowid, search_doc) VALUES ('delete', old.id, old.search_doc);
    INSERT INTO organizations_fts (rowid, search_doc) VALUES (new.id, new.search_doc);
END;
-- +goose StatementEnd

CREATE VIRTUAL TABLE people_fts USING fts5 (search_doc, content = 'people', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, search_doc) VALUES (new.id, new.search_doc);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, search_doc) VALUES ('delete', old.id, old.search_doc);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER people_fts_update AFTER UPDATE OF search_doc ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, search_doc) VALUES ('delete', old.id, old.search_doc);
    INSERT INTO people_fts (rowid, search_doc) VALUES (new.id, new.search_doc);
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE people_fts;
DROP TABLE organizations_fts;
DROP TABLE audit_log;
DROP TABLE affiliations;
DROP TABLE people;
DROP TABLE org_links;
DROP TABLE organization_themes;
DROP TABLE organizations;
DROP TABLE themes;
DROP TABLE memberships;
DROP TABLE members;
DROP TABLE users;
DROP TABLE workspaces;
