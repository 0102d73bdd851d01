package store_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// outboxEvent imports an event of n participants with an email into ctx's workspace,
// writes the organiser's message to each (one mail each, through the outbox) and
// returns the event and the mails' ids, oldest first.
func outboxEvent(t *testing.T, db *store.DB, ctx context.Context, slug string, emails ...string) (*passerelle.Event, []int64) {
	t.Helper()
	svc := store.NewEventService(db)
	doc := `{"slug": "` + slug + `", "name": "Event ` + slug + `", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "11:00"}], "participants": [`
	for i, e := range emails {
		if i > 0 {
			doc += ", "
		}
		doc += `{"ref": "p` + string(rune('a'+i)) + `", "name": "P ` + e + `", "email": "` + e + `"}`
	}
	res, err := svc.ImportEvent(ctx, readEvent(t, doc+`]}`))
	must(t, err)
	if _, err := svc.Announce(ctx, res.Event.ID, "Hello", "Welcome to "+slug, store.AnnounceAll); err != nil {
		t.Fatal(err)
	}
	ob := store.NewOutboxService(db)
	due, err := ob.DueMails(ctx, 1000)
	must(t, err)
	var ids []int64
	for _, id := range due {
		m, err := svc.OutboxMail(ctx, id)
		if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			continue // another workspace's
		}
		must(t, err)
		if m.EventID == res.Event.ID {
			ids = append(ids, id)
		}
	}
	if len(ids) != len(emails) {
		t.Fatalf("%s: %d mails written, want %d", slug, len(ids), len(emails))
	}
	return res.Event, ids
}

// fail claims a mail and records its last failure: failed for good.
func fail(t *testing.T, db *store.DB, ctx context.Context, id int64, why string) {
	t.Helper()
	ob := store.NewOutboxService(db)
	m, err := ob.ClaimMail(ctx, id, time.Minute)
	must(t, err)
	if m == nil {
		t.Fatalf("mail %d not claimable", id)
	}
	must(t, ob.MailNotSent(ctx, id, why, 0))
}

func sent(t *testing.T, db *store.DB, ctx context.Context, id int64) {
	t.Helper()
	ob := store.NewOutboxService(db)
	m, err := ob.ClaimMail(ctx, id, time.Minute)
	must(t, err)
	if m == nil {
		t.Fatalf("mail %d not claimable", id)
	}
	must(t, ob.MailSent(ctx, id))
}

