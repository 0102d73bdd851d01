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
	raw, f, svc := lockFixture(t)
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

// TestMoveWaitsForTheEvent: on PostgreSQL a move by hand chose its table and checked
// both sides without any lock, while the organiser's booking (or an acceptance at a
// free slot) holds the event's row to choose one: two desks, one moving a meeting to a
// time, one booking two others then, could both take the slot's last table, or put one
// participant in two meetings. The move waits for the event's row like them.
func TestMoveWaitsForTheEvent(t *testing.T) {
	raw, f, svc := lockFixture(t)
	bg := context.Background()
	res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "move", "name": "Move partnering", "time_zone": "Europe/Paris",
		"meeting_minutes": 30, "tables": 1, "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
		"participants": [{"ref": "p1", "name": "One"}, {"ref": "p2", "name": "Two"}]}`))
	must(t, err)
	e := res.Event
	if _, err := svc.BookMeeting(f.system, e.ID, "p1", "p2", time.Date(2027, 10, 15, 8, 0, 0, 0, time.UTC), false); err != nil {
		t.Fatal(err)
	}
	ms, err := svc.EventMeetings(f.system, e.ID)
	must(t, err)
	if len(ms) != 1 {
		t.Fatalf("%d meetings", len(ms))
	}

	tx, err := raw.BeginTx(bg, nil)
	must(t, err)
	defer tx.Rollback()
	if _, err := tx.ExecContext(bg, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, e.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := svc.MoveEventMeeting(f.system, e.ID, ms[0].Meeting.ID, time.Date(2027, 10, 15, 9, 0, 0, 0, time.UTC), ms[0].Meeting.Room, true, false)
		done <- err
	}()
	waited := false
	for range 300 {
		var n int
		must(t, raw.QueryRowContext(bg, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n))
		if n > 0 {
			waited = true
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the move went through while the event's row was held (%v)", err)
		default:
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !waited {
		t.Fatal("the move neither waited nor finished")
	}
	must(t, tx.Commit())
	if err := <-done; err != nil {
		t.Fatalf("the move: %v", err)
	}
}

// lockFixture opens a PostgreSQL database of the test's own (skipping on SQLite, whose
// single writer takes no row locks), a second connection to hold rows with, and the
// meetings fixture, its clock before the events' days.
func lockFixture(t *testing.T) (*sql.DB, *meetingFixture, *store.EventService) {
	t.Helper()
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
	return raw, newMeetingFixture(t, db), store.NewEventService(db)
}
