package missions_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/missions"
	"passerelle/schedule"
)

func copenhagen() *passerelle.Mission {
	return &passerelle.Mission{ID: 1, Slug: "cph", StartDate: "2014-09-08", EndDate: "2014-09-08", TimeZone: "Europe/Copenhagen",
		DayStart: "09:00", DayEnd: "17:00", MeetingMinutes: 60, LeadPersonID: 7,
		Venues: []passerelle.MissionVenue{{Name: "Hotel", Address: "Nyhavn 1"}, {Name: "Medicon Village", Address: "Lund"}},
		Travel: []passerelle.MissionTravel{{From: "Hotel", To: "Medicon Village", Minutes: 50}},
		Targets: []passerelle.MissionTarget{
			{OrganizationID: 10, Group: "10", Venue: "Hotel"},
			{OrganizationID: 11, Group: "11", Venue: "Medicon Village"},
			{OrganizationID: 12, Group: "12", Venue: "Hotel"},
			{OrganizationID: 13, Group: "13", Availability: "2014-09-08 14:00-17:00"},
		}}
}

// TestUnavailable: a target's windows become the rest of each mission day; a day it
// gives no window for is unavailable whole; no availability is none.
func TestUnavailable(t *testing.T) {
	m := copenhagen()
	m.EndDate = "2014-09-09"
	loc, _ := time.LoadLocation(m.TimeZone)
	got, err := missions.Unavailable(m, m.Targets[3], loc)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) time.Time { return time.Date(2014, 9, d, h, 0, 0, 0, loc) }
	want := [][2]time.Time{{at(8, 0), at(8, 14)}, {at(8, 17), at(9, 0)}, {at(9, 0), at(10, 0)}}
	if len(got) != len(want) {
		t.Fatalf("unavailable %v, want %v", got, want)
	}
	for i, w := range want {
		if !got[i].From.Equal(w[0]) || !got[i].To.Equal(w[1]) {
			t.Errorf("interval %d: %v–%v, want %v–%v", i, got[i].From, got[i].To, w[0], w[1])
		}
	}
	if un, err := missions.Unavailable(m, m.Targets[0], loc); err != nil || un != nil {
		t.Errorf("no availability: %v %v", un, err)
	}
	if _, err := missions.Unavailable(m, passerelle.MissionTarget{Availability: "monday"}, loc); passerelle.ErrorCode(err) != passerelle.EINVALID {
		t.Errorf("a bad availability: %v", err)
	}
}

// TestRequestVenuesAndTravel: the programme's request has the mission's venues, the
// travel time in slots, each group at its target's venue and each target's availability;
// the engine's schedule keeps the travel time between the lead's meetings at two venues
// and meets the target only when it is available.
func TestRequestVenuesAndTravel(t *testing.T) {
	m := copenhagen()
	r, err := missions.Request(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	in, index := r.Instance(nil)
	if len(in.Venues) != 2 || in.Travel[0][1] != 1 || in.Travel[1][0] != 1 || len(in.Tables) != 2 {
		t.Fatalf("instance venues %v, travel %v, tables %v", in.Venues, in.Travel, in.Tables)
	}
	if len(in.Meetings) != 4 || len(in.Meetings[0].Venues) != 1 || in.Meetings[1].Venues[0] != 1 || in.Meetings[3].Venues != nil {
		t.Fatalf("meetings %+v", in.Meetings)
	}
	res, err := schedule.Solve(context.Background(), in, schedule.Options{TimeLimit: 2 * time.Second, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep := schedule.Check(in, res.Solution); !rep.Valid() {
		t.Fatalf("violations: %v", rep.Violations)
	}
	if res.Placed != 4 {
		t.Fatalf("%d of 4 placed: %+v", res.Placed, res.Unplaced)
	}
	for e, i := range index {
		if r.Meetings[i].Key != "g:13" {
			continue
		}
		from, _ := r.Clock.Span(res.Solution.Slot[e])
		if h := from.In(r.Clock.Location()).Hour(); h < 14 {
			t.Errorf("the target available from 14:00 is met at %v", from)
		}
	}
	if v := r.VenueOfTable("Medicon Village"); v == nil || v.Address != "Lund" {
		t.Errorf("venue of the table: %+v", v)
	}
	// A travel time between venues the mission lacks is refused, naming it.
	m.Travel = append(m.Travel, passerelle.MissionTravel{From: "Hotel", To: "Airport", Minutes: 30})
	r, _ = missions.Request(m)
	if err := r.Validate(); passerelle.ErrorFields(err)["travel[1].to"] == "" {
		t.Errorf("unknown venue in travel: %v", err)
	}
}
