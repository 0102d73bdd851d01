package store

import (
	"fmt"
	"math/rand/v2"

	"passerelle"
)

// GenerateEventImport makes a partnering event of the given size for benchmarks and
// load tests: 3 days of 16 half-hour slots, 450 tables, participants with an email each
// and organisations shared by two, requests between random pairs (never twice between
// the same two), the first ones accepted up to 14 per participant, the rest pending or
// declined. With profiles, each participant publishes a summary, one or two of the
// default themes and one to three typed offers or requests, so that the recommendations
// and the participants' search have something to work on.
func GenerateEventImport(participants, requests, accepted int, seed uint64, profiles bool) *passerelle.EventImport {
	r := rand.New(rand.NewPCG(seed, 15))
	imp := &passerelle.EventImport{Event: passerelle.Event{Slug: "bench-europe", Name: "Bench partnering (BIO-Europe size)",
		TimeZone: "Europe/Paris", Location: "Bench", MeetingMinutes: 30}}
	for i := 1; i <= 450; i++ {
		imp.Event.Tables = append(imp.Event.Tables, fmt.Sprint(i))
	}
	for _, d := range []string{"2027-11-02", "2027-11-03", "2027-11-04"} {
		imp.Event.Days = append(imp.Event.Days, passerelle.EventDay{Date: d, Start: "09:00", End: "18:00",
			Breaks: []passerelle.EventBreak{{Start: "12:00", End: "13:00"}}})
	}
	countries := []string{"FR", "DE", "US", "JP", "GB", "CH", "NL", "BE", "DK", "SE"}
	// A stream of its own, so that the requests are the same with or without profiles.
	pr := rand.New(rand.NewPCG(seed, 16))
	for i := 1; i <= participants; i++ {
		p := &passerelle.EventParticipant{Ref: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Participant %d", i),
			Email: fmt.Sprintf("p%d@bench.passerelle.test", i), Organization: passerelle.EventOrg{
				Name: fmt.Sprintf("Bench Company %d", (i+1)/2), Country: countries[i%len(countries)]}}
		if profiles {
			p.Profile = generateProfile(pr, i)
		}
		imp.Participants = append(imp.Participants, p)
	}
	seen := map[[2]int]bool{}
	acc := make([]int, participants+1)
	for len(imp.Requests) < requests {
		a, b := 1+r.IntN(participants), 1+r.IntN(participants)
		if a == b || seen[[2]int{a, b}] || seen[[2]int{b, a}] {
			continue
		}
		seen[[2]int{a, b}] = true
		st := []passerelle.RequestStatus{passerelle.RequestPending, passerelle.RequestDeclined}[r.IntN(2)]
		if accepted > 0 && acc[a] < 14 && acc[b] < 14 {
			st, acc[a], acc[b] = passerelle.RequestAccepted, acc[a]+1, acc[b]+1
			accepted--
		}
		imp.Requests = append(imp.Requests, &passerelle.EventRequest{From: fmt.Sprintf("p%d", a), To: fmt.Sprintf("p%d", b), Status: st, Priority: 1})
	}
	return imp
}

// generateProfile is a made-up profile over the default themes.
func generateProfile(r *rand.Rand, i int) *passerelle.EventProfile {
	theme := func() string { return passerelle.DefaultThemes[r.IntN(len(passerelle.DefaultThemes))].Code }
	p := &passerelle.EventProfile{Summary: fmt.Sprintf("Participant %d works on %s and %s.", i, genTopics[r.IntN(len(genTopics))],
		genTopics[r.IntN(len(genTopics))])}
	p.Themes = []string{theme()}
	if t := theme(); r.IntN(2) == 0 && t != p.Themes[0] {
		p.Themes = append(p.Themes, t)
	}
	for j := range 1 + r.IntN(3) {
		typ := passerelle.OfferTypes[r.IntN(len(passerelle.OfferTypes))]
		o := passerelle.EventOffer{Ref: fmt.Sprintf("o%d", j+1), Type: typ, Request: typ == passerelle.OfferTechRequest || r.IntN(2) == 0,
			Title: fmt.Sprintf("%s in %s", typ, genTopics[r.IntN(len(genTopics))]), Themes: []string{theme()}}
		o.Description = "A made-up " + string(typ) + " of a benchmark participant."
		p.Offers = append(p.Offers, o)
	}
	return p
}
