package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"passerelle"
)

// TestParticipantAcceptSaysSlotTaken: the page's word on an acceptance says what became
// of the time asked for. Accepting a request at a free common slot still free books
// it; one whose slot the desk gave to another meeting meanwhile is accepted without a
// meeting, and the page says the time is no longer free (it said "Answer recorded"
// beside the time asked for, which read as a meeting booked then); a request without a
// slot is recorded.
func TestParticipantAcceptSaysSlotTaken(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			world := newReqEvent(t, db, withRequests(""))
			for i, tc := range []struct {
				name         string
				slot, taken  bool
				want         string
				wantMeetings int
			}{
				{"no slot", false, false, "Answer recorded.", 0},
				{"slot free", true, false, "the meeting is booked at the time asked for", 1},
				{"slot taken", true, true, "the time asked for is no longer free", 1},
			} {
				// An event of its own in the one world (a world's workspace is made once).
				f := newReqEventIn(t, world, strings.Replace(withRequests(""), `"req-ev"`, `"req-ev-`+id(int64(i))+`"`, 1))
				t.Run(tc.name, func(t *testing.T) { testAcceptSaysSlotTaken(t, f, tc.slot, tc.taken, tc.want, tc.wantMeetings) })
			}
		})
	}
}

func testAcceptSaysSlotTaken(t *testing.T, f *reqEvent, slot, taken bool, want string, wantMeetings int) {
	ben := f.participant(t, "ben@example.org", true)
	ps, err := f.svc.EventParticipants(f.ctx, f.r.Event.ID)
	must(t, err)
	ids := map[string]int64{}
	for _, p := range ps {
		ids[p.Ref] = p.ID
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	at := time.Time{}
	if slot {
		at = time.Date(2030, 3, 12, 9, 30, 0, 0, paris)
	}
	_, err = f.svc.SendSlotRequest(f.ctx, f.w.ws.ID, ids["a"], "b", "", "", at, false)
	must(t, err)
	if taken {
		// The desk books Ben with Carl then, after Ana asked and before Ben answers.
		_, err := f.svc.BookMeeting(f.ctx, f.r.Event.ID, "b", "c", at, false)
		must(t, err)
	}
	rqs, _, err := f.svc.EventRequests(f.ctx, f.r.Event.ID)
	must(t, err)
	var rid int64
	for _, r := range rqs {
		if r.From == "a" && r.To == "b" {
			rid = r.ID
		}
	}
	if res, _ := ben.do("POST", f.base+"/requests/"+id(rid)+"/answer", formType, "answer=accept", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	_, body := ben.get(f.base)
	if !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("after the acceptance, the page does not say %q", want)
	}
	// The request keeps the time it asked for, said as asked: "at 09:30" read as the
	// meeting's time when the desk had taken it.
	if slot && !strings.Contains(between(body, `id="received-slot-`+id(rid)+`"`, "</span>"), "time asked for: 2030-03-12 09:30") {
		t.Errorf("the request's time on the page: %q", between(body, `id="received-slot-`+id(rid)+`"`, "</span>"))
	}
	ms, err := f.svc.EventMeetings(f.ctx, f.r.Event.ID)
	must(t, err)
	if len(ms) != wantMeetings {
		t.Errorf("%d meetings, want %d", len(ms), wantMeetings)
	}
	rqs, _, err = f.svc.EventRequests(f.ctx, f.r.Event.ID)
	must(t, err)
	for _, r := range rqs {
		if r.ID == rid && r.Status != passerelle.RequestAccepted {
			t.Errorf("the request is %s", r.Status)
		}
	}
}
