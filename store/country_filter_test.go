package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestCountryLists: the lists a country's figures link to (held meetings, projects and
// contracts, opportunities) hold the records the figures count, and a country never
// reveals another member's private record, nor a record through another member's
// private organisation.
func TestCountryLists(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		meetings := store.NewMeetingService(db)
		// A shared opportunity of Alice's linked to her private Danish organisation only
		// (a shared meeting may not name it): Danish for Alice, of no country for Bob.
		must(t, n.pipe.CreateOpportunity(n.alice, &passerelle.Opportunity{Title: "o4", OpenedOn: "2022-04-02", OrganizationIDs: []int64{n.p.ID}}))
		if os, _, err := n.pipe.FindOpportunities(n.bob, passerelle.OpportunityFilter{Year: 2022}); err != nil || len(os) != 1 {
			t.Fatalf("bob reads o4 without a country: %v %v", os, err)
		}
		bg := context.Background()
		A, B := n.memA.ID, n.memB.ID
		cases := []struct {
			name        string
			ctx         context.Context
			actor       *passerelle.Actor
			country     string
			year        int
			member      int64
			meetings    []string // held
			projects    []string
			opportunity []string
		}{
			{"alice, Germany", n.alice, n.aliceA, "DE", 0, 0, []string{"m1", "m3"}, []string{"c1", "e1", "e2"}, []string{"o1"}},
			{"bob, Germany (not his private contract)", n.bob, n.bobA, "de", 0, 0, []string{"m1", "m3"}, []string{"c1", "e1", "e2"}, []string{"o1"}},
			{"bob, B, Germany (his private contract)", n.bob, n.bobA, "de", 0, B, []string{"m3"}, []string{"c4", "e2"}, nil},
			{"bob, Germany, 2020", n.bob, n.bobA, "DE", 2020, 0, []string{"m1"}, []string{"c1", "e1"}, []string{"o1"}},
			{"alice sees B, Germany", n.alice, n.aliceA, "DE", 0, B, []string{"m3"}, []string{"e2"}, nil},
			{"alice, United States (not her private meeting and contract)", n.alice, n.aliceA, "US", 0, 0, nil, []string{"ref"}, nil},
			{"alice, A, United States (her private meeting and contract)", n.alice, n.aliceA, "US", 0, A, []string{"m2"}, []string{"c2"}, nil},
			{"bob, United States", n.bob, n.bobA, "US", 0, 0, nil, []string{"ref"}, nil},
			{"bob, France", n.bob, n.bobA, "FR", 0, 0, []string{"m1"}, []string{"c3", "e1", "l1"}, nil},
			{"alice, Denmark: her private organisation is not the network's", n.alice, n.aliceA, "DK", 0, 0, nil, nil, nil},
			{"bob, Denmark: Alice's private organisation makes nothing Danish", n.bob, n.bobA, "DK", 0, 0, nil, nil, nil},
			{"alice, A, Denmark", n.alice, n.aliceA, "DK", 0, A, []string{"m2"}, nil, []string{"o4"}},
		}
		sorted := func(s []string) []string { slices.Sort(s); return s }
		for _, c := range cases {
			// The network's lists read the shared records, as its figures count them.
			shared := c.member == 0
			mf := passerelle.MeetingFilter{Status: passerelle.MeetingHeld, Country: c.country, MemberID: c.member, Shared: shared}
			if c.year != 0 {
				mf.From, mf.To = time.Date(c.year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(c.year+1, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			ms, total, err := meetings.FindMeetings(c.ctx, mf)
			must(t, err)
			var got []string
			for _, m := range ms {
				got = append(got, m.Title)
			}
			if !slices.Equal(sorted(got), c.meetings) || total != len(c.meetings) {
				t.Errorf("%s: held meetings %v (total %d), want %v", c.name, got, total, c.meetings)
			}
			ps, total, err := n.pipe.FindProjects(c.ctx, passerelle.ProjectFilter{Country: c.country, Year: c.year, MemberID: c.member, Shared: shared})
			must(t, err)
			got = nil
			for _, p := range ps {
				got = append(got, p.Title)
			}
			if !slices.Equal(sorted(got), c.projects) || total != len(c.projects) {
				t.Errorf("%s: projects %v (total %d), want %v", c.name, got, total, c.projects)
			}
			os, total, err := n.pipe.FindOpportunities(c.ctx, passerelle.OpportunityFilter{Country: c.country, Year: c.year, MemberID: c.member, Shared: shared})
			must(t, err)
			got = nil
			for _, o := range os {
				got = append(got, o.Title)
			}
			if !slices.Equal(sorted(got), c.opportunity) || total != len(c.opportunity) {
				t.Errorf("%s: opportunities %v (total %d), want %v", c.name, got, total, c.opportunity)
			}
			// The figures count the same records.
			k, err := n.pipe.KPIs(bg, c.actor, passerelle.KPIFilter{Country: c.country, Year: c.year, MemberID: c.member})
			must(t, err)
			if k.Counts.MeetingsHeld != len(c.meetings) || k.Counts.Opportunities != len(c.opportunity) {
				t.Errorf("%s: figures count %d held meetings and %d opportunities, the lists %d and %d", c.name,
					k.Counts.MeetingsHeld, k.Counts.Opportunities, len(c.meetings), len(c.opportunity))
			}
		}
		// An unknown country is refused on its field, by every list.
		_, _, err := meetings.FindMeetings(n.alice, passerelle.MeetingFilter{Country: "XX"})
		_, _, err2 := n.pipe.FindProjects(n.alice, passerelle.ProjectFilter{Country: "XX"})
		_, _, err3 := n.pipe.FindOpportunities(n.alice, passerelle.OpportunityFilter{Country: "XX"})
		for _, err := range []error{err, err2, err3} {
			if passerelle.ErrorFields(err)["country"] == "" {
				t.Errorf("an unknown country: %v", err)
			}
		}
	})
}

// TestFigureLists: the projects a figure links to are those it counts — "R&D contracts
// financed abroad" (abroad=1: the client's country is not the home country) and the
// members' EU projects (with_member=1: no reference data) — and their money of the year
// adds up to the figure.
func TestFigureLists(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		for _, tc := range []struct {
			name  string
			ctx   context.Context
			actor *passerelle.Actor
			f     passerelle.ProjectFilter
			want  []string
		}{
			{"alice, the network's contracts abroad, 2020 (not her private one)", n.alice, n.aliceA,
				passerelle.ProjectFilter{Kind: passerelle.KindRDContract, Abroad: true, WithMember: true, Shared: true, Year: 2020}, []string{"c1"}},
			{"alice, A's contracts abroad, 2020 (her private one)", n.alice, n.aliceA,
				passerelle.ProjectFilter{Kind: passerelle.KindRDContract, Abroad: true, WithMember: true, MemberID: n.memA.ID, Year: 2020}, []string{"c1", "c2"}},
			{"bob, contracts abroad, 2020", n.bob, n.bobA,
				passerelle.ProjectFilter{Kind: passerelle.KindRDContract, Abroad: true, WithMember: true, Shared: true, Year: 2020}, []string{"c1"}},
			{"bob, contracts abroad of B", n.bob, n.bobA,
				passerelle.ProjectFilter{Kind: passerelle.KindRDContract, Abroad: true, WithMember: true, MemberID: n.memB.ID}, []string{"c4"}},
			{"bob, the members' EU projects, 2020 (not the reference project)", n.bob, n.bobA,
				passerelle.ProjectFilter{Kind: passerelle.KindEUProject, WithMember: true, Shared: true, Year: 2020}, []string{"e1"}},
		} {
			ps, _, err := n.pipe.FindProjects(tc.ctx, tc.f)
			must(t, err)
			var got []string
			var sum int64
			for _, p := range ps {
				got = append(got, p.Title)
				for _, am := range p.Amounts {
					if tc.f.Year == 0 || am.Year == tc.f.Year {
						sum += am.EURCents
					}
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
			k, err := n.pipe.KPIs(context.Background(), tc.actor, passerelle.KPIFilter{Year: tc.f.Year, MemberID: tc.f.MemberID})
			must(t, err)
			figure := k.Money.RDContractsForeign
			if tc.f.Kind == passerelle.KindEUProject {
				figure = k.Money.EUProjects
			}
			if sum != figure {
				t.Errorf("%s: the listed records' money %d, the figure %d", tc.name, sum, figure)
			}
		}
	})
}
