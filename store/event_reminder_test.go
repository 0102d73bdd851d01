package store_test

import (
	"context"
	"strings"
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
// a meeting over once between them (never twice), each with one mail in the outbox, the
// participant without an email never; a later run claims nobody.
func TestSurveyRemindersClaimedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC)) // the first round, whatever today is
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
					if r.MailID == 0 || r.Unanswered < 1 {
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
		ms, _, err := svc.OutboxMails(f.system, store.OutboxFilter{EventID: res.Event.ID})
		must(t, err)
		reminders := 0
		for _, m := range ms {
			if m.Kind == store.MailEventSurvey {
				reminders++
			}
		}
		if reminders != 4 {
			t.Errorf("%d reminders in the outbox, want 4", reminders)
		}
		if n, later, err := svc.SurveyReminded(f.system, res.Event.ID); err != nil || n != 4 || later {
			t.Errorf("reminded: %d %v %v", n, later, err)
		}
	})
}

// atTime sets the database's clock to at for the test.
func atTime(t *testing.T, db *store.DB, at time.Time) {
	old := db.Now
	db.Now = func() time.Time { return at }
	t.Cleanup(func() { db.Now = old })
}

// TestSurveyFollowUp: months after the event (followup_months after its last day) the
// survey asks again: the participant's page shows the round and their first answer, an
// answer then is kept apart from the first round's in the statistics, every participant
// with a meeting not answered since the round opened is reminded once in it (those who
// answered right after too, not twice), and moving the round
// later asks again, the answers and reminders before it aside.
func TestSurveyFollowUp(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC))
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		withMonths := func(n string) string {
			return strings.Replace(pastEvent, `"tables": 2,`, `"tables": 2, "followup_months": `+n+`,`, 1)
		}
		res, pid, ms := publishPast(t, f, svc, withMonths("3"))
		ev := res.Event.ID
		if got := res.Event.FollowUpOpens(); !got.Equal(time.Date(2026, 1, 15, 0, 0, 0, 0, res.Event.Zone())) {
			t.Errorf("the second round opens %v", got)
		}
		var ab, ae int64
		for _, m := range ms {
			switch m.To {
			case "b":
				ab = m.Meeting.ID
			case "e":
				ae = m.Meeting.ID
			}
		}
		must(t, svc.SaveOutcome(f.system, f.ws.ID, pid["a"], ab, passerelle.OutcomeFurtherTalks))
		if _, rs, err := svc.ClaimSurveyReminders(f.system, ev); err != nil || len(rs) != 4 || rs[0].FollowUp {
			t.Fatalf("the first round: %v %+v", err, rs)
		}
		claim := func() map[string]bool {
			t.Helper()
			_, rs, err := svc.ClaimSurveyReminders(f.system, ev)
			must(t, err)
			out := map[string]bool{}
			for _, r := range rs {
				if !r.FollowUp || r.MailID == 0 {
					t.Errorf("a reminder of the second round: %+v", r)
				}
				out[r.Participant.Ref] = true
			}
			return out
		}

		// Three months after: the second round.
		atTime(t, db, time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC))
		v, err := svc.ParticipantHome(context.Background(), f.ws.ID, pid["a"], ev, 0)
		must(t, err)
		if !v.FollowUp || len(v.Outcomes) != 0 || v.Earlier[ab] != passerelle.OutcomeFurtherTalks {
			t.Errorf("A's page: follow-up %v, outcomes %v, earlier %v", v.FollowUp, v.Outcomes, v.Earlier)
		}
		must(t, svc.SaveOutcome(f.system, f.ws.ID, pid["a"], ab, passerelle.OutcomeAgreementReached))
		must(t, svc.SaveOutcome(f.system, f.ws.ID, pid["a"], ae, passerelle.OutcomeAgreementReached))
		if got := claim(); len(got) != 3 || !got["b"] || !got["c"] || !got["d"] {
			t.Errorf("the second round reminds %v, want b, c and d (A answered)", got)
		}
		if got := claim(); len(got) != 0 {
			t.Errorf("reminded twice in the round: %v", got)
		}
		if n, later, err := svc.SurveyReminded(f.system, ev); err != nil || n != 3 || !later {
			t.Errorf("reminded in the second round: %d %v %v", n, later, err)
		}
		st, err := svc.EventSurvey(f.system, ev)
		must(t, err)
		if st.Right[string(passerelle.OutcomeFurtherTalks)] != 1 || len(st.Right) != 1 || st.AnsweredRight != 1 ||
			st.Later[string(passerelle.OutcomeAgreementReached)] != 2 || len(st.Later) != 1 || st.AnsweredLater != 2 {
			t.Errorf("the statistics mix the rounds: %+v", st)
		}
		if st, err := svc.EventSurvey(f.otherSystem, ev); err != nil || st.AnsweredLater != 0 || len(st.Later) != 0 || len(st.Right) != 0 {
			t.Errorf("another workspace counts the answers: %+v %v", st, err)
		}
		if _, _, err := svc.ClaimSurveyReminders(f.otherSystem, ev); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace reminds: %v", err)
		}
		if _, _, err := svc.ClaimSurveyReminders(f.viewer, ev); err == nil {
			t.Errorf("a viewer reminds")
		}

		// The organiser moves the round to six months: it opens again later, the
		// answers and reminders before it aside.
		_, err = svc.ImportEvent(f.system, readEvent(t, withMonths("6")))
		must(t, err)
		if _, rs, err := svc.ClaimSurveyReminders(f.system, ev); err != nil || len(rs) != 0 {
			t.Errorf("back in the first round, where everyone was reminded: %v %+v", err, rs)
		}
		atTime(t, db, time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC))
		if got := claim(); len(got) != 4 {
			t.Errorf("the moved round reminds %v, want a, b, c and d", got)
		}
	})
}

