package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"passerelle"
	"passerelle/store"
)

// Seed 001 (press release of July 2015): GLOBAL CARE, grouping the 5 Carnot institutes
// in human health since 2013, has held meetings with more than 250 innovative companies
// outside France, in the United States, Asia and Europe. The seed names none of them:
// loadAbroad makes up abroadCompanies companies (marked fictional) and the held, shared
// meetings of the members' international officers with them, from January 2013 to June
// 2015, drawn by a seeded generator so that every load gives the same records.
const (
	abroadCompanies = 260
	abroadSeed      = 1 // seed 001
)

// abroadPlace is a city companies are drawn in, with its country and time zone.
type abroadPlace struct {
	country, city, zone string
	forms               []string // legal forms of the country's companies
}

// abroadPlaces: the United States, Asia (Japan, South Korea, Singapore, China) and
// Europe outside France (a place is drawn evenly: 59 companies in the US, 85 in Asia,
// 116 in Europe).
var abroadPlaces = []abroadPlace{
	{"US", "Boston", "America/New_York", []string{"Inc.", "LLC", "Corp."}},
	{"US", "Cambridge, MA", "America/New_York", []string{"Inc.", "LLC"}},
	{"US", "San Diego", "America/Los_Angeles", []string{"Inc.", "LLC"}},
	{"US", "South San Francisco", "America/Los_Angeles", []string{"Inc.", "Corp."}},
	{"US", "Philadelphia", "America/New_York", []string{"Inc.", "LLC"}},
	{"US", "Durham, NC", "America/New_York", []string{"Inc.", "LLC"}},
	{"JP", "Tokyo", "Asia/Tokyo", []string{"K.K.", "Co., Ltd."}},
	{"JP", "Osaka", "Asia/Tokyo", []string{"K.K.", "Co., Ltd."}},
	{"JP", "Kobe", "Asia/Tokyo", []string{"K.K."}},
	{"KR", "Seoul", "Asia/Seoul", []string{"Co., Ltd.", "Inc."}},
	{"KR", "Daejeon", "Asia/Seoul", []string{"Co., Ltd."}},
	{"SG", "Singapore", "Asia/Singapore", []string{"Pte. Ltd."}},
	{"CN", "Shanghai", "Asia/Shanghai", []string{"Co., Ltd."}},
	{"CN", "Suzhou", "Asia/Shanghai", []string{"Co., Ltd."}},
	{"DE", "Munich", "Europe/Berlin", []string{"GmbH", "AG"}},
	{"DE", "Heidelberg", "Europe/Berlin", []string{"GmbH"}},
	{"GB", "Cambridge", "Europe/London", []string{"Ltd", "plc"}},
	{"GB", "Oxford", "Europe/London", []string{"Ltd"}},
	{"CH", "Basel", "Europe/Zurich", []string{"AG", "SA"}},
	{"CH", "Geneva", "Europe/Zurich", []string{"SA"}},
	{"NL", "Leiden", "Europe/Amsterdam", []string{"B.V.", "N.V."}},
	{"BE", "Ghent", "Europe/Brussels", []string{"NV", "BV"}},
	{"SE", "Uppsala", "Europe/Stockholm", []string{"AB"}},
	{"IT", "Milan", "Europe/Rome", []string{"S.r.l.", "S.p.A."}},
	{"ES", "Barcelona", "Europe/Madrid", []string{"S.L.", "S.A."}},
}

// Invented name parts: a stem and a field give 40 × 26 names before the legal form.
var (
	abroadStems = []string{"Aldera", "Brevon", "Calyra", "Dentix", "Elvora", "Fenwyn", "Galeno", "Heliqa", "Istrel", "Joravi",
		"Kestra", "Lumeda", "Marveo", "Nexira", "Orvita", "Pelion", "Quorva", "Rivano", "Sylvar", "Tessora",
		"Ulmera", "Veltris", "Wendar", "Xylena", "Yarrow", "Zephyra", "Arcadis", "Bellion", "Corvane", "Dravix",
		"Emberly", "Fjordan", "Grenvia", "Halvora", "Inveta", "Junova", "Korrin", "Lysandre", "Mirova", "Novelle"}
	abroadFields = []struct{ word, theme string }{
		{"Biologics", "health.biotech"}, {"Therapeutics", "health.biotech"}, {"Diagnostics", "health.medtech"},
		{"Oncology", "health.cancer"}, {"Vaccines", "health.infectious.vaccines"}, {"Neurosciences", "health.neuro"},
		{"Vision", "health.senses"}, {"Hearing", "health.senses"}, {"Antibodies", "health.biotech"}, {"Genomics", "health.biotech"},
		{"Imaging", "health.medtech"}, {"Medical Devices", "health.medtech"}, {"Cell Therapy", "health.biotech"},
		{"Peptides", "health.biotech"}, {"Bioinformatics", "health.biotech"}, {"Immunology", "health.infectious"},
		{"Lymphoma Research", "health.cancer.lymphoma"}, {"Microbiome", "health.infectious"}, {"Pharma", "health.biotech"},
		{"Biosensors", "health.medtech"}, {"Gene Therapy", "health.biotech"}, {"Neurotech", "health.neuro"},
		{"Ophthalmics", "health.senses"}, {"Antivirals", "health.infectious"}, {"Precision Medicine", "health.cancer"},
		{"Labs", "health.biotech"}}
)

