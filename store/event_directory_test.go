package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestEventDirectory: a participant's page keeps the event's other participants between
// views, and still shows at once what changed, whichever process wrote it: a profile
// saved (the recommendations follow), a name changed and a participant removed by an
// import, a registration.
func TestEventDirectory(t *testing.T) {
	twice := map[string][2]*store.DB{}
	dir := t.TempDir()
	var sq [2]*store.DB
	for i := range sq {
		db, err := store.Open(context.Background(), "", dir)
		must(t, err)
		t.Cleanup(func() { db.Close() })
		sq[i] = db
	}
	twice["sqlite"] = sq
	if u := os.Getenv(storetest.EnvPostgres); u != "" {
		a, b := storetest.PostgresTwice(t, u)
		twice["postgres"] = [2]*store.DB{a, b}
	}
	for name, dbs := range twice {
		t.Run(name, func(t *testing.T) { testEventDirectory(t, dbs[0], dbs[1]) })
	}
}

func testEventDirectory(t *testing.T, db, other *store.DB) {
	f := newMeetingFixture(t, db)
	svc, osvc := store.NewEventService(db), store.NewEventService(other)
	withProfile := strings.Replace(smallEvent, `"name": "Aiko Tanaka",`, `"name": "Aiko Tanaka", "profile": {"themes": ["health.infectious"],
		"offers": [{"type": "technology_offer", "title": "mRNA platform", "themes": ["health.infectious.vaccines"]}]},`, 1)
	res, err := svc.ImportEvent(f.system, readEvent(t, withProfile))
	must(t, err)
	ps, err := svc.EventParticipants(f.system, res.Event.ID)
	must(t, err)
	ws, ev, aiko, ken := f.ws.ID, res.Event.ID, ps[0], ps[2]
	view := func() *store.ParticipantView {
		t.Helper()
		v, err := svc.ParticipantHome(context.Background(), ws, aiko.ID, ev, 0)
		must(t, err)
		return v
	}
	others := func(v *store.ParticipantView) string {
		var s []string
		for _, o := range v.Others {
			s = append(s, o.Ref+" "+o.Name)
		}
		return strings.Join(s, ", ")
	}
	v := view()
	if got := others(v); got != "p2 Jean Dupont, p3 Ken Sato, p4 Alice" || len(v.Recommend(nil, 10)) != 0 || v.Names["p3"] != "Ken Sato" || v.Names["p1"] != "Aiko Tanaka" {
		t.Fatalf("first view: %s, %+v, %v", got, v.Recommend(nil, 10), v.Names)
	}
	if v.Other("p1") != nil || v.Other("p3") == nil || v.Other("p3").Email != "" || v.Other("p3").ID != 0 {
		t.Errorf("Other: %+v", v.Other("p3"))
	}
	if v2 := view(); v2.Others[0] != v.Others[0] {
		t.Errorf("the directory was read again without a change")
	}
	// Ken requests what Aiko offers, through the other process.
	must(t, osvc.SaveProfile(context.Background(), ws, ken.ID, &passerelle.EventProfile{Offers: []passerelle.EventOffer{
		{Type: passerelle.OfferTechRequest, Title: "Vaccine platform", Themes: []string{"health.infectious"}}}}))
	v = view()
	if rc := v.Recommend(nil, 10); len(rc) != 1 || rc[0].Ref != "p3" || len(rc[0].Mine) != 1 || v.Other("p3").Profile == nil {
		t.Errorf("after Ken's profile: %+v", rc)
	}
	if rc := v.Recommend(map[string]bool{"p3": true}, 10); len(rc) != 0 {
		t.Errorf("requested ones are left out: %+v", rc)
	}
	// An import through the other process renames Jean and drops Alice (and her requests).
	renamed := strings.Replace(withProfile, `"Jean Dupont"`, `"Jean Dupond"`, 1)
	renamed = strings.Replace(renamed, `,
  {"ref": "p4", "name": "Alice", "email": "alice@example.org"}]`, `]`, 1)
	renamed = strings.Replace(renamed, `, {"from": "p4", "to": "p1", "status": "accepted"}`, ``, 1)
	renamed = strings.Replace(renamed, `,
  {"from": "p2", "to": "p4", "status": "declined"}`, ``, 1)
	if _, err := osvc.ImportEvent(f.system, readEvent(t, renamed)); err != nil {
		t.Fatal(err)
	}
	if got := others(view()); got != "p2 Jean Dupond, p3 Ken Sato" {
		t.Errorf("after the import: %s", got)
	}
	// A new participant.
	added := strings.Replace(renamed, `"participants": [`, `"participants": [{"ref": "p9", "name": "Zoé"},`, 1)
	if _, err := osvc.ImportEvent(f.system, readEvent(t, added)); err != nil {
		t.Fatal(err)
	}
	if got := others(view()); got != "p2 Jean Dupond, p3 Ken Sato, p9 Zoé" {
		t.Errorf("after a new participant: %s", got)
	}
	// A registration through the other process counts once its email is confirmed by
	// the link: until then (a typo, anyone's email typed) the others neither see nor
	// request it.
	must(t, osvc.SetRegistrationOpen(f.system, ev, true))
	e, err := osvc.FindEventBySlug(f.system, "bio-test")
	must(t, err)
	token, err := osvc.Register(context.Background(), e, &passerelle.EventParticipant{Name: "Rémi", Email: "remi@example.org",
		Organization: passerelle.EventOrg{Name: "Rémi SAS", Country: "FR"}}, "fr", "192.0.2.1")
	must(t, err)
	var remi string
	all, err := svc.EventParticipants(f.system, ev)
	must(t, err)
	for _, p := range all {
		if p.Name == "Rémi" {
			remi = p.Ref
		}
	}
	if got := others(view()); got != "p2 Jean Dupond, p3 Ken Sato, p9 Zoé" {
		t.Errorf("an unconfirmed registration is shown: %s", got)
	}
	if err := svc.SendRequest(context.Background(), ws, aiko.ID, remi, "", ""); passerelle.ErrorCode(err) != passerelle.EINVALID {
		t.Errorf("a request to an unconfirmed registration: %v", err)
	}
	if _, _, err := osvc.Signin(context.Background(), token, false); err != nil {
		t.Fatal(err)
	}
	if got := others(view()); got != "p2 Jean Dupond, p3 Ken Sato, p9 Zoé, "+remi+" Rémi" {
		t.Errorf("after the confirmation: %s", got)
	}
}

// TestEventDirectoryConcurrent: views read the directory while profiles change (run
// with -race).
func TestEventDirectoryConcurrent(t *testing.T) {
	db := storetest.SQLite(t)
	f := newMeetingFixture(t, db)
	svc := store.NewEventService(db)
	res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
	must(t, err)
	ps, err := svc.EventParticipants(f.system, res.Event.ID)
	must(t, err)
	done := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := range 20 {
				p := ps[(g+i)%len(ps)]
				v, err := svc.ParticipantHome(context.Background(), f.ws.ID, p.ID, res.Event.ID, 0)
				if err != nil {
					done <- err
					return
				}
				_ = v.Recommend(nil, 10)
				if g == 0 {
					err = svc.SaveProfile(context.Background(), f.ws.ID, p.ID, &passerelle.EventProfile{Summary: "turn " + p.Ref,
						Themes: []string{"health"}})
					if err != nil {
						done <- err
						return
					}
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		must(t, <-done)
	}
}