// TestSurveySkipsNoShows: a meeting marked no-show was not held, so the outcome survey
// neither asks about it (the reminder, its count of meetings awaiting an answer, the
// participant's page, an answer sent anyway) nor counts an answer given before it was
// marked; a participant whose meetings were all no-shows is not reminded at all. It used
// to remind and ask them about meetings they did not attend.
func TestSurveySkipsNoShows(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC)) // the first round
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, pid, ems := publishPast(t, f, svc, pastEvent)
		ev := res.Event.ID
		mid := map[string]int64{}
		for _, m := range ems {
			mid[m.From+m.To] = m.Meeting.ID
		}
		// a answered about a–b before the floor staff marked it no-show; c–d too is one.
		must(t, svc.SaveOutcome(context.Background(), f.ws.ID, pid["a"], mid["ab"], passerelle.OutcomeAgreementReached))
		meetings := store.NewMeetingService(db)
		for _, k := range []string{"ab", "cd"} {
			m, err := meetings.FindMeetingByID(f.system, mid[k])
			must(t, err)
			m.Status = passerelle.MeetingNoShow
			must(t, meetings.UpdateMeeting(f.system, m))
		}

		_, rs, err := svc.ClaimSurveyReminders(f.system, ev)
		must(t, err)
		got := map[string]int{}
		for _, r := range rs {
			got[r.Participant.Ref] = r.Unanswered
		}
		// a: a–e only (e has no email); b, c and d attended no meeting.
		if len(got) != 1 || got["a"] != 1 {
			t.Errorf("reminded %v (ref: meetings awaiting an answer), want only a, about 1", got)
		}
		v, err := svc.ParticipantHome(context.Background(), f.ws.ID, pid["a"], ev, 0)
		must(t, err)
		if v.Over[mid["ab"]] || !v.Over[mid["ae"]] {
			t.Errorf("a's page asks about %v, want a–e only", v.Over)
		}
		if err := svc.SaveOutcome(context.Background(), f.ws.ID, pid["c"], mid["cd"], passerelle.OutcomeFurtherTalks); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("an answer about a no-show: %v, want %s", err, passerelle.ECONFLICT)
		}
		must(t, svc.SaveOutcome(context.Background(), f.ws.ID, pid["e"], mid["ae"], passerelle.OutcomeFurtherTalks))
		st, err := svc.EventSurvey(f.system, ev)
		must(t, err)
		if st.AnsweredRight != 1 || st.Right[string(passerelle.OutcomeFurtherTalks)] != 1 || st.Right[string(passerelle.OutcomeAgreementReached)] != 0 {
			t.Errorf("survey counts %d meetings answered, %v; want a–e's answer alone", st.AnsweredRight, st.Right)
		}
	})
}

// publishPast imports an event of the survey tests (pastEvent, or a variant of it),
// schedules and publishes it, and gives its participants' ids by ref and its meetings.
func publishPast(t *testing.T, f *meetingFixture, svc *store.EventService, doc string) (*store.EventImportResult, map[string]int64, []*store.EventMeeting) {
	t.Helper()
	res, err := svc.ImportEvent(f.system, readEvent(t, doc))
	must(t, err)
	_, err = events.Schedule(f.system, svc, "past-ev", events.ScheduleOptions{TimeLimit: time.Second}, nil)
	must(t, err)
	must(t, svc.PublishEvent(f.system, res.Event.ID))
	ps, err := svc.EventParticipants(f.system, res.Event.ID)
	must(t, err)
	pid := map[string]int64{}
	for _, p := range ps {
		pid[p.Ref] = p.ID
	}
	ms, err := svc.EventMeetings(f.system, res.Event.ID)
	must(t, err)
	return res, pid, ms
}
