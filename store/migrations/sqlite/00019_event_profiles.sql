-- +goose Up
-- Partnering events, continued (docs/events.md): a participant's profile (summary,
-- themes, typed offers and requests as the EEN types them) is read and written whole, as
-- JSON; the participants' search runs within one event. A request may be about one offer
-- of its recipient (offer_ref). Each participant answers the outcome survey of each of
-- their meetings after the event; the answers of the two sides are kept apart.
ALTER TABLE event_participants ADD COLUMN profile TEXT NOT NULL DEFAULT '';
ALTER TABLE event_requests ADD COLUMN offer_ref TEXT NOT NULL DEFAULT '';

CREATE TABLE event_outcomes (
    workspace_id   INTEGER NOT NULL,
    event_id       INTEGER NOT NULL,
    meeting_id     INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('no_further_contact', 'further_talks', 'negotiation', 'agreement_reached')),
    answered_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, meeting_id, participant_id),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, participant_id) REFERENCES event_participants (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX event_outcomes_event ON event_outcomes (workspace_id, event_id);

-- +goose Down
DROP TABLE event_outcomes;
ALTER TABLE event_requests DROP COLUMN offer_ref;
ALTER TABLE event_participants DROP COLUMN profile;