// abroadMembers are the members' keys, with the demo account of each one's
// international officer, who attends its meetings.
var abroadMembers = []struct{ key, email string }{
	{"pasteur-mi", "pasteur@demo.passerelle.test"}, {"curie-cancer", "curie@demo.passerelle.test"},
	{"icm", "icm@demo.passerelle.test"}, {"voir-entendre", "voir-entendre@demo.passerelle.test"},
	{"calym", "calym@demo.passerelle.test"},
}

func loadAbroad(ctx context.Context, db *store.DB, d *Directory) error {
	users := store.NewUserService(db)
	officers := make([]int64, len(abroadMembers))
	for i, m := range abroadMembers {
		u, err := users.FindUserByEmail(d.System, m.email)
		if err != nil {
			return fmt.Errorf("%s: %w", m.email, err)
		}
		officers[i] = u.ID
	}
	rng := rand.New(rand.NewPCG(abroadSeed, 2015))
	orgs := store.NewOrganizationService(db)
	used := map[string]bool{}
	from := time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC).Sub(from) / (24 * time.Hour))
	var plan store.SchedulePlan
	meet := func(o *passerelle.Organization, p abroadPlace, member int, what string) error {
		zone, err := passerelle.LoadZone(p.zone)
		if err != nil {
			return err
		}
		day := from.AddDate(0, 0, rng.IntN(days))
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), 9+rng.IntN(8), 30*rng.IntN(2), 0, 0, zone)
		name := d.Members[abroadMembers[member].key].Name
		plan.Create = append(plan.Create, &passerelle.Meeting{
			Title: fmt.Sprintf("%s: %s – %s (fictional)", what, name, o.Name), Start: start, End: start.Add(time.Hour), TimeZone: p.zone,
			Location: p.city + ", " + p.country, Status: passerelle.MeetingHeld, Visibility: passerelle.VisibilityShared,
			OrganizationIDs: []int64{o.ID}, AttendeeIDs: []int64{officers[member]}})
		return nil
	}
	for len(used) < abroadCompanies {
		p := abroadPlaces[rng.IntN(len(abroadPlaces))]
		field := abroadFields[rng.IntN(len(abroadFields))]
		// A stem and field once only, whatever the legal form: "Aldera Biologics Inc." and
		// "Aldera Biologics GmbH" would read as one company twice.
		base := abroadStems[rng.IntN(len(abroadStems))] + " " + field.word
		if used[base] {
			continue
		}
		used[base] = true
		name := fmt.Sprintf("Fictional: %s %s", base, p.forms[rng.IntN(len(p.forms))])
		o := &passerelle.Organization{Name: name, Kind: passerelle.KindCompany, Country: p.country, City: p.city, Fictional: true,
			Tags: []string{"fictional", "GLOBAL CARE abroad"}, Themes: []string{field.theme},
			Description: "Made up for the demo: seed 001 says GLOBAL CARE met more than 250 innovative companies outside France (2013 to mid-2015) but names none."}
		if err := orgs.CreateOrganization(d.System, o); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		member := rng.IntN(len(abroadMembers))
		if err := meet(o, p, member, "Partnering meeting"); err != nil {
			return err
		}
		// One company in five meets a second institute, as introductions go.
		if rng.IntN(5) == 0 {
			if err := meet(o, p, (member+1+rng.IntN(len(abroadMembers)-1))%len(abroadMembers), "Follow-up meeting"); err != nil {
				return err
			}
		}
	}
	return store.NewMeetingService(db).SaveSchedule(d.System, &plan)
}
