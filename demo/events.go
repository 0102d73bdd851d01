package demo

import (
	"context"
	"fmt"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// The demo's partnering events, from the seeds: Bio-Japan 2008 in Yokohama, 15–17 October
// 2008, where B to B meetings between companies of the Toulouse, Lyon-Grenoble and
// Strasbourg regions and of the Kansai were organised (seed 004); Biotech Showcase 2020 in
// San Francisco in January, where Genopole met investors such as New Sciences LLC and Leaf
// Ventures in speed meetings programmed by Business France, about thirty meetings with
// R&D companies, CROs and pharmas (seed 003); BIO USA 2020 in June, held virtually, more
// than 40 meetings by videoconference (seed 003). What the seeds do not say is made up and
// marked: every participant's name says "(fictional)", and so does every company the seeds
// do not name; the hours, tables and exact days within the month are invented too (see
// docs/events.md).
func loadEvents(ctx context.Context, db *store.DB, d *Directory) error {
	svc := store.NewEventService(db)
	for _, ev := range demoEvents() {
		if _, err := svc.ImportEvent(d.System, ev); err != nil {
			return fmt.Errorf("%s: %w", ev.Event.Slug, err)
		}
		if _, err := events.Schedule(d.System, svc, ev.Event.Slug, events.ScheduleOptions{TimeLimit: time.Second}, nil); err != nil {
			return fmt.Errorf("%s schedule: %w", ev.Event.Slug, err)
		}
		e, err := svc.FindEventBySlug(d.System, ev.Event.Slug)
		if err != nil {
			return err
		}
		if err := svc.PublishEvent(d.System, e.ID); err != nil {
			return err
		}
	}
	return nil
}

// invented makes a fictional participant of an organisation.
func invented(ref, name string, org passerelle.EventOrg) *passerelle.EventParticipant {
	return &passerelle.EventParticipant{Ref: ref, Name: name + " (fictional)", Organization: org}
}

func demoEvents() []*passerelle.EventImport {
	var out []*passerelle.EventImport

	// Bio-Japan 2008: the three poles' companies (fictional) meet Kansai companies
	// (fictional); the poles and the Kansai Bio Promotion Council come in person.
	bj := &passerelle.EventImport{Event: passerelle.Event{Slug: "bio-japan-2008", Name: "Bio-Japan 2008 – rendez-vous B to B Life Science Corridor France – Kansai",
		TimeZone: "Asia/Tokyo", Location: "Yokohama", MeetingMinutes: 30, MaxMeetings: 12,
		Tables: []string{"1", "2", "3", "4", "5", "6", "7", "8"}}}
	for _, day := range []string{"2008-10-15", "2008-10-16", "2008-10-17"} {
		bj.Event.Days = append(bj.Event.Days, passerelle.EventDay{Date: day, Start: "10:00", End: "17:00", Breaks: []passerelle.EventBreak{{Start: "12:30", End: "13:30"}}})
	}
	french := []passerelle.EventOrg{
		{Name: "Pôle Cancer-Bio-Santé", Country: "FR"}, {Name: "Lyonbiopôle", Country: "FR"}, {Name: "Alsace BioValley", Country: "FR"},
		{Name: "Fictional: Garonne Oncologie SAS", Country: "FR"}, {Name: "Fictional: Rhône Vaccins SA", Country: "FR"},
		{Name: "Fictional: Ill Medtech SARL", Country: "FR"},
	}
	japanese := []passerelle.EventOrg{
		{Name: "Kansai Bio Promotion Council", Country: "JP"}, {Name: "Fictional: Naniwa Pharma KK", Country: "JP"},
		{Name: "Fictional: Kobe Cell Therapeutics KK", Country: "JP"}, {Name: "Fictional: Kyoto Diagnostics KK", Country: "JP"},
		{Name: "Fictional: Hyogo Bioprocess KK", Country: "JP"},
	}
	fr := []string{"Claire", "Julien", "Sophie", "Marc", "Élodie", "Thomas"}
	jp := []string{"Haruto", "Yui", "Sota", "Aoi", "Ren"}
	for i, o := range french {
		bj.Participants = append(bj.Participants, invented(fmt.Sprintf("fr%d", i+1), fr[i]+" Martin", o))
	}
	for i, o := range japanese {
		bj.Participants = append(bj.Participants, invented(fmt.Sprintf("jp%d", i+1), jp[i]+" Yamamoto", o))
	}
	for i := range french {
		for j := range japanese {
			if (i+j)%2 == 0 {
				status := passerelle.RequestAccepted
				if (i*j)%7 == 3 {
					status = passerelle.RequestDeclined
				}
				bj.Requests = append(bj.Requests, &passerelle.EventRequest{From: fmt.Sprintf("fr%d", i+1), To: fmt.Sprintf("jp%d", j+1), Status: status, Priority: 1})
			}
		}
	}
	out = append(out, bj)

	// Biotech Showcase 2020: Genopole's delegation (two fictional people of Genopole) in
	// speed meetings with investors named by the seed and fictional R&D companies, CROs and
	// pharmas: about thirty meetings.
	bs := &passerelle.EventImport{Event: passerelle.Event{Slug: "biotech-showcase-2020", Name: "Biotech Showcase 2020 – speed meetings de la délégation française",
		TimeZone: "America/Los_Angeles", Location: "San Francisco", MeetingMinutes: 20, MaxMeetings: 20,
		Tables: []string{"A", "B", "C", "D", "E", "F"}}}
	for _, day := range []string{"2020-01-13", "2020-01-14"} {
		bs.Event.Days = append(bs.Event.Days, passerelle.EventDay{Date: day, Start: "09:00", End: "16:00", Breaks: []passerelle.EventBreak{{Start: "12:00", End: "13:00"}}})
	}
	genopole := passerelle.EventOrg{Name: "Genopole", Country: "FR"}
	bs.Participants = append(bs.Participants, invented("gen1", "Camille Bernard", genopole), invented("gen2", "Hugo Petit", genopole),
		invented("inv1", "Alex Carter", passerelle.EventOrg{Name: "New Sciences LLC", Country: "US"}),
		invented("inv2", "Jordan Lee", passerelle.EventOrg{Name: "Leaf Ventures", Country: "US"}))
	kinds := []string{"Fictional: Bay Genomics Inc. (R&D)", "Fictional: Pacific CRO Services Inc.", "Fictional: Golden Gate Pharma Inc.",
		"Fictional: Mission Bay Therapeutics Inc.", "Fictional: Presidio Biologics Inc.", "Fictional: Sunset Clinical Research LLC (CRO)",
		"Fictional: Embarcadero Pharma Corp.", "Fictional: Sausalito Bio Inc."}
	for i := 0; i < 28; i++ {
		ref := fmt.Sprintf("co%d", i+1)
		bs.Participants = append(bs.Participants, invented(ref, fmt.Sprintf("Participant %d", i+1), passerelle.EventOrg{Name: kinds[i%len(kinds)], Country: "US"}))
		bs.Requests = append(bs.Requests, &passerelle.EventRequest{From: []string{"gen1", "gen2"}[i%2], To: ref, Status: passerelle.RequestAccepted, Priority: 1})
	}
	bs.Requests = append(bs.Requests, &passerelle.EventRequest{From: "gen1", To: "inv1", Status: passerelle.RequestAccepted, Priority: 2},
		&passerelle.EventRequest{From: "gen2", To: "inv2", Status: passerelle.RequestAccepted, Priority: 2})
	out = append(out, bs)

	// BIO USA 2020, virtual: Genopole and companies it supports (fictional) meet by
	// videoconference; more than 40 meetings.
	bu := &passerelle.EventImport{Event: passerelle.Event{Slug: "bio-usa-2020-virtual", Name: "BIO USA 2020 (virtuel) – pavillon France",
		TimeZone: "America/New_York", MeetingMinutes: 30, MaxMeetings: 16, VideoURL: "https://video.example.org/bio2020"}}
	for _, day := range []string{"2020-06-08", "2020-06-09", "2020-06-10"} {
		bu.Event.Days = append(bu.Event.Days, passerelle.EventDay{Date: day, Start: "09:00", End: "13:00"})
	}
	bu.Participants = append(bu.Participants, invented("gen", "Camille Bernard", genopole),
		invented("fr1", "Nadia Haddad", passerelle.EventOrg{Name: "Fictional: Évry Genomics SAS", Country: "FR"}),
		invented("fr2", "Louis Moreau", passerelle.EventOrg{Name: "Fictional: Essonne Biotherapies SAS", Country: "FR"}))
	for i := 0; i < 42; i++ {
		ref := fmt.Sprintf("us%d", i+1)
		bu.Participants = append(bu.Participants, invented(ref, fmt.Sprintf("Partner %d", i+1), passerelle.EventOrg{Name: fmt.Sprintf("Fictional: Partner Company %d Inc.", i+1), Country: "US"}))
		bu.Requests = append(bu.Requests, &passerelle.EventRequest{From: []string{"gen", "fr1", "fr2"}[i%3], To: ref, Status: passerelle.RequestAccepted, Priority: 1})
	}
	out = append(out, bu)
	return out
}
