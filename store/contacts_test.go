package store_test

import (
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestContactBook: the people met on a mission's meetings, or working for an
// organisation met, are in the book with where, when and who met them; another member's
// private person is not; filters by name, country, organisation and place narrow it.
func TestContactBook(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		people := store.NewPersonService(db)
		secret := &passerelle.Person{FirstName: "Zeb", LastName: "Secret", Visibility: passerelle.VisibilityPrivate}
		must(t, people.CreatePerson(f.alice, secret))
		ceo := &passerelle.Person{FirstName: "Mette", LastName: "Larsen", Country: "DK"}
		must(t, people.CreatePerson(f.system, ceo))
		must(t, people.CreateAffiliation(f.system, &passerelle.Affiliation{PersonID: ceo.ID, OrganizationID: f.org.ID, Role: "CEO"}))
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-11",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		must(t, svc.CreateMission(f.system, m))
		x := f.meeting("Mission meeting")
		x.Origin, x.OriginID, x.PersonIDs, x.AttendeeIDs = passerelle.OriginMission, m.ID, []int64{f.person.ID}, []int64{f.aliceID}
		must(t, f.meetings.CreateMeeting(f.alice, x))
		y := f.meeting("Alpha's own mission meeting")
		y.Origin, y.OriginID, y.PersonIDs, y.OrganizationIDs, y.AttendeeIDs = passerelle.OriginMission, m.ID, []int64{secret.ID}, nil, []int64{f.aliceID}
		y.Visibility = passerelle.VisibilityPrivate
		must(t, f.meetings.CreateMeeting(f.alice, y))
		must(t, f.meetings.CreateMeeting(f.alice, f.meeting("Ad hoc meeting"))) // not a mission's: not in the book by itself
		book := store.NewContactService(db)
		names := func(ctx interface{}, fl passerelle.ContactFilter) map[string]int {
			t.Helper()
			cs, err := book.FindContacts(f.alice, fl)
			if ctx == "bob" {
				cs, err = book.FindContacts(f.bob, fl)
			}
			must(t, err)
			out := map[string]int{}
			for _, c := range cs {
				out[c.Person.Name] = len(c.Met)
				for _, mt := range c.Met {
					if mt.OriginRef != "cph" || mt.OriginID != m.ID || len(mt.By) != 1 || mt.By[0] != "alice@example.org" {
						t.Errorf("%s met at %+v", c.Person.Name, mt)
					}
				}
			}
			return out
		}
		if got := names("alice", passerelle.ContactFilter{}); len(got) != 3 || got["Mette Larsen"] != 1 || got["Zeb Secret"] != 1 {
			t.Errorf("alice's book: %v", got)
		}
		if got := names("bob", passerelle.ContactFilter{}); len(got) != 2 || got["Ada Lovelace"] != 1 || got["Mette Larsen"] != 1 {
			t.Errorf("bob's book: %v (another member's private person must not be there)", got)
		}
		if got := names("bob", passerelle.ContactFilter{Country: "DK"}); len(got) != 1 || got["Mette Larsen"] != 1 {
			t.Errorf("by country: %v", got)
		}
		if got := names("bob", passerelle.ContactFilter{Query: "lovel"}); len(got) != 1 {
			t.Errorf("by name: %v", got)
		}
		if got := names("bob", passerelle.ContactFilter{OrganizationID: f.org.ID}); len(got) != 1 || got["Mette Larsen"] != 1 {
			t.Errorf("by organisation: %v", got)
		}
		if got := names("bob", passerelle.ContactFilter{At: "mission:cph"}); len(got) != 2 {
			t.Errorf("at the mission: %v", got)
		}
		if _, err := book.FindContacts(f.bob, passerelle.ContactFilter{At: "congress:x"}); passerelle.ErrorCode(err) != passerelle.EINVALID {
			t.Errorf("bad place: %v", err)
		}
	})
}
