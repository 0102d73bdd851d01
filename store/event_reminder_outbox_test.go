package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestSurveyReminderOutbox: a claimed reminder is one outbox mail naming its
// participant, holding what it says and no sign-in link; the sender makes a new link
// at each sending (SurveyLink), which signs that participant in once, and writes none
// of it to the outbox. Another workspace neither reads nor sends it again; an address
// the organiser corrected meanwhile gets the link only once the mail is sent again to it.
func TestSurveyReminderOutbox(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC)) // the first round
		f := newMeetingFixture(t, db)
		svc, ob := store.NewEventService(db), store.NewOutboxService(db)
		res, pid, _ := publishPast(t, f, svc, pastEvent)
		_, rs, err := svc.ClaimSurveyReminders(f.system, res.Event.ID)
		must(t, err)
		if len(rs) != 4 {
			t.Fatalf("%d reminders, want 4", len(rs))
		}
		bg := context.Background()
		for _, r := range rs {
			m, err := svc.OutboxMail(f.system, r.MailID)
			must(t, err)
			if m.Kind != store.MailEventSurvey || m.ParticipantID != pid[r.Participant.Ref] || m.Recipient != r.Participant.Email || m.Status != store.MailPending {
				t.Errorf("the reminder of %s: %+v", r.Participant.Ref, m)
			}
			var fields map[string]any
			must(t, json.Unmarshal(m.Data, &fields))
			keys := make([]string, 0, len(fields))
			for k := range fields {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if strings.Contains(string(m.Data), "evs_") || !slices.Equal(keys, []string{"event", "page", "unanswered"}) ||
				fields["page"] != "/e/"+f.ws.Slug+"/past-ev" || fields["event"] != "Past partnering" {
				t.Errorf("the reminder's data: %s", m.Data)
			}
		}

		// The sender's link: a new one at each sending, each signing the participant in
		// once, and none of them in the outbox.
		mid := rs[0].MailID
		if m, err := ob.ClaimMail(bg, mid, time.Minute); err != nil || m == nil {
			t.Fatalf("claim: %v %v", m, err)
		}
		first, err := ob.SurveyLink(bg, mid)
		must(t, err)
		second, err := ob.SurveyLink(bg, mid)
		must(t, err)
		if !strings.HasPrefix(first, "evs_") || first == second {
			t.Fatalf("links %q and %q", first, second)
		}
		for _, tok := range []string{first, second} {
			p, _, err := svc.Signin(bg, tok, false)
			if err != nil || p.ID != rs[0].Participant.ID {
				t.Errorf("the link signs in %+v, %v", p, err)
			}
			if _, _, err := svc.Signin(bg, tok, false); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("a link used twice: %v", err)
			}
		}
		m, err := svc.OutboxMail(f.system, mid)
		must(t, err)
		if strings.Contains(string(m.Data), first[4:]) || strings.Contains(string(m.Data), second[4:]) || strings.Contains(string(m.Data), "evs_") {
			t.Errorf("the outbox holds the link: %s", m.Data)
		}
		must(t, ob.MailSent(bg, mid))
		if _, err := ob.SurveyLink(bg, mid); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("a link for a mail sent: %v", err)
		}

		// Another workspace: not found, nothing listed, nothing sent again.
		must(t, ob.MailNotSent(bg, rs[1].MailID, "550 refused", 0))
		if _, err := svc.OutboxMail(f.otherSystem, rs[1].MailID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace reads the reminder: %v", err)
		}
		if _, err := svc.ResendMail(f.otherSystem, rs[1].MailID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace sends the reminder again: %v", err)
		}
		if ms, _, err := svc.OutboxMails(f.otherSystem, store.OutboxFilter{}); err != nil || len(ms) != 0 {
			t.Errorf("another workspace lists %d mails, %v", len(ms), err)
		}
		// Sent again by its organiser: pending, and a new link is made when it goes.
		if _, err := svc.ResendMail(f.system, rs[1].MailID); err != nil {
			t.Fatal(err)
		}
		if _, err := ob.ClaimMail(bg, rs[1].MailID, time.Minute); err != nil {
			t.Fatal(err)
		}
		tok, err := ob.SurveyLink(bg, rs[1].MailID)
		must(t, err)
		if p, _, err := svc.Signin(bg, tok, false); err != nil || p.ID != rs[1].Participant.ID {
			t.Errorf("the resent reminder's link signs in %+v, %v", p, err)
		}

		// The organiser corrects D's email meanwhile: no link goes to the old one; sent
		// again, the reminder goes to the new one, with a link.
		var dm int64
		for _, r := range rs {
			if r.Participant.Ref == "d" {
				dm = r.MailID
			}
		}
		_, err = svc.ImportEvent(f.system, readEvent(t, strings.Replace(pastEvent, "d@example.org", "dora@example.org", 1)))
		must(t, err)
		if _, err := ob.ClaimMail(bg, dm, time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := ob.SurveyLink(bg, dm); passerelle.ErrorCode(err) != passerelle.ECONFLICT || !strings.Contains(err.Error(), "another email") {
			t.Errorf("a link to the old address: %v", err)
		}
		must(t, ob.MailNotSent(bg, dm, "no link", 0))
		if m, err := svc.ResendMail(f.system, dm); err != nil || m.Recipient != "dora@example.org" {
			t.Fatalf("sent again: %+v %v", m, err)
		}
		if _, err := ob.ClaimMail(bg, dm, time.Minute); err != nil {
			t.Fatal(err)
		}
		if tok, err := ob.SurveyLink(bg, dm); err != nil || !strings.HasPrefix(tok, "evs_") {
			t.Errorf("a link to the corrected address: %q %v", tok, err)
		}
	})
}

