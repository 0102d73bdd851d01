package missions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/missions"
	"passerelle/store"
	"passerelle/store/storetest"
)

// moveWorld is a workspace with a one-day mission: a lead, targets at two venues 50
// minutes apart (one slot), one available in the afternoon only.
type moveWorld struct {
	db      *store.DB
	sys     context.Context
	mission *passerelle.Mission
	orgs    map[string]*passerelle.Organization
	lead    *passerelle.Person
	loc     *time.Location
}

func newMoveWorld(t *testing.T, db *store.DB) *moveWorld {
	t.Helper()
	ctx := context.Background()
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "net", Name: "Network"}
	must(t, store.NewWorkspaceService(db).CreateWorkspace(root, ws))
	w := &moveWorld{db: db, sys: passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID)), orgs: map[string]*passerelle.Organization{}}
	w.loc, _ = time.LoadLocation("Europe/Copenhagen")
	w.lead = &passerelle.Person{FirstName: "Lea", LastName: "Lead"}
	must(t, store.NewPersonService(db).CreatePerson(w.sys, w.lead))
	w.mission = &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-08", TimeZone: "Europe/Copenhagen",
		DayStart: "09:00", DayEnd: "17:00", MeetingMinutes: 60, LeadPersonID: w.lead.ID,
		Venues: []passerelle.MissionVenue{{Name: "Hotel", Address: "Nyhavn 1"}, {Name: "Medicon", Address: "Lund"}},
		Travel: []passerelle.MissionTravel{{From: "Hotel", To: "Medicon", Minutes: 50}}}
	for _, x := range []struct{ name, venue, avail string }{{"Alfa", "Hotel", ""}, {"Bravo", "Medicon", ""}, {"Charlie", "Hotel", ""},
		{"Delta", "Hotel", "2014-09-08 14:00-17:00"}} {
		o := &passerelle.Organization{Name: x.name + " A/S", Kind: passerelle.KindCompany}
		must(t, store.NewOrganizationService(db).CreateOrganization(w.sys, o))
		w.orgs[x.name] = o
		w.mission.Targets = append(w.mission.Targets, passerelle.MissionTarget{OrganizationID: o.ID, Venue: x.venue, Availability: x.avail})
	}
	must(t, store.NewMissionService(db).CreateMission(w.sys, w.mission))
	return w
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// meeting creates a meeting of the programme by hand: the lead meets org at venue.
func (w *moveWorld) meeting(t *testing.T, org string, venue string, hour int) *passerelle.Meeting {
	t.Helper()
	start := time.Date(2014, 9, 8, hour, 0, 0, 0, w.loc)
	m := &passerelle.Meeting{Title: org, Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen", Room: venue, Location: venue,
		Origin: passerelle.OriginMission, OriginID: w.mission.ID, PersonIDs: []int64{w.lead.ID}, OrganizationIDs: []int64{w.orgs[org].ID}}
	must(t, store.NewMeetingService(w.db).CreateMeeting(w.sys, m))
	return m
}

func (w *moveWorld) at(hour, minute int) time.Time {
	return time.Date(2014, 9, 8, hour, minute, 0, 0, w.loc)
}

// TestMoveRefusals: a hand move is refused, with the reason and nothing changed, outside
// the mission's days or the programme's times, outside a target's availability, when a
// participant has another meeting then, and when the travel time to the next venue is
// not left free; a good move is saved and pinned.
func TestMoveRefusals(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newMoveWorld(t, db)
			alfa := w.meeting(t, "Alfa", "Hotel", 9)
			w.meeting(t, "Bravo", "Medicon", 11)
			delta := w.meeting(t, "Delta", "Hotel", 15)
			for _, tc := range []struct {
				name    string
				meeting int64
				start   time.Time
				want    string
			}{
				{"another day", alfa.ID, time.Date(2014, 9, 9, 10, 0, 0, 0, w.loc), "2014-09-09 is not a day of the mission (2014-09-08 to 2014-09-08)"},
				{"lunch", alfa.ID, w.at(12, 0), "is not a meeting time of the programme"},
				{"not a slot", alfa.ID, w.at(9, 30), "is not a meeting time of the programme"},
				{"availability", delta.ID, w.at(10, 0), "Delta A/S is not available then"},
				{"busy", alfa.ID, w.at(11, 0), "Lea Lead has another meeting then: Bravo"},
				{"travel", alfa.ID, w.at(10, 0), "travel: Lea Lead needs 1 free meeting slot(s) from Hotel to Medicon"},
			} {
				_, err := missions.Move(w.sys, db, "cph", tc.meeting, tc.start, true)
				if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(passerelle.ErrorMsg(err).String(), tc.want) {
					t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
				}
			}
			ms, err := store.NewMissionService(db).MissionMeetings(w.sys, w.mission.ID)
			must(t, err)
			pins, err := store.NewMeetingService(db).PinnedMeetings(w.sys, []int64{alfa.ID, delta.ID})
			must(t, err)
			if !ms[0].Start.Equal(alfa.Start) || len(pins) != 0 {
				t.Fatalf("refused moves changed the programme: %v, pins %v", ms[0].Start, pins)
			}
			// 14:00 at the hotel: the lead comes from Medicon (11:00–12:00); the lunch break is
			// not travel time and no slot is free between them (as the scheduler counts).
			if _, err := missions.Move(w.sys, db, "cph", alfa.ID, w.at(14, 0), true); err == nil || !strings.Contains(passerelle.ErrorMsg(err).String(), "travel") {
				t.Errorf("after lunch from another venue: %v, want the travel refused", err)
			}
			mv, err := missions.Move(w.sys, db, "cph", alfa.ID, w.at(16, 0), true)
			must(t, err)
			if !mv.Moved || !mv.Meeting.Start.Equal(w.at(16, 0)) {
				t.Errorf("move to 16:00: %+v", mv)
			}
			pins, _ = store.NewMeetingService(db).PinnedMeetings(w.sys, []int64{alfa.ID})
			if !pins[alfa.ID] {
				t.Error("the moved meeting is not pinned")
			}
			// Unpinning where it is: not moved, unpinned.
			mv, err = missions.Move(w.sys, db, "cph", alfa.ID, w.at(16, 0), false)
			must(t, err)
			pins, _ = store.NewMeetingService(db).PinnedMeetings(w.sys, []int64{alfa.ID})
			if mv.Moved || pins[alfa.ID] {
				t.Errorf("unpin: moved %v, pinned %v", mv.Moved, pins[alfa.ID])
			}
		})
	}
}

