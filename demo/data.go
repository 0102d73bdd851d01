package demo

import "passerelle"

// organizations of the demo, from the seeds. Facts come from the seed documents; where a
// seed gives no detail the field stays empty.
var organizations = []orgSeed{
	{key: "pasteur", org: passerelle.Organization{Name: "Institut Pasteur", Kind: passerelle.KindResearchInstitute, Country: "FR", City: "Paris",
		Lat: f(48.8402), Lng: f(2.3115), Themes: []string{"health.infectious"},
		Description: "28, rue du Docteur Roux, 75015 Paris. Hosts the GLOBAL CARE Initiative."}},
	{key: "carnot", org: passerelle.Organization{Name: "Réseau des instituts Carnot", Kind: passerelle.KindNetwork, Country: "FR",
		Names:       []passerelle.LocalizedName{{Lang: "en", Value: "Carnot institutes network"}},
		Description: "In 2014: 75 M€ of R&D contracts financed by companies abroad and 110 M€ from European collaborative projects."}},
	{key: "global-care", org: passerelle.Organization{Name: "GLOBAL CARE Initiative", Kind: passerelle.KindNetwork, Country: "FR", City: "Paris",
		Aliases: []string{"The Global Partnering Research Initiative of the Carnot Human Health Institutes"}, Established: 2012,
		Themes:      []string{"health"},
		Description: "Consortium of 5 Carnot institutes in human health; team of 4 for 6,000 researchers."},
		link: []linkSeed{{passerelle.LinkMemberOf, "carnot"}}},
	{key: "pasteur-mi", org: passerelle.Organization{Name: "Institut Carnot Pasteur Maladies Infectieuses", Acronyms: []string{"Pasteur MI"},
		Kind: passerelle.KindResearchInstitute, Country: "FR", City: "Paris", Themes: []string{"health.infectious"}},
		link: []linkSeed{{passerelle.LinkMemberOf, "global-care"}, {passerelle.LinkParent, "pasteur"}}},
	{key: "curie-cancer", org: passerelle.Organization{Name: "Institut Carnot Curie-Cancer", Acronyms: []string{"Curie-Cancer"},
		Kind: passerelle.KindResearchInstitute, Country: "FR", City: "Paris", Themes: []string{"health.cancer"}},
		link: []linkSeed{{passerelle.LinkMemberOf, "global-care"}}},
	{key: "icm", org: passerelle.Organization{Name: "Institut Carnot ICM", Acronyms: []string{"ICM"},
		Kind: passerelle.KindResearchInstitute, Country: "FR", City: "Paris", Themes: []string{"health.neuro"},
		Description: "Degenerative and traumatic diseases of the central nervous system and related disability."},
		link: []linkSeed{{passerelle.LinkMemberOf, "global-care"}}},
	{key: "voir-entendre", org: passerelle.Organization{Name: "Institut Carnot Voir et Entendre", Acronyms: []string{"Voir et Entendre"},
		Kind: passerelle.KindResearchInstitute, Country: "FR", City: "Paris", Themes: []string{"health.senses"}},
		link: []linkSeed{{passerelle.LinkMemberOf, "global-care"}}},
	{key: "calym", org: passerelle.Organization{Name: "Institut Carnot CALYM", Acronyms: []string{"CALYM"},
		Kind: passerelle.KindResearchInstitute, Country: "FR", Themes: []string{"health.cancer.lymphoma"}},
		link: []linkSeed{{passerelle.LinkMemberOf, "global-care"}}},
	{key: "business-france", org: passerelle.Organization{Name: "Business France", Kind: passerelle.KindTradeAgency, Country: "FR"}},
	{key: "bf-copenhagen", org: passerelle.Organization{Name: "Business France Danemark", Kind: passerelle.KindTradeAgency, Country: "DK", City: "Copenhagen",
		Names: []passerelle.LocalizedName{{Lang: "en", Value: "Business France Copenhagen office"}}},
		link: []linkSeed{{passerelle.LinkParent, "business-france"}}},
	{key: "medicon-valley", org: passerelle.Organization{Name: "Medicon Valley", Kind: passerelle.KindCluster, Country: "DK", City: "Copenhagen",
		Themes: []string{"health.biotech"}, Description: "Danish-Swedish life-science cluster: biotech and pharma with R&D, science parks, academia."}},
	{key: "genopole", org: passerelle.Organization{Name: "Genopole", Kind: passerelle.KindCluster, Country: "FR", City: "Évry",
		Themes: []string{"health.biotech"}, Tags: []string{"EU|BIC"}, Description: "Biocluster; project GEN.ERA selected by the European Commission."}},
	{key: "rtp", org: passerelle.Organization{Name: "Research Triangle Park", Acronyms: []string{"RTP"}, Kind: passerelle.KindCluster, Country: "US"},
		link: []linkSeed{{passerelle.LinkPartner, "genopole"}}},
	{key: "ncbiotech", org: passerelle.Organization{Name: "North Carolina Biotechnology Center", Kind: passerelle.KindOther, Country: "US"},
		link: []linkSeed{{passerelle.LinkMemberOf, "rtp"}}},
	{key: "kawasaki", org: passerelle.Organization{Name: "Life Innovation Center", Kind: passerelle.KindCluster, Country: "JP", City: "Kawasaki",
		Names: []passerelle.LocalizedName{{Lang: "fr", Value: "Life Innovation Center de Kawasaki"}}},
		link: []linkSeed{{passerelle.LinkPartner, "genopole"}}},
	{key: "sidi-thabet", org: passerelle.Organization{Name: "BiotechPole de Sidi Thabet", Kind: passerelle.KindCluster, Country: "TN", City: "Sidi Thabet",
		Description: "Cluster Pharma In, for pharma and health biotech."},
		link: []linkSeed{{passerelle.LinkPartner, "genopole"}}},
	{key: "lscf", org: passerelle.Organization{Name: "LifeScience Corridor France", Kind: passerelle.KindNetwork, Country: "FR",
		Aliases: []string{"Life Science Corridor France"}, Description: "Alliance of three bio competitiveness clusters, launched 4 December 2007 in Toulouse."}},
	{key: "cancer-bio-sante", org: passerelle.Organization{Name: "Pôle Cancer-Bio-Santé", Kind: passerelle.KindCluster, Country: "FR", City: "Toulouse",
		Themes: []string{"health.cancer"}}, link: []linkSeed{{passerelle.LinkMemberOf, "lscf"}}},
	{key: "lyonbiopole", org: passerelle.Organization{Name: "Lyonbiopôle", Kind: passerelle.KindCluster, Country: "FR", City: "Lyon",
		Themes: []string{"health.infectious.vaccines"}}, link: []linkSeed{{passerelle.LinkMemberOf, "lscf"}}},
	{key: "alsace-biovalley", org: passerelle.Organization{Name: "Alsace BioValley", Kind: passerelle.KindCluster, Country: "FR", City: "Strasbourg",
		Themes: []string{"health.medtech"}}, link: []linkSeed{{passerelle.LinkMemberOf, "lscf"}}},
	{key: "kansai", org: passerelle.Organization{Name: "Kansai Bio Promotion Council", Kind: passerelle.KindNetwork, Country: "JP", City: "Osaka",
		Description: "Represents the 9 prefectures of the Kansai region."}},
	{key: "grand-poitiers", org: passerelle.Organization{Name: "Grand Poitiers", Kind: passerelle.KindLocalAuthority, Country: "FR", City: "Poitiers",
		Names: []passerelle.LocalizedName{{Lang: "fr", Value: "Communauté d'agglomération de Grand Poitiers"}}}},
	{key: "santa-fe", org: passerelle.Organization{Name: "Ville de Santa Fe", Kind: passerelle.KindLocalAuthority, Country: "AR", City: "Santa Fe",
		Names: []passerelle.LocalizedName{{Lang: "es", Value: "Municipalidad de Santa Fe"}}}},
	{key: "univ-poitiers", org: passerelle.Organization{Name: "Université de Poitiers", Kind: passerelle.KindUniversity, Country: "FR", City: "Poitiers"},
		link: []linkSeed{{passerelle.LinkPartner, "unl"}}},
	{key: "unl", org: passerelle.Organization{Name: "Universidad Nacional del Litoral", Acronyms: []string{"UNL"}, Kind: passerelle.KindUniversity,
		Country: "AR", City: "Santa Fe"}},
	{key: "meae", org: passerelle.Organization{Name: "Ministère de l'Europe et des Affaires étrangères", Acronyms: []string{"MEAE"},
		Kind: passerelle.KindGovernment, Country: "FR"}},
	{key: "embassy-ar", org: passerelle.Organization{Name: "Ambassade de France à Buenos Aires", Kind: passerelle.KindGovernment, Country: "AR", City: "Buenos Aires"},
		link: []linkSeed{{passerelle.LinkParent, "meae"}}},
	{key: "vicbiostart", org: passerelle.Organization{Name: "VICBIOSTART", Kind: passerelle.KindOther, Country: "FR", City: "Toulouse"}},
	// The twelve Danish companies of the Copenhagen mission: the seed does not name them.
	{key: "dk1", org: fictional("Fictional: Amager Biologics ApS", "Copenhagen")},
	{key: "dk2", org: fictional("Fictional: Amager Biologics Research A/S", "Copenhagen"), link: []linkSeed{{passerelle.LinkLinked, "dk1"}}},
	{key: "dk3", org: fictional("Fictional: Øresund Antibodies A/S", "Copenhagen")},
	{key: "dk4", org: fictional("Fictional: Nordhavn Peptides ApS", "Copenhagen"), link: []linkSeed{{passerelle.LinkLinked, "dk3"}}},
	{key: "dk5", org: fictional("Fictional: Valby Cell Therapeutics ApS", "Copenhagen"), link: []linkSeed{{passerelle.LinkLinked, "dk3"}}},
	{key: "dk6", org: fictional("Fictional: Lyngby Neurotech A/S", "Kongens Lyngby")},
	{key: "dk7", org: fictional("Fictional: Hørsholm Vision Sciences ApS", "Hørsholm")},
	{key: "dk8", org: fictional("Fictional: Ballerup Vaccine Labs A/S", "Ballerup")},
	{key: "dk9", org: fictional("Fictional: Søborg Oncology ApS", "Søborg")},
	{key: "dk10", org: fictional("Fictional: Frederiksberg Hearing Tech ApS", "Frederiksberg")},
	{key: "dk11", org: fictional("Fictional: Glostrup Lymphoma Dx A/S", "Glostrup")},
	{key: "dk12", org: fictional("Fictional: Hellerup Pharma Services ApS", "Hellerup")},
}

