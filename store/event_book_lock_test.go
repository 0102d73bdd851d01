package store_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"passerelle/store"
	"passerelle/store/storetest"
)

// TestAnswerRequestLockOrder: on PostgreSQL, the acceptance of a request asked at a
// free common slot books its meeting under the event's row; the organiser's booking
// (BookMeeting) and a removal or a leave (withdraw) lock the event's row, then the
// participants'. The acceptance locked the participants first, then the event (to
// book): with one of those at once on the same participant each waited for the other
// and PostgreSQL killed one ("deadlock detected", a 500). Here a transaction holds the
// event's row, as those do, while the acceptance runs, then asks for the participant's:
// it must get it, and the acceptance go through after it.
func TestAnswerRequestLockOrder(t *testing.T) {
	u := os.Getenv(storetest.EnvPostgres)
	if u == "" {
		t.Skip("PostgreSQL only: SQLite has one writer")
	}
	pu := storetest.PostgresURL(t, u)
	db, err := store.Open(context.Background(), pu, "")
	must(t, err)
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("pgx", pu)
	must(t, err)
	t.Cleanup(func() { raw.Close() })
	db.Now = func() time.Time { return time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC) }
	f := newMeetingFixture(t, db)
	svc := store.NewEventService(db)
	bg := context.Background()
	res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "lock", "name": "Lock partnering", "time_zone": "Europe/Paris",
		"meeting_minutes": 30, "tables": 2, "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
		"participants": [{"ref": "p1", "name": "One"}, {"ref": "p2", "name": "Two"}]}`))
	must(t, err)
	e := res.Event
	ids := participantIDs(f.system, t, svc, e.ID)
	if _, err := svc.SendSlotRequest(bg, f.ws.ID, ids["p1"], "p2", "", "", time.Date(2027, 10, 15, 8, 0, 0, 0, time.UTC), false); err != nil {
		t.Fatal(err)
	}
	rqs, _, err := svc.EventRequests(f.system, e.ID)
	must(t, err)
	if len(rqs) != 1 {
		t.Fatalf("%d requests", len(rqs))
	}

	tx, err := raw.BeginTx(bg, nil)
	must(t, err)
	defer tx.Rollback()
	if _, err := tx.ExecContext(bg, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, e.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := svc.AnswerRequest(bg, f.ws.ID, ids["p2"], rqs[0].ID, true, false)
		done <- err
	}()
	// Wait until the acceptance waits for a lock.
	for i := 0; ; i++ {
		var n int
		must(t, raw.QueryRowContext(bg, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n))
		if n > 0 {
			break
		}
		if i == 500 {
			t.Fatal("the acceptance never waited for the event's row")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := tx.ExecContext(bg, `SELECT 1 FROM event_participants WHERE id = $1 FOR UPDATE`, ids["p2"]); err != nil {
		t.Fatalf("the event's holder locks the participant: %v", err)
	}
	must(t, tx.Commit())
	if err := <-done; err != nil {
		t.Fatalf("the acceptance: %v", err)
	}
	ms, err := svc.EventMeetings(f.system, e.ID)
	must(t, err)
	if len(ms) != 1 {
		t.Errorf("%d meetings booked", len(ms))
	}
}
