package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
	"passerelle/web"
)

// TestParticipantCancelMeeting: a participant cancels a meeting of their published
// agenda that is yet to start; the meeting and its request are cancelled, the other
// side is mailed with its time, and the next schedule run does not place it again.
// Before publication, a second time, once started, or a meeting that is not theirs,
// it is refused and nothing changes.
func TestParticipantCancelMeeting(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantCancelMeeting(t, db) })
	}
}

func testParticipantCancelMeeting(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "accepted"}, {"from": "c", "to": "a", "status": "accepted"}`))
	w, mailer, srv, ctx, svc, r, eid, base := f.w, f.mailer, f.srv, f.ctx, f.svc, f.r, f.eid, f.base
	ana, ben, alice := f.participant(t, "ana@example.org", false), f.participant(t, "ben@example.org", false), f.member(t, "alice")
	if res, body := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, body)
	}
	meetings := func() map[string]*store.EventMeeting {
		t.Helper()
		ms, err := svc.EventMeetings(ctx, r.Event.ID)
		must(t, err)
		out := map[string]*store.EventMeeting{}
		for _, m := range ms {
			if m.Meeting.Status != passerelle.MeetingCancelled {
				out[m.From+">"+m.To] = m
			}
		}
		return out
	}
	ms := meetings()
	ab, ca := id(ms["a>b"].Meeting.ID), id(ms["c>a"].Meeting.ID)
	cancel := func(c *client, mid string) (int, string) {
		t.Helper()
		res, body := c.do("POST", base+"/meetings/"+mid+"/cancel", formType, "", false)
		return res.StatusCode, html.UnescapeString(body)
	}
	if code, body := cancel(ana, ab); code != http.StatusConflict || !strings.Contains(body, "the schedule is not published yet") {
		t.Errorf("cancel before publication: %d", code)
	}
	if res, body := alice.do("POST", "/events/"+eid+"/publish", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, body)
	}
	sender := web.NewEventMail(db, mailer, srv.URL, slog.New(slog.DiscardHandler))
	if _, err := sender.SendDue(context.Background()); err != nil { // the agendas
		t.Fatal(err)
	}
	mailer.set(false)
	if _, body := ana.get(base); !strings.Contains(body, `id="cancel-`+ab+`"`) {
		t.Error("Ana's agenda offers no cancel for her meeting to come")
	}
	// Ben is not in Carl and Ana's meeting.
	if code, _ := cancel(ben, ca); code != http.StatusNotFound {
		t.Errorf("Ben cancelling another's meeting: %d, want 404", code)
	}
	if code, body := cancel(ana, ab); code != http.StatusSeeOther {
		t.Fatalf("cancel: %d %s", code, body)
	}
	sent, _ := mailer.set(false)
	if got := strings.Join(sent["ben@example.org"], ""); !strings.Contains(got, "Meeting cancelled by Ana Ruiz") ||
		!strings.Contains(got, "Ana Ruiz (Ana Labs) cancelled your meeting of 2030-03-12 ") {
		t.Errorf("Ben's mail: %q", got)
	}
	if len(sent) != 1 {
		t.Errorf("mailed %d, want Ben only", len(sent))
	}
	if _, ok := meetings()["a>b"]; ok {
		t.Error("the meeting stands")
	}
	rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
	must(t, err)
	for _, rq := range rqs {
		if rq.From == "a" && rq.To == "b" && rq.Status != passerelle.RequestCancelled {
			t.Errorf("the request is %s", rq.Status)
		}
	}
	if res, body := f.member(t, "coord").get("/audit"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Cancelled by") || !strings.Contains(body, "Ana Ruiz") {
		t.Error("the audit log does not say who cancelled the meeting")
	}
	if code, body := cancel(ana, ab); code != http.StatusConflict || !strings.Contains(body, "cancelled already") {
		t.Errorf("a second cancel: %d", code)
	}
	// The next run does not place it again; Carl and Ana's stands.
	if res, body := alice.do("POST", "/events/"+eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule again: %d %s", res.StatusCode, body)
	}
	if ms := meetings(); len(ms) != 1 || ms["c>a"] == nil {
		t.Errorf("after a new run: %d meetings standing", len(ms))
	}
	// Once it has started it can no longer be cancelled.
	now := db.Now
	db.Now = func() time.Time { return ms["c>a"].Meeting.Start.Add(time.Minute) }
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	for _, p := range ps {
		if p.Ref == "a" {
			if _, err := svc.CancelOwnMeeting(context.Background(), w.ws.ID, p.ID, ms["c>a"].Meeting.ID, false); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
				t.Errorf("cancel once started: %v", err)
			}
		}
	}
	db.Now = now
	if _, ok := meetings()["c>a"]; !ok {
		t.Error("a refused cancel cancelled the meeting")
	}
}

// TestParticipantWithdrawRequest: the sender of a request waiting for an answer
// withdraws it; the recipient can no longer accept it. Another's request is not found,
// and an answered one, or a second withdrawal, is refused with nothing changed.
func TestParticipantWithdrawRequest(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantWithdrawRequest(t, db) })
	}
}

func testParticipantWithdrawRequest(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, withRequests(`{"from": "a", "to": "b", "status": "pending"}, {"from": "b", "to": "c", "status": "accepted"}`))
	ctx, svc, r, base := f.ctx, f.svc, f.r, f.base
	ana, ben := f.participant(t, "ana@example.org", true), f.participant(t, "ben@example.org", true)
	reqs := func() map[string]*passerelle.EventRequest {
		t.Helper()
		rqs, _, err := svc.EventRequests(ctx, r.Event.ID)
		must(t, err)
		out := map[string]*passerelle.EventRequest{}
		for _, rq := range rqs {
			out[rq.From+">"+rq.To] = rq
		}
		return out
	}
	ab, bc := id(reqs()["a>b"].ID), id(reqs()["b>c"].ID)
	withdraw := func(c *client, rid string) (int, string) {
		t.Helper()
		res, body := c.do("POST", base+"/requests/"+rid+"/withdraw", formType, "", false)
		return res.StatusCode, html.UnescapeString(body)
	}
	_, body := ana.get(base)
	if !strings.Contains(body, `id="withdraw-`+ab+`"`) {
		t.Error("Ana's sent request offers no withdrawal")
	}
	// The list of participants says where a request stands instead of offering another.
	if !strings.Contains(body, `id="between-b">Request: pending`) || strings.Contains(body, `id="request-b"`) || !strings.Contains(body, `id="request-c"`) {
		t.Error("Ana's list offers a second request to Ben, or none to Carl")
	}
	if code, _ := withdraw(ben, ab); code != http.StatusNotFound {
		t.Errorf("the recipient withdrawing: %d, want 404", code)
	}
	if code, body := withdraw(ben, bc); code != http.StatusConflict || !strings.Contains(body, "no longer waiting") {
		t.Errorf("withdrawing an accepted request: %d", code)
	}
	if code, _ := withdraw(ana, ab); code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", code)
	}
	if st := reqs()["a>b"].Status; st != passerelle.RequestCancelled {
		t.Errorf("the request is %s", st)
	}
	// Ben, who was asked, may ask Ana now (the store accepts it), so his list offers it;
	// Ana may not ask again, so hers says where the request stands.
	if _, body := ben.get(base); !strings.Contains(body, `id="request-a"`) || strings.Contains(body, `id="between-a"`) {
		t.Error("after the withdrawal, Ben's list offers no request to Ana")
	}
	if _, body := ana.get(base); !strings.Contains(body, `id="between-b">Request: cancelled`) || strings.Contains(body, `id="request-b"`) {
		t.Error("after the withdrawal, Ana's list offers a second request to Ben")
	}
	if code, _ := withdraw(ana, ab); code != http.StatusConflict {
		t.Errorf("a second withdrawal: %d", code)
	}
	if res, _ := ben.do("POST", base+"/requests/"+ab+"/answer", formType, "answer=accept", false); res.StatusCode != http.StatusConflict {
		t.Errorf("accepting a withdrawn request: %d", res.StatusCode)
	}
	if st := reqs()["b>c"].Status; st != passerelle.RequestAccepted {
		t.Errorf("the accepted request is now %s", st)
	}
}
