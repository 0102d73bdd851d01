package demo

import (
	"context"
	"fmt"
	"slices"

	"passerelle"
	"passerelle/store"
)

// loadPipeline adds the pipeline of the seeds (docs/pipeline.md):
//
//   - seed 000: the Copenhagen mission's meetings were held, and the exchanges that
//     followed led to two Horizon 2020 projects whose letters of intent were filed: two
//     opportunities at the letter-of-intent stage, linked to the mission, its meetings and
//     the Danish companies (which companies and institutes, and the calls, are made up);
//   - seed 001: the Carnot figures of 2014 as records, not text: 75 M€ of R&D contracts
//     financed by companies abroad, 110 M€ from European collaborative projects, more
//     than 20 % of partnership revenue. The seed gives them for the whole Carnot network;
//     the demo spreads them evenly over its five member institutes, with fictional clients
//     and projects, and 715 M€ of contracts with French companies so that the foreign
//     share is 185 / 900 = 20.6 %.
func loadPipeline(ctx context.Context, db *store.DB, d *Directory) error {
	pipe := store.NewPipelineService(db)
	meetings := store.NewMeetingService(db)
	mission, err := store.NewMissionService(db).FindMission(d.System, "copenhagen-2014")
	if err != nil {
		return err
	}
	ms, _, err := meetings.FindMeetings(d.System, passerelle.MeetingFilter{Origin: passerelle.OriginMission, Limit: 100})
	if err != nil {
		return err
	}
	byOrg := map[int64]int64{} // Danish company -> its mission meeting
	for _, m := range ms {
		if m.OriginID != mission.ID {
			continue
		}
		m.Status = passerelle.MeetingHeld
		if err := meetings.UpdateMeeting(d.System, m); err != nil {
			return fmt.Errorf("meeting %d: %w", m.ID, err)
		}
		for _, o := range m.OrganizationIDs {
			byOrg[o] = m.ID
		}
	}
	for _, l := range []struct {
		member, title, call string
		orgs                []string
		value               int64
	}{
		{"pasteur-mi", "Horizon 2020: rapid diagnostics of antimicrobial resistance (fictional)", "H2020-SC1-2016-2017", []string{"dk8", "dk3"}, 450_000_00},
		{"curie-cancer", "Horizon 2020: antibody-drug conjugates in solid tumours (fictional)", "H2020-SC1-2016-2017", []string{"dk9", "dk5"}, 600_000_00},
	} {
		o := &passerelle.Opportunity{Title: l.title, MemberID: d.Members[l.member].ID, Stage: passerelle.StageLetterOfIntent,
			ExpectedValueCents: l.value, Programme: "Horizon 2020", CallID: l.call, OpenedOn: "2014-09-10", Deadline: "2015-10-13",
			NextAction: "Full proposal with the Danish partner", MissionIDs: []int64{mission.ID},
			Notes: "After the Copenhagen mission (seed 000): exchanges with the Danish companies, letter of intent filed. Call, amounts and dates are made up."}
		for _, k := range l.orgs {
			id := d.Orgs[k].ID
			o.OrganizationIDs = append(o.OrganizationIDs, id)
			if m := byOrg[id]; m != 0 && !slices.Contains(o.MeetingIDs, m) {
				o.MeetingIDs = append(o.MeetingIDs, m)
			}
		}
		if err := pipe.CreateOpportunity(d.System, o); err != nil {
			return fmt.Errorf("opportunity %s: %w", l.title, err)
		}
	}

	orgs := store.NewOrganizationService(db)
	clients := []struct{ name, country, city string }{
		{"Fictional: Boston Biologics Inc.", "US", "Boston"}, {"Fictional: Rhein Pharma GmbH", "DE", "Mannheim"},
		{"Fictional: Kansai Diagnostics K.K.", "JP", "Osaka"}, {"Fictional: Basel Life Sciences AG", "CH", "Basel"},
		{"Fictional: Cambridge Imaging Ltd", "GB", "Cambridge"}, {"Fictional: Laboratoires Seine Santé SAS", "FR", "Paris"},
	}
	ids := make([]int64, len(clients))
	for i, c := range clients {
		o := &passerelle.Organization{Name: c.name, Kind: passerelle.KindCompany, Country: c.country, City: c.city, Fictional: true,
			Tags: []string{"fictional"}}
		if err := orgs.CreateOrganization(d.System, o); err != nil {
			return err
		}
		ids[i] = o.ID
	}
	year := []passerelle.ProjectAmount{{Year: 2014}}
	amount := func(c int64) []passerelle.ProjectAmount { a := slices.Clone(year); a[0].AmountCents = c; return a }
	for i, key := range []string{"pasteur-mi", "curie-cancer", "icm", "voir-entendre", "calym"} {
		m := d.Members[key].ID
		role := passerelle.ProjectParticipant
		if i < 2 {
			role = passerelle.ProjectCoordinator
		}
		for _, p := range []*passerelle.Project{
			{Kind: passerelle.KindRDContract, Title: fmt.Sprintf("R&D contracts with companies abroad, 2014 (%s, fictional client)", d.Members[key].Name),
				ClientID: ids[i], SignedOn: "2014-01-15", StartDate: "2014-01-15", Amounts: amount(15_000_000_00)},
			{Kind: passerelle.KindEUProject, Acronym: fmt.Sprintf("GC-EU-%d", i+1), Title: fmt.Sprintf("European collaborative research, 2014 (%s, fictional)", d.Members[key].Name),
				Programme: "FP7 / Horizon 2020", Role: role, StartDate: "2014-01-01", Amounts: amount(22_000_000_00)},
			{Kind: passerelle.KindRDContract, Title: fmt.Sprintf("R&D contracts with French companies, 2014 (%s, fictional client)", d.Members[key].Name),
				ClientID: ids[5], SignedOn: "2014-01-15", StartDate: "2014-01-15", Amounts: amount(143_000_000_00)},
		} {
			p.MemberID = m
			p.Notes = "Seed 001: the Carnot network's 2014 figures, spread over the demo's five institutes."
			if err := pipe.CreateProject(d.System, p); err != nil {
				return fmt.Errorf("project %s: %w", p.Title, err)
			}
		}
	}
	return nil
}
