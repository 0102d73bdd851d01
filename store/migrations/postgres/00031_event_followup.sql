-- +goose Up
-- Partnering events, continued (docs/events.md): the outcome survey asks again months
-- after the event (events.followup_months after its last day; 0: the default, 6). The
-- answers of that second round are kept apart from those right after the event, and
-- each participant is reminded of it once (followup_reminded_at), as of the first.
ALTER TABLE events ADD COLUMN followup_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_participants ADD COLUMN followup_reminded_at TIMESTAMPTZ;

CREATE TABLE event_followup_outcomes (
    workspace_id   BIGINT NOT NULL,
    event_id       BIGINT NOT NULL,
    meeting_id     BIGINT NOT NULL,
    participant_id BIGINT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('no_further_contact', 'further_talks', 'negotiation', 'agreement_reached')),
    answered_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, participant_id),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, participant_id) REFERENCES event_participants (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX event_followup_outcomes_event ON event_followup_outcomes (workspace_id, event_id);

-- +goose Down
DROP TABLE event_followup_outcomes;
ALTER TABLE event_participants DROP COLUMN followup_reminded_at;
ALTER TABLE events DROP COLUMN followup_months;