// TestSurveyReminderLeft: a participant who leaves the event after their reminder was
// written (a meeting of the first day over, the event not) gets no link: the sender's
// SurveyLink refuses, and "Send again" refuses too; another participant's goes.
func TestSurveyReminderLeft(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		atTime(t, db, time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC))
		f := newMeetingFixture(t, db)
		svc, ob := store.NewEventService(db), store.NewOutboxService(db)
		res, pid, _ := publishPast(t, f, svc, pastEvent)
		// 11:59 in Paris: A's first meeting is over (A has two, at two of the four
		// slots), the event (until 12:00) is not.
		atTime(t, db, time.Date(2025, 10, 15, 9, 59, 0, 0, time.UTC))
		_, rs, err := svc.ClaimSurveyReminders(f.system, res.Event.ID)
		must(t, err)
		mail := map[string]int64{}
		for _, r := range rs {
			mail[r.Participant.Ref] = r.MailID
		}
		if mail["a"] == 0 {
			t.Fatalf("A is not reminded: %+v", rs)
		}
		bg := context.Background()
		_, err = svc.LeaveEvent(bg, f.ws.ID, pid["a"], false)
		must(t, err)
		if _, err := ob.SurveyLink(bg, mail["a"]); passerelle.ErrorCode(err) != passerelle.ECONFLICT || !strings.Contains(err.Error(), "left the event") {
			t.Errorf("a link for one who left: %v", err)
		}
		must(t, ob.MailNotSent(bg, mail["a"], "no link", 0))
		if _, err := svc.ResendMail(f.system, mail["a"]); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("sent again to one who left: %v", err)
		}
		for ref, id := range mail {
			if ref == "a" {
				continue
			}
			if _, err := ob.SurveyLink(bg, id); err != nil {
				t.Errorf("%s's link: %v", ref, err)
			}
		}
		if n, _, err := svc.SurveyReminded(f.system, res.Event.ID); err != nil || n != len(rs) {
			t.Errorf("reminded: %d %v, want %d", n, err, len(rs))
		}
	})
}
