package store_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestPersonMemberNotes: a member's private note on a person is read and written by
// that member's users only; another member, its viewer, the network's staff of no
// member and another workspace neither read nor change it; the contact book shows and
// searches the reader's member's note only; a merge moves it; an erasure removes it.
func TestPersonMemberNotes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		people := store.NewPersonService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-11",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		must(t, store.NewMissionService(db).CreateMission(f.system, m))
		x := f.meeting("Mission meeting")
		x.Origin, x.OriginID = passerelle.OriginMission, m.ID
		must(t, f.meetings.CreateMeeting(f.alice, x))

		must(t, people.SetMemberNote(f.alice, f.person.ID, "  knows the Horizon call well  "))
		read := func(name string, n string, err error, want string) {
			t.Helper()
			if err != nil || n != want {
				t.Errorf("%s reads %q (%v), want %q", name, n, err, want)
			}
		}
		n, err := people.MemberNote(f.alice, f.person.ID)
		read("alice", n, err, "knows the Horizon call well")
		n, err = people.MemberNote(f.bob, f.person.ID)
		read("bob (another member)", n, err, "")
		n, err = people.MemberNote(f.viewer, f.person.ID)
		read("a viewer of another member", n, err, "")
		n, err = people.MemberNote(f.system, f.person.ID)
		read("the system (no member)", n, err, "")
		if _, err := people.MemberNote(f.otherSystem, f.person.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace reads: %v", err)
		}
		// Bob writes his own member's note: alice's stays.
		must(t, people.SetMemberNote(f.bob, f.person.ID, "met at Medicon Village"))
		n, err = people.MemberNote(f.alice, f.person.ID)
		read("alice after bob's note", n, err, "knows the Horizon call well")
		// The subject-access export: each member answers for its own note, the system for all.
		coordA := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberA.ID,
			Role: passerelle.RoleCoordinator})
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want string
		}{
			{"the system", f.system, "Institut A: knows the Horizon call well; Institut B: met at Medicon Village; "},
			{"A's coordinator", coordA, "Institut A: knows the Horizon call well; "},
		} {
			d, err := people.PersonData(tc.ctx, f.person.ID)
			must(t, err)
			got := ""
			for _, n := range d.MemberNotes {
				got += n.Member + ": " + n.Notes + "; "
			}
			if got != tc.want {
				t.Errorf("%s exports the notes %q, want %q", tc.name, got, tc.want)
			}
		}
		if err := people.SetMemberNote(f.viewer, f.person.ID, "x"); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("a viewer writes: %v", err)
		}
		if err := people.SetMemberNote(f.otherSystem, f.person.ID, "x"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("another workspace writes: %v", err)
		}
		if err := people.SetMemberNote(f.system, f.person.ID, "x"); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("the system (no member) writes: %v", err)
		}
		// The book: each member its own note, and a search on it.
		book := store.NewContactService(db)
		for _, tc := range []struct {
			name  string
			q     string
			alice int
			bob   int
		}{{"", "", 1, 1}, {"horizon", "horizon", 1, 0}, {"medicon", "medicon", 0, 1}} {
			ca, err := book.FindContacts(f.alice, passerelle.ContactFilter{Query: tc.q})
			must(t, err)
			cb, err := book.FindContacts(f.bob, passerelle.ContactFilter{Query: tc.q})
			must(t, err)
			if len(ca) != tc.alice || len(cb) != tc.bob {
				t.Errorf("search %q: alice %d, bob %d; want %d, %d", tc.q, len(ca), len(cb), tc.alice, tc.bob)
			}
			for _, c := range ca {
				if c.Note != "knows the Horizon call well" {
					t.Errorf("alice's book shows the note %q", c.Note)
				}
			}
			for _, c := range cb {
				if c.Note != "met at Medicon Village" {
					t.Errorf("bob's book shows the note %q", c.Note)
				}
			}
		}
		// A merge moves the notes to the kept record.
		dup := &passerelle.Person{FirstName: "Ada", LastName: "Lovelace"}
		must(t, people.CreatePerson(f.alice, dup))
		if _, err := people.MergePeople(f.alice, dup.ID, f.person.ID); err != nil {
			t.Fatal(err)
		}
		n, err = people.MemberNote(f.alice, dup.ID)
		read("alice after the merge", n, err, "knows the Horizon call well")
		// Cleared, and erased.
		must(t, people.SetMemberNote(f.alice, dup.ID, ""))
		n, err = people.MemberNote(f.alice, dup.ID)
		read("alice after clearing", n, err, "")
		must(t, people.ErasePerson(f.system, dup.ID))
		n, err = people.MemberNote(f.bob, dup.ID)
		read("bob after the erasure", n, err, "")
	})
}
