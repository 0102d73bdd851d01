-- +goose Up
-- Which member institutes want to meet each target of a mission, each with its own
-- reason (docs/missions.md). A target's "why" stays: the target's note, readable as it
-- was typed. A why that is exactly the name of a member taking part becomes that
-- member's wish. The rows go with their mission and their member; a target taken off
-- takes its rows along (the store deletes them: no key on mission_targets, so that an
-- organisations merge moves them as it moves the targets, org_merge.go's orgRefs).
CREATE TABLE mission_target_members (
    workspace_id    BIGINT NOT NULL,
    mission_id      BIGINT NOT NULL,
    organization_id BIGINT NOT NULL,
    member_id       BIGINT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (workspace_id, mission_id, organization_id, member_id),
    FOREIGN KEY (workspace_id, mission_id) REFERENCES missions (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX mission_target_members_member ON mission_target_members (workspace_id, member_id);

INSERT INTO mission_target_members (workspace_id, mission_id, organization_id, member_id, reason)
SELECT t.workspace_id, t.mission_id, t.organization_id, x.member_id, ''
FROM mission_targets t
JOIN mission_members x ON x.workspace_id = t.workspace_id AND x.mission_id = t.mission_id
JOIN members mb ON mb.workspace_id = x.workspace_id AND mb.id = x.member_id
WHERE lower(trim(t.why)) = lower(mb.name);

-- +goose Down
DROP TABLE mission_target_members;
