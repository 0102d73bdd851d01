package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestEventApproval: with the organiser's approval, a registration confirmed waits
// whatever the places left (the organiser is told it awaits approval), an imported
// participant signing in does not, a raised maximum admits no one, the organiser's Admit
// approves one (who is told their registration is approved, not that a place freed
// up), and turning approval off gives the places to those still waiting.
func TestEventApproval(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		clock := time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		bg := context.Background()
		res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "vetted", "name": "Vetted partnering", "time_zone": "Europe/Paris",
			"meeting_minutes": 30, "tables": 2, "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
			"participants": [{"ref": "p1", "name": "Imported One", "email": "one@example.org"}]}`))
		must(t, err)
		e := res.Event
		e.Approval, e.NotifyEmail = true, "organiser@example.org"
		_, err = svc.SaveEvent(f.system, e, true)
		must(t, err)
		must(t, svc.SetRegistrationOpen(f.system, e.ID, true))
		register := func(name string) int64 {
			t.Helper()
			token, err := svc.Register(bg, e, &passerelle.EventParticipant{Name: name, Email: name + "@example.org",
				Organization: passerelle.EventOrg{Name: name + " SAS", Country: "FR"}}, "en", "192.0.2.5")
			must(t, err)
			p, mails, err := svc.Signin(bg, token, true)
			must(t, err)
			if len(mails) != 1 {
				t.Fatalf("%s: %d mails, want the organiser's", name, len(mails))
			}
			m, err := ob.ClaimMail(bg, mails[0], time.Minute)
			must(t, err)
			if m == nil || m.Recipient != "organiser@example.org" || !strings.Contains(string(m.Data), `"what":"approval"`) {
				t.Errorf("%s's notice: %+v", name, m)
			}
			return p.ID
		}
		status := func(pid int64) passerelle.ParticipantStatus {
			t.Helper()
			v, err := svc.ParticipantHome(bg, f.ws.ID, pid, e.ID, 0)
			must(t, err)
			return v.Status
		}
		ana, ben := register("ana"), register("ben")
		if status(ana) != passerelle.ParticipantWaiting || status(ben) != passerelle.ParticipantWaiting {
			t.Fatalf("registrations did not wait for approval: %q %q", status(ana), status(ben))
		}
		token, err := svc.SigninLink(bg, e, "one@example.org", "192.0.2.6")
		must(t, err)
		p1, _, err := svc.Signin(bg, token, false)
		must(t, err)
		if status(p1.ID) != "" {
			t.Errorf("an imported participant waits for approval: %q", status(p1.ID))
		}
		e.MaxParticipants = 10
		mails, err := svc.SaveEvent(f.system, e, true)
		must(t, err)
		if len(mails) != 0 || status(ana) != passerelle.ParticipantWaiting {
			t.Errorf("a raised maximum admitted %d without approval", len(mails))
		}
		// What the one given a place is told: approved by the organiser, or a place freed.
		told := func(who string, mails []int64, want string) {
			t.Helper()
			if len(mails) != 1 {
				t.Fatalf("%s: %d mails, want theirs", who, len(mails))
			}
			m, err := ob.ClaimMail(bg, mails[0], time.Minute)
			must(t, err)
			if m == nil || m.Recipient != who+"@example.org" || !strings.Contains(string(m.Data), `"what":"`+want+`"`) {
				t.Errorf("%s's mail: %+v, want %q", who, m, want)
			}
		}
		mails, err = svc.AdmitParticipant(f.system, e.ID, ana, true)
		if err != nil {
			t.Fatal(err)
		}
		if status(ana) != "" || status(ben) != passerelle.ParticipantWaiting {
			t.Errorf("after approving Ana: %q %q", status(ana), status(ben))
		}
		told("ana", mails, store.PlaceApproved)
		// Approval off: Ben, still waiting, has a place.
		e.Approval = false
		mails, err = svc.SaveEvent(f.system, e, true)
		must(t, err)
		if len(mails) != 1 || status(ben) != "" {
			t.Errorf("approval turned off: %d mails, Ben %q", len(mails), status(ben))
		}
		told("ben", mails, store.PlaceAdmitted)
	})
}
