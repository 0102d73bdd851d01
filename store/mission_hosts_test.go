package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestHostedDelegationAgenda: the programme of an incoming delegation is in the agenda
// (MeetingFilter.MemberID) of the members that host it, those taking part and the one
// whose own record is met, though none of their users attends; not in another member's,
// nor, for an outgoing mission, in the agenda of a member taking part; another member's
// private meeting of the programme stays private.
func TestHostedDelegationAgenda(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		hostOrg := &passerelle.Organization{Name: "Genopole", Kind: passerelle.KindCluster}
		must(t, store.NewOrganizationService(db).CreateOrganization(f.system, hostOrg))
		memberC := &passerelle.Member{Name: "Genopole (member)", OrganizationID: hostOrg.ID}
		must(t, store.NewWorkspaceService(db).CreateMember(f.system, memberC))
		svc := store.NewMissionService(db)
		in := &passerelle.Mission{Slug: "kawasaki", Name: "Kawasaki delegation", Kind: passerelle.MissionIncoming, StartDate: "2027-03-10", EndDate: "2027-03-10",
			TimeZone: "Europe/Paris", MeetingMinutes: 90, Members: []passerelle.MissionMember{{MemberID: f.memberA.ID}},
			Targets: []passerelle.MissionTarget{{OrganizationID: hostOrg.ID}, {OrganizationID: f.org.ID}}}
		out := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 90, Members: []passerelle.MissionMember{{MemberID: f.memberA.ID}, {MemberID: memberC.ID}}}
		must(t, svc.CreateMission(f.system, in))
		must(t, svc.CreateMission(f.system, out))
		add := func(title string, missionID, org int64, private bool) *passerelle.Meeting {
			x := f.meeting(title)
			x.Origin, x.OriginID, x.OrganizationIDs, x.PersonIDs = passerelle.OriginMission, missionID, []int64{org}, nil
			c := f.system
			if private {
				x.Visibility, c = passerelle.VisibilityPrivate, f.bob
			}
			must(t, f.meetings.CreateMeeting(c, x))
			return x
		}
		withHost := add("Visit of Genopole", in.ID, hostOrg.ID, false)
		other := add("Visit of Novo", in.ID, f.org.ID, false)
		add("Beta's private visit", in.ID, f.org.ID, true)
		add("Copenhagen meeting", out.ID, f.org.ID, false)
		titles := func(member int64) map[string]bool {
			ms, _, err := f.meetings.FindMeetings(f.system, passerelle.MeetingFilter{MemberID: member, From: f.start.Add(-time.Hour), To: f.start.Add(time.Hour)})
			must(t, err)
			got := map[string]bool{}
			for _, m := range ms {
				got[m.Title] = true
			}
			return got
		}
		// Read as the operator, who reads private meetings too.
		for name, tc := range map[string]struct {
			member int64
			want   []string
		}{
			"taking part": {f.memberA.ID, []string{withHost.Title, other.Title, "Beta's private visit"}},
			"record met":  {memberC.ID, []string{withHost.Title, other.Title, "Beta's private visit"}},
			"not a host":  {f.memberB.ID, []string{"Beta's private visit"}}, // its own, as its owner
		} {
			got := titles(tc.member)
			if len(got) != len(tc.want) {
				t.Errorf("%s: agenda %v, want %v", name, got, tc.want)
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("%s: agenda %v lacks %q", name, got, w)
				}
			}
		}
		// Read as Alpha's user: Beta's private meeting of the programme is not there.
		ms, _, err := f.meetings.FindMeetings(f.alice, passerelle.MeetingFilter{MemberID: f.memberA.ID})
		must(t, err)
		if len(ms) != 2 {
			t.Errorf("alice's member agenda holds %d meetings, want the 2 shared ones of the visit", len(ms))
		}
		ds, err := svc.IncomingDelegations(f.alice, []int64{in.ID, out.ID, 987654})
		must(t, err)
		if len(ds) != 1 || ds[in.ID].Slug != "kawasaki" {
			t.Errorf("incoming delegations: %+v", ds)
		}
		// A host's user: its own agenda ("mine") holds the meetings it attends and the
		// visit's meetings with its institute's record, not the rest of the programme nor
		// an outgoing mission's meeting with that record; its calendar feed only the
		// meetings it attends.
		users := store.NewUserService(db)
		u := &passerelle.User{Email: "host@example.org", Name: "Host"}
		must(t, users.CreateUser(f.system, u))
		must(t, users.SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: memberC.ID, Role: passerelle.RoleMember}))
		ha, err := f.accounts.ActorFor(context.Background(), u.ID, f.ws.ID)
		must(t, err)
		host := passerelle.NewContextWithActor(context.Background(), ha)
		add("Outgoing with Genopole", out.ID, hostOrg.ID, false)
		own := f.meeting("Host's own meeting")
		own.AttendeeIDs = []int64{u.ID}
		must(t, f.meetings.CreateMeeting(f.system, own))
		mine := func(c context.Context, userID, member int64) map[string]bool {
			ms, _, err := f.meetings.FindMeetings(c, passerelle.MeetingFilter{AttendeeID: userID, WithMember: member})
			must(t, err)
			got := map[string]bool{}
			for _, m := range ms {
				got[m.Title] = true
			}
			return got
		}
		if got := mine(host, u.ID, memberC.ID); len(got) != 2 || !got[withHost.Title] || !got[own.Title] {
			t.Errorf("the host's own agenda: %v, want its meeting and the visit's meeting with Genopole", got)
		}
		if got := mine(f.alice, f.aliceID, f.memberA.ID); got[withHost.Title] || got[other.Title] {
			t.Errorf("alice's own agenda (her institute takes part, its record is not met): %v", got)
		}
		feed, err := f.meetings.CalendarMeetings(host)
		must(t, err)
		if len(feed) != 1 || feed[0].Title != own.Title {
			t.Errorf("the host's calendar feed holds %d meetings, want only the one it attends", len(feed))
		}
	})
}
