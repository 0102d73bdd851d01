package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/demo"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestDemoMatchesSeed000 checks the corrections found against seed 000: the network's
// coordinator works for the consortium (no member, so no institute's private records);
// affiliations carry no dates the seeds do not give; made-up people read "Mette Larsen
// (fictional)"; the mission's record holds its context.
func TestDemoMatchesSeed000(t *testing.T) {
	db := storetest.SQLite(t)
	d, _, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	users := store.NewUserService(db)
	ms, err := users.FindMemberships(d.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserEmail == "coordinator@demo.passerelle.test" && (m.MemberID != 0 || m.Role != passerelle.RoleCoordinator) {
			t.Errorf("coordinator: member %d, role %s; want the consortium's coordinator, of no institute", m.MemberID, m.Role)
		}
	}
	people := store.NewPersonService(db)
	for key, p := range d.People {
		got, err := people.FindPersonByID(d.System, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got.FirstName, "Fictional") || got.Fictional && !strings.HasSuffix(got.Name(), " (fictional)") {
			t.Errorf("%s reads %q", key, got.Name())
		}
		for _, a := range got.Affiliations {
			if a.StartDate != "" || a.EndDate != "" {
				t.Errorf("%s at %s: dates %q–%q that no seed gives", got.Name(), a.OrganizationName, a.StartDate, a.EndDate)
			}
		}
	}
	m, err := store.NewMissionService(db).FindMission(d.System, "copenhagen-2014")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Context, "September 2014") || !strings.Contains(m.Context, "Nordic Life Sciences Days") || len(m.Members) != 5 {
		t.Errorf("mission context %q, %d members", m.Context, len(m.Members))
	}
	if m.Status != passerelle.MissionDone {
		t.Errorf("copenhagen-2014 is %q, want done", m.Status)
	}
	// Seed 003's visits led to the cluster agreements: each mission serves its own.
	for slug, title := range map[string]string{"rtp-2020": "Research Triangle Park", "kawasaki-delegation-2020": "Kawasaki"} {
		m, err := store.NewMissionService(db).FindMission(d.System, slug)
		if err != nil || m.Status != passerelle.MissionDone || !strings.Contains(m.AgreementTitle, title) {
			t.Errorf("%s: %v, status %q, agreement %q", slug, err, m.Status, m.AgreementTitle)
		}
	}
	// Every demo event's participant has a profile, marked invented, and the profiles
	// give the recommendations something to say.
	evs := store.NewEventService(db)
	for _, slug := range []string{"bio-japan-2008", "biotech-showcase-2020", "bio-usa-2020-virtual", "bio-japan-next"} {
		e, err := evs.FindEventBySlug(d.System, slug)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := evs.EventParticipants(d.System, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		profiles := map[string]*passerelle.EventProfile{}
		for _, p := range ps {
			if p.Profile == nil || !strings.HasPrefix(p.Profile.Summary, "Fictional profile: ") || len(p.Profile.Offers) == 0 {
				t.Errorf("%s: %s has the profile %+v", slug, p.Ref, p.Profile)
			}
			profiles[p.Ref] = p.Profile
		}
		if len(ps) == 0 || len(passerelle.Recommend(ps[0].Ref, profiles, nil, 10)) == 0 {
			t.Errorf("%s: no recommendation for %s", slug, ps[0].Ref)
		}
	}
	// The event to come takes registrations and requests today, and is not scheduled.
	next, err := evs.FindEventBySlug(d.System, "bio-japan-next")
	if err != nil {
		t.Fatal(err)
	}
	_, open, err := evs.PublicEvent(d.System, demo.Slug, "bio-japan-next")
	if err != nil || !open || next.Status != passerelle.EventDraft || next.PhaseClosed("requests", time.Now()) != nil ||
		next.PhaseClosed("registration", time.Now()) != nil || !next.Ends().After(time.Now()) {
		t.Errorf("the event to come: status %s, registration open %v (%v), requests %v", next.Status, open, err, next.PhaseClosed("requests", time.Now()))
	}
	// It is full, with two registrations waiting, for the organiser's page to show.
	if c, err := evs.Capacity(d.System, next); err != nil || !c.Full() || c.Waiting != 2 || next.NotifyEmail == "" {
		t.Errorf("the event to come's places: %+v %v, address %q", c, err, next.NotifyEmail)
	}
	// The participants the sign-in message lists sign in with the demo's password.
	accounts := demo.ParticipantAccounts()
	if len(accounts) != 4 {
		t.Errorf("%d participant accounts", len(accounts))
	}
	for _, acc := range accounts {
		e, err := evs.FindEventBySlug(d.System, acc.Event)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := evs.AuthenticateParticipant(d.System, e, acc.Email, demo.Password, "127.0.0.1"); err != nil || p.Email != acc.Email {
			t.Errorf("%s at %s: %+v %v", acc.Email, acc.Event, p, err)
		}
	}
}
