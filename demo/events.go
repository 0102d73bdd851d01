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
		for _, p := range ev.Participants {
			p.Email = participantEmail(ev.Event.Slug, p.Ref)
		}
		if _, err := svc.ImportEvent(d.System, ev); err != nil {
			return fmt.Errorf("%s: %w", ev.Event.Slug, err)
		}
		e, err := svc.FindEventBySlug(d.System, ev.Event.Slug)
		if err != nil {
			return err
		}
		if ev.Event.Slug == upcomingEvent {
			if err := svc.SetRegistrationOpen(d.System, e.ID, true); err != nil {
				return err
			}
			if err := fillUpcoming(d.System, svc, e, len(ev.Participants)); err != nil {
				return fmt.Errorf("%s: %w", ev.Event.Slug, err)
			}
		} else {
			if _, err := events.Schedule(d.System, svc, ev.Event.Slug, events.ScheduleOptions{TimeLimit: time.Second}, nil); err != nil {
				return fmt.Errorf("%s schedule: %w", ev.Event.Slug, err)
			}
			if err := svc.PublishEvent(d.System, e.ID); err != nil {
				return err
			}
		}
		if heldEvents[ev.Event.Slug] {
			if err := markHeld(d.System, db, svc, e.ID); err != nil {
				return fmt.Errorf("%s: %w", ev.Event.Slug, err)
			}
		}
		// The first participant signs in with the demo's password, to try the
		// participant's side: agenda, profile, requests, feed.
		ps, err := svc.EventParticipants(d.System, e.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Ref == ev.Participants[0].Ref {
				if _, err := svc.SetParticipantPassword(d.System, e.WorkspaceID, p.ID, "", Password, true); err != nil {
					return fmt.Errorf("%s: password of %s: %w", ev.Event.Slug, p.Ref, err)
				}
			}
		}
	}
	return nil
}

// nextEdition is a made-up next Bio-Japan, two months after the demo is loaded, with
// the same fictional participants: registration and meeting requests are open, nothing
// is scheduled yet, so that the participant's side (requests, availability, the
// registration page) can be tried on an event to come. Its dates are fictional and its
// name says so.
func nextEdition(people []*passerelle.EventParticipant, now time.Time) *passerelle.EventImport {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		tokyo = time.UTC
	}
	day := func(d int) string { return now.In(tokyo).AddDate(0, 0, d).Format("2006-01-02") }
	ev := &passerelle.EventImport{Event: passerelle.Event{Slug: upcomingEvent, Name: "Bio-Japan – next edition (fictional dates)",
		TimeZone: "Asia/Tokyo", Location: "Yokohama", MeetingMinutes: 30, MaxMeetings: 12, Tables: []string{"1", "2", "3", "4", "5", "6", "7", "8"},
		Phases: []passerelle.EventPhase{{Phase: "registration", Start: day(-14), End: day(30)}, {Phase: "requests", Start: day(-7), End: day(45)},
			{Phase: "scheduling", Start: day(46), End: day(55)}, {Phase: "event", Start: day(60), End: day(62)}}},
		Participants: people}
	for d := 60; d <= 62; d++ {
		ev.Event.Days = append(ev.Event.Days, passerelle.EventDay{Date: day(d), Start: "10:00", End: "17:00", Breaks: []passerelle.EventBreak{{Start: "12:30", End: "13:30"}}})
	}
	for _, r := range []struct {
		from, to string
		status   passerelle.RequestStatus
	}{
		{"jp1", "fr1", passerelle.RequestPending}, {"fr1", "jp2", passerelle.RequestAccepted}, {"fr2", "jp1", passerelle.RequestPending},
		{"fr3", "jp3", passerelle.RequestAccepted}, {"jp4", "fr4", passerelle.RequestAccepted},
	} {
		ev.Requests = append(ev.Requests, &passerelle.EventRequest{From: r.from, To: r.to, Status: r.status, Priority: 1})
	}
	return ev
}

