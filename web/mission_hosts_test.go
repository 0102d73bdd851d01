package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestHostedDelegationPages: an incoming delegation's programme is in the member agenda
// of its hosts (Beta takes part; Gamma's own record is met), badged with the delegation
// and, for Gamma, "with us" on its meeting; Alpha, no host, does not get it there; the
// mission's page sends a host to its agenda, and another member's private meeting of the
// programme stays out of every host's agenda.
func TestHostedDelegationPages(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			gamma := &passerelle.Member{Name: "Institut Gamma", OrganizationID: w.shared2.ID}
			must(t, store.NewWorkspaceService(db).CreateMember(sys, gamma))
			u := &passerelle.User{Email: "gamma@example.org", Name: "gamma"}
			must(t, store.NewUserService(db).CreateUser(sys, u))
			must(t, store.NewAccountService(db).SetPassword(sys, u.ID, testPassword))
			must(t, store.NewUserService(db).SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: gamma.ID, Role: passerelle.RoleMember}))
			visit := &passerelle.Mission{Slug: "visit", Name: "Kawasaki visit", Kind: passerelle.MissionIncoming, StartDate: "2027-04-06", EndDate: "2027-04-06",
				TimeZone: "Europe/Paris", MeetingMinutes: 90, Members: []passerelle.MissionMember{{MemberID: w.beta.ID}},
				Targets: []passerelle.MissionTarget{{OrganizationID: w.shared.ID}, {OrganizationID: w.shared2.ID}}}
			must(t, store.NewMissionService(db).CreateMission(sys, visit))
			start := time.Date(2027, 4, 6, 8, 0, 0, 0, time.UTC)
			meetings := store.NewMeetingService(db)
			for i, x := range []*passerelle.Meeting{
				{Title: "Visitors meet Gamma", OrganizationIDs: []int64{w.shared2.ID}},
				{Title: "Visitors meet Shared", OrganizationIDs: []int64{w.shared.ID}},
				{Title: privateMeetTitle + " of the visit", OrganizationIDs: []int64{w.shared.ID}, Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID},
			} {
				x.Start, x.End, x.TimeZone = start.Add(time.Duration(2*i)*time.Hour), start.Add(time.Duration(2*i+1)*time.Hour), "Europe/Paris"
				x.Origin, x.OriginID = passerelle.OriginMission, visit.ID
				must(t, meetings.CreateMeeting(sys, x))
			}
			agenda := "/agenda?whose=member&date=2027-04-06"
			for who, c := range map[string]*client{"bob": w.client(t, "bob"), "gamma": w.client(t, "gamma")} {
				res, body := c.get(agenda)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, "Visitors meet Gamma") || !strings.Contains(body, "Visitors meet Shared") ||
					!strings.Contains(body, `href="/missions/visit"`) || strings.Contains(body, privateMeetTitle) {
					t.Errorf("%s's member agenda: %d, the visit's programme missing or Alpha's private meeting shown", who, res.StatusCode)
				}
				if n := strings.Count(body, `class="with-us"`); who == "gamma" && n != 1 || who == "bob" && n != 0 {
					t.Errorf("%s's agenda marks %d meetings with us", who, n)
				}
				if _, body := c.get("/missions/visit"); !strings.Contains(body, "mission-host-agenda") {
					t.Errorf("%s, a host, is not sent to its agenda from the mission page", who)
				}
			}
			alice := w.client(t, "alice")
			if _, body := alice.get(agenda); strings.Contains(body, "Visitors meet") {
				t.Error("alice, no host, has the visit in her member agenda")
			}
			if _, body := alice.get("/missions/visit"); strings.Contains(body, "mission-host-agenda") {
				t.Error("alice, no host, is told her institute hosts the visit")
			}
			// Gamma's user's own agenda ("mine") holds the visit's meeting with Gamma, marked
			// with us, not the rest of the programme; Bob's (Beta takes part, its record is
			// not met) none of it. Gamma's calendar feed does not hold it: its user does
			// not attend.
			gc := w.client(t, "gamma")
			if _, body := gc.get("/agenda?date=2027-04-06"); !strings.Contains(body, "Visitors meet Gamma") || strings.Contains(body, "Visitors meet Shared") ||
				strings.Count(body, `class="with-us"`) != 1 {
				t.Error("gamma's own agenda lacks the visit's meeting with Gamma, or holds the rest of the programme")
			}
			if _, body := w.client(t, "bob").get("/agenda?date=2027-04-06"); strings.Contains(body, "Visitors meet") {
				t.Error("bob's own agenda holds the visit's meetings")
			}
			_, secret, err := store.NewAccountService(db).CreateAPIToken(sys, u.ID, "test")
			must(t, err)
			gc.token = secret
			if _, cal := feed(t, w, calendarURLOf(t, gc)); cal == nil || len(cal.Events()) != 0 {
				t.Errorf("gamma's calendar feed: %v, want no meeting (its user attends none)", cal)
			}
			// The API's member filter is the agenda's.
			if _, body := w.client(t, "gamma").get("/api/v1/meetings?member_id=" + id(gamma.ID) + "&from=2027-04-06T00:00:00Z&to=2027-04-07T00:00:00Z"); !strings.Contains(body, "Visitors meet Gamma") {
				t.Errorf("API member filter: %s", body)
			}
		})
	}
}

// TestAgendaOutgoingMissionNotBadged: a meeting of an outgoing mission's programme is not
// badged "Delegation received" in the agenda, nor linked to an empty /missions/ address
// (the template took a missing map entry for a delegation).
func TestAgendaOutgoingMissionNotBadged(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			for _, path := range []string{"/agenda?whose=member&date=2027-03-10", "/agenda?whose=all&date=2027-03-10&view=week"} {
				res, body := w.client(t, "alice").get(path)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, privateMeetTitle) {
					t.Fatalf("%s: %d, the mission's meeting is missing", path, res.StatusCode)
				}
				if strings.Contains(body, `class="delegation"`) || strings.Contains(body, `href="/missions/"`) {
					t.Errorf("%s: an outgoing mission's meeting is badged as a delegation received", path)
				}
			}
		})
	}
}