// TestOutboxMails: the outbox's page lists the mails of the reader's workspace only,
// newest first, by status and by event, a bounded page at a time with a cursor; a
// viewer lists nothing (403), another workspace's event is not found, and a status,
// cursor or event it cannot mean is refused naming it.
func TestOutboxMails(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ev, ids := outboxEvent(t, db, f.system, "net-ev", "a@example.org", "b@example.org", "c@example.org")
		oev, oids := outboxEvent(t, db, f.otherSystem, "other-ev", "x@example.org", "y@example.org")
		fail(t, db, f.system, ids[0], "550 no such user")
		sent(t, db, f.system, ids[1])
		fail(t, db, f.otherSystem, oids[0], "550 other")

		list := func(ctx context.Context, fl store.OutboxFilter) ([]int64, int64, error) {
			t.Helper()
			ms, next, err := svc.OutboxMails(ctx, fl)
			var got []int64
			for _, m := range ms {
				got = append(got, m.ID)
				if a := passerelle.ActorFromContext(ctx); m.WorkspaceID != a.WorkspaceID {
					t.Errorf("listed a mail of workspace %d", m.WorkspaceID)
				}
			}
			return got, next, err
		}
		eq := func(a, b []int64) bool {
			if len(a) != len(b) {
				return false
			}
			for i := range a {
				if a[i] != b[i] {
					return false
				}
			}
			return true
		}
		newest := []int64{ids[2], ids[1], ids[0]}
		for _, c := range []struct {
			name string
			f    store.OutboxFilter
			want []int64
		}{
			{"all", store.OutboxFilter{}, newest},
			{"failed", store.OutboxFilter{Status: store.MailFailed}, []int64{ids[0]}},
			{"sent", store.OutboxFilter{Status: store.MailSent}, []int64{ids[1]}},
			{"pending", store.OutboxFilter{Status: store.MailPending}, []int64{ids[2]}},
			{"event", store.OutboxFilter{EventID: ev.ID}, newest},
			{"event failed", store.OutboxFilter{EventID: ev.ID, Status: store.MailFailed}, []int64{ids[0]}},
			{"cursor past every id", store.OutboxFilter{Before: math.MaxInt64}, newest},
			{"cursor of the other workspace's mail", store.OutboxFilter{Before: oids[1] + 1}, newest},
			{"cursor below every id", store.OutboxFilter{Before: 1}, nil},
			{"a huge limit is bounded", store.OutboxFilter{Limit: math.MaxInt32}, newest},
		} {
			got, _, err := list(f.alice, c.f)
			if err != nil || !eq(got, c.want) {
				t.Errorf("%s: %v %v, want %v", c.name, got, err, c.want)
			}
		}
		// Paging: two, then the last one, then nothing more.
		page, next, err := list(f.alice, store.OutboxFilter{Limit: 2})
		if err != nil || !eq(page, newest[:2]) || next != ids[1] {
			t.Fatalf("first page: %v next %d %v", page, next, err)
		}
		page, next, err = list(f.alice, store.OutboxFilter{Limit: 2, Before: next})
		if err != nil || !eq(page, newest[2:]) || next != 0 {
			t.Errorf("second page: %v next %d %v", page, next, err)
		}
		// The other workspace reads its own only.
		if got, _, err := list(f.otherSystem, store.OutboxFilter{}); err != nil || len(got) != 2 || got[0] != oids[1] {
			t.Errorf("the other workspace's outbox: %v %v", got, err)
		}
		for _, c := range []struct {
			name string
			ctx  context.Context
			f    store.OutboxFilter
			code string
		}{
			{"viewer", f.viewer, store.OutboxFilter{}, passerelle.EFORBIDDEN},
			{"nobody", context.Background(), store.OutboxFilter{}, passerelle.EUNAUTHORIZED},
			{"another workspace's event", f.alice, store.OutboxFilter{EventID: oev.ID}, passerelle.ENOTFOUND},
			{"an event that is none", f.alice, store.OutboxFilter{EventID: math.MaxInt64}, passerelle.ENOTFOUND},
			{"a negative event", f.alice, store.OutboxFilter{EventID: -1}, passerelle.EINVALID},
			{"a negative cursor", f.alice, store.OutboxFilter{Before: -5}, passerelle.EINVALID},
			{"an unknown status", f.alice, store.OutboxFilter{Status: "bounced"}, passerelle.EINVALID},
			{"a status in SQL", f.alice, store.OutboxFilter{Status: "failed' OR '1'='1"}, passerelle.EINVALID},
		} {
			if got, _, err := list(c.ctx, c.f); passerelle.ErrorCode(err) != c.code || len(got) != 0 {
				t.Errorf("%s: %v %v, want %s", c.name, got, err, c.code)
			}
		}
		if _, err := svc.OutboxMail(f.alice, oids[0]); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace's mail read: %v", err)
		}
	})
}

