package store_test

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// TestCancelNotice: a participant who cancels a meeting of the published agenda has
// the event's notify address told, in the same transaction, in the address's language:
// who, with whom, when and at which table. A second cancel (either side, or both at
// once) tells it once; the organiser's own cancellation, an event without an address,
// no mail server, a participant of another event or of another workspace write nothing.
func TestCancelNotice(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC))
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		bg := context.Background()
		res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "cn", "name": "Cancel partnering", "time_zone": "Europe/Paris",
 "meeting_minutes": 30, "tables": 3, "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:30"}],
 "participants": [{"ref": "a", "name": "Ana Ruiz", "email": "a@example.org", "organization": {"name": "Ana Labs", "country": "ES"}},
  {"ref": "b", "name": "Ben", "email": "b@example.org", "organization": {"name": "Ben Co"}}, {"ref": "c", "name": "Cléo", "email": "c@example.org"},
  {"ref": "d", "name": "Dan", "email": "d@example.org"}, {"ref": "e", "name": "Eve"}, {"ref": "g", "name": "Gus"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "d", "status": "accepted"},
  {"from": "e", "to": "g", "status": "accepted"}, {"from": "a", "to": "d", "status": "accepted"}, {"from": "b", "to": "c", "status": "accepted"}]}`))
		must(t, err)
		e := res.Event
		e.NotifyEmail, e.NotifyLang = "orga@example.org", "fr"
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		_, err = events.Schedule(f.system, svc, "cn", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		must(t, svc.PublishEvent(f.system, e.ID))
		ids := participantIDs(f.system, t, svc, e.ID)
		ms, err := svc.EventMeetings(f.system, e.ID)
		must(t, err)
		meeting := map[string]*passerelle.Meeting{}
		for _, m := range ms {
			meeting[m.From+">"+m.To] = m.Meeting
		}
		if len(meeting) != 5 {
			t.Fatalf("%d meetings placed, want 5", len(meeting))
		}
		// Another event of the workspace, published, and another workspace's.
		other, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "cn2", "name": "Other", "time_zone": "Europe/Paris", "meeting_minutes": 30,
 "tables": 1, "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}], "participants": [{"ref": "x", "name": "Xavier", "email": "x@example.org"}]}`))
		must(t, err)
		_, err = events.Schedule(f.system, svc, "cn2", events.ScheduleOptions{TimeLimit: time.Second}, nil)
		must(t, err)
		must(t, svc.PublishEvent(f.system, other.Event.ID))
		xavier := participantIDs(f.system, t, svc, other.Event.ID)["x"]
		theirs, err := svc.ImportEvent(f.otherSystem, readEvent(t, `{"slug": "cn", "name": "Theirs", "time_zone": "Europe/Paris", "meeting_minutes": 30,
 "tables": 1, "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}], "participants": [{"ref": "a", "name": "Ana Elsewhere", "email": "a@example.org"}]}`))
		must(t, err)
		_, err = events.Schedule(f.otherSystem, svc, "cn", events.ScheduleOptions{TimeLimit: time.Second}, nil)
		must(t, err)
		must(t, svc.PublishEvent(f.otherSystem, theirs.Event.ID))
		anaThere := participantIDs(f.otherSystem, t, svc, theirs.Event.ID)["a"]
		var otherWS int64
		must(t, db.Write().QueryRowContext(bg, `SELECT workspace_id FROM events WHERE id = $1`, theirs.Event.ID).Scan(&otherWS))

		start := lastMail(t, db)
		ab := meeting["a>b"]
		for _, c := range []struct {
			who     string
			ws, pid int64
		}{{"Xavier of another event", f.ws.ID, xavier}, {"Ana of another workspace, in hers", otherWS, anaThere},
			{"Ana of another workspace, in this one", f.ws.ID, anaThere}, {"Ana, named in another workspace", otherWS, ids["a"]},
			{"Cléo, not in the meeting", f.ws.ID, ids["c"]}} {
			if _, err := svc.CancelOwnMeeting(bg, c.ws, c.pid, ab.ID, true); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("%s cancelling Ana and Ben's meeting: %v, want ENOTFOUND", c.who, err)
			}
		}
		if got := lastMail(t, db); got != start {
			t.Errorf("outsiders wrote mails: %d → %d", start, got)
		}

		// Ana cancels: Ben and the organiser's address are written to, in the one change.
		mails, err := svc.CancelOwnMeeting(bg, f.ws.ID, ids["a"], ab.ID, true)
		must(t, err)
		if len(mails) != 2 {
			t.Fatalf("%d mails, want Ben's and the organiser's", len(mails))
		}
		m, err := ob.ClaimMail(bg, mails[1], time.Minute)
		must(t, err)
		var c store.RegistrationMail
		must(t, json.Unmarshal(m.Data, &c))
		if m.Kind != store.MailEventRegistration || m.Recipient != "orga@example.org" || m.Lang != "fr" || m.EventID != e.ID {
			t.Errorf("the notice: %s to %s in %s, event %d", m.Kind, m.Recipient, m.Lang, m.EventID)
		}
		if c.What != store.NoticeMeetingCancelled || c.Name != "Ana Ruiz" || c.Org != "Ana Labs" || c.Country != "ES" || c.With != "Ben" ||
			c.WithOrg != "Ben Co" || c.TimeZone != "Europe/Paris" || c.Event != "Cancel partnering" || c.Page != "/events/"+strconv.FormatInt(e.ID, 10) ||
			c.Slot == nil || !c.Slot.Start.Equal(ab.Start) || !c.Slot.End.Equal(ab.End) || c.Slot.Table != ab.Room || ab.Room == "" {
			t.Errorf("the notice says %+v (slot %+v), meeting %v–%v at %q", c, c.Slot, ab.Start, ab.End, ab.Room)
		}
		// Cancelled twice, by either side: refused, nothing more written.
		before := lastMail(t, db)
		for _, p := range []string{"a", "b"} {
			if _, err := svc.CancelOwnMeeting(bg, f.ws.ID, ids[p], ab.ID, true); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
				t.Errorf("%s cancelling again: %v", p, err)
			}
		}
		// The organiser cancels Cléo and Dan's meeting: they know, no notice.
		cd, err := f.meetings.FindMeetingByID(f.alice, meeting["c>d"].ID)
		must(t, err)
		cd.Status = passerelle.MeetingCancelled
		must(t, f.meetings.UpdateMeeting(f.alice, cd))
		if _, err := svc.CancelOwnMeeting(bg, f.ws.ID, ids["c"], cd.ID, true); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("cancelling the organiser's cancelled meeting: %v", err)
		}
		// Without a mail server, nothing is written.
		if mails, err := svc.CancelOwnMeeting(bg, f.ws.ID, ids["e"], meeting["e>g"].ID, false); err != nil || len(mails) != 0 {
			t.Errorf("without mail: %v, %d mails", err, len(mails))
		}
		if got := lastMail(t, db); got != before {
			t.Errorf("mails written by refused cancels, the organiser's or without mail: %d → %d", before, got)
		}

		// Both sides of Ben and Cléo's meeting at once: one cancels, one notice.
		var wg sync.WaitGroup
		var mu sync.Mutex
		var done, refused int
		for _, p := range []string{"b", "c"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.CancelOwnMeeting(bg, f.ws.ID, ids[p], meeting["b>c"].ID, true)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					done++
				case passerelle.ErrorCode(err) == passerelle.ECONFLICT:
					refused++
				default:
					t.Errorf("%s cancelling at once: %v", p, err)
				}
			}()
		}
		wg.Wait()
		var notices int
		must(t, db.Write().QueryRowContext(bg, `SELECT COUNT(*) FROM mail_outbox WHERE id > $1 AND recipient = 'orga@example.org'`, before).Scan(&notices))
		if done != 1 || refused != 1 || notices != 1 {
			t.Errorf("both sides at once: %d cancelled, %d refused, %d notices; want 1 each", done, refused, notices)
		}

		// The address cleared: the other side is mailed, the organiser is not.
		e.NotifyEmail = ""
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		if mails, err := svc.CancelOwnMeeting(bg, f.ws.ID, ids["a"], meeting["a>d"].ID, true); err != nil || len(mails) != 1 {
			t.Fatalf("without an address: %v, %d mails, want Dan's alone", err, len(mails))
		} else if m, err := ob.ClaimMail(bg, mails[0], time.Minute); err != nil || m.Recipient != "d@example.org" {
			t.Errorf("without an address, the mail went to %+v (%v)", m, err)
		}
	})
}
