package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// recipientDoc is an event file of participants pa, pb, … with the given emails ("" for
// none); a ref left out (skip) is not in the file, so that an import deletes them.
func recipientDoc(slug string, emails []string, skip map[int]bool) string {
	doc := `{"slug": "` + slug + `", "name": "Event ` + slug + `", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}], "participants": [`
	first := true
	for i, e := range emails {
		if skip[i] {
			continue
		}
		if !first {
			doc += ", "
		}
		first = false
		doc += `{"ref": "p` + string(rune('a'+i)) + `", "name": "P` + string(rune('A'+i)) + `", "email": "` + e + `"}`
	}
	return doc + `]}`
}

// mailsNamed checks every mail of the outbox against whom it names: a mail to a
// participant names them, in its own workspace and event, with the address it was
// written to; a mail naming no one goes to its event's notify address. It returns how
// many named a participant.
func mailsNamed(t *testing.T, db *store.DB) int {
	t.Helper()
	rows, err := db.Write().QueryContext(context.Background(), `SELECT m.id, m.kind, m.recipient, COALESCE(m.participant_id, 0),
		COALESCE(p.id, 0), COALESCE(p.email, ''), COALESCE(e.notify_email, '')
		FROM mail_outbox m LEFT JOIN event_participants p ON p.workspace_id = m.workspace_id AND p.event_id = m.event_id AND p.id = m.participant_id
		LEFT JOIN events e ON e.workspace_id = m.workspace_id AND e.id = m.event_id`)
	must(t, err)
	defer rows.Close()
	named := 0
	for rows.Next() {
		var id, pid, found int64
		var kind, recipient, email, notify string
		must(t, rows.Scan(&id, &kind, &recipient, &pid, &found, &email, &notify))
		switch {
		case pid == 0 && recipient != notify:
			t.Errorf("mail %d (%s) to %s names no participant", id, kind, recipient)
		case pid != 0 && (found == 0 || email != recipient):
			t.Errorf("mail %d (%s) to %s names participant %d of %q", id, kind, recipient, pid, email)
		case pid != 0:
			named++
		}
	}
	must(t, rows.Err())
	return named
}

// TestOutboxMailsNamed: every writer of mails to participants names them (announcement,
// agenda at publication, request received and answered, removal, admission), and the
// organiser's notices name no one.
func TestOutboxMailsNamed(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, recipientDoc("named", []string{"a@example.org", "b@example.org", "c@example.org"}, nil)))
		must(t, err)
		e := res.Event
		e.NotifyEmail, e.NotifyLang = "desk@example.org", "fr"
		_, err = svc.SaveEvent(f.system, e, false)
		must(t, err)
		ps, err := svc.EventParticipants(f.system, e.ID)
		must(t, err)
		bg := context.Background()
		_, err = svc.Announce(f.alice, e.ID, "Hello", "Body", store.AnnounceAll)
		must(t, err)
		_, err = svc.SendSlotRequest(bg, f.ws.ID, ps[0].ID, "pb", "Meet?", "", time.Time{}, true)
		must(t, err)
		reqs, _, err := svc.EventRequests(f.system, e.ID)
		must(t, err)
		if len(reqs) != 1 {
			t.Fatalf("requests: %+v", reqs)
		}
		_, _, err = svc.AnswerRequest(bg, f.ws.ID, ps[1].ID, reqs[0].ID, true, true)
		must(t, err)
		_, err = events.Schedule(f.system, svc, "named", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		_, err = svc.PublishEventMailed(f.system, e.ID, true)
		must(t, err)
		_, err = svc.RemoveParticipant(f.alice, e.ID, ps[2].ID, true)
		must(t, err)
		_, err = svc.AdmitParticipant(f.alice, e.ID, ps[2].ID, true)
		must(t, err)
		_, err = svc.LeaveEvent(bg, f.ws.ID, ps[2].ID, true)
		must(t, err)
		// 3 announcements, 1 received, 1 answered, 3 agendas, 1 removal, 1 admission.
		if n := mailsNamed(t, db); n != 10 {
			t.Errorf("%d mails name their participant, want 10", n)
		}
	})
}