// TestPinnedMeetingKeptOnReplan: a meeting moved and pinned by hand stays where it is
// when the programme is planned again, though a new target available only then cannot
// be placed; unpinned, the next plan may move it.
func TestPinnedMeetingKeptOnReplan(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newMoveWorld(t, db)
			res, err := missions.Plan(w.sys, db, "cph")
			must(t, err)
			if res.Placed != 4 {
				t.Fatalf("placed %d of 4: %+v", res.Placed, res.Unplaced)
			}
			svc := store.NewMissionService(db)
			ms, err := svc.MissionMeetings(w.sys, w.mission.ID)
			must(t, err)
			var alfa *passerelle.Meeting
			busy := map[int]bool{}
			for _, m := range ms {
				busy[m.Start.In(w.loc).Hour()] = true
				if m.OrganizationIDs[0] == w.orgs["Alfa"].ID {
					alfa = m
				}
			}
			// Pin Alfa at the first free time that the move accepts.
			var pinnedAt time.Time
			for _, h := range []int{9, 10, 11, 14, 15, 16} {
				if busy[h] {
					continue
				}
				if _, err := missions.Move(w.sys, db, "cph", alfa.ID, w.at(h, 0), true); err == nil {
					pinnedAt = w.at(h, 0)
					break
				}
			}
			if pinnedAt.IsZero() {
				t.Fatal("no free time accepted for Alfa")
			}
			// A new target available only at Alfa's pinned time: the lead cannot meet both.
			echo := &passerelle.Organization{Name: "Echo A/S", Kind: passerelle.KindCompany}
			must(t, store.NewOrganizationService(db).CreateOrganization(w.sys, echo))
			h := pinnedAt.In(w.loc).Hour()
			must(t, svc.AddTarget(w.sys, w.mission.ID, passerelle.MissionTarget{OrganizationID: echo.ID, Venue: "Hotel",
				Availability: "2014-09-08 " + time.Date(0, 1, 1, h, 0, 0, 0, time.UTC).Format("15:04") + "-" + time.Date(0, 1, 1, h+1, 0, 0, 0, time.UTC).Format("15:04")}))
			res, err = missions.Plan(w.sys, db, "cph")
			must(t, err)
			got, err := store.NewMeetingService(db).MeetingsByIDs(w.sys, []int64{alfa.ID})
			must(t, err)
			if !got[alfa.ID].Start.Equal(pinnedAt) {
				t.Errorf("the pinned meeting moved to %v, was pinned at %v", got[alfa.ID].Start, pinnedAt)
			}
			for _, mv := range res.Moved {
				if mv.MeetingID == alfa.ID {
					t.Errorf("the plan lists the pinned meeting as moved: %+v", mv)
				}
			}
			if len(res.Unplaced) != 1 || res.Unplaced[0].Key != "g:"+groupOf(t, db, w, echo.ID) {
				t.Errorf("unplaced %+v, want Echo's group", res.Unplaced)
			}
		})
	}
}

func groupOf(t *testing.T, db *store.DB, w *moveWorld, org int64) string {
	m, err := store.NewMissionService(db).FindMission(w.sys, "cph")
	must(t, err)
	for _, x := range m.Targets {
		if x.OrganizationID == org {
			return x.Group
		}
	}
	return ""
}
