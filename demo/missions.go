package demo

import (
	"context"
	"fmt"

	"passerelle"
	"passerelle/missions"
	"passerelle/store"
)

// loadMissions adds seed 000's mission: Business France's Copenhagen office programmes
// 3 days for GLOBAL CARE (Bertrand Coulomb) before the Nordic Life Sciences Days of
// September 2014: 12 companies in 9 meetings (dk1–dk2 are linked, dk3–dk5 share a CEO),
// an adviser at each, then a debrief per institute. The dates within September, the
// hours and the interests are made up (the seed gives none).
func loadMissions(ctx context.Context, db *store.DB, d *Directory) error {
	adviser, err := store.NewUserService(db).FindUserByEmail(d.System, "adviser@demo.passerelle.test")
	if err != nil {
		return err
	}
	m := &passerelle.Mission{Slug: "copenhagen-2014", Name: "Prospection mission to Copenhagen (Medicon Valley)",
		Context: "September 2014, before the Nordic Life Sciences Days congress in Stockholm: Bertrand Coulomb (international development, Europe, GLOBAL CARE) " +
			"asked Business France in Denmark for a prospection mission in the Copenhagen region (Medicon Valley), to promote the research of the 5 Carnot " +
			"institutes of GLOBAL CARE. Business France's Copenhagen office set up a 3-day programme with 12 local companies.",
		Destination: "Copenhagen, DK", StartDate: "2014-09-08", EndDate: "2014-09-10", TimeZone: "Europe/Copenhagen",
		DayStart: "09:00", DayEnd: "17:00", MeetingMinutes: 90, Venue: "At each company's premises (Copenhagen region)",
		OrganiserID: d.Orgs["bf-copenhagen"].ID, LeadPersonID: d.People["coulomb"].ID, AdviserIDs: []int64{adviser.ID},
		Status: passerelle.MissionDone} // it took place (a plan moves only a draft to planned)
	// The members taking part, each with the domain the seed gives it as its goal.
	goals := map[string]string{"pasteur-mi": "research partners in infectious diseases", "curie-cancer": "research partners in cancers",
		"icm":           "research partners in degenerative and traumatic diseases of the central nervous system",
		"voir-entendre": "research partners in diseases and disabilities of sight and hearing", "calym": "research partners in lymphomas"}
	for _, key := range []string{"pasteur-mi", "curie-cancer", "icm", "voir-entendre", "calym"} {
		m.Members = append(m.Members, passerelle.MissionMember{MemberID: d.Members[key].ID, Goals: goals[key]})
	}
	// Which institute asked to meet which company: those its debrief later covers
	// (made up, as the interests are).
	interests := map[string][]string{"pasteur-mi": {"dk8", "dk3"}, "curie-cancer": {"dk9", "dk5"}, "icm": {"dk6"},
		"voir-entendre": {"dk7", "dk10"}, "calym": {"dk11", "dk1"}}
	wishes := map[string][]passerelle.TargetWish{}
	for _, key := range []string{"pasteur-mi", "curie-cancer", "icm", "voir-entendre", "calym"} {
		for _, o := range interests[key] {
			wishes[o] = append(wishes[o], passerelle.TargetWish{MemberID: d.Members[key].ID, Reason: goals[key] + " (fictional)"})
		}
	}
	groups := map[string]string{"dk2": "dk1", "dk4": "dk3", "dk5": "dk3"}
	for i := 1; i <= 12; i++ {
		key := fmt.Sprintf("dk%d", i)
		g := key
		if x, ok := groups[key]; ok {
			g = x
		}
		m.Targets = append(m.Targets, passerelle.MissionTarget{OrganizationID: d.Orgs[key].ID, Group: g, WantedBy: wishes[key]})
	}
	svc := store.NewMissionService(db)
	if err := svc.CreateMission(d.System, m); err != nil {
		return err
	}
	if _, err := missions.Plan(d.System, db, m.Slug); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	for _, key := range []string{"pasteur-mi", "curie-cancer", "icm", "voir-entendre", "calym"} {
		db2 := &passerelle.Debrief{MissionID: m.ID, Member: passerelle.NamedRef{ID: d.Members[key].ID}, Status: "sent",
			Body: "Points of interest of the Danish companies met for " + d.Members[key].Name + " (fictional summary)."}
		for _, o := range interests[key] {
			db2.Organizations = append(db2.Organizations, passerelle.DebriefInterest{OrganizationID: d.Orgs[o].ID, Interest: "collaboration to discuss (fictional)"})
		}
		if err := svc.CreateDebrief(d.System, db2); err != nil {
			return fmt.Errorf("debrief %s: %w", key, err)
		}
	}
	return nil
}