// TestOutboxResendRecipient: "Send again" reads the participant a mail is for as they
// are now. A corrected address is where it goes (name too), the audit entry keeping the
// old and new ones; one who left, was taken off the event, was dropped from the
// organiser's list or has no email any more is refused (409, why, nothing changed, no
// audit) by ResendMail and skipped by ResendFailedMails, which counts them and refuses
// when they are all that failed. A row naming no one (older ones) goes as written; one
// naming another event's or workspace's participant is not sent to them. The page's
// list says the same beforehand, and another workspace's mail or a viewer still gets
// nothing.
func TestOutboxResendRecipient(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		bg := context.Background()
		// a: corrected, b: leaves, c: removed, d: email taken away, e: dropped from the
		// list, g: unchanged, h: corrected but its first mail an older row naming no one.
		emails := []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org", "g@example.org", "h@example.org"}
		res, err := svc.ImportEvent(f.system, readEvent(t, recipientDoc("rcpt", emails, nil)))
		must(t, err)
		ev := res.Event
		ps, err := svc.EventParticipants(f.system, ev.ID)
		must(t, err)
		pid := map[string]int64{}
		for _, p := range ps {
			pid[p.Email] = p.ID
		}
		_, oids := outboxEvent(t, db, f.otherSystem, "other-ev", "x@example.org")
		fail(t, db, f.otherSystem, oids[0], "550 other")
		// Two rounds of mails, by participant: one sent again mail by mail, one all at once.
		round := func(subject string) map[string]int64 {
			t.Helper()
			_, err := svc.Announce(f.alice, ev.ID, subject, "Body", store.AnnounceAll)
			must(t, err)
			ms, _, err := svc.OutboxMails(f.alice, store.OutboxFilter{EventID: ev.ID, Status: store.MailPending})
			must(t, err)
			out := map[string]int64{}
			for _, m := range ms {
				if m.ParticipantID != pid[m.Recipient] || m.ParticipantID == 0 {
					t.Errorf("mail to %s names participant %d, want %d", m.Recipient, m.ParticipantID, pid[m.Recipient])
				}
				out[m.Recipient] = m.ID
				fail(t, db, f.system, m.ID, "550 no such user")
			}
			if len(out) != len(emails) {
				t.Fatalf("%s: %d mails", subject, len(out))
			}
			return out
		}
		one, all := round("One"), round("Two")
		_, err = db.Write().ExecContext(bg, `UPDATE mail_outbox SET participant_id = NULL WHERE id = $1`, one["h@example.org"])
		must(t, err)

		// What changed since.
		changed := append([]string(nil), emails...)
		changed[0], changed[3], changed[6] = "a.new@example.org", "", "h.new@example.org"
		_, err = svc.ImportEvent(f.system, readEvent(t, recipientDoc("rcpt", changed, map[int]bool{4: true})))
		must(t, err)
		_, err = svc.LeaveEvent(bg, f.ws.ID, pid["b@example.org"], false)
		must(t, err)
		_, err = svc.RemoveParticipant(f.alice, ev.ID, pid["c@example.org"], false)
		must(t, err)

		// The page's list says beforehand what a resend would do.
		list, _, err := svc.OutboxMails(f.alice, store.OutboxFilter{EventID: ev.ID})
		must(t, err)
		now := map[int64]store.MailTarget{}
		for _, m := range list {
			now[m.ID] = m.Now
		}
		for _, c := range []struct {
			mail        int64
			gone, email string
		}{
			{one["a@example.org"], "", "a.new@example.org"},
			{one["b@example.org"], store.RecipientLeft, ""},
			{one["c@example.org"], store.RecipientRemoved, ""},
			{one["d@example.org"], store.RecipientNoEmail, ""},
			{one["e@example.org"], store.RecipientDeleted, ""},
			{one["g@example.org"], "", "g@example.org"},
			{one["h@example.org"], "", "h@example.org"},
			{all["h@example.org"], "", "h.new@example.org"},
		} {
			if got := now[c.mail]; got.Gone != c.gone || c.gone == "" && got.Email != c.email {
				t.Errorf("mail %d listed as %+v, want gone %q, to %q", c.mail, got, c.gone, c.email)
			}
		}

		state := func(ctx context.Context, id int64) *store.OutboxMail {
			t.Helper()
			m, err := svc.OutboxMail(ctx, id)
			must(t, err)
			return m
		}
		resends := func() int {
			t.Helper()
			entries, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: "event", EntityID: ev.ID})
			must(t, err)
			n := 0
			for _, e := range entries {
				if e.Action == "resend" {
					n++
				}
			}
			return n
		}
		// Refused, nothing changed, nothing audited.
		for _, c := range []struct {
			name string
			ctx  context.Context
			id   int64
			code string
			why  string
		}{
			{"left", f.alice, one["b@example.org"], passerelle.ECONFLICT, "has left the event"},
			{"removed", f.alice, one["c@example.org"], passerelle.ECONFLICT, "was taken off the event"},
			{"no email", f.alice, one["d@example.org"], passerelle.ECONFLICT, "has no email any more"},
			{"dropped from the list", f.alice, one["e@example.org"], passerelle.ECONFLICT, "no longer on the event's list"},
			{"a viewer", f.viewer, one["a@example.org"], passerelle.EFORBIDDEN, ""},
			{"another workspace's mail", f.alice, oids[0], passerelle.ENOTFOUND, ""},
			{"the other workspace, this one's mail", f.otherSystem, one["a@example.org"], passerelle.ENOTFOUND, ""},
		} {
			_, err := svc.ResendMail(c.ctx, c.id)
			if passerelle.ErrorCode(err) != c.code || !strings.Contains(passerelle.ErrorMessage(err), c.why) {
				t.Errorf("%s: %v, want %s saying %q", c.name, err, c.code, c.why)
			}
		}
		for _, e := range []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"} {
			if m := state(f.alice, one[e]); m.Status != store.MailFailed || m.Attempts != 1 || m.Recipient != e {
				t.Errorf("refused resends changed the mail to %s: %+v", e, m)
			}
		}
		if m := state(f.otherSystem, oids[0]); m.Status != store.MailFailed {
			t.Errorf("the other workspace's mail changed: %+v", m)
		}
		if n := resends(); n != 0 {
			t.Errorf("%d resends audited after refusals", n)
		}

		// The corrected address: the mail goes there, with the name as it is now.
		m, err := svc.ResendMail(f.alice, one["a@example.org"])
		must(t, err)
		if m.Recipient != "a.new@example.org" || m.Name != "PA" || m.Status != store.MailPending {
			t.Errorf("resent: %+v", m)
		}
		if c, err := ob.ClaimMail(bg, m.ID, time.Minute); err != nil || c == nil || c.Recipient != "a.new@example.org" {
			t.Errorf("the sender's claim: %+v %v", c, err)
		}
		// Unchanged, and the older row naming no one, go as written.
		for _, e := range []string{"g@example.org", "h@example.org"} {
			if m, err := svc.ResendMail(f.alice, one[e]); err != nil || m.Recipient != e {
				t.Errorf("the mail to %s resent: %+v %v", e, m, err)
			}
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: "event", EntityID: ev.ID})
		must(t, err)
		var readdressed *passerelle.AuditEntry
		for _, e := range entries {
			if e.Action == "resend" && e.Changes["mail"].New == float64(one["a@example.org"]) {
				readdressed = e
			}
		}
		if readdressed == nil || readdressed.Changes["recipient"].Old != "a@example.org" || readdressed.Changes["recipient"].New != "a.new@example.org" {
			t.Errorf("the readdressed resend's audit entry: %+v", readdressed)
		}

		// All at once: the second round's a, g and h (h to its new address); b, c, d, e
		// of both rounds skipped and left failed.
		if _, _, err := svc.ResendFailedMails(f.viewer, ev.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer's resend of all: %v", err)
		}
		ids, skipped, err := svc.ResendFailedMails(f.alice, ev.ID)
		must(t, err)
		if len(ids) != 3 || skipped != 8 {
			t.Errorf("resent %v, skipped %d; want 3 and 8", ids, skipped)
		}
		for e, want := range map[string]string{"a@example.org": "a.new@example.org", "g@example.org": "g@example.org", "h@example.org": "h.new@example.org"} {
			if m := state(f.alice, all[e]); m.Status != store.MailPending || m.Recipient != want {
				t.Errorf("the second mail to %s after resending all: %s to %s, want to %s", e, m.Status, m.Recipient, want)
			}
		}
		for _, e := range []string{"b@example.org", "c@example.org", "d@example.org", "e@example.org"} {
			for _, id := range []int64{one[e], all[e]} {
				if m := state(f.alice, id); m.Status != store.MailFailed || m.Recipient != e {
					t.Errorf("a skipped mail to %s changed: %+v", e, m)
				}
			}
		}
		entries, err = store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: "event", EntityID: ev.ID})
		must(t, err)
		if e := entries[0]; e.Action != "resend" || e.Changes["recipients"].New != 3.0 || e.Changes["skipped"].New != 8.0 ||
			!same(e.Changes["recipient"].Old, "a@example.org", "h@example.org") || !same(e.Changes["recipient"].New, "a.new@example.org", "h.new@example.org") {
			t.Errorf("the audit entry of all: %+v", e)
		}
		// What is left failed is all skipped: refused, saying so.
		if _, _, err := svc.ResendFailedMails(f.alice, ev.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT ||
			!strings.Contains(passerelle.ErrorMessage(err), "can be sent again") {
			t.Errorf("resending all with only skipped ones: %v", err)
		}

		// A row naming another event's participant, or another workspace's, is not sent
		// to them (nor are they shown): their id is not the mail's participant.
		oev, _ := outboxEvent(t, db, f.system, "second-ev", "z@example.org")
		ops, err := svc.EventParticipants(f.system, oev.ID)
		must(t, err)
		var xid int64
		must(t, db.Write().QueryRowContext(bg, `SELECT participant_id FROM mail_outbox WHERE id = $1`, oids[0]).Scan(&xid))
		for _, other := range []int64{ops[0].ID, xid} {
			_, err = db.Write().ExecContext(bg, `UPDATE mail_outbox SET participant_id = $1 WHERE id = $2`, other, all["b@example.org"])
			must(t, err)
			if _, err := svc.ResendMail(f.alice, all["b@example.org"]); passerelle.ErrorCode(err) != passerelle.ECONFLICT ||
				!strings.Contains(passerelle.ErrorMessage(err), "no longer on the event's list") {
				t.Errorf("a mail naming participant %d of elsewhere: %v", other, err)
			}
			list, _, err := svc.OutboxMails(f.alice, store.OutboxFilter{EventID: ev.ID, Status: store.MailFailed})
			must(t, err)
			for _, m := range list {
				if m.Now.Email == "z@example.org" || m.Now.Email == "x@example.org" {
					t.Errorf("the list shows another's address: %+v", m.Now)
				}
			}
		}
	})
}

