package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// meetingFixture adds a user to each member of the fixture, with actors that carry them.
type meetingFixture struct {
	*fixture
	alice, bob     context.Context // users of members A and B
	aliceID, bobID int64
	org, privOrg   *passerelle.Organization
	person         *passerelle.Person
	meetings       *store.MeetingService
	accounts       *store.AccountService
	start          time.Time
}

func newMeetingFixture(t *testing.T, db *store.DB) *meetingFixture {
	t.Helper()
	f := &meetingFixture{fixture: newFixture(t, db), meetings: store.NewMeetingService(db), accounts: store.NewAccountService(db)}
	users := store.NewUserService(db)
	actor := func(email string, member int64) (context.Context, int64) {
		u := &passerelle.User{Email: email, Name: email}
		must(t, users.CreateUser(f.system, u))
		must(t, users.SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: member, Role: passerelle.RoleMember}))
		a, err := f.accounts.ActorFor(context.Background(), u.ID, f.ws.ID)
		must(t, err)
		return passerelle.NewContextWithActor(context.Background(), a), u.ID
	}
	f.alice, f.aliceID = actor("alice@example.org", f.memberA.ID)
	f.bob, f.bobID = actor("bob@example.org", f.memberB.ID)
	orgs := store.NewOrganizationService(db)
	f.org = &passerelle.Organization{Name: "Novo Shared", Kind: passerelle.KindCompany}
	f.privOrg = &passerelle.Organization{Name: "Alpha Prospect", Kind: passerelle.KindCompany, Visibility: passerelle.VisibilityPrivate}
	must(t, orgs.CreateOrganization(f.alice, f.org))
	must(t, orgs.CreateOrganization(f.alice, f.privOrg))
	f.person = &passerelle.Person{FirstName: "Ada", LastName: "Lovelace"}
	must(t, store.NewPersonService(db).CreatePerson(f.alice, f.person))
	f.start = time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *meetingFixture) meeting(title string) *passerelle.Meeting {
	return &passerelle.Meeting{Title: title, Start: f.start, End: f.start.Add(45 * time.Minute), TimeZone: "Europe/Copenhagen",
		Location: "Bagsværd", OrganizationIDs: []int64{f.org.ID}, PersonIDs: []int64{f.person.ID}}
}

// TestMeetingValidation: bad input names its field and saves nothing.
func TestMeetingValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		for _, tc := range []struct {
			name, field string
			change      func(m *passerelle.Meeting)
		}{
			{"no title", "title", func(m *passerelle.Meeting) { m.Title = " " }},
			{"end before start", "end", func(m *passerelle.Meeting) { m.End = m.Start.Add(-time.Hour) }},
			{"end at start", "end", func(m *passerelle.Meeting) { m.End = m.Start }},
			{"unknown zone", "time_zone", func(m *passerelle.Meeting) { m.TimeZone = "Europe/Atlantis" }},
			{"server zone", "time_zone", func(m *passerelle.Meeting) { m.TimeZone = "Local" }},
			{"person twice", "person_ids", func(m *passerelle.Meeting) { m.PersonIDs = []int64{f.person.ID, f.person.ID} }},
			{"organisation twice", "organization_ids", func(m *passerelle.Meeting) { m.OrganizationIDs = []int64{f.org.ID, f.org.ID} }},
			{"attendee twice", "attendees", func(m *passerelle.Meeting) { m.Attendees = []string{"alice@example.org", "Alice@example.org "} }},
			{"video not http", "video_url", func(m *passerelle.Meeting) { m.VideoURL = "javascript:alert(1)" }},
			{"video without host", "video_url", func(m *passerelle.Meeting) { m.VideoURL = "https://" }},
			{"unknown status", "status", func(m *passerelle.Meeting) { m.Status = "maybe" }},
			{"unknown outcome", "outcome", func(m *passerelle.Meeting) { m.Outcome = "won" }},
			{"bad follow-up", "follow_up", func(m *passerelle.Meeting) { m.FollowUp = "10/03/2027" }},
			{"origin without id", "origin_id", func(m *passerelle.Meeting) { m.Origin = passerelle.OriginMission }},
			{"unknown organisation", "organization_ids", func(m *passerelle.Meeting) { m.OrganizationIDs = []int64{987654} }},
			{"unknown attendee", "attendees", func(m *passerelle.Meeting) { m.Attendees = []string{"nobody@example.org"} }},
			{"shared meeting naming a private organisation", "visibility", func(m *passerelle.Meeting) { m.OrganizationIDs = []int64{f.privOrg.ID} }},
			{"private meeting with another member's user", "attendees", func(m *passerelle.Meeting) {
				m.Visibility, m.Attendees = passerelle.VisibilityPrivate, []string{"bob@example.org"}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := f.meeting(tc.name)
				tc.change(m)
				err := f.meetings.CreateMeeting(f.alice, m)
				if passerelle.ErrorCode(err) != passerelle.EINVALID || passerelle.ErrorFields(err)[tc.field] == "" {
					t.Fatalf("got %v, want a message on %s", err, tc.field)
				}
			})
		}
		if ms, n, err := f.meetings.FindMeetings(f.system, passerelle.MeetingFilter{}); err != nil || n != 0 || len(ms) != 0 {
			t.Errorf("bad input saved %d meetings (%v)", n, err)
		}
	})
}

