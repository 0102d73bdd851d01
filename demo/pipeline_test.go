package demo_test

import (
	"context"
	"strings"
	"testing"

	"passerelle"
	"passerelle/demo"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestDemoPipeline: seed 001's Carnot figures of 2014 come out of the records, and seed
// 000's two letters of intent are opportunities from the Copenhagen mission's meetings.
// The meetings of 2014: the mission's 9 and the made-up ones of GLOBAL CARE abroad
// (TestDemoCompaniesMetAbroad).
func TestDemoPipeline(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			d, _, err := demo.Load(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			pipe := store.NewPipelineService(db)
			reader := &passerelle.Actor{WorkspaceID: d.Workspace.ID, Role: passerelle.RoleCoordinator}
			k, err := pipe.KPIs(context.Background(), reader, passerelle.KPIFilter{Year: 2014})
			if err != nil {
				t.Fatal(err)
			}
			if k.Money.RDContractsForeign != 75_000_000_00 || k.Money.EUProjects != 110_000_000_00 || k.Money.PartnershipRevenue != 900_000_000_00 ||
				k.ForeignSharePct() != 20.6 || k.Counts.MeetingsHeld != 136 || k.Counts.CompaniesMetAbroad != 131 || k.Counts.Opportunities != 2 {
				t.Errorf("2014: %+v %+v %.1f %%", k.Counts, k.Money, k.ForeignSharePct())
			}
			os, _, err := pipe.FindOpportunities(d.System, passerelle.OpportunityFilter{Stage: passerelle.StageLetterOfIntent})
			if err != nil {
				t.Fatal(err)
			}
			if len(os) != 2 {
				t.Fatalf("%d letters of intent", len(os))
			}
			for _, o := range os {
				if o.Programme != "Horizon 2020" || len(o.MissionIDs) != 1 || len(o.MeetingIDs) == 0 {
					t.Errorf("%s: %+v", o.Title, o)
				}
			}
		})
	}
}

// TestDemoCompaniesMetAbroad: seed 001's "meetings with more than 250 innovative
// companies outside France" (GLOBAL CARE, 2013 to July 2015) come out of the records:
// the network's figure over those years, each company a fictional record in the United
// States, Asia or Europe outside France, met by the members in shared, held meetings.
// The 2020 events' and visit's held meetings add the organisations met there, four of
// them named by seed 003.
func TestDemoCompaniesMetAbroad(t *testing.T) {
	regions := map[string]string{"US": "us", "JP": "asia", "KR": "asia", "SG": "asia", "CN": "asia",
		"DE": "europe", "GB": "europe", "CH": "europe", "NL": "europe", "BE": "europe", "SE": "europe", "IT": "europe", "ES": "europe", "DK": "europe"}
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d, _, err := demo.Load(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			pipe := store.NewPipelineService(db)
			reader := &passerelle.Actor{WorkspaceID: d.Workspace.ID, Role: passerelle.RoleViewer}
			met := map[int64]bool{}
			for y, least := range map[int]int{2013: 50, 2014: 50, 2015: 50, 2020: 40} {
				os, err := pipe.CompaniesMetAbroad(ctx, reader, passerelle.KPIFilter{Year: y})
				if err != nil {
					t.Fatal(err)
				}
				if len(os) < least {
					t.Errorf("%d: %d companies met abroad", y, len(os))
				}
				for _, o := range os {
					met[o.ID] = true
				}
			}
			all, err := pipe.CompaniesMetAbroad(ctx, reader, passerelle.KPIFilter{})
			if err != nil {
				t.Fatal(err)
			}
			k, err := pipe.KPIs(ctx, reader, passerelle.KPIFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if k.Counts.CompaniesMetAbroad <= 250 || len(all) != k.Counts.CompaniesMetAbroad || len(met) != len(all) {
				t.Fatalf("companies met abroad: %d (listed %d, in 2013-2015 and 2020 %d), want more than 250", k.Counts.CompaniesMetAbroad, len(all), len(met))
			}
			named := map[string]bool{"New Sciences LLC": true, "Leaf Ventures": true, "Research Triangle Park": true, "North Carolina Biotechnology Center": true}
			seen := map[string]int{}
			for _, o := range all {
				// The figure's list reads names and countries; the demo names what it
				// makes up "Fictional: ...".
				if !strings.HasPrefix(o.Name, "Fictional: ") && !named[o.Name] || regions[o.Country] == "" {
					t.Errorf("%s (%s): not a fictional company abroad", o.Name, o.Country)
				}
				seen[regions[o.Country]]++
			}
			for _, r := range []string{"us", "asia", "europe"} {
				if seen[r] < 50 {
					t.Errorf("%s: %d companies (%v)", r, seen[r], seen)
				}
			}
			// Every member met some, and 2016 has none: the seed's figure ends in July 2015.
			for _, m := range d.Members {
				k, err := pipe.KPIs(ctx, reader, passerelle.KPIFilter{MemberID: m.ID})
				if err != nil {
					t.Fatal(err)
				}
				if k.Counts.CompaniesMetAbroad < 30 {
					t.Errorf("%s: %d companies met abroad", m.Name, k.Counts.CompaniesMetAbroad)
				}
			}
			if k, err := pipe.KPIs(ctx, reader, passerelle.KPIFilter{Year: 2016}); err != nil || k.Counts.MeetingsHeld != 0 {
				t.Errorf("2016: %+v %v", k.Counts, err)
			}
		})
	}
}