// fillUpcoming makes the event to come full at its imported participants, with the
// organiser's address for registrations and two registrations confirmed onto its
// waiting list, so that the organiser's page shows the list and "Admit".
func fillUpcoming(ctx context.Context, svc *store.EventService, e *passerelle.Event, imported int) error {
	e.MaxParticipants, e.NotifyEmail = imported, participantEmail(e.Slug, "organiser")
	if _, err := svc.SaveEvent(ctx, e, false); err != nil {
		return err
	}
	for _, p := range []*passerelle.EventParticipant{
		withProfile(&passerelle.EventParticipant{Name: "Hana Mori (fictional)", Email: participantEmail(e.Slug, "wait1"),
			Organization: passerelle.EventOrg{Name: "Mori Biologics (fictional)", Country: "JP"}}, profileCRO),
		withProfile(&passerelle.EventParticipant{Name: "Louis Garnier (fictional)", Email: participantEmail(e.Slug, "wait2"),
			Organization: passerelle.EventOrg{Name: "Garnier Diagnostics (fictional)", Country: "FR"}}, profileDiagnostics),
	} {
		token, err := svc.Register(ctx, e, p, "en", "demo")
		if err != nil {
			return err
		}
		in, _, err := svc.Signin(ctx, token, false)
		if err != nil {
			return err
		}
		if err := svc.SaveProfile(ctx, e.WorkspaceID, in.ID, p.Profile); err != nil {
			return err
		}
	}
	return nil
}

// upcomingEvent is the demo's event to come (nextEdition): left unscheduled, its
// registration open.
const upcomingEvent = "bio-japan-next"

// heldEvents are the demo's events whose meetings took place: the 2020 report and the
// events' statistics count them as held. Bio-Japan 2008's stay planned, for trying the
// check-in page on them.
var heldEvents = map[string]bool{"biotech-showcase-2020": true, "bio-usa-2020-virtual": true}