// TestMeetingScope: another member's private meeting is not found by any read, and
// cannot be changed or deleted; another workspace sees nothing.
func TestMeetingScope(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		priv := f.meeting("Alpha private")
		priv.Visibility, priv.OrganizationIDs = passerelle.VisibilityPrivate, []int64{f.privOrg.ID}
		must(t, f.meetings.CreateMeeting(f.alice, priv))
		shared := f.meeting("Shared meeting")
		must(t, f.meetings.CreateMeeting(f.alice, shared))
		if priv.OwnerMemberID != f.memberA.ID || len(priv.AttendeeIDs) != 1 || priv.AttendeeIDs[0] != f.aliceID {
			t.Fatalf("private meeting: owner %d attendees %v, want member A and alice attending", priv.OwnerMemberID, priv.AttendeeIDs)
		}
		got, err := f.meetings.FindMeetingByID(f.alice, priv.ID)
		must(t, err)
		if len(got.Organizations) != 1 || got.Organizations[0].Name != f.privOrg.Name || got.Attendees[0] != "alice@example.org" {
			t.Errorf("owner reads %+v %v", got.Organizations, got.Attendees)
		}
		for name, ctx := range map[string]context.Context{"bob": f.bob, "viewer": f.viewer, "other workspace": f.otherSystem} {
			if _, err := f.meetings.FindMeetingByID(ctx, priv.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("%s reads the private meeting: %v", name, err)
			}
			ms, n, err := f.meetings.FindMeetings(ctx, passerelle.MeetingFilter{})
			must(t, err)
			for _, m := range ms {
				if m.ID == priv.ID {
					t.Errorf("%s lists the private meeting", name)
				}
			}
			if want := map[bool]int{true: 0, false: 1}[name == "other workspace"]; n != want {
				t.Errorf("%s counts %d meetings, want %d", name, n, want)
			}
		}
		upd := *got
		upd.Title = "taken"
		upd.ID = priv.ID
		if err := f.meetings.UpdateMeeting(f.bob, &upd); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob updates the private meeting: %v", err)
		}
		if err := f.meetings.DeleteMeeting(f.bob, priv.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob deletes the private meeting: %v", err)
		}
		if err := f.meetings.DeleteMeeting(f.viewer, shared.ID); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer deletes a meeting: %v", err)
		}
		must(t, f.meetings.DeleteMeeting(f.bob, shared.ID))
		if _, err := f.meetings.FindMeetingByID(f.alice, shared.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("deleted meeting still found: %v", err)
		}
	})
}

// TestMeetingSequence: the UID never changes; a change a calendar shows raises the
// sequence, a change of notes or outcome does not; each change is audited.
func TestMeetingSequence(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		m := f.meeting("Bar meeting Novo")
		must(t, f.meetings.CreateMeeting(f.alice, m))
		uid := m.UID
		if uid == "" || m.Sequence != 0 {
			t.Fatalf("new meeting: uid %q sequence %d", uid, m.Sequence)
		}
		for _, tc := range []struct {
			name   string
			change func(m *passerelle.Meeting)
			seq    int
		}{
			{"notes", func(m *passerelle.Meeting) { m.Notes = "They license vaccines." }, 0},
			{"outcome", func(m *passerelle.Meeting) { m.Outcome, m.FollowUp = passerelle.OutcomeFurtherTalks, "2027-04-01" }, 0},
			{"nothing", func(m *passerelle.Meeting) {}, 0},
			{"moved", func(m *passerelle.Meeting) { m.Start, m.End = m.Start.Add(time.Hour), m.End.Add(time.Hour) }, 1},
			{"place", func(m *passerelle.Meeting) { m.Location = "Copenhagen" }, 2},
			{"title", func(m *passerelle.Meeting) { m.Title = "Novo Nordisk" }, 3},
			{"cancelled", func(m *passerelle.Meeting) { m.Status = passerelle.MeetingCancelled }, 4},
		} {
			cur, err := f.meetings.FindMeetingByID(f.bob, m.ID)
			must(t, err)
			before := cur.UpdatedAt
			tc.change(cur)
			must(t, f.meetings.UpdateMeeting(f.bob, cur))
			got, err := f.meetings.FindMeetingByID(f.alice, m.ID)
			must(t, err)
			if got.Sequence != tc.seq || got.UID != uid {
				t.Errorf("%s: sequence %d uid %q, want %d %q", tc.name, got.Sequence, got.UID, tc.seq, uid)
			}
			if tc.name != "nothing" && !got.UpdatedAt.After(before) {
				t.Errorf("%s: updated_at not raised", tc.name)
			}
		}
		got, err := f.meetings.FindMeetingByID(f.alice, m.ID)
		must(t, err)
		if got.Status != passerelle.MeetingCancelled || got.Notes == "" || got.Outcome != passerelle.OutcomeFurtherTalks ||
			!got.Start.Equal(f.start.Add(time.Hour)) || got.TimeZone != "Europe/Copenhagen" {
			t.Errorf("stored %+v", got)
		}
		es, err := store.NewAuditService(db).FindAuditEntries(f.system, passerelle.AuditFilter{Entity: "meeting", EntityID: m.ID})
		must(t, err)
		if len(es) != 7 {
			t.Errorf("%d audit entries, want 7 (create and six changes)", len(es))
		}
	})
}

