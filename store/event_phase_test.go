package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestEventPhasesGate: the requests phase an organiser dates opens and closes the
// sending of meeting requests, and the registration phase the public registration, by
// whole days in the event's zone (the clock is 01:00 in Tokyo on 2027-09-15 while it
// is still the 14th in UTC). A refused request or registration saves nothing; an event
// that dates neither is open as before; a request waiting when the phase closed may
// still be accepted.
func TestEventPhasesGate(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2027, 9, 14, 16, 0, 0, 0, time.UTC) }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		for i, tc := range []struct {
			phases string // the event's phases, JSON
			want   string // the refusal, "" when sent
		}{
			{``, ""},
			{`{"phase": "requests", "start": "2027-09-15", "end": "2027-09-30"}`, ""},
			{`{"phase": "requests", "start": "2027-09-01", "end": "2027-09-15"}`, ""},
			{`{"phase": "requests", "start": "2027-09-16", "end": "2027-09-30"}`, "meeting requests open on 2027-09-16"},
			{`{"phase": "requests", "start": "2027-09-01", "end": "2027-09-14"}`, "meeting requests closed on 2027-09-14"},
			{`{"phase": "registration", "start": "2027-09-20", "end": "2027-09-30"}`, ""},
			{`{"phase": "scheduling", "start": "2027-10-01", "end": "2027-10-10"}`, ""},
		} {
			ev := strings.Replace(smallEvent, `"slug": "bio-test"`, `"slug": "phase-`+string(rune('a'+i))+`"`, 1)
			if tc.phases != "" {
				ev = strings.Replace(ev, `"days":`, `"phases": [`+tc.phases+`], "days":`, 1)
			}
			res, err := svc.ImportEvent(f.system, readEvent(t, ev))
			must(t, err)
			ids := participantIDs(f.system, t, svc, res.Event.ID)
			before := requestCount(f.system, t, svc, res.Event.ID)
			err = svc.SendRequest(context.Background(), f.ws.ID, ids["p3"], "p2", "", "")
			if tc.want == "" && err != nil || tc.want != "" && (passerelle.ErrorCode(err) != passerelle.ECONFLICT || err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("phases %s: %v, want %q", tc.phases, err, tc.want)
			}
			if n := requestCount(f.system, t, svc, res.Event.ID); tc.want != "" && n != before || tc.want == "" && n != before+1 {
				t.Errorf("phases %s: %d requests, were %d", tc.phases, n, before)
			}
		}

		// A request waiting when its phase closed is still answered.
		ev := strings.Replace(smallEvent, `"slug": "bio-test"`, `"slug": "phase-closed"`, 1)
		ev = strings.Replace(ev, `"days":`, `"phases": [{"phase": "requests", "start": "2027-09-01", "end": "2027-09-14"}], "days":`, 1)
		ev = strings.Replace(ev, `{"from": "p2", "to": "p4", "status": "declined"}`, `{"from": "p2", "to": "p4", "status": "pending"}`, 1)
		res, err := svc.ImportEvent(f.system, readEvent(t, ev))
		must(t, err)
		ids := participantIDs(f.system, t, svc, res.Event.ID)
		rqs, _, err := svc.EventRequests(f.system, res.Event.ID)
		must(t, err)
		for _, r := range rqs {
			if r.From == "p2" && r.To == "p4" {
				if _, _, err := svc.AnswerRequest(context.Background(), f.ws.ID, ids["p4"], r.ID, true, false); err != nil {
					t.Errorf("accepting a request waiting when the phase closed: %v", err)
				}
			}
		}

		// Registration: open by the organiser's switch, still refused outside its dates.
		for i, tc := range []struct {
			phase, want string
		}{
			{`{"phase": "registration", "start": "2027-09-16", "end": "2027-09-30"}`, "registration opens on 2027-09-16"},
			{`{"phase": "registration", "start": "2027-08-01", "end": "2027-09-14"}`, "registration closed on 2027-09-14"},
			{`{"phase": "registration", "start": "2027-09-15", "end": "2027-09-15"}`, ""},
		} {
			ev := strings.Replace(smallEvent, `"slug": "bio-test"`, `"slug": "reg-`+string(rune('a'+i))+`"`, 1)
			ev = strings.Replace(ev, `"days":`, `"phases": [`+tc.phase+`], "days":`, 1)
			res, err := svc.ImportEvent(f.system, readEvent(t, ev))
			must(t, err)
			must(t, svc.SetRegistrationOpen(f.system, res.Event.ID, true))
			e, open, err := svc.PublicEvent(context.Background(), f.ws.Slug, res.Event.Slug)
			must(t, err)
			if !open {
				t.Fatal("registration not open")
			}
			before, err := svc.EventParticipants(f.system, res.Event.ID)
			must(t, err)
			p := &passerelle.EventParticipant{Name: "Mina Kato", Email: "mina@example.jp", Organization: passerelle.EventOrg{Name: "Kato Labs", Country: "JP"}}
			_, err = svc.Register(context.Background(), e, p, "en", "192.0.2.1")
			if tc.want == "" && err != nil || tc.want != "" && (passerelle.ErrorCode(err) != passerelle.ECONFLICT || err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("registration %s: %v, want %q", tc.phase, err, tc.want)
			}
			after, err := svc.EventParticipants(f.system, res.Event.ID)
			must(t, err)
			if tc.want != "" && len(after) != len(before) {
				t.Errorf("registration %s refused, yet %d participants, were %d", tc.phase, len(after), len(before))
			}
		}
	})
}

func participantIDs(ctx context.Context, t *testing.T, svc *store.EventService, eventID int64) map[string]int64 {
	t.Helper()
	ps, err := svc.EventParticipants(ctx, eventID)
	must(t, err)
	ids := map[string]int64{}
	for _, p := range ps {
		ids[p.Ref] = p.ID
	}
	return ids
}

func requestCount(ctx context.Context, t *testing.T, svc *store.EventService, eventID int64) int {
	t.Helper()
	rqs, _, err := svc.EventRequests(ctx, eventID)
	must(t, err)
	return len(rqs)
}
