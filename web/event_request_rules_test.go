package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"passerelle"
	"passerelle/store"
)

const rulesEvent = `{"slug": "rules-ev", "name": "Rules partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 1,
 "days": [{"date": "2030-03-12", "start": "09:00", "end": "10:00"}],
 "participants": [{"ref": "a", "name": "Ana Ruiz", "email": "ana@example.org"}, {"ref": "b", "name": "Ben Okafor", "email": "ben@example.org"},
  {"ref": "d", "name": "Dora Martin", "email": "dora@example.org"}],
 "requests": [{"from": "a", "to": "b", "status": "accepted"}]}`

// TestParticipantRequestRules: the slot and the table of a meeting a participant
// cancelled are free again (another participant asks for it as a free common slot and
// its acceptance books it there), and neither side of the cancelled meeting may ask the
// other again. A request its sender withdrew stops the sender from asking again (each
// request mails the recipient) but not the recipient, who never asked.
func TestParticipantRequestRules(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantRequestRules(t, db) })
	}
}

func testParticipantRequestRules(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, rulesEvent)
	alice := f.member(t, "alice")
	for _, step := range []string{"schedule", "publish"} {
		if res, body := alice.do("POST", "/events/"+f.eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, res.StatusCode, body)
		}
	}
	ms, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	if len(ms) != 1 {
		t.Fatalf("meetings: %d", len(ms))
	}
	at := ms[0].Meeting.Start
	ana, ben, dora := f.participant(t, "ana@example.org", false), f.participant(t, "ben@example.org", false), f.participant(t, "dora@example.org", false)
	if res, body := ana.do("POST", f.base+"/meetings/"+id(ms[0].Meeting.ID)+"/cancel", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d %s", res.StatusCode, body)
	}
	send := func(c *client, form url.Values) (int, string) {
		t.Helper()
		res, body := c.do("POST", f.base+"/requests", formType, form.Encode(), false)
		return res.StatusCode, html.UnescapeString(body)
	}
	for who, c := range map[string]*client{"Ana": ana, "Ben": ben} {
		to := map[string]string{"Ana": "b", "Ben": "a"}[who]
		if code, _ := send(c, url.Values{"to": {to}}); code == http.StatusSeeOther {
			t.Errorf("%s asked again after the meeting was cancelled", who)
		}
	}
	// Dora sees the cancelled meeting's time free with Ana (one table: its table too).
	_, common := dora.get(f.base + "/common?with=a")
	want := at.In(f.r.Event.Zone()).Format("2006-01-02 15:04")
	var slot string
	for _, m := range regexp.MustCompile(`name="slot" value="([^"]*)"`).FindAllStringSubmatch(html.UnescapeString(common), -1) {
		if m[1] == want {
			slot = m[1]
		}
	}
	if slot == "" {
		t.Fatalf("the cancelled meeting's time %s is not free for Dora and Ana:\n%s", want, common)
	}
	if code, body := send(dora, url.Values{"to": {"a"}, "slot": {slot}}); code != http.StatusSeeOther {
		t.Fatalf("Dora's request at %s: %d %s", slot, code, body)
	}
	reqs := func() map[string]*passerelle.EventRequest {
		rqs, _, err := f.svc.EventRequests(f.ctx, f.r.Event.ID)
		must(t, err)
		out := map[string]*passerelle.EventRequest{}
		for _, rq := range rqs {
			out[rq.From+">"+rq.To] = rq
		}
		return out
	}
	if res, body := ana.do("POST", f.base+"/requests/"+id(reqs()["d>a"].ID)+"/answer", formType, "answer=accept", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.StatusCode, body)
	}
	ms, err = f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	booked := false
	for _, m := range ms {
		booked = booked || m.From == "d" && m.Meeting.Status != passerelle.MeetingCancelled && m.Meeting.Start.Equal(at)
	}
	if !booked {
		t.Errorf("Dora and Ana's meeting was not booked at %s", want)
	}

	// Dora asks Ben, then withdraws: she may not ask again; Ben may ask her.
	if code, body := send(dora, url.Values{"to": {"b"}}); code != http.StatusSeeOther {
		t.Fatalf("Dora asks Ben: %d %s", code, body)
	}
	if res, body := dora.do("POST", f.base+"/requests/"+id(reqs()["d>b"].ID)+"/withdraw", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", res.StatusCode, body)
	}
	if code, _ := send(dora, url.Values{"to": {"b"}}); code == http.StatusSeeOther {
		t.Error("Dora asked Ben again after withdrawing")
	}
	if code, body := send(ben, url.Values{"to": {"d"}}); code != http.StatusSeeOther {
		t.Errorf("Ben, whom Dora's withdrawn request asked, may not ask her: %d %s", code, regexp.MustCompile(`(?s)<p class="error"[^>]*>(.*?)</p>`).FindString(body))
	}
	if code, _ := send(ben, url.Values{"to": {"d"}}); code == http.StatusSeeOther {
		t.Error("Ben asked Dora twice")
	}
	if st := reqs()["b>d"]; st == nil || st.Status != passerelle.RequestPending {
		t.Errorf("Ben's request to Dora: %+v", st)
	}
}
