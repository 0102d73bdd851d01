package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestAdmitAfterTheEvent: once the event's last day is over nobody leaves or is removed
// any more (withdraw), and nobody is restored or admitted either: the mail "a place is
// yours, you can request meetings" would come after the event, when requests are closed.
func TestAdmitAfterTheEvent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, leftRevivedEvent))
		must(t, err)
		ids := participantIDs(f.system, t, svc, res.Event.ID)
		if _, err := svc.LeaveEvent(context.Background(), f.ws.ID, ids["p2"], false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RemoveParticipant(f.system, res.Event.ID, ids["p3"], false); err != nil {
			t.Fatal(err)
		}
		now = time.Date(2027, 10, 16, 8, 0, 0, 0, time.UTC)
		for _, p := range []string{"p2", "p3"} {
			if _, err := svc.AdmitParticipant(f.system, res.Event.ID, ids[p], true); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
				t.Errorf("restoring %s after the event: %v", p, err)
			}
		}
		now = time.Date(2027, 10, 15, 8, 0, 0, 0, time.UTC) // its day: still possible
		if _, err := svc.AdmitParticipant(f.system, res.Event.ID, ids["p3"], false); err != nil {
			t.Errorf("restoring p3 on the day: %v", err)
		}
	})
}