func fictional(name, city string) passerelle.Organization {
	return passerelle.Organization{Name: name, Kind: passerelle.KindCompany, Country: "DK", City: city, Fictional: true,
		Tags: []string{"fictional", "Medicon Valley"}, Themes: []string{"health.biotech"},
		Description: "Made up for the demo: seed 000 says 12 local companies took part but does not name them."}
}

type contactSeed struct {
	key     string
	person  passerelle.Person
	at      []passerelle.Affiliation // OrganizationName holds the organisation's key
	private string                   // member key owning the record, if private
}

// contacts named in the seeds, with the roles the seeds give them. Affiliations carry no
// dates: the seeds say who held a role on a day (seed 004, 4 February 2008), not when it
// began. Made-up people read "Mette Larsen (fictional)".
var contacts = []contactSeed{
	{key: "coulomb", person: passerelle.Person{FirstName: "Bertrand", LastName: "Coulomb", Languages: []string{"fr", "en"}, Country: "FR",
		Topics: []string{"international development", "Europe"}},
		at: []passerelle.Affiliation{{OrganizationName: "global-care", Role: "International development (Europe)"}}},
	{key: "arie", person: passerelle.Person{FirstName: "Jean-Philippe", LastName: "Arié", Country: "FR", Languages: []string{"fr", "en"}},
		at: []passerelle.Affiliation{{OrganizationName: "global-care", Role: "Operations Coordinator"}}},
	{key: "bourland", person: passerelle.Person{FirstName: "Eric", LastName: "Bourland", Country: "AR"},
		at: []passerelle.Affiliation{{OrganizationName: "embassy-ar", Role: "Correspondant coopération décentralisée"}}},
	{key: "lorvo", person: passerelle.Person{FirstName: "Yann", LastName: "Lorvo", Country: "AR"},
		at: []passerelle.Affiliation{{OrganizationName: "embassy-ar", Role: "Conseiller de coopération et d'action culturelle"}}},
	{key: "carboni", person: passerelle.Person{FirstName: "Nicolas", LastName: "Carboni", Country: "FR"},
		at: []passerelle.Affiliation{{OrganizationName: "alsace-biovalley", Role: "Directeur général"}}},
	{key: "bombarde", person: passerelle.Person{FirstName: "Bruno", LastName: "Bombarde", Country: "JP"},
		at: []passerelle.Affiliation{{OrganizationName: "lyonbiopole", Role: "Representative (president of bioMérieux Japan)"}}},
	{key: "saintouil", person: passerelle.Person{FirstName: "Jean-Pierre", LastName: "Saintouil", Country: "FR"},
		at: []passerelle.Affiliation{{OrganizationName: "cancer-bio-sante", Role: "Directeur général"}}},
	{key: "nadamoto", person: passerelle.Person{FirstName: "Masahiro", LastName: "Nadamoto", Country: "JP"},
		at: []passerelle.Affiliation{{OrganizationName: "kansai", Role: "President"}}},
	{key: "foissac", person: passerelle.Person{FirstName: "Alexandra", LastName: "Foissac", Country: "FR"},
		at: []passerelle.Affiliation{{OrganizationName: "vicbiostart", Role: "Press contact"}}},
	// Fictional executives of the linked Danish companies: one CEO for dk3, dk4 and dk5.
	{key: "dk-ceo-1", person: passerelle.Person{FirstName: "Mette", LastName: "Larsen (fictional)", Country: "DK", Fictional: true, Languages: []string{"da", "en"}},
		at: []passerelle.Affiliation{{OrganizationName: "dk3", Role: "CEO"}, {OrganizationName: "dk4", Role: "CEO"}, {OrganizationName: "dk5", Role: "CEO"}}},
	{key: "dk-ceo-2", person: passerelle.Person{FirstName: "Anders", LastName: "Holm (fictional)", Country: "DK", Fictional: true, Languages: []string{"da", "en"}},
		at: []passerelle.Affiliation{{OrganizationName: "dk1", Role: "CEO"}, {OrganizationName: "dk2", Role: "Chair"}}},
	// Who led seed 003's two visits of 2020 (made up: the seed names no one).
	{key: "genopole-intl", person: passerelle.Person{FirstName: "Claire", LastName: "Moreau (fictional)", Country: "FR", Fictional: true, Languages: []string{"fr", "en"}},
		at: []passerelle.Affiliation{{OrganizationName: "genopole", Role: "International development"}}},
	{key: "kawasaki-lead", person: passerelle.Person{FirstName: "Kenji", LastName: "Sato (fictional)", Country: "JP", Fictional: true, Languages: []string{"ja", "en"}},
		at: []passerelle.Affiliation{{OrganizationName: "kawasaki", Role: "Head of the delegation"}}},
	{key: "dk-private", person: passerelle.Person{FirstName: "Sofie", LastName: "Kjær (fictional)", Country: "DK", Fictional: true,
		Notes: "Private to Carnot Pasteur MI: asked for a follow-up call on diagnostics."}, private: "pasteur-mi",
		at: []passerelle.Affiliation{{OrganizationName: "dk8", Role: "Head of R&D"}}},
}
