-- +goose Up
-- Accounts: sessions (shared by every serve process), API tokens and invitations (both
-- hashed at rest), and sign-in attempts for rate limiting.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    UNIQUE (workspace_id, id)
);
CREATE INDEX api_tokens_user ON api_tokens (workspace_id, user_id);

CREATE TABLE invitations (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           INTEGER PRIMARY KEY,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'member', 'viewer')),
    member_id    INTEGER,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   INTEGER,
    expires_at   TIMESTAMP NOT NULL,
    accepted_at  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id)
);
CREATE INDEX invitations_email ON invitations (workspace_id, email);

CREATE TABLE sign_in_attempts (
    id      INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_attempts_subject ON sign_in_attempts (subject, at);

-- +goose Down
DROP TABLE sign_in_attempts;
DROP TABLE invitations;
DROP TABLE api_tokens;
DROP TABLE sessions;
