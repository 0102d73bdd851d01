package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// The audit entries of a record follow the record's visibility now, not the one it had
// when they were written: a record shared, changed, then made private takes its past
// entries with it, away from the other members and their managers (who still read the
// change of visibility itself, so that they know who took it). Its own member and the
// system read them all.
func TestAuditFollowsRecordVisibility(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		coordA := passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberA.ID, Role: passerelle.RoleCoordinator})
		coordB := passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: f.ws.ID, MemberID: f.memberB.ID, Role: passerelle.RoleCoordinator})
		orgs, people := store.NewOrganizationService(db), store.NewPersonService(db)
		agrs, meetings, pipe := store.NewAgreementService(db), store.NewMeetingService(db), store.NewPipelineService(db)
		audit := store.NewAuditService(db)
		private := passerelle.VisibilityPrivate
		start := time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC)
		for _, tc := range []struct {
			entity string
			// create makes a shared record as Bob, rename changes it as Bob, hide makes
			// it private as Beta's coordinator.
			create func() int64
			rename func(id int64) error
			hide   func(id int64) error
		}{
			{"organization", func() int64 {
				o := &passerelle.Organization{Name: "Soon Private Org", Kind: passerelle.KindCompany, Country: "JP"}
				must(t, orgs.CreateOrganization(f.bob, o))
				return o.ID
			}, func(id int64) error {
				o, err := orgs.FindOrganizationByID(f.bob, id)
				must(t, err)
				o.Name = "Renamed Private Org"
				return orgs.UpdateOrganization(f.bob, o)
			}, func(id int64) error {
				o, err := orgs.FindOrganizationByID(coordB, id)
				must(t, err)
				o.Visibility = private
				return orgs.UpdateOrganization(coordB, o)
			}},
			{"person", func() int64 {
				p := &passerelle.Person{FirstName: "Soon", LastName: "Privateperson"}
				must(t, people.CreatePerson(f.bob, p))
				return p.ID
			}, func(id int64) error {
				p, err := people.FindPersonByID(f.bob, id)
				must(t, err)
				p.LastName = "Renamedperson"
				return people.UpdatePerson(f.bob, p)
			}, func(id int64) error {
				p, err := people.FindPersonByID(coordB, id)
				must(t, err)
				p.Visibility = private
				return people.UpdatePerson(coordB, p)
			}},
			{"agreement", func() int64 {
				a := &passerelle.Agreement{Title: "Soon Private Convention"}
				must(t, agrs.CreateAgreement(f.bob, a))
				return a.ID
			}, func(id int64) error {
				a, err := agrs.FindAgreementByID(f.bob, id)
				must(t, err)
				a.Title = "Renamed Private Convention"
				return agrs.UpdateAgreement(f.bob, a)
			}, func(id int64) error {
				a, err := agrs.FindAgreementByID(coordB, id)
				must(t, err)
				a.Visibility = private
				return agrs.UpdateAgreement(coordB, a)
			}},
			{"meeting", func() int64 {
				m := &passerelle.Meeting{Title: "Soon Private Meeting", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Paris"}
				must(t, meetings.CreateMeeting(f.bob, m))
				return m.ID
			}, func(id int64) error {
				m, err := meetings.FindMeetingByID(f.bob, id)
				must(t, err)
				m.Title = "Renamed Private Meeting"
				return meetings.UpdateMeeting(f.bob, m)
			}, func(id int64) error {
				m, err := meetings.FindMeetingByID(coordB, id)
				must(t, err)
				m.Visibility = private
				return meetings.UpdateMeeting(coordB, m)
			}},
			{"opportunity", func() int64 {
				o := &passerelle.Opportunity{Title: "Soon Private Lead"}
				must(t, pipe.CreateOpportunity(f.bob, o))
				return o.ID
			}, func(id int64) error {
				o, err := pipe.FindOpportunityByID(f.bob, id)
				must(t, err)
				o.Title = "Renamed Private Lead"
				return pipe.UpdateOpportunity(f.bob, o)
			}, func(id int64) error {
				o, err := pipe.FindOpportunityByID(coordB, id)
				must(t, err)
				o.Visibility = private
				return pipe.UpdateOpportunity(coordB, o)
			}},
		} {
			t.Run(tc.entity, func(t *testing.T) {
				id := tc.create()
				must(t, tc.rename(id))
				actions := func(ctx context.Context, filter passerelle.AuditFilter) []string {
					t.Helper()
					es, err := audit.FindAuditEntries(ctx, filter)
					must(t, err)
					var out []string
					for _, e := range es {
						if e.Entity == tc.entity && e.EntityID == id {
							out = append(out, e.Action)
						}
					}
					slices.Sort(out)
					return out
				}
				one := passerelle.AuditFilter{Entity: tc.entity, EntityID: id}
				if got := actions(f.alice, one); !slices.Equal(got, []string{"create", "update"}) {
					t.Fatalf("while shared, another member reads %v", got)
				}
				must(t, tc.hide(id))
				for _, r := range []struct {
					who    string
					ctx    context.Context
					want   []string
					filter passerelle.AuditFilter
				}{
					{"another member, its history", f.alice, nil, one},
					{"another member, the whole log", f.alice, nil, passerelle.AuditFilter{Limit: 500}},
					{"another member's coordinator", coordA, []string{"visibility"}, one},
					{"another member's coordinator, the whole log", coordA, []string{"visibility"}, passerelle.AuditFilter{Limit: 500}},
					{"the owning member", f.bob, []string{"create", "update", "visibility"}, one},
					{"the system", f.system, []string{"create", "update", "visibility"}, one},
				} {
					if got := actions(r.ctx, r.filter); !slices.Equal(got, r.want) {
						t.Errorf("%s reads %v, want %v", r.who, got, r.want)
					}
				}
			})
		}
	})
}
