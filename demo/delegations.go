package demo

import (
	"context"
	"fmt"

	"passerelle"
	"passerelle/missions"
	"passerelle/store"
)

// loadDelegations adds the two visits of seed 003's 2020 (Genopole's international
// section), as missions: Genopole's team at the Research Triangle Park in January, and the
// Kawasaki Life Innovation Center's delegation received at Genopole in February. A
// mission whose destination is in the network's country is a delegation received in the
// annual report (docs/reports.md). The seed gives the months; the days are made up.
//
// Both are done, and each serves the cluster agreement the seed says it led to (loaded
// before: the agreement whose partner is the foreign cluster).
func loadDelegations(ctx context.Context, db *store.DB, d *Directory) error {
	svc := store.NewMissionService(db)
	agreementWith := func(key string) int64 {
		l, _, err := store.NewAgreementService(db).FindAgreements(d.System, passerelle.AgreementFilter{PartnerID: d.Orgs[key].ID, Limit: 1})
		if err != nil || len(l) == 0 {
			return 0
		}
		return l[0].ID
	}
	for _, m := range []*passerelle.Mission{
		{Slug: "rtp-2020", Name: "Genopole au Research Triangle Park (Caroline du Nord)",
			Context:     "Concrétiser les collaborations engagées en 2019 : identifier les besoins des entreprises de Genopole et du centre américain pour une convention de soft landing.",
			Destination: "Research Triangle Park, NC, US", StartDate: "2020-01-21", EndDate: "2020-01-22", TimeZone: "America/New_York",
			MeetingMinutes: 60, Venue: "North Carolina Biotechnology Center", LeadPersonID: d.People["genopole-intl"].ID,
			Targets: []passerelle.MissionTarget{{OrganizationID: d.Orgs["rtp"].ID}, {OrganizationID: d.Orgs["ncbiotech"].ID}},
			Status:  passerelle.MissionDone, AgreementID: agreementWith("rtp")},
		{Slug: "kawasaki-delegation-2020", Name: "Délégation du Life Innovation Center de Kawasaki à Genopole",
			Context:     "Comprendre le fonctionnement de l’écosystème de Genopole et s’en inspirer (softlanding, incubation, équipements mutualisés).",
			Destination: "Évry, FR", StartDate: "2020-02-11", EndDate: "2020-02-11", TimeZone: "Europe/Paris",
			MeetingMinutes: 90, Venue: "Genopole, Évry", OrganiserID: d.Orgs["kawasaki"].ID, Kind: passerelle.MissionIncoming,
			LeadPersonID: d.People["kawasaki-lead"].ID,
			Targets:      []passerelle.MissionTarget{{OrganizationID: d.Orgs["genopole"].ID}},
			Status:       passerelle.MissionDone, AgreementID: agreementWith("kawasaki")},
	} {
		if err := svc.CreateMission(d.System, m); err != nil {
			return err
		}
		// Each visit's meetings took place: planned by the scheduler, then held, so that
		// the 2020 report counts them beside the visit.
		if _, err := missions.Plan(d.System, db, m.Slug); err != nil {
			return fmt.Errorf("%s: plan: %w", m.Slug, err)
		}
		meetings := store.NewMeetingService(db)
		ms, _, err := meetings.FindMeetings(d.System, passerelle.MeetingFilter{Origin: passerelle.OriginMission, Limit: 100})
		if err != nil {
			return err
		}
		for _, mt := range ms {
			if mt.OriginID != m.ID {
				continue
			}
			mt.Status = passerelle.MeetingHeld
			if err := meetings.UpdateMeeting(d.System, mt); err != nil {
				return fmt.Errorf("%s: meeting %d: %w", m.Slug, mt.ID, err)
			}
		}
	}
	return nil
}
