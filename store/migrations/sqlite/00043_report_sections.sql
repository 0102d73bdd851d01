-- +goose Up
-- The written text of an annual report (docs/reports.md, "Written text"): its
-- introduction and titled sections, in the order of position, for a year of the
-- network's report (member_id NULL) or of one member's. Read by whoever reads that
-- report, written by the coordinators and administrators, and by a member's users
-- (role member) for their own member's. countries is a JSON list of ISO codes; the
-- author is who wrote it last.
CREATE TABLE report_sections (
    workspace_id INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    member_id    INTEGER,
    kind         TEXT NOT NULL DEFAULT 'section' CHECK (kind IN ('intro', 'section')),
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    countries    TEXT NOT NULL DEFAULT '[]',
    body         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX report_sections_report ON report_sections (workspace_id, year, member_id, position);
-- One introduction per report: the network's, and each member's.
CREATE UNIQUE INDEX report_sections_intro_network ON report_sections (workspace_id, year) WHERE kind = 'intro' AND member_id IS NULL;
CREATE UNIQUE INDEX report_sections_intro_member ON report_sections (workspace_id, year, member_id) WHERE kind = 'intro' AND member_id IS NOT NULL;

-- +goose Down
DROP TABLE report_sections;