// TestOutboxResend: a failed mail sent again is pending, due now, with its attempts
// from 0 (the sender claims it at once), and audited on its event with the attempts
// and error it had; a mail sent or waiting is 409 with nothing changed, another
// workspace's mail or event is not found and stays failed, a viewer changes nothing
// (403). "Send all failed again" sets every failed mail of the event back at once, and
// a second time finds none (409).
func TestOutboxResend(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ob := store.NewOutboxService(db)
		ev, ids := outboxEvent(t, db, f.system, "net-ev", "a@example.org", "b@example.org", "c@example.org", "d@example.org")
		oev, oids := outboxEvent(t, db, f.otherSystem, "other-ev", "x@example.org")
		for _, id := range []int64{ids[0], ids[2], ids[3]} {
			fail(t, db, f.system, id, "550 no such user")
		}
		sent(t, db, f.system, ids[1])
		fail(t, db, f.otherSystem, oids[0], "550 other")
		state := func(ctx context.Context, id int64) *store.OutboxMail {
			t.Helper()
			m, err := svc.OutboxMail(ctx, id)
			must(t, err)
			return m
		}
		if m := state(f.alice, ids[0]); m.Status != store.MailFailed || m.Attempts != 1 {
			t.Fatalf("before: %+v", m)
		}

		// Refused, nothing changed.
		for _, c := range []struct {
			name string
			ctx  context.Context
			id   int64
			code string
		}{
			{"a viewer", f.viewer, ids[0], passerelle.EFORBIDDEN},
			{"a sent mail", f.alice, ids[1], passerelle.ECONFLICT},
			{"another workspace's mail", f.alice, oids[0], passerelle.ENOTFOUND},
			{"no such mail", f.alice, math.MaxInt64, passerelle.ENOTFOUND},
			{"a negative id", f.alice, -1, passerelle.ENOTFOUND},
		} {
			if _, err := svc.ResendMail(c.ctx, c.id); passerelle.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if m := state(f.otherSystem, oids[0]); m.Status != store.MailFailed {
			t.Errorf("the other workspace's mail changed: %+v", m)
		}
		if m := state(f.alice, ids[1]); m.Status != store.MailSent {
			t.Errorf("the sent mail changed: %+v", m)
		}

		m, err := svc.ResendMail(f.alice, ids[0])
		must(t, err)
		if m.Status != store.MailPending || m.Attempts != 0 || m.NextAttemptAt.After(db.Now()) {
			t.Errorf("resent: %+v", m)
		}
		if got := state(f.alice, ids[0]); got.Status != store.MailPending || got.Attempts != 0 || got.LastError != "550 no such user" {
			t.Errorf("stored after the resend: %+v", got)
		}
		if _, err := svc.ResendMail(f.alice, ids[0]); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("a pending mail resent: %v", err)
		}
		// The sender takes it at once, with a full round of attempts.
		due, err := ob.DueMails(f.system, 100)
		must(t, err)
		found := false
		for _, id := range due {
			found = found || id == ids[0]
		}
		if !found {
			t.Errorf("the resent mail is not due: %v", due)
		}
		if c, err := ob.ClaimMail(f.system, ids[0], time.Minute); err != nil || c == nil || c.Attempts != 1 {
			t.Errorf("claim after the resend: %+v %v", c, err)
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: "event", EntityID: ev.ID})
		must(t, err)
		var audited *passerelle.AuditEntry
		for _, e := range entries {
			if e.Action == "resend" {
				audited = e
				break
			}
		}
		if audited == nil || audited.Summary != "Event net-ev: failed mails sent again, 1" || audited.Changes["recipient"].New != "a@example.org" ||
			audited.Changes["last_error"].Old != "550 no such user" {
			t.Errorf("audit entry: %+v", audited)
		}

		// All the event's failed mails at once.
		if _, _, err := svc.ResendFailedMails(f.viewer, ev.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer's resend of all: %v", err)
		}
		if _, _, err := svc.ResendFailedMails(f.alice, oev.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace's event: %v", err)
		}
		if m := state(f.otherSystem, oids[0]); m.Status != store.MailFailed {
			t.Errorf("the other workspace's mail changed: %+v", m)
		}
		got, skipped, err := svc.ResendFailedMails(f.alice, ev.ID)
		must(t, err)
		if len(got) != 2 || skipped != 0 {
			t.Errorf("resent %v, want ids %d and %d", got, ids[2], ids[3])
		}
		for _, id := range []int64{ids[2], ids[3]} {
			if m := state(f.alice, id); m.Status != store.MailPending || m.Attempts != 0 {
				t.Errorf("mail %d after resending all: %+v", id, m)
			}
		}
		if _, _, err := svc.ResendFailedMails(f.alice, ev.ID); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Errorf("resending all again: %v", err)
		}
		if m := state(f.alice, ids[1]); m.Status != store.MailSent {
			t.Errorf("the sent mail changed: %+v", m)
		}
	})
}

// TestOutboxResendRace: two organisers sending one failed mail again at once change it
// once (one audit entry): the other is told it is no longer failed (409), on both
// databases (PostgreSQL's second update waits for the first and finds it pending).
func TestOutboxResendRace(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ev, ids := outboxEvent(t, db, f.system, "race-ev", "a@example.org")
		fail(t, db, f.system, ids[0], "550 no")
		const n = 8
		errs := make(chan error, n)
		var start sync.WaitGroup
		start.Add(1)
		for range n {
			go func() {
				start.Wait()
				_, err := svc.ResendMail(f.alice, ids[0])
				errs <- err
			}()
		}
		start.Done()
		ok := 0
		for range n {
			switch err := <-errs; {
			case err == nil:
				ok++
			case passerelle.ErrorCode(err) != passerelle.ECONFLICT:
				t.Errorf("a concurrent resend: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d resends of one mail succeeded, want 1", ok)
		}
		entries, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: "event", EntityID: ev.ID})
		must(t, err)
		resends := 0
		for _, e := range entries {
			if e.Action == "resend" {
				resends++
			}
		}
		if resends != 1 {
			t.Errorf("%d audit entries for one resend", resends)
		}
	})
}
