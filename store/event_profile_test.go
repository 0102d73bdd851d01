package store_test

import (
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// TestEventProfiles: profiles come with the import (checked against the workspace's
// themes, the path named, nothing saved on a bad one), a file without them keeps what
// the participants wrote, and a participant's own edit is checked the same way.
func TestEventProfiles(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		withProfile := strings.Replace(smallEvent, `"name": "Jean Dupont",`, `"name": "Jean Dupont", "profile": {"summary": "Vaccines",
			"themes": ["health.infectious"], "offers": [{"type": "technology_offer", "title": "mRNA platform",
			"themes": ["health.infectious.vaccines"]}, {"ref": "inv", "request": true, "type": "investment", "title": "Series A"}]},`, 1)
		res, err := svc.ImportEvent(f.system, readEvent(t, withProfile))
		must(t, err)
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		jean := ps[1]
		if jean.Profile == nil || len(jean.Profile.Offers) != 2 || jean.Profile.Offers[0].Ref != "o1" || !jean.Profile.Offers[1].Request {
			t.Fatalf("imported profile: %+v", jean.Profile)
		}
		if res, err = svc.ImportEvent(f.system, readEvent(t, withProfile)); err != nil || res.Changed() {
			t.Errorf("same file again: %v %+v", err, res)
		}
		// A file without the profile keeps it.
		if res, err = svc.ImportEvent(f.system, readEvent(t, smallEvent)); err != nil || res.Changed() {
			t.Errorf("file without profiles: %v %+v", err, res)
		}
		for _, tc := range []struct{ bad, path string }{
			{`"type": "technology_offer"`, ""},
			{`"type": "barter"`, "participants[1].profile.offers[0].type"},
			{`"themes": ["health.infectious"]`, ""},
			{`"themes": ["health.nope"]`, "participants[1].profile.themes[0]"},
		} {
			if tc.path == "" {
				continue
			}
			src := strings.Replace(withProfile, `"type": "technology_offer"`, tc.bad, 1)
			if strings.HasPrefix(tc.bad, `"themes"`) {
				src = strings.Replace(withProfile, `"themes": ["health.infectious"]`, tc.bad, 1)
			}
			src = strings.Replace(src, `"Vaccines"`, `"Changed"`, 1)
			_, err := svc.ImportEvent(f.system, readEvent(t, src))
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("%s: %v", tc.bad, err)
			}
		}
		ps, _ = svc.EventParticipants(f.system, res.Event.ID)
		if ps[1].Profile == nil || ps[1].Profile.Summary != "Vaccines" {
			t.Errorf("a refused import changed the profile: %+v", ps[1].Profile)
		}
		ws := res.Event.WorkspaceID
		for _, tc := range []struct {
			name string
			prof passerelle.EventProfile
			path string
		}{
			{"unknown theme", passerelle.EventProfile{Themes: []string{"zzz"}}, "themes[0]"},
			{"no type", passerelle.EventProfile{Offers: []passerelle.EventOffer{{Title: "x"}}}, "offers[0].type"},
			{"too many", passerelle.EventProfile{Offers: make([]passerelle.EventOffer, passerelle.MaxEventOffers+1)}, "offers"},
		} {
			err := svc.SaveProfile(f.system, ws, ps[0].ID, &tc.prof)
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		// Requests: to oneself, about an offer the recipient lacks, beyond the maximum
		// (p1 has the event's 3 accepted meetings): refused, nothing saved.
		for _, tc := range []struct{ from, to, offer, want string }{
			{"p2", "p2", "", "themselves"}, {"p3", "p2", "o9", "no offer or request o9"}, {"p1", "p2", "", "maximum of 3"},
		} {
			byRef := map[string]int64{}
			for _, p := range ps {
				byRef[p.Ref] = p.ID
			}
			err := svc.SendRequest(f.system, ws, byRef[tc.from], tc.to, "", tc.offer)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("request %s->%s about %q: %v", tc.from, tc.to, tc.offer, err)
			}
		}
		rqs, _, err := svc.EventRequests(f.system, res.Event.ID)
		must(t, err)
		if len(rqs) != 4 {
			t.Errorf("refused requests were saved: %d", len(rqs))
		}
		good := &passerelle.EventProfile{Summary: "Adjuvants", Offers: []passerelle.EventOffer{{Type: passerelle.OfferTechRequest, Title: "Adjuvant",
			Themes: []string{"health.infectious"}}}}
		must(t, svc.SaveProfile(f.system, ws, ps[0].ID, good))
		ps, _ = svc.EventParticipants(f.system, res.Event.ID)
		if ps[0].Profile == nil || ps[0].Profile.Summary != "Adjuvants" || !ps[0].Profile.Offers[0].Request {
			t.Errorf("saved profile: %+v", ps[0].Profile)
		}
	})
}

// TestEventMoveUnavailable: a meeting moved by hand to a time when one side is away is
// refused; another workspace does not find the event.
func TestEventMoveUnavailable(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		_, err = events.Schedule(f.system, svc, "bio-test", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		ms, err := svc.EventMeetings(f.system, res.Event.ID)
		must(t, err)
		var m *store.EventMeeting
		for _, x := range ms {
			if x.From == "p1" || x.To == "p1" {
				m = x
			}
		}
		at, _ := res.Event.LocalTime("2027-10-15", "10:00")
		_, err = svc.MoveEventMeeting(f.system, res.Event.ID, m.Meeting.ID, at, "1", false, false)
		if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), "unavailable") {
			t.Errorf("move to p1's unavailable time: %v", err)
		}
		if _, err := svc.MoveEventMeeting(f.otherSystem, res.Event.ID, m.Meeting.ID, at, "1", true, false); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace moves: %v", err)
		}
	})
}
