-- +goose Up
-- Registrations that wait for the organiser's approval (docs/events.md, "Capacity and
-- waiting list"): with approval, every registration confirmed joins the waiting list,
-- and only the organiser's Admit gives a place; no place goes to it by itself.
ALTER TABLE events ADD COLUMN approval BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE events DROP COLUMN approval;
