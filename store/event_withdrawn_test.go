package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestParticipantViewStands: whether a request on a participant's page keeps them from
// asking its other side agrees with what SendRequest then does. A request received that
// its sender withdrew before any meeting came of it does not (the page used to show
// "Request: cancelled" instead of the button, though the store accepts the request); a
// request sent and withdrawn does, and so does one received whose meeting was booked
// and then cancelled.
func TestParticipantViewStands(t *testing.T) {
	const ev = `{"slug": "stands", "name": "Stands partnering", "time_zone": "Asia/Tokyo", "meeting_minutes": 30, "tables": 2,
	 "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:00"}],
	 "participants": [{"ref": "p1", "name": "P1"}, {"ref": "p2", "name": "P2"}, {"ref": "p3", "name": "P3"}, {"ref": "p4", "name": "P4"}],
	 "requests": []}`
	eachDB(t, func(t *testing.T, db *store.DB) {
		f, svc, res, ids := importRace(t, db, ev)
		bg := context.Background()
		ws, eventID := f.ws.ID, res.Event.ID
		send := func(from, to string) error { return svc.SendRequest(bg, ws, ids[from], to, "", "") }
		withdraw := func(from, to string) {
			t.Helper()
			rs, _, err := svc.EventRequests(f.system, eventID)
			must(t, err)
			for _, r := range rs {
				if r.From == from && r.To == to {
					must(t, svc.WithdrawRequest(bg, ws, ids[from], r.ID))
					return
				}
			}
			t.Fatalf("no request %s>%s", from, to)
		}
		// p3 met p1 at the desk, then left (their meeting cancelled) and came back.
		tokyo, _ := time.LoadLocation("Asia/Tokyo")
		_, err := svc.BookMeeting(f.system, eventID, "p3", "p1", time.Date(2027, 10, 15, 10, 30, 0, 0, tokyo), false)
		must(t, err)
		_, err = svc.LeaveEvent(bg, ws, ids["p3"], false)
		must(t, err)
		_, err = svc.RejoinEvent(bg, ws, ids["p3"], false)
		must(t, err)
		must(t, send("p1", "p2"))
		must(t, send("p4", "p2"))
		withdraw("p4", "p2")
		must(t, send("p2", "p3"))
		withdraw("p2", "p3")

		for _, tc := range []struct {
			name          string
			viewer, other string
			want          bool
		}{
			{"received, pending", "p2", "p1", true},
			{"received, withdrawn by its sender", "p2", "p4", false},
			{"sent, withdrawn", "p2", "p3", true},
			{"received, its meeting cancelled", "p1", "p3", true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v, err := svc.ParticipantHome(bg, ws, ids[tc.viewer], eventID, 0)
				must(t, err)
				var found *passerelle.EventRequest
				for _, r := range append(v.Sent, v.Received...) {
					if r.From == tc.other || r.To == tc.other {
						found = r
					}
				}
				if found == nil {
					t.Fatalf("%s sees no request with %s", tc.viewer, tc.other)
				}
				if got := v.Stands(found); got != tc.want {
					t.Errorf("%s's request with %s (%s) stands: %v, want %v", tc.viewer, tc.other, found.Status, got, tc.want)
				}
				err = send(tc.viewer, tc.other)
				if refused := err != nil; refused != tc.want {
					t.Errorf("%s asks %s: %v, want refused %v", tc.viewer, tc.other, err, tc.want)
				}
			})
		}
	})
}