// TestOutboxResendRemoval: the mail telling a participant the organiser took them off
// the event goes again to them while they are off it, and not once they are back.
func TestOutboxResendRemoval(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, recipientDoc("rm", []string{"r@example.org"}, nil)))
		must(t, err)
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		mails, err := svc.RemoveParticipant(f.alice, res.Event.ID, ps[0].ID, true)
		must(t, err)
		if len(mails) != 1 {
			t.Fatalf("removal mails: %v", mails)
		}
		fail(t, db, f.system, mails[0], "550 no")
		if m, err := svc.ResendMail(f.alice, mails[0]); err != nil || m.Recipient != "r@example.org" {
			t.Errorf("the removal mail resent to the one removed: %+v %v", m, err)
		}
		must(t, ob.MailNotSent(context.Background(), mails[0], "550 no", 0))
		_, err = svc.AdmitParticipant(f.alice, res.Event.ID, ps[0].ID, false)
		must(t, err)
		if _, err := svc.ResendMail(f.alice, mails[0]); passerelle.ErrorCode(err) != passerelle.ECONFLICT ||
			!strings.Contains(passerelle.ErrorMessage(err), "takes part in the event again") {
			t.Errorf("the removal mail resent to one back: %v", err)
		}
		if _, _, err := svc.ResendFailedMails(f.alice, res.Event.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("the removal mail resent with all to one back: %v", err)
		}
	})
}

// same reports whether an audited list (JSON, read back) holds exactly want, in order.
func same(v any, want ...string) bool {
	l, ok := v.([]any)
	if !ok || len(l) != len(want) {
		return false
	}
	for i := range l {
		if l[i] != want[i] {
			return false
		}
	}
	return true
}
