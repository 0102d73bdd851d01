package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
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
// organiser imports their file again, which says accepted and pending: they stay
// cancelled. p2, gone, may not accept the one waiting, and the schedule gives them no
// meeting, so that the agendas published and mailed name no one who left.
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
			// What leaving cancelled stays cancelled, whatever the file says.
			if r.Status != passerelle.RequestCancelled {
				t.Errorf("the import revived %s → %s: %s", r.From, r.To, r.Status)
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

// TestLeaveRejoinTwiceAtOnce: two posts at once to leave (or to come back), two tabs
// or a double click, leave or bring back the participant once: the second finds it
// done (ECONFLICT) and the organiser is told once. On PostgreSQL the first read of
// left_at was taken before the event's lock, and both went through.
func TestLeaveRejoinTwiceAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC) }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		bg := context.Background()
		const n = 12
		var ps []string
		for i := range n {
			ps = append(ps, fmt.Sprintf(`{"ref": "p%d", "name": "P%d", "email": "p%d@example.org"}`, i, i, i))
		}
		res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "twice", "name": "Twice", "time_zone": "Europe/Paris", "meeting_minutes": 30,
			"tables": 2, "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}], "participants": [`+strings.Join(ps, ", ")+`]}`))
		must(t, err)
		e := res.Event
		e.NotifyEmail = "orga@example.org"
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		ids := participantIDs(f.system, t, svc, e.ID)
		twice := func(what string, do func(pid int64) ([]int64, error)) {
			t.Helper()
			for i := range n {
				pid := ids[fmt.Sprintf("p%d", i)]
				var wg sync.WaitGroup
				errs, mails := make([]error, 2), make([][]int64, 2)
				for k := range 2 {
					wg.Add(1)
					go func() { defer wg.Done(); mails[k], errs[k] = do(pid) }()
				}
				wg.Wait()
				ok, told := 0, len(mails[0])+len(mails[1])
				for _, err := range errs {
					if err == nil {
						ok++
					} else if passerelle.ErrorCode(err) != passerelle.ECONFLICT {
						t.Fatalf("%s p%d: %v", what, i, err)
					}
				}
				if ok != 1 || told != 1 {
					t.Errorf("%s p%d twice at once: %d went through, the organiser told %d times", what, i, ok, told)
				}
			}
		}
		twice("leave", func(pid int64) ([]int64, error) { return svc.LeaveEvent(bg, f.ws.ID, pid, true) })
		twice("rejoin", func(pid int64) ([]int64, error) { return svc.RejoinEvent(bg, f.ws.ID, pid, true) })
	})
}

// TestWaitingListOrderAfterImport: an import that removes a participant frees a place
// without admitting anyone (the organiser's list); the next registration confirmed
// must not take that place ahead of those already waiting.
func TestWaitingListOrderAfterImport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		clock := time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		bg := context.Background()
		ev := `{"slug": "queue", "name": "Queue partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
			"days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
			"participants": [{"ref": "p1", "name": "One", "email": "one@example.org"}, {"ref": "p2", "name": "Two", "email": "two@example.org"}]}`
		res, err := svc.ImportEvent(f.system, readEvent(t, ev))
		must(t, err)
		e := res.Event
		e.MaxParticipants = 2
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		must(t, svc.SetRegistrationOpen(f.system, e.ID, true))
		register := func(name string) int64 {
			t.Helper()
			token, err := svc.Register(bg, e, &passerelle.EventParticipant{Name: name, Email: strings.ToLower(name) + "@example.org",
				Organization: passerelle.EventOrg{Name: name + " SAS", Country: "FR"}}, "en", "192.0.2.7")
			must(t, err)
			p, _, err := svc.Signin(bg, token, false)
			must(t, err)
			return p.ID
		}
		status := func(pid int64) passerelle.ParticipantStatus {
			t.Helper()
			v, err := svc.ParticipantHome(bg, f.ws.ID, pid, e.ID, 0)
			must(t, err)
			return v.Status
		}
		ana := register("Ana")
		if st := status(ana); st != passerelle.ParticipantWaiting {
			t.Fatalf("Ana at a full event: %q", st)
		}
		// The organiser's list no longer has p2: a place is free, Ana still waits.
		_, err = svc.ImportEvent(f.system, readEvent(t, strings.Replace(ev, `, {"ref": "p2", "name": "Two", "email": "two@example.org"}`, "", 1)))
		must(t, err)
		ben := register("Ben")
		if st := status(ana); st != "" {
			t.Errorf("Ana, first on the waiting list, after Ben confirmed: %q", st)
		}
		if st := status(ben); st != passerelle.ParticipantWaiting {
			t.Errorf("Ben took the place ahead of Ana: %q", st)
		}
		if c, _ := svc.Capacity(bg, e); c != (store.EventCapacity{Max: 2, Taken: 2, Waiting: 1}) {
			t.Errorf("capacity %+v", c)
		}
	})
}
