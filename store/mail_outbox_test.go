package store_test

import (
	"testing"
	"time"

	"passerelle/events"
	"passerelle/store"
)

// TestMailOutbox: a move of a published event's meeting writes its mails in its own
// transaction (one per participant with an email; none before publication, none for a
// refused move); a mail is claimed once (a second claim, as another process's, finds
// nothing), waits for its retry after a failure, is failed for good when told, and is
// never claimed again once sent or failed; sent ones are purged after their time.
func TestMailOutbox(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "outbox", "name": "Outbox", "time_zone": "Europe/Paris",
 "meeting_minutes": 30, "tables": 2, "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}],
 "participants": [{"ref": "a", "name": "Ana", "email": "a@example.org"}, {"ref": "b", "name": "Ben", "email": "b@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}]}`))
		must(t, err)
		_, err = events.Schedule(f.system, svc, "outbox", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		ms, err := svc.EventMeetings(f.system, res.Event.ID)
		must(t, err)
		// A meeting that can move somewhere else: a slot and table where both are free.
		var m *store.EventMeeting
		var before *store.EventMove
		for _, x := range ms {
			for _, sl := range res.Event.Slots() {
				for _, table := range []string{"1", "2"} {
					if before == nil && !sl.Start.Equal(x.Meeting.Start) {
						if before, _ = svc.MoveEventMeeting(f.system, res.Event.ID, x.Meeting.ID, sl.Start, table, false, true); before != nil {
							m = x
						}
					}
				}
			}
		}
		if before == nil || !before.Moved {
			t.Fatal("no free slot to move to")
		}
		if len(before.Mails) != 0 {
			t.Errorf("a move before publication wrote %d mails", len(before.Mails))
		}
		must(t, svc.PublishEvent(f.system, res.Event.ID))
		if _, err := svc.MoveEventMeeting(f.system, res.Event.ID, m.Meeting.ID, m.Meeting.Start, "no such table", false, true); err == nil {
			t.Fatal("a move to an unknown table")
		}
		if due, err := ob.DueMails(f.system, 10); err != nil || len(due) != 0 {
			t.Errorf("a refused move left mails: %v %v", due, err)
		}
		mv, err := svc.MoveEventMeeting(f.system, res.Event.ID, m.Meeting.ID, m.Meeting.Start, m.Meeting.Room, false, true)
		must(t, err)
		if len(mv.Mails) != 2 {
			t.Fatalf("a move of a published meeting wrote %d mails, want 2 (both have an email)", len(mv.Mails))
		}
		// Each names the participant it is for.
		if n := mailsNamed(t, db); n != 2 {
			t.Errorf("%d mails name their participant, want 2", n)
		}
		a, err := ob.ClaimMail(f.system, mv.Mails[0], time.Minute)
		must(t, err)
		if a == nil || a.Attempts != 1 || a.Kind != store.MailEventChanges || a.Status != store.MailPending {
			t.Fatalf("claim: %+v", a)
		}
		if again, err := ob.ClaimMail(f.system, mv.Mails[0], time.Minute); err != nil || again != nil {
			t.Errorf("a claimed mail claimed again: %+v %v", again, err)
		}
		must(t, ob.MailNotSent(f.system, a.ID, "451 try later", time.Hour))
		if again, err := ob.ClaimMail(f.system, a.ID, time.Minute); err != nil || again != nil {
			t.Errorf("a mail claimed before its retry: %+v %v", again, err)
		}
		must(t, ob.MailNotSent(f.system, a.ID, "550 no such user", 0))
		b, err := ob.ClaimMail(f.system, mv.Mails[1], time.Minute)
		must(t, err)
		must(t, ob.MailSent(f.system, b.ID))
		for _, id := range mv.Mails {
			if c, err := ob.ClaimMail(f.system, id, 0); err != nil || c != nil {
				t.Errorf("mail %d claimed after it was sent or failed: %+v %v", id, c, err)
			}
		}
		st, err := svc.EventMailStatus(f.system, res.Event.ID)
		must(t, err)
		if st.Sent != 1 || st.Pending != 0 || len(st.Failed) != 1 || st.Failed[0].LastError != "550 no such user" {
			t.Errorf("status: %+v", st)
		}
		if st, err := svc.EventMailStatus(f.otherSystem, res.Event.ID); err != nil || st.Sent+st.Pending+len(st.Failed) != 0 {
			t.Errorf("another workspace's view: %+v %v", st, err)
		}
		// Sent mails go after their time; failed ones stay.
		if n, err := ob.PurgeSentMails(f.system, time.Hour); err != nil || n != 0 {
			t.Errorf("a fresh sent mail purged: %d %v", n, err)
		}
		if n, err := ob.PurgeSentMails(f.system, -time.Hour); err != nil || n != 1 {
			t.Errorf("purged %d sent mails, want 1: %v", n, err)
		}
		if st, err := svc.EventMailStatus(f.system, res.Event.ID); err != nil || st.Sent != 0 || len(st.Failed) != 1 {
			t.Errorf("after the purge: %+v %v", st, err)
		}
	})
}
