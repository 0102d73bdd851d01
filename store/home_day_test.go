package store_test

import (
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestHomeDay: the days the store fills itself are days of the network's home, not of
// UTC: an opportunity won at 00:30 on 1 January in Paris (23:30 UTC the day before) is
// opened and won on 1 January, and counts in that year.
func TestHomeDay(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		n := newKPINetwork(t, db)
		clock := db.Now
		defer func() { db.Now = clock }()
		at, _ := time.Parse(time.RFC3339, "2026-12-31T23:30:00Z")
		db.Now = func() time.Time { return at }
		o := &passerelle.Opportunity{Title: "New Year deal", Stage: passerelle.StageWon, OrganizationIDs: []int64{n.p.ID}}
		must(t, n.pipe.CreateOpportunity(n.alice, o))
		if o.OpenedOn != "2027-01-01" || o.WonOn != "2027-01-01" {
			t.Errorf("opened %s, won %s; want 2027-01-01 both", o.OpenedOn, o.WonOn)
		}
		if os, _, err := n.pipe.FindOpportunities(n.alice, passerelle.OpportunityFilter{Year: 2027}); err != nil || len(os) != 1 {
			t.Errorf("2027's opportunities: %d %v", len(os), err)
		}
		// An agreement that ended on 31 December has ended at 00:30 in Paris.
		agr := store.NewAgreementService(db)
		must(t, agr.CreateAgreement(n.alice, &passerelle.Agreement{Title: "Lyon – Montréal 2024-2026", StartDate: "2024-01-01", EndDate: "2026-12-31"}))
		for st, want := range map[passerelle.AgreementStatus]int{passerelle.StatusEnded: 1, passerelle.StatusActive: 0} {
			as, _, err := agr.FindAgreements(n.alice, passerelle.AgreementFilter{Status: st})
			got := 0
			for _, a := range as {
				if a.Title == "Lyon – Montréal 2024-2026" {
					got++
				}
			}
			if err != nil || got != want {
				t.Errorf("%s agreements: %d %v, want %d", st, got, err, want)
			}
		}
	})
}
