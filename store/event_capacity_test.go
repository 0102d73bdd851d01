package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestEventCapacity: at an event of at most two participants (imported ones count), a
// registration confirmed past the maximum waits, shown to no one and requesting no one;
// a participant who leaves has their requests cancelled and gives their place to the
// first waiting, who is mailed; a raised maximum admits the next; the organiser may
// admit past the maximum; one who left comes back onto the waiting list when full. The
// organiser's address is mailed each registration, waiting and withdrawal.
func TestEventCapacity(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		// The clock moves a second at each look: the waiting list is in the order joined.
		clock := time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		bg := context.Background()
		// One imported participant: p1.
		ev := `{"slug": "cap", "name": "Capped partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
			"days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
			"participants": [{"ref": "p1", "name": "Imported One", "email": "one@example.org"}]}`
		res, err := svc.ImportEvent(f.system, readEvent(t, ev))
		must(t, err)
		e := res.Event
		e.MaxParticipants, e.NotifyEmail = 2, "organiser@example.org"
		_, err = svc.SaveEvent(f.system, e, true)
		must(t, err)
		must(t, svc.SetRegistrationOpen(f.system, e.ID, true))
		// A re-import keeps the organiser's settings of the registration.
		res, err = svc.ImportEvent(f.system, readEvent(t, strings.Replace(ev, "Capped partnering", "Capped partnering 2027", 1)))
		must(t, err)
		if res.Event.MaxParticipants != 2 || res.Event.NotifyEmail != "organiser@example.org" {
			t.Fatalf("a re-import changed the registration's settings: %d %q", res.Event.MaxParticipants, res.Event.NotifyEmail)
		}
		e = res.Event

		mail := func(id int64) (string, store.RegistrationMail) {
			t.Helper()
			m, err := ob.ClaimMail(bg, id, time.Minute)
			must(t, err)
			if m == nil || m.Kind != store.MailEventRegistration {
				t.Fatalf("mail %d: %+v", id, m)
			}
			var c store.RegistrationMail
			must(t, json.Unmarshal(m.Data, &c))
			return m.Recipient, c
		}
		register := func(name, email string) int64 {
			t.Helper()
			token, err := svc.Register(bg, e, &passerelle.EventParticipant{Name: name, Email: email,
				Organization: passerelle.EventOrg{Name: name + " SAS", Country: "FR"}}, "en", "192.0.2.7")
			must(t, err)
			p, mails, err := svc.Signin(bg, token, true)
			must(t, err)
			if len(mails) != 1 {
				t.Fatalf("%s: %d mails, want the organiser's notice", name, len(mails))
			}
			return p.ID
		}
		status := func(pid int64) (passerelle.ParticipantStatus, int) {
			t.Helper()
			v, err := svc.ParticipantHome(bg, f.ws.ID, pid, e.ID, 0)
			must(t, err)
			return v.Status, v.Position
		}

		ana := register("Ana", "ana@example.org")
		if to, c := mail(lastMail(t, db)); to != "organiser@example.org" || c.What != store.PlaceRegistered || c.Name != "Ana" || c.Taken != 2 || c.Max != 2 {
			t.Errorf("Ana's notice: %s %+v", to, c)
		}
		ben := register("Ben", "ben@example.org")
		if _, c := mail(lastMail(t, db)); c.What != store.PlaceWaiting || c.Taken != 2 || c.Waiting != 1 {
			t.Errorf("Ben's notice: %+v", c)
		}
		cleo := register("Cléo", "cleo@example.org")
		if st, pos := status(ben); st != passerelle.ParticipantWaiting || pos != 1 {
			t.Errorf("Ben: %q, place %d", st, pos)
		}
		if st, pos := status(cleo); st != passerelle.ParticipantWaiting || pos != 2 {
			t.Errorf("Cléo: %q, place %d", st, pos)
		}
		c, err := svc.Capacity(bg, e)
		must(t, err)
		if c != (store.EventCapacity{Max: 2, Taken: 2, Waiting: 2}) || !c.Full() {
			t.Errorf("capacity %+v", c)
		}

		// Waiting: no one sees Ben, he requests no one, no one requests him.
		v, err := svc.ParticipantHome(bg, f.ws.ID, ana, e.ID, 0)
		must(t, err)
		var refs []string
		for _, o := range v.Others {
			refs = append(refs, o.Name)
		}
		if strings.Join(refs, ",") != "Imported One" {
			t.Errorf("Ana sees %v", refs)
		}
		ids := participantIDs(f.system, t, svc, e.ID)
		var benRef string
		for ref, id := range ids {
			if id == ben {
				benRef = ref
			}
		}
		if err := svc.SendRequest(bg, f.ws.ID, ben, "p1", "", ""); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("a request from the waiting list: %v", err)
		}
		if err := svc.SendRequest(bg, f.ws.ID, ana, benRef, "", ""); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("a request to the waiting list: %v", err)
		}
		if _, _, err := svc.CommonSlots(bg, f.ws.ID, ana, benRef); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("common slots with one waiting: %v", err)
		}
		// Ana asks p1, then leaves: the request is cancelled, Ben has her place.
		must(t, svc.SendRequest(bg, f.ws.ID, ana, "p1", "", ""))
		mails, err := svc.LeaveEvent(bg, f.ws.ID, ana, true)
		must(t, err)
		if len(mails) != 2 {
			t.Fatalf("leaving wrote %d mails, want the organiser's and Ben's", len(mails))
		}
		if to, c := mail(mails[0]); to != "organiser@example.org" || c.What != store.PlaceLeft || c.Name != "Ana" || c.Taken != 1 {
			t.Errorf("the withdrawal's notice: %s %+v", to, c)
		}
		if to, c := mail(mails[1]); to != "ben@example.org" || c.What != store.PlaceAdmitted || !strings.HasPrefix(c.Page, "/e/") {
			t.Errorf("Ben's mail: %s %+v", to, c)
		}
		if st, _ := status(ben); st != "" {
			t.Errorf("Ben after Ana left: %q", st)
		}
		if st, pos := status(cleo); st != passerelle.ParticipantWaiting || pos != 1 {
			t.Errorf("Cléo after Ana left: %q, place %d", st, pos)
		}
		if st, _ := status(ana); st != passerelle.ParticipantLeft {
			t.Errorf("Ana: %q", st)
		}
		rqs, _, err := svc.EventRequests(f.system, e.ID)
		must(t, err)
		if len(rqs) != 1 || rqs[0].Status != passerelle.RequestCancelled {
			t.Errorf("Ana's request after she left: %+v", rqs)
		}
		if _, err := svc.LeaveEvent(bg, f.ws.ID, ana, true); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("leaving twice: %v", err)
		}
		if err := svc.SendRequest(bg, f.ws.ID, ana, "p1", "", ""); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("a request from one who left: %v", err)
		}

		// Ana comes back: the event is full, she waits behind Cléo.
		if _, err := svc.RejoinEvent(bg, f.ws.ID, ana, true); err != nil {
			t.Fatal(err)
		}
		if st, pos := status(ana); st != passerelle.ParticipantWaiting || pos != 2 {
			t.Errorf("Ana back: %q, place %d", st, pos)
		}
		if _, err := svc.RejoinEvent(bg, f.ws.ID, ana, true); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("coming back twice: %v", err)
		}

		// A raised maximum admits Cléo, the next; the organiser admits Ana past it.
		e.MaxParticipants = 3
		mails, err = svc.SaveEvent(f.system, e, true)
		must(t, err)
		if len(mails) != 1 {
			t.Fatalf("raising the maximum wrote %d mails", len(mails))
		}
		if to, _ := mail(mails[0]); to != "cleo@example.org" {
			t.Errorf("the raised maximum admitted %s", to)
		}
		if st, _ := status(ana); st != passerelle.ParticipantWaiting {
			t.Errorf("Ana admitted past the maximum by itself: %q", st)
		}
		if _, err := svc.AdmitParticipant(f.system, e.ID, ben, true); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("admitting one who has a place: %v", err)
		}
		if _, err := svc.AdmitParticipant(f.otherSystem, e.ID, ana, true); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace admits: %v", err)
		}
		if _, err := svc.AdmitParticipant(f.viewer, e.ID, ana, true); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer admits: %v", err)
		}
		if _, err := svc.AdmitParticipant(f.system, e.ID, ana, true); err != nil {
			t.Fatal(err)
		}
		if c, _ := svc.Capacity(bg, e); c != (store.EventCapacity{Max: 3, Taken: 4}) {
			t.Errorf("after the organiser's admission: %+v", c)
		}

		// An imported participant is never put on the waiting list by their first sign-in.
		token, err := svc.SigninLink(bg, e, "one@example.org", "192.0.2.8")
		must(t, err)
		p1, mails, err := svc.Signin(bg, token, true)
		must(t, err)
		if st, _ := status(p1.ID); st != "" || len(mails) != 0 {
			t.Errorf("p1 signing in over the maximum: %q, %d mails", st, len(mails))
		}
		// Without the organiser's address, and without mail, nothing is written.
		e.NotifyEmail = ""
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		before := lastMail(t, db)
		if _, err := svc.LeaveEvent(bg, f.ws.ID, ben, true); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RejoinEvent(bg, f.ws.ID, ben, false); err != nil {
			t.Fatal(err)
		}
		if after := lastMail(t, db); after != before {
			t.Errorf("mails written without an address or a mail server: %d → %d", before, after)
		}
		// Once the event is over, no one leaves.
		db.Now = func() time.Time { return time.Date(2027, 10, 16, 8, 0, 0, 0, time.UTC) }
		if _, err := svc.LeaveEvent(bg, f.ws.ID, ben, false); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("leaving after the event: %v", err)
		}
	})
}

// lastMail is the id of the outbox's newest mail (0: none).
func lastMail(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var id int64
	must(t, db.Write().QueryRowContext(context.Background(), `SELECT COALESCE(MAX(id), 0) FROM mail_outbox`).Scan(&id))
	return id
}
