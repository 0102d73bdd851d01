package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestAcceptRequestsAtOnceKeepsMaximum: a participant who asked ten others for a
// meeting, with the event's maximum of two, gets two meetings however many of the ten
// accept at the same moment. On PostgreSQL each acceptance counted the accepted requests
// and then wrote its own, so acceptances at once all saw fewer than two and all passed.
func TestAcceptRequestsAtOnceKeepsMaximum(t *testing.T) {
	const n, maxMeetings = 10, 2
	var ps, rqs []string
	ps = append(ps, `{"ref": "hub", "name": "Hub"}`)
	for i := range n {
		ps = append(ps, fmt.Sprintf(`{"ref": "p%d", "name": "P%d"}`, i, i))
		rqs = append(rqs, fmt.Sprintf(`{"from": "hub", "to": "p%d", "status": "pending"}`, i))
	}
	ev := fmt.Sprintf(`{"slug": "race", "name": "Race partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 4,
	 "max_meetings": %d, "days": [{"date": "2027-10-15", "start": "09:00", "end": "17:00"}],
	 "participants": [%s], "requests": [%s]}`, maxMeetings, strings.Join(ps, ", "), strings.Join(rqs, ", "))
	eachDB(t, func(t *testing.T, db *store.DB) {
		f, svc, res, ids := importRace(t, db, ev)
		requests, _, err := svc.EventRequests(f.system, res.Event.ID)
		must(t, err)
		if len(requests) != n {
			t.Fatalf("%d requests, want %d", len(requests), n)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted, refused := 0, 0
		for _, r := range requests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, _, err := svc.AnswerRequest(context.Background(), f.ws.ID, ids[r.To], r.ID, true, false)
				mu.Lock()
				defer mu.Unlock()
				switch passerelle.ErrorCode(err) {
				case "":
					accepted++
				case passerelle.ECONFLICT:
					refused++
				default:
					t.Errorf("%s accepts: %v", r.To, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if accepted != maxMeetings || refused != n-maxMeetings {
			t.Errorf("%d accepted and %d refused at once, want %d and %d", accepted, refused, maxMeetings, n-maxMeetings)
		}
		requests, _, err = svc.EventRequests(f.system, res.Event.ID)
		must(t, err)
		stored := 0
		for _, r := range requests {
			if r.Status == passerelle.RequestAccepted {
				stored++
			}
		}
		if stored != maxMeetings {
			t.Errorf("%d requests of the hub accepted, want the maximum, %d", stored, maxMeetings)
		}
	})
}

// TestAcceptSlotRequestsAtOnceKeepsTables: ten pairs asked to meet at the same slot of an
// event with one table; however many accept at the same moment, one meeting is booked
// there and the others stay accepted for the schedule. On PostgreSQL each acceptance
// saw the table free and booked it.
func TestAcceptSlotRequestsAtOnceKeepsTables(t *testing.T) {
	const n = 10
	var ps []string
	for i := range n {
		ps = append(ps, fmt.Sprintf(`{"ref": "a%d", "name": "A%d"}, {"ref": "b%d", "name": "B%d"}`, i, i, i, i))
	}
	ev := fmt.Sprintf(`{"slug": "tables", "name": "Table race", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
	 "days": [{"date": "2027-10-15", "start": "09:00", "end": "17:00"}], "participants": [%s]}`, strings.Join(ps, ", "))
	eachDB(t, func(t *testing.T, db *store.DB) {
		f, svc, res, ids := importRace(t, db, ev)
		slot := time.Date(2027, 10, 15, 7, 0, 0, 0, time.UTC) // 09:00 in Paris
		for i := range n {
			_, err := svc.SendSlotRequest(context.Background(), f.ws.ID, ids[fmt.Sprintf("a%d", i)], fmt.Sprintf("b%d", i), "", "", slot, false)
			must(t, err)
		}
		requests, _, err := svc.EventRequests(f.system, res.Event.ID)
		must(t, err)
		if len(requests) != n {
			t.Fatalf("%d requests, want %d", len(requests), n)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		booked := 0
		for _, r := range requests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				b, _, err := svc.AnswerRequest(context.Background(), f.ws.ID, ids[r.To], r.ID, true, false)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Errorf("%s accepts: %v", r.To, err)
				}
				if b {
					booked++
				}
			}()
		}
		close(start)
		wg.Wait()
		ms, err := svc.EventMeetings(f.system, res.Event.ID)
		must(t, err)
		at := 0
		for _, m := range ms {
			if m.Meeting.Start.Equal(slot) && m.Meeting.Status != passerelle.MeetingCancelled {
				at++
			}
		}
		if booked != 1 || at != 1 {
			t.Errorf("%d acceptances said booked, %d meetings at the slot of the one table; want 1 and 1", booked, at)
		}
	})
}

// importRace imports an event of the race tests, with its participants' ids by ref.
func importRace(t *testing.T, db *store.DB, ev string) (*meetingFixture, *store.EventService, *store.EventImportResult, map[string]int64) {
	t.Helper()
	f := newMeetingFixture(t, db)
	svc := store.NewEventService(db)
	res, err := svc.ImportEvent(f.system, readEvent(t, ev))
	must(t, err)
	parts, err := svc.EventParticipants(f.system, res.Event.ID)
	must(t, err)
	ids := map[string]int64{}
	for _, p := range parts {
		ids[p.Ref] = p.ID
	}
	return f, svc, res, ids
}
