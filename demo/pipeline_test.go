package demo_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/demo"
	"passerelle/store"
	"passerelle/store/storetest"
)

// TestDemoPipeline: seed 001's Carnot figures of 2014 come out of the records, and seed
// 000's two letters of intent are opportunities from the Copenhagen mission's meetings.
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
				k.ForeignSharePct() != 20.6 || k.Counts.MeetingsHeld != 9 || k.Counts.CompaniesMetAbroad != 12 || k.Counts.Opportunities != 2 {
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