// TestMeetingFilters: each filter of the list selects what it says.
func TestMeetingFilters(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		a := f.meeting("A")
		b := f.meeting("B")
		b.Start, b.End, b.OrganizationIDs, b.PersonIDs, b.Attendees = f.start.AddDate(0, 0, 1), f.start.AddDate(0, 0, 1).Add(time.Hour), nil, nil, []string{"bob@example.org"}
		b.Status = passerelle.MeetingHeld
		must(t, f.meetings.CreateMeeting(f.alice, a))
		must(t, f.meetings.CreateMeeting(f.alice, b))
		for _, tc := range []struct {
			name string
			f    passerelle.MeetingFilter
			want string
		}{
			{"all", passerelle.MeetingFilter{}, "AB"},
			{"from", passerelle.MeetingFilter{From: f.start.Add(time.Minute)}, "B"},
			{"to", passerelle.MeetingFilter{To: f.start.Add(time.Minute)}, "A"},
			{"from is inclusive", passerelle.MeetingFilter{From: f.start, To: f.start.Add(time.Second)}, "A"},
			{"organisation", passerelle.MeetingFilter{OrganizationID: f.org.ID}, "A"},
			{"person", passerelle.MeetingFilter{PersonID: f.person.ID}, "A"},
			{"status", passerelle.MeetingFilter{Status: passerelle.MeetingHeld}, "B"},
			{"attendee", passerelle.MeetingFilter{AttendeeID: f.bobID}, "B"},
			{"member of an attendee", passerelle.MeetingFilter{MemberID: f.memberB.ID}, "B"},
			{"member", passerelle.MeetingFilter{MemberID: f.memberA.ID}, "A"},
		} {
			ms, n, err := f.meetings.FindMeetings(f.bob, tc.f)
			must(t, err)
			got := ""
			for _, m := range ms {
				got += m.Title
			}
			if got != tc.want || n != len(tc.want) {
				t.Errorf("%s: %q (%d), want %q", tc.name, got, n, tc.want)
			}
		}
	})
}

