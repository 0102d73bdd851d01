package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// leftRevivedEvent has p2 asked by p1 (accepted) and by p3 (waiting for an answer): the
// organiser's file, from another tool, which does not know who left.
const leftRevivedEvent = `{"slug": "gone", "name": "Gone partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
	"days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
	"participants": [{"ref": "p1", "name": "One", "email": "one@example.org"}, {"ref": "p2", "name": "Two", "email": "two@example.org"},
		{"ref": "p3", "name": "Three", "email": "three@example.org"}],
	"requests": [{"from": "p1", "to": "p2", "status": "accepted"}, {"from": "p3", "to": "p2", "status": "pending"}]}`

// TestLeftParticipantRevivedRequests: p2 leaves, which cancels both requests; the
// organiser imports their file again, which sets the requests back to what it says
// (accepted, pending). p2, gone, may not accept the one waiting, and the schedule gives
// them no meeting, so that the agendas published and mailed name no one who left.
func TestLeftParticipantRevivedRequests(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC) }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		bg := context.Background()
		res, err := svc.ImportEvent(f.system, readEvent(t, leftRevivedEvent))
		must(t, err)
		e := res.Event
		ids := participantIDs(f.system, t, svc, e.ID)
		if _, err := svc.LeaveEvent(bg, f.ws.ID, ids["p2"], false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ImportEvent(f.system, readEvent(t, leftRevivedEvent)); err != nil {
			t.Fatal(err)
		}
		rqs, _, err := svc.EventRequests(f.system, e.ID)
		must(t, err)
		var pending int64
		for _, r := range rqs {
			if r.From == "p3" {
				pending = r.ID
			}
		}
		if _, _, err := svc.AnswerRequest(bg, f.ws.ID, ids["p2"], pending, true, false); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("one who left accepts a request: %v", err)
		}
		if _, err := events.Schedule(f.system, svc, "gone", events.ScheduleOptions{TimeLimit: time.Second}, nil); err != nil {
			t.Fatal(err)
		}
		ms, err := svc.EventMeetings(f.system, e.ID)
		must(t, err)
		for _, m := range ms {
			if m.Meeting.Status != passerelle.MeetingCancelled {
				t.Errorf("the schedule placed a meeting with one who left: %+v", m)
			}
		}
	})
}