// markHeld marks an event's meetings held, one in twelve no-show, as the floor staff
// would have on the check-in page.
func markHeld(ctx context.Context, db *store.DB, svc *store.EventService, eventID int64) error {
	ms, err := svc.EventMeetings(ctx, eventID)
	if err != nil {
		return err
	}
	meetings := store.NewMeetingService(db)
	for i, em := range ms {
		if em.Meeting.Status == passerelle.MeetingCancelled {
			continue
		}
		// The event's list carries no organisations or attendees: an update of it
		// would unlink them.
		m, err := meetings.FindMeetingByID(ctx, em.Meeting.ID)
		if err != nil {
			return err
		}
		m.Status = passerelle.MeetingHeld
		if i%12 == 11 {
			m.Status = passerelle.MeetingNoShow
		}
		if err := meetings.UpdateMeeting(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// participantEmail is a demo participant's address: the reserved .test domain, so that
// a configured mail server sends nothing anywhere.
func participantEmail(slug, ref string) string {
	return ref + "@" + slug + ".demo.passerelle.test"
}

// ParticipantAccount is a demo event participant who signs in with Password on the
// event's pages, /e/{workspace}/{Event}.
type ParticipantAccount struct{ Email, Event string }

// ParticipantAccounts are the participants loadEvents gives the password: the first of
// each demo event.
func ParticipantAccounts() []ParticipantAccount {
	var out []ParticipantAccount
	for _, ev := range demoEvents() {
		out = append(out, ParticipantAccount{Email: participantEmail(ev.Event.Slug, ev.Participants[0].Ref), Event: ev.Event.Slug})
	}
	return out
}

// invented makes a fictional participant of an organisation.
func invented(ref, name string, org passerelle.EventOrg) *passerelle.EventParticipant {
	return &passerelle.EventParticipant{Ref: ref, Name: name + " (fictional)", Organization: org}
}

// profileKind is a kind of demo profile: what a participant of that kind says, offers
// and requests (EEN types, the workspace's themes). Every demo profile is invented, and
// its summary says so.
type profileKind struct {
	summary string
	themes  []string
	offers  []passerelle.EventOffer
}

func offer(t passerelle.OfferType, title, desc string, themes ...string) passerelle.EventOffer {
	return passerelle.EventOffer{Type: t, Title: title, Description: desc, Themes: themes}
}

func request(t passerelle.OfferType, title, desc string, themes ...string) passerelle.EventOffer {
	o := offer(t, title, desc, themes...)
	o.Request = true
	return o
}

// The kinds the demo's participants take in turn: the offers of one answer the
// requests of another, so that the recommendations have reasons to give.
var (
	profileOncology = profileKind{"oncology start-up: antibody-drug conjugates in preclinical development",
		[]string{"health.cancer", "health.biotech"}, []passerelle.EventOffer{
			offer(passerelle.OfferTechOffer, "ADC linker platform", "Cleavable linkers with preclinical data in lymphoma models.", "health.cancer.lymphoma"),
			request(passerelle.OfferLicensing, "Licensing partner in Asia", "A partner to license and develop the lead compound.", "health.cancer")}}
	profileVaccines = profileKind{"vaccine adjuvants and formulation for infectious diseases",
		[]string{"health.infectious", "health.infectious.vaccines"}, []passerelle.EventOffer{
			offer(passerelle.OfferTechOffer, "Thermostable adjuvant", "An adjuvant that keeps vaccines at room temperature.", "health.infectious.vaccines"),
			request(passerelle.OfferRD, "Clinical development partner", "Phase I partner for a vaccine candidate.", "health.infectious")}}
	profileMedtech = profileKind{"medical devices: implantable sensors and imaging",
		[]string{"health.medtech"}, []passerelle.EventOffer{
			offer(passerelle.OfferPartnership, "Distribution of a monitoring device", "Seeks distributors for a CE-marked device.", "health.medtech"),
			request(passerelle.OfferTechRequest, "Miniaturised sensors", "Looks for sensor makers to co-develop the next generation.", "health.medtech")}}
	profilePharma = profileKind{"pharmaceutical company: in-licensing for its oncology and infectious disease pipeline",
		[]string{"health.cancer", "health.infectious"}, []passerelle.EventOffer{
			request(passerelle.OfferLicensing, "In-licensing of preclinical oncology assets", "Antibodies and conjugates, preclinical to phase I.", "health.cancer"),
			request(passerelle.OfferTechRequest, "Vaccine formulation technologies", "Adjuvants and stabilisation.", "health.infectious.vaccines")}}
	profileCRO = profileKind{"contract research organisation: preclinical and clinical studies",
		[]string{"health.biotech"}, []passerelle.EventOffer{
			offer(passerelle.OfferRD, "Preclinical and phase I studies", "GLP toxicology, first-in-human studies.", "health.biotech"),
			offer(passerelle.OfferRD, "Clinical trials in infectious diseases", "Phase I–II sites.", "health.infectious")}}
	profileDiagnostics = profileKind{"diagnostics: companion tests and rapid assays",
		[]string{"health.infectious.vaccines", "health.cancer"}, []passerelle.EventOffer{
			offer(passerelle.OfferTechOffer, "Companion diagnostic platform", "Assays that select patients for targeted therapies.", "health.cancer"),
			request(passerelle.OfferPartnership, "Co-development with drug makers", "A drug developer to pair a test with a therapy.", "health.cancer")}}
	profileInvestor = profileKind{"life-science investor: seed to series B",
		[]string{"health.biotech", "health.medtech"}, []passerelle.EventOffer{
			offer(passerelle.OfferInvestment, "Series A and B funding", "Tickets for therapeutics and medtech companies.", "health.biotech")}}
	profileCluster = profileKind{"biocluster delegation: introduces its companies to partners and investors",
		[]string{"health.biotech"}, []passerelle.EventOffer{
			request(passerelle.OfferInvestment, "Investors for the delegation's companies", "Seed to series B, therapeutics and tools.", "health.biotech"),
			offer(passerelle.OfferPartnership, "Landing in the cluster", "Premises, services and contacts for foreign companies.", "health.biotech")}}
)

// withProfile gives p the kind's profile, marked as invented.
func withProfile(p *passerelle.EventParticipant, k profileKind) *passerelle.EventParticipant {
	offers := append([]passerelle.EventOffer(nil), k.offers...)
	p.Profile = &passerelle.EventProfile{Summary: "Fictional profile: " + k.summary, Themes: k.themes, Offers: offers}
	return p
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
	frKinds := []profileKind{profileCluster, profileCluster, profileCluster, profileOncology, profileVaccines, profileMedtech}
	jpKinds := []profileKind{profileCluster, profilePharma, profileOncology, profileDiagnostics, profileCRO}
	people := func() []*passerelle.EventParticipant {
		var ps []*passerelle.EventParticipant
		for i, o := range french {
			ps = append(ps, withProfile(invented(fmt.Sprintf("fr%d", i+1), fr[i]+" Martin", o), frKinds[i]))
		}
		for i, o := range japanese {
			ps = append(ps, withProfile(invented(fmt.Sprintf("jp%d", i+1), jp[i]+" Yamamoto", o), jpKinds[i]))
		}
		return ps
	}
	bj.Participants = people()
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
	out = append(out, nextEdition(people(), time.Now()))

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
	bs.Participants = append(bs.Participants, withProfile(invented("gen1", "Camille Bernard", genopole), profileCluster),
		withProfile(invented("gen2", "Hugo Petit", genopole), profileCluster),
		withProfile(invented("inv1", "Alex Carter", passerelle.EventOrg{Name: "New Sciences LLC", Country: "US"}), profileInvestor),
		withProfile(invented("inv2", "Jordan Lee", passerelle.EventOrg{Name: "Leaf Ventures", Country: "US"}), profileInvestor))
	// The kinds follow the companies' names: R&D, CRO, pharma…
	bsKinds := []profileKind{profileOncology, profileCRO, profilePharma, profileVaccines, profileDiagnostics, profileCRO, profilePharma, profileMedtech}
	kinds := []string{"Fictional: Bay Genomics Inc. (R&D)", "Fictional: Pacific CRO Services Inc.", "Fictional: Golden Gate Pharma Inc.",
		"Fictional: Mission Bay Therapeutics Inc.", "Fictional: Presidio Biologics Inc.", "Fictional: Sunset Clinical Research LLC (CRO)",
		"Fictional: Embarcadero Pharma Corp.", "Fictional: Sausalito Bio Inc."}
	for i := 0; i < 28; i++ {
		ref := fmt.Sprintf("co%d", i+1)
		bs.Participants = append(bs.Participants, withProfile(invented(ref, fmt.Sprintf("Participant %d", i+1),
			passerelle.EventOrg{Name: kinds[i%len(kinds)], Country: "US"}), bsKinds[i%len(bsKinds)]))
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
	bu.Participants = append(bu.Participants, withProfile(invented("gen", "Camille Bernard", genopole), profileCluster),
		withProfile(invented("fr1", "Nadia Haddad", passerelle.EventOrg{Name: "Fictional: Évry Genomics SAS", Country: "FR"}), profileDiagnostics),
		withProfile(invented("fr2", "Louis Moreau", passerelle.EventOrg{Name: "Fictional: Essonne Biotherapies SAS", Country: "FR"}), profileOncology))
	buKinds := []profileKind{profilePharma, profileInvestor, profileCRO, profileMedtech, profilePharma, profileVaccines}
	for i := 0; i < 42; i++ {
		ref := fmt.Sprintf("us%d", i+1)
		bu.Participants = append(bu.Participants, withProfile(invented(ref, fmt.Sprintf("Partner %d", i+1),
			passerelle.EventOrg{Name: fmt.Sprintf("Fictional: Partner Company %d Inc.", i+1), Country: "US"}), buKinds[i%len(buKinds)]))
		bu.Requests = append(bu.Requests, &passerelle.EventRequest{From: []string{"gen", "fr1", "fr2"}[i%3], To: ref, Status: passerelle.RequestAccepted, Priority: 1})
	}
	out = append(out, bu)
	return out
}
