-- +goose Up
-- Partnering events (docs/events.md): the organiser's event, its days and breaks, its
-- tables, the outside participants with their organisation (the workspace's record,
-- matched or created), when they are unavailable, and the meeting requests between
-- them. The meetings the schedule places are ordinary meetings (origin 'event'); the
-- link from a request to its meeting is event_meetings.
CREATE TABLE events (
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    time_zone       TEXT NOT NULL,
    meeting_minutes INTEGER NOT NULL CHECK (meeting_minutes > 0),
    max_meetings    INTEGER NOT NULL DEFAULT 0,
    video_url       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'published')),
    scheduled_at    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, slug)
);

-- The days, each with its local start and end (HH:MM in the event's zone).
CREATE TABLE event_days (
    workspace_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    day          TEXT NOT NULL,
    starts       TEXT NOT NULL,
    ends         TEXT NOT NULL,
    PRIMARY KEY (workspace_id, event_id, day),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE event_breaks (
    workspace_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    day          TEXT NOT NULL,
    starts       TEXT NOT NULL,
    ends         TEXT NOT NULL,
    PRIMARY KEY (workspace_id, event_id, day, starts),
    FOREIGN KEY (workspace_id, event_id, day) REFERENCES event_days (workspace_id, event_id, day) ON DELETE CASCADE
);

-- The tables or rooms, in their order.
CREATE TABLE event_tables (
    workspace_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (workspace_id, event_id, position),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE
);

-- The phases with their dates (registration, requests, scheduling, event, follow-up).
CREATE TABLE event_phases (
    workspace_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    phase        TEXT NOT NULL CHECK (phase IN ('registration', 'requests', 'scheduling', 'event', 'follow_up')),
    starts       TEXT NOT NULL,
    ends         TEXT NOT NULL,
    PRIMARY KEY (workspace_id, event_id, phase),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE
);

-- A participant's organisation is the workspace's record (organization_id, no foreign
-- key: deleting the record keeps the participant, whose org_* columns still say who they
-- came for). user_id is the workspace's user with the same email, who then attends the
-- participant's meetings (their agenda and feed). feed_secret is the credential of the
-- participant's calendar feed URL.
CREATE TABLE event_participants (
    workspace_id    INTEGER NOT NULL,
    event_id        INTEGER NOT NULL,
    id              INTEGER PRIMARY KEY,
    ref             TEXT NOT NULL,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    org_name        TEXT NOT NULL DEFAULT '',
    org_country     TEXT NOT NULL DEFAULT '',
    org_website     TEXT NOT NULL DEFAULT '',
    organization_id INTEGER,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    feed_secret     TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, event_id, ref),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX event_participants_org ON event_participants (workspace_id, organization_id);

CREATE TABLE event_unavailability (
    workspace_id   INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, participant_id, starts_at),
    FOREIGN KEY (workspace_id, participant_id) REFERENCES event_participants (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE event_requests (
    workspace_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    id           INTEGER PRIMARY KEY,
    from_id      INTEGER NOT NULL,
    to_id        INTEGER NOT NULL CHECK (to_id <> from_id),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    priority     INTEGER NOT NULL DEFAULT 1,
    message      TEXT NOT NULL DEFAULT '',
    -- why the last schedule left this accepted request out ('' when placed)
    unplaced     TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    UNIQUE (workspace_id, event_id, from_id, to_id),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, from_id) REFERENCES event_participants (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, to_id) REFERENCES event_participants (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX event_requests_to ON event_requests (workspace_id, to_id);

-- The meeting a request became (its slot and table are the meeting's start and room;
-- pinned keeps it where it is when the schedule runs again).
CREATE TABLE event_meetings (
    workspace_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    request_id   INTEGER NOT NULL,
    meeting_id   INTEGER NOT NULL,
    pinned       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (workspace_id, request_id),
    UNIQUE (workspace_id, meeting_id),
    FOREIGN KEY (workspace_id, event_id) REFERENCES events (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, request_id) REFERENCES event_requests (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, meeting_id) REFERENCES meetings (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX event_meetings_event ON event_meetings (workspace_id, event_id);

-- +goose Down
DROP TABLE event_meetings;
DROP TABLE event_requests;
DROP TABLE event_unavailability;
DROP TABLE event_participants;
DROP TABLE event_phases;
DROP TABLE event_tables;
DROP TABLE event_breaks;
DROP TABLE event_days;
DROP TABLE events;
