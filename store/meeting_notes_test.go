package store_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestMeetingPrivateNotes: each member keeps its own notes on a shared meeting; another
// member's users never read them, a user of the same member does, and the shared notes
// stay shared.
func TestMeetingPrivateNotes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		users := store.NewUserService(db)
		u := &passerelle.User{Email: "carol@example.org", Name: "Carol"}
		must(t, users.CreateUser(f.system, u))
		must(t, users.SetMembership(f.system, &passerelle.Membership{UserID: u.ID, MemberID: f.memberA.ID, Role: passerelle.RoleMember}))
		ca, err := f.accounts.ActorFor(context.Background(), u.ID, f.ws.ID)
		must(t, err)
		carol := passerelle.NewContextWithActor(context.Background(), ca)

		m := f.meeting("Shared visit")
		must(t, f.meetings.CreateMeeting(f.alice, m))
		str := func(s string) *string { return &s }
		if _, err := f.meetings.SetMeetingNotes(f.alice, m.ID, store.MeetingNotes{Private: str("A's pricing hint"), Shared: str("Met the CTO")}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.meetings.SetMeetingNotes(f.bob, m.ID, store.MeetingNotes{Private: str("B will follow up")}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name          string
			ctx           context.Context
			private, note string
		}{
			{"alice (A)", f.alice, "A's pricing hint", "Met the CTO"},
			{"carol (A)", carol, "A's pricing hint", "Met the CTO"},
			{"bob (B)", f.bob, "B will follow up", "Met the CTO"},
			{"system", f.system, "", "Met the CTO"},
		} {
			got, err := f.meetings.FindMeetingByID(tc.ctx, m.ID)
			if err != nil {
				t.Fatal(tc.name, err)
			}
			if got.PrivateNotes != tc.private || got.Notes != tc.note {
				t.Errorf("%s reads private %q, shared %q; want %q, %q", tc.name, got.PrivateNotes, got.Notes, tc.private, tc.note)
			}
		}
		// Lists and feeds never carry private notes.
		ms, _, err := f.meetings.FindMeetings(f.alice, passerelle.MeetingFilter{})
		must(t, err)
		for _, x := range ms {
			if x.PrivateNotes != "" {
				t.Errorf("a list carries private notes %q", x.PrivateNotes)
			}
		}
		// An update of the meeting keeps each member's notes.
		got, err := f.meetings.FindMeetingByID(f.bob, m.ID)
		must(t, err)
		got.Title = "Shared visit, day 2"
		must(t, f.meetings.UpdateMeeting(f.bob, got))
		if got.PrivateNotes != "B will follow up" {
			t.Errorf("after an update bob reads %q", got.PrivateNotes)
		}
		// Emptied notes are gone.
		if got, err = f.meetings.SetMeetingNotes(f.alice, m.ID, store.MeetingNotes{Private: str("")}); err != nil || got.PrivateNotes != "" {
			t.Errorf("emptied notes: %v, %q", err, got.PrivateNotes)
		}
		if got, err = f.meetings.FindMeetingByID(carol, m.ID); err != nil || got.PrivateNotes != "" {
			t.Errorf("carol after emptying: %v, %q", err, got.PrivateNotes)
		}
		// Another member's private meeting: not found, for notes too.
		priv := f.meeting("A only")
		priv.Visibility = passerelle.VisibilityPrivate
		must(t, f.meetings.CreateMeeting(f.alice, priv))
		if _, err := f.meetings.SetMeetingNotes(f.bob, priv.ID, store.MeetingNotes{Private: str("x")}); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("bob's notes on A's private meeting: %v", err)
		}
		// A user of no member keeps no private notes; too long notes are refused.
		if _, err := f.meetings.SetMeetingNotes(f.system, m.ID, store.MeetingNotes{Private: str("x")}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("system's private notes: %v", err)
		}
		long := string(make([]byte, 100001))
		if _, err := f.meetings.SetMeetingNotes(f.alice, m.ID, store.MeetingNotes{Private: &long}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("too long notes: %v", err)
		}
	})
}
