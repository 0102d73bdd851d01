-- +goose Up
-- A member's private notes on a person of the network's contact book (docs/missions.md):
-- one text per person and member, read and written only by that member's users, never
-- by another member, the network's staff of no member, or another workspace. A merge of
-- two people moves them (person_merge.go's personRefs); when both had a note of one
-- member, the kept person's stays and the other is kept for an undo. When a note
-- changed, and by whom, is in the audit log (an entry private to the member, without
-- the text).
CREATE TABLE person_member_notes (
    workspace_id BIGINT NOT NULL,
    person_id    BIGINT NOT NULL,
    member_id    BIGINT NOT NULL,
    notes        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, person_id, member_id),
    FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX person_member_notes_member ON person_member_notes (workspace_id, member_id);

-- +goose Down
DROP TABLE person_member_notes;
