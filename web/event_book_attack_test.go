package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// TestEventBookBothWays: Ana's request to Ben was cancelled, then Ben's to Ana accepted
// and scheduled. Booking the two by hand finds their meeting through Ben's request (409),
// instead of reviving Ana's and booking them a second meeting.
func TestEventBookBothWays(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventBookBothWays(t, db) })
	}
}

func testEventBookBothWays(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	alice := f.member(t, "alice")
	ids := map[string]int64{}
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, p := range ps {
		ids[p.Ref] = p.ID
	}
	ws := f.w.ws.ID
	// Ana asks Ben and withdraws; Ben asks Ana, who accepts; the schedule places it.
	must(t, f.svc.SendRequest(f.ctx, ws, ids["a"], "b", "", ""))
	request := func(from, to string) int64 {
		rs, _, err := f.svc.EventRequests(f.ctx, f.r.Event.ID)
		must(t, err)
		for _, r := range rs {
			if r.FromID == ids[from] && r.ToID == ids[to] {
				return r.ID
			}
		}
		t.Fatalf("no request from %s to %s", from, to)
		return 0
	}
	must(t, f.svc.WithdrawRequest(f.ctx, ws, ids["a"], request("a", "b")))
	must(t, f.svc.SendRequest(f.ctx, ws, ids["b"], "a", "", ""))
	if _, _, err := f.svc.AnswerRequest(f.ctx, ws, ids["a"], request("b", "a"), true, false); err != nil {
		t.Fatal(err)
	}
	if res, body := alice.do("POST", "/events/"+f.eid+"/schedule", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, body)
	}
	ms, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	if len(ms) != 1 {
		t.Fatalf("%d meetings scheduled", len(ms))
	}
	slot := "2030-03-12 11:30"
	if paris, _ := time.LoadLocation("Europe/Paris"); ms[0].Meeting.Start.In(paris).Format("15:04") == "11:30" {
		slot = "2030-03-12 11:00"
	}
	res, body := alice.do("POST", "/events/"+f.eid+"/book", formType, url.Values{"from": {"a"}, "to": {"b"}, "slot": {slot}}.Encode(), false)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "have a meeting already") {
		t.Errorf("booking Ana and Ben, who meet already: %d", res.StatusCode)
	}
	if ms, _ := f.svc.EventMeetings(f.ctx, f.r.Event.ID); len(ms) != 1 {
		t.Errorf("Ana and Ben have %d meetings", len(ms))
	}
}
