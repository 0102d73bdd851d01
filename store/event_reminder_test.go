package store_test

import (
	"sync"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

const pastEvent = `{"slug": "past-ev", "name": "Past partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2025-10-15", "start": "10:00", "end": "12:00"}],
 "participants": [{"ref": "a", "name": "A", "email": "a@example.org"}, {"ref": "b", "name": "B", "email": "b@example.org"},
  {"ref": "c", "name": "C", "email": "c@example.org"}, {"ref": "d", "name": "D", "email": "d@example.org"}, {"ref": "e", "name": "E"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "d", "status": "accepted"},
  {"from": "a", "to": "e", "status": "accepted"}]}`

// TestSurveyRemindersClaimedOnce: runs at once claim each participant with an email and
// a meeting over once between them (never twice), the participant without an email
// never; a later run claims nobody; a participant given back is claimed again, alone.
func TestSurveyRemindersClaimedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, pastEvent))
		must(t, err)
		if _, _, err := svc.ClaimSurveyReminders(f.system, res.Event.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("before publication: %v", err)
		}
		_, err = events.Schedule(f.system, svc, "past-ev", events.ScheduleOptions{TimeLimit: time.Second}, nil)
		must(t, err)
		must(t, svc.PublishEvent(f.system, res.Event.ID))
		var mu sync.Mutex
		claimed := map[string]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, rs, err := svc.ClaimSurveyReminders(f.system, res.Event.ID)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, r := range rs {
					if r.Token == "" || r.Unanswered < 1 {
						t.Errorf("reminder %+v", r)
					}
					claimed[r.Participant.Ref]++
				}
			}()
		}
		wg.Wait()
		if len(claimed) != 4 || claimed["a"] != 1 || claimed["b"] != 1 || claimed["c"] != 1 || claimed["d"] != 1 {
			t.Errorf("claimed %v, want a, b, c and d once", claimed)
		}
		if _, rs, err := svc.ClaimSurveyReminders(f.system, res.Event.ID); err != nil || len(rs) != 0 {
			t.Errorf("a later run: %v %+v", err, rs)
		}
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		must(t, svc.ReleaseSurveyReminder(f.system, res.Event.ID, ps[2].ID))
		if _, rs, err := svc.ClaimSurveyReminders(f.system, res.Event.ID); err != nil || len(rs) != 1 || rs[0].Participant.Ref != ps[2].Ref {
			t.Errorf("after a release: %v %+v", err, rs)
		}
		if n, err := svc.SurveyReminded(f.system, res.Event.ID); err != nil || n != 4 {
			t.Errorf("reminded: %d %v", n, err)
		}
	})
}
