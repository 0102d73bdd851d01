package store_test

import (
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestMoveMissionMeeting: a writer moves and pins a meeting of the programme (audited,
// the sequence raised); a participant busy then refuses it and nothing changes; the
// caller's check (travel) refuses it too; another member's private meeting of the
// programme, a meeting of another mission and another workspace's are not found.
func TestMoveMissionMeeting(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		other := &passerelle.Mission{Slug: "osl", Name: "Oslo", StartDate: "2027-03-10", EndDate: "2027-03-10",
			TimeZone: "Europe/Oslo", MeetingMinutes: 60}
		must(t, svc.CreateMission(f.system, m))
		must(t, svc.CreateMission(f.system, other))
		add := func(title string, mission int64, hour int, private bool) *passerelle.Meeting {
			x := f.meeting(title)
			x.Start = f.start.Add(time.Duration(hour) * time.Hour)
			x.End = x.Start.Add(time.Hour)
			x.Origin, x.OriginID = passerelle.OriginMission, mission
			c := f.system
			if private {
				x.Visibility, c = passerelle.VisibilityPrivate, f.alice
			}
			must(t, f.meetings.CreateMeeting(c, x))
			return x
		}
		a := add("First", m.ID, 0, false)
		add("Second", m.ID, 2, false)
		priv := add("Alpha's own", m.ID, 4, true)
		oslo := add("Oslo meeting", other.ID, 6, false)
		at := func(h int) store.MissionMove {
			s := f.start.Add(time.Duration(h) * time.Hour)
			return store.MissionMove{MeetingID: a.ID, Start: s, End: s.Add(time.Hour), Pinned: true}
		}
		// Ada Lovelace (the fixture's person) is in every meeting: busy at Second's time.
		if _, err := svc.MoveMissionMeeting(f.bob, m.ID, at(2)); passerelle.ErrorCode(err) != passerelle.EINVALID ||
			passerelle.ErrorMsg(err).String() != "invalid input (start: Ada Lovelace has another meeting then: Second, 2027-03-10 11:00–12:00)" {
			t.Errorf("busy: %v", err)
		}
		// Alpha's private meeting is not Bob's to see: it does not make him busy.
		mv := at(4)
		mv.Check = func(*passerelle.Meeting, []*passerelle.Meeting) error {
			return passerelle.FieldError("start", "travel refused")
		}
		if _, err := svc.MoveMissionMeeting(f.bob, m.ID, mv); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("refused by the check: %v", err)
		}
		got, err := f.meetings.FindMeetingByID(f.bob, a.ID)
		must(t, err)
		if !got.Start.Equal(a.Start) || got.Sequence != a.Sequence {
			t.Fatalf("refused moves changed the meeting: %v seq %d", got.Start, got.Sequence)
		}
		done, err := svc.MoveMissionMeeting(f.bob, m.ID, at(1))
		must(t, err)
		got, _ = f.meetings.FindMeetingByID(f.bob, a.ID)
		pins, _ := f.meetings.PinnedMeetings(f.bob, []int64{a.ID})
		if !done.Moved || !got.Start.Equal(at(1).Start) || got.Sequence != a.Sequence+1 || !pins[a.ID] {
			t.Errorf("moved: %+v, start %v seq %d pinned %v", done, got.Start, got.Sequence, pins[a.ID])
		}
		for _, tc := range []struct {
			name    string
			mission int64
			meeting int64
			want    string
		}{
			{"another member's private meeting", m.ID, priv.ID, passerelle.ENOTFOUND},
			{"a meeting of another mission", m.ID, oslo.ID, passerelle.ENOTFOUND},
		} {
			x := at(8)
			x.MeetingID = tc.meeting
			if _, err := svc.MoveMissionMeeting(f.bob, tc.mission, x); passerelle.ErrorCode(err) != tc.want {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		if _, err := svc.MoveMissionMeeting(f.otherSystem, m.ID, at(8)); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace: %v", err)
		}
		if _, err := svc.MoveMissionMeeting(f.viewer, m.ID, at(8)); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer moves: %v", err)
		}
		// Alice's pin of her own private meeting is hers; Bob does not learn of it.
		if _, err := svc.MoveMissionMeeting(f.alice, m.ID, store.MissionMove{MeetingID: priv.ID, Start: priv.Start, End: priv.End, Pinned: true}); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.meetings.PinnedMeetings(f.bob, []int64{priv.ID}); p[priv.ID] {
			t.Error("bob reads the pin of alice's private meeting")
		}
	})
}