// TestCalendarFeedSecret: a secret stays until rotated; a rotated one resolves to
// nothing; a feed lists the meetings its user attends and may read, never another
// member's private one.
func TestCalendarFeedSecret(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		s1, err := f.meetings.CalendarSecret(f.alice)
		must(t, err)
		if s2, err := f.meetings.CalendarSecret(f.alice); err != nil || s2 != s1 {
			t.Fatalf("second read gave %q (%v), want the same secret", s2, err)
		}
		if sb, _ := f.meetings.CalendarSecret(f.bob); sb == s1 {
			t.Fatal("two users share a secret")
		}
		a, err := f.meetings.ActorForCalendar(context.Background(), s1)
		must(t, err)
		if a.UserID != f.aliceID || a.WorkspaceID != f.ws.ID || a.MemberID != f.memberA.ID {
			t.Errorf("secret resolves to %+v", a)
		}
		priv := f.meeting("Alpha private")
		priv.Visibility = passerelle.VisibilityPrivate
		must(t, f.meetings.CreateMeeting(f.alice, priv))
		shared := f.meeting("Shared with bob")
		shared.Attendees = []string{"alice@example.org", "bob@example.org"}
		must(t, f.meetings.CreateMeeting(f.alice, shared))
		// Written straight into the table: a private meeting of A that names bob must
		// still stay out of bob's feed.
		if _, err := db.Write().ExecContext(context.Background(), `INSERT INTO meeting_attendees (workspace_id, meeting_id, user_id, position) VALUES ($1, $2, $3, 1)`,
			f.ws.ID, priv.ID, f.bobID); err != nil {
			t.Fatal(err)
		}
		titles := func(secret string) string {
			a, err := f.meetings.ActorForCalendar(context.Background(), secret)
			must(t, err)
			ms, err := f.meetings.CalendarMeetings(passerelle.NewContextWithActor(context.Background(), a))
			must(t, err)
			s := ""
			for _, m := range ms {
				s += "[" + m.Title + "]"
			}
			return s
		}
		if got := titles(s1); got != "[Alpha private][Shared with bob]" {
			t.Errorf("alice's feed: %s", got)
		}
		sb, _ := f.meetings.CalendarSecret(f.bob)
		if got := titles(sb); got != "[Shared with bob]" {
			t.Errorf("bob's feed: %s", got)
		}
		s3, err := f.meetings.RotateCalendarSecret(f.alice)
		must(t, err)
		if s3 == s1 {
			t.Fatal("rotation kept the secret")
		}
		if _, err := f.meetings.ActorForCalendar(context.Background(), s1); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("old secret after rotation: %v", err)
		}
		if cur, _ := f.meetings.CalendarSecret(f.alice); cur != s3 {
			t.Errorf("current secret %q, want the rotated one", cur)
		}
	})
}

// TestMeetingHistory: the history of an organisation or a person lists the meetings the
// reader may see newest first, at most HistoryLimit, and counts the held ones and the
// members that met them (owners of private held meetings, members of attending users);
// another member's private meeting is neither listed nor counted.
func TestMeetingHistory(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		add := func(ctx context.Context, title string, day int, status passerelle.MeetingStatus, vis passerelle.Visibility, attendees ...int64) {
			t.Helper()
			m := f.meeting(title)
			m.Start, m.End = f.start.AddDate(0, 0, day), f.start.AddDate(0, 0, day).Add(time.Hour)
			m.Status, m.Visibility, m.AttendeeIDs = status, vis, attendees
			must(t, f.meetings.CreateMeeting(ctx, m))
		}
		add(f.alice, "A private held", 1, passerelle.MeetingHeld, passerelle.VisibilityPrivate)
		add(f.bob, "Shared held by both", 2, passerelle.MeetingHeld, passerelle.VisibilityShared, f.aliceID, f.bobID)
		add(f.bob, "Shared held by bob", 3, passerelle.MeetingHeld, passerelle.VisibilityShared)
		add(f.bob, "Shared planned", 4, passerelle.MeetingPlanned, passerelle.VisibilityShared)

		for _, by := range []passerelle.MeetingFilter{{OrganizationID: f.org.ID}, {PersonID: f.person.ID}} {
			for _, tc := range []struct {
				name                 string
				ctx                  context.Context
				first                string
				total, held, members int
			}{
				{"alice", f.alice, "Shared planned", 4, 3, 2},
				// Bob's member does not see Alpha's private meeting: both members still
				// met them, through the meeting alice attended with bob.
				{"bob", f.bob, "Shared planned", 3, 2, 2},
			} {
				h, err := f.meetings.MeetingHistory(tc.ctx, by)
				must(t, err)
				if h.Total != tc.total || h.Held != tc.held || h.Members != tc.members || len(h.Meetings) != tc.total ||
					h.Meetings[0].Title != tc.first {
					t.Errorf("%+v for %s: total %d held %d members %d first %q, want %d %d %d %q", by, tc.name,
						h.Total, h.Held, h.Members, h.Meetings[0].Title, tc.total, tc.held, tc.members, tc.first)
				}
				for _, m := range h.Meetings {
					if tc.name == "bob" && m.Title == "A private held" {
						t.Errorf("bob's history lists Alpha's private meeting")
					}
				}
			}
		}
		// Beyond HistoryLimit the list stops; the counts go on over every meeting.
		for i := range store.HistoryLimit + 1 {
			add(f.bob, "Older", -i-1, passerelle.MeetingCancelled, passerelle.VisibilityShared)
		}
		h, err := f.meetings.MeetingHistory(f.bob, passerelle.MeetingFilter{OrganizationID: f.org.ID})
		must(t, err)
		if len(h.Meetings) != store.HistoryLimit || h.Total != 3+store.HistoryLimit+1 || h.Held != 2 {
			t.Errorf("bounded history: %d listed, total %d, held %d", len(h.Meetings), h.Total, h.Held)
		}
		if _, err := f.meetings.MeetingHistory(f.bob, passerelle.MeetingFilter{}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("a history of nothing: %v, want EINVALID", err)
		}
	})
}
