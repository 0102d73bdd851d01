package demo

import (
	"context"
	"fmt"

	"passerelle"
	"passerelle/store"
)

// The agreements of the seeds: the Atlas record of the Poitiers – Santa Fe cooperation
// (seed 002) entered in full, the LifeScience Corridor France – Kansai agreement and its
// 2008–2010 programme (seed 004), and Genopole's cluster agreements of 2020 (seed 003).

func loadAgreements(ctx context.Context, db *store.DB, d *Directory) error {
	svc := store.NewAgreementService(db)
	for _, a := range demoAgreements(d) {
		if err := svc.CreateAgreement(d.System, a); err != nil {
			return fmt.Errorf("%s: %w", a.Title, err)
		}
	}
	return nil
}

func cents(euros int64) int64 { return euros * 100 }

func demoAgreements(d *Directory) []*passerelle.Agreement {
	org := func(key string) int64 { return d.Orgs[key].ID }
	person := func(key string) int64 {
		if p := d.People[key]; p != nil {
			return p.ID
		}
		return 0
	}
	zero := int64(0)
	var phases []passerelle.Phase
	for i, p := range seed002Phases {
		phases = append(phases, passerelle.Phase{Title: fmt.Sprintf("Phase %d : %s", i+1, p[0]), Description: p[1]})
	}
	// Phase 2 runs alongside the French delegation's mission of phase 3, as the record says.
	phases[1].Owner, phases[2].Owner = "Ville de Santa Fe", "Grand Poitiers"

	poitiers := &passerelle.Agreement{
		Title:      "Coopération décentralisée dans le domaine des biotechnologies liées à la santé",
		Type:       passerelle.TypeDecentralisedCooperation,
		SignedYear: 2013, SignedDate: "2013-09-27", // ratified by both territories on 27 September 2013
		StartDate: "2013", EndDate: "2015-01-31", Status: passerelle.StatusEnded,
		Theme:       "economy.attractiveness.clusters",
		Context:     seed002Context,
		History:     seed002History,
		Objectives:  seed002Objectives,
		Description: seed002Description,
		Form:        "Projet de coopération décentralisée",
		Partners: []passerelle.AgreementPartner{
			{OrganizationID: org("santa-fe"), Side: passerelle.SideForeign},
			{OrganizationID: org("grand-poitiers"), Side: passerelle.SideFrench},
		},
		Contacts: []passerelle.AgreementContact{
			{PersonID: person("bourland"), FirstName: "Eric", LastName: "Bourland", Role: "Correspondant coopération décentralisée",
				Email: "eric.bourland@diplomatie.gouv.fr", Organization: "Ambassade de France à Buenos Aires", Kind: "embassy"},
			{PersonID: person("lorvo"), FirstName: "Yann", LastName: "Lorvo", Role: "Conseiller de coopération et d'action culturelle",
				Email: "yann.lorvo@diplomatie.gouv.fr", Organization: "Ambassade de France à Buenos Aires", Kind: "embassy"},
		},
		Funding: []passerelle.FundingLine{
			{Funder: "Ministère de l'Europe et des Affaires étrangères", AmountCents: cents(10515), Year: 2013, Category: "state"},
			{Funder: "Grand Poitiers", AmountCents: cents(10515), WaterCents: &zero, Year: 2013, Category: "local_authority"},
			{Funder: "Ville de Santa Fe", AmountCents: cents(21030), Year: 2013, Category: "foreign_partner"},
		},
		Phases:    phases,
		Published: true, // an Atlas record is public
	}

	corridor := &passerelle.Agreement{
		Title:      "Accord de partenariat LifeScience Corridor France – Kansai Bio Promotion Council",
		Type:       passerelle.TypeFramework,
		SignedDate: "2008-02-04", StartDate: "2008-02-04", EndDate: "2010",
		Theme:       "economy.attractiveness.clusters",
		OtherThemes: []passerelle.AgreementTheme{{Code: "health.biotech", Priority: 1}},
		Context: "Le LifeScience Corridor France, lancé le 4 décembre 2007 à Toulouse, fédère trois pôles de compétitivité aux compétences complémentaires : " +
			"Alsace BioValley (interface entre chimie, biologie et technologies médicales), Lyonbiopôle (maladies infectieuses humaines et animales, diagnostic et vaccins) " +
			"et Cancer-Bio-Santé (prise en charge du cancer). Au Japon, la biorégion du Kansai s'étend sur 9 préfectures (Osaka, Hyogo, Kyoto, Nara, Shiga, Wakayama, Mie, " +
			"Fukui, Tokushima) et constitue le biocluster majeur du pays, animé par le Kansai Bio Promotion Council.",
		History: "Signé le 4 février 2008 à Osaka, à 10 h 45, lors d'une cérémonie organisée par la CCI d'Osaka et les clusters d'Osaka et de Kobe, " +
			"en présence de Luc Rousseau, directeur général des entreprises, d'Alain Griot (DGE) et de Masahiro Nadamoto, président du Kansai Bio Promotion Council. " +
			"Premier partenariat international du LifeScience Corridor France, négocié par le pôle Cancer-Bio-Santé pour le compte des trois pôles.",
		Objectives: "Sceller les bases de coopérations futures autour de collaborations de terrain entre parcs d'activité, laboratoires de recherche, " +
			"industries pharmaceutiques et entreprises de biotechnologie, de l'organisation de missions et séminaires communs ou d'échanges d'expérience entre bioclusters.",
		Form:         "Accord de partenariat entre clusters",
		ProjectOwner: "Pôle Cancer-Bio-Santé, pour le compte des trois pôles",
		Partners: []passerelle.AgreementPartner{
			{OrganizationID: org("kansai"), Side: passerelle.SideForeign},
			{OrganizationID: org("lscf"), Side: passerelle.SideFrench},
			{OrganizationID: org("cancer-bio-sante"), Side: passerelle.SideFrench, Role: "negotiated the agreement for the three clusters"},
			{OrganizationID: org("lyonbiopole"), Side: passerelle.SideFrench},
			{OrganizationID: org("alsace-biovalley"), Side: passerelle.SideFrench},
		},
		Contacts: []passerelle.AgreementContact{
			{PersonID: person("nadamoto"), FirstName: "Masahiro", LastName: "Nadamoto", Role: "Président", Organization: "Kansai Bio Promotion Council", Kind: "foreign_partner"},
			{PersonID: person("saintouil"), FirstName: "Jean-Pierre", LastName: "Saintouil", Role: "Directeur général", Organization: "Pôle Cancer-Bio-Santé", Kind: "french_partner"},
			{PersonID: person("carboni"), FirstName: "Nicolas", LastName: "Carboni", Role: "Directeur général", Organization: "Alsace BioValley", Kind: "french_partner"},
			{PersonID: person("bombarde"), FirstName: "Bruno", LastName: "Bombarde", Role: "Représentant de Lyonbiopôle (président de bioMérieux Japon)", Organization: "Lyonbiopôle", Kind: "french_partner"},
			{PersonID: person("foissac"), FirstName: "Alexandra", LastName: "Foissac", Role: "Contact presse", Organization: "VICBIOSTART", Kind: "other"},
		},
		Phases: []passerelle.Phase{{
			Title: "Programme de coopération 2008–2010", StartDate: "2008-02-04", EndDate: "2010", Status: passerelle.ActionDone,
			Actions: []passerelle.Action{
				{Title: "Coordination et soutien à des programmes de collaborations et des partenariats dans le domaine de la recherche, du marketing ou de la vente et du financement entre acteurs des 2 régions", StartDate: "2008", EndDate: "2010"},
				{Title: "Coordination et soutien à la recherche translationnelle et à la propriété intellectuelle pour optimiser la valorisation des résultats de recherche en applications médicales", StartDate: "2008", EndDate: "2010"},
				{Title: "Organisation de séminaires en France et au Japon pour favoriser l'échange d'expérience et les coopérations", StartDate: "2008", EndDate: "2010"},
				{Title: "Présentation des actions engagées lors d'événements internationaux", StartDate: "2008", EndDate: "2010"},
				{Title: "Bio-Japan 2008, Yokohama : rendez-vous B to B entre entreprises des régions de Toulouse, Lyon-Grenoble, Strasbourg et du Kansai",
					StartDate: "2008-10-15", EndDate: "2008-10-17", Owner: "LifeScience Corridor France", Status: passerelle.ActionDone},
			},
		}},
	}

	rtp := &passerelle.Agreement{
		Title: "Convention de soft landing Genopole – Research Triangle Park", Type: passerelle.TypeSoftLanding,
		StartDate: "2020", Status: passerelle.StatusPlanned, // in preparation in 2020
		Theme: "economy.attractiveness.clusters", OtherThemes: []passerelle.AgreementTheme{{Code: "health.biotech", Priority: 1}},
		History: "Collaborations engagées en 2019 avec le Research Triangle Park (Caroline du Nord). En janvier 2020, une équipe de Genopole s'est rendue " +
			"au North Carolina Biotechnology Center, implanté au sein du Research Triangle Park.",
		Objectives: "Identifier les besoins des entreprises de Genopole et du centre américain pour établir une convention de soft landing.",
		Partners: []passerelle.AgreementPartner{
			{OrganizationID: org("rtp"), Side: passerelle.SideForeign},
			{OrganizationID: org("ncbiotech"), Side: passerelle.SideForeign, Role: "hosted the January 2020 visit"},
			{OrganizationID: org("genopole"), Side: passerelle.SideFrench},
		},
		Phases: []passerelle.Phase{{Title: "Visite de Genopole au North Carolina Biotechnology Center", StartDate: "2020-01", EndDate: "2020-01",
			Owner: "Genopole", Status: passerelle.ActionDone, Outcome: "Besoins des entreprises identifiés pour la convention de soft landing"}},
	}

	kawasaki := &passerelle.Agreement{
		Title: "Accord entre Genopole et le Life Innovation Center de Kawasaki", Type: passerelle.TypeOtherAgreement,
		SignedYear: 2020, StartDate: "2020",
		Theme: "economy.attractiveness.clusters", OtherThemes: []passerelle.AgreementTheme{{Code: "health.biotech", Priority: 1}},
		History: "En février 2020, une délégation du Life Innovation Center de Kawasaki, au sud de Tokyo, s'est rendue à Genopole pour comprendre le " +
			"fonctionnement de l'écosystème et s'en inspirer. Un accord a été engagé la même année, à l'occasion de BIO USA.",
		Objectives: "Créer des conditions favorables de softlanding, développer l'incubation d'entreprises et l'accès à des équipements mutualisés.",
		Partners: []passerelle.AgreementPartner{
			{OrganizationID: org("kawasaki"), Side: passerelle.SideForeign},
			{OrganizationID: org("genopole"), Side: passerelle.SideFrench},
		},
		Phases: []passerelle.Phase{{Title: "Délégation de Kawasaki reçue à Genopole", StartDate: "2020-02", EndDate: "2020-02", Status: passerelle.ActionDone}},
	}
	return []*passerelle.Agreement{poitiers, corridor, rtp, kawasaki}
}

// The texts of the Atlas record (seed 002), as published.
const (
	seed002Context = `La santé publique est au cœur des enjeux sociétaux internationaux des prochaines décennies. L’allongement de la durée de la vie et le développement des pays émergents conduisent le monde scientifique et industriel à s’interroger et à mettre en place une stratégie pour répondre à cette mutation et relever le défi économique afférent. Dans cette perspective, le Ministre du redressement productif, la Ministre des affaires sociales et de la Santé et la Ministre de l’enseignement supérieur et de la Recherche ont inscrit lors du Conseil stratégique des industries et technologies de santé qui s’est tenu en juillet 2013, parmi les axes prioritaires:
- l’accroissement de l’attractivité de la filière Santé en termes de recherche, de développement et de production
-la conquête de nouveaux marchés à l’international.
Le modèle des entreprises de biotechnologies, basé sur la recherche, le développement et l'innovation technologiques répond en tout point à ces enjeux.

En Région Poitou-Charentes, la filière Santé représente plus de 200 établissements soit 3 200 emplois et un chiffre d’affaires cumulé de 467 millions euros. Sur l’aire urbaine de Poitiers et plus particulièrement au sein de sa filière biotechnologie spécialisée en santé, on compte une soixantaine de structures privées et publiques (plateformes technologiques, CHU, CNRS, INRA et INSERM, industriels, chercheurs, formateurs et organismes d’appui à l’innovation). Ce sont plus de 1000 salariés soit 137 millions d’euros de chiffres d’affaires qui évoluent majoritairement dans des PME/TPE et au sein de laboratoires de recherche prédisposées à l’innovation.

En Argentine, les technologies appliquée à la santé revêtent une importance particulière au regard de leur profil productif (très lié aux ressources naturelles), du développement des activités qui en découlent (comme la pharmaco-chimie, les médicaments, la production de semences) et des disciplines scientifiques afférentes (la biologie, la médecine, la chimie). Les biotechnologies appliquées au monde productif ont expérimenté un développement rapide sur le territoire argentin. Les premières innovations tant dans les applications pour la santé humaine que dans le champ végétal, ont eu lieu en même temps que dans les pays plus développés.

La province de Santa Fe est un cas représentatif de cette dynamique : elle a rapidement adopté les semences transgéniques et les techniques modernes de reproduction bovine (de l’utilisation de marqueurs moléculaires au clonage) ; elle dispose depuis longtemps d’une industrie laitière et frigorifique (toutes deux utilisées pour la production d’éléments biologiques innovants) de nombreux laboratoires pharmaceutiques (pour des applications humaines et/ou vétérinaires) et d’un large éventail de formations spécialisées qui sont la base du développement et de l’adaptation des biotechnologies modernes.
A Santa Fe, le début de l’activité en biotechnologie appliquée au secteur de la santé dans le secteur privé, comme dans d’autres parties du monde, s’est faite avec la production de protéines recombinantes.`

	seed002History = `Coopération entre les deux territoires :

1/ Coopération universitaire :
L’université Nationale du Littoral (UNL) de la ville de Santa Fe a une longue tradition d’échanges et de coopération avec l’Université de Poitiers. En juin 2013, le recteur de l’UNL s’est engagé à approfondir les actions de coopération et de soutien aux démarches initiées par le gouvernement local de la ville de Santa Fe.

2/ Coopération Ville de Santa Fe - Poitiers :
En 2012, Grand Poitiers, dans le cadre de sa foire exposition annuelle, décide de mettre l’Argentine à l’honneur. La même année, le maire de la ville de Santa Fe se rend à Poitiers et participe à la rencontre franco argentine de coopération qui se tient à Biarritz, dans le but d’établir des relations avec la ville de Santa Fe.

Ces actions et les relations entre chaque entité qui en ont découlé ont reçu un fort appuie de chaque ambassade (l’ambassade d’Argentine en France et l’ambassade de France en Argentine) et le Ministère des Affaires étrangères argentin.

Au premier semestre 2013, dans un souci constant de développer des partenariats économiques, le service Développement économique réalise une étude préliminaire. Cette dernière démontre les potentialités d’échanges entre les filières de biotechnologie des deux territoires.

En avril 2013, les structures de développement économique et de promotion de l’innovation des deux territoires prennent contact. S’en suit une série de validations des conclusions de l’étude.

En mai 2013, la phase opérationnelle débute. Les entreprises et laboratoires de biotechnologie de chaque territoire sont sélectionnés, les marchés sont ciblés.

En juin 2013, le président de la Communauté d’Agglomération de Grand Poitiers transmet une proposition formelle d’accord de coopération ratifiée par les deux territoires le 27 septembre 2013.`

	seed002Objectives = `Ce projet vise trois objectifs:
- une coopération inter – entreprises et de recherche. Il s’agit sur chaque territoire de renforcer et d’accompagner le développement de l’écosystème de cette filière en local et à l’international.
- la promotion du transfert et de la coopération entre instituts et centres de recherche
- l’ouverture des marchés français et argentins. Il s’agit d’exporter le savoir faire, de promouvoir l’innovation en biotechnologie et son transfert.`

	seed002Description = `Phase 1 : Travail exploratoire approfondi à distance, entre les deux villes pour détecter/valider les échanges technologiques, de transfert de connaissances commerciaux et économiques pressentis (entreprises, laboratoires et centres de recherches, universités) et en détecter de nouveaux.
L’objectif est de confirmer le ciblage des structures argentines (université/ entreprises/ centres de développement) pour valider la pertinence des échanges pressentis et prévus au projet.
Phase 2 : Organisation d’un séminaire à Santa Fe sur le développement du secteur, opportunités de coopération.
L’objectif est de diffuser et d’approfondir les connaissances sur l’état du développement du marché français et du marché argentin, ses innovations. Cette phase sera concomitante à la mission de la délégation française (phase 3).
Phase 3 : Mission technique et de coopération économique
L’objectif est de générer à Santa Fe des rencontres inter groupes, inter entreprises qui permettent de cibler des accords de coopération scientifique, des alliances stratégiques, des échanges technologiques et commerciaux. Puis, après une sélection de collaborations potentielles confirmées, une délégation de Santa Fe se rendra à Poitiers pour approfondir les projets de recherche, la coopération entre entreprises/instituts de recherche et connaître la réalité et les opportunités commerciales avec la France. (le cout associé à cette dernière action sera financé par les instituts de recherche, les universités et les entreprises).
Phase 4 : Formalisation d’accords de partenariat entre les différentes structures au regard des résultats des visites et rencontres d’affaires.`
)

// seed002Phases are the four phases of the detailed description: title and aim.
var seed002Phases = [][2]string{
	{"Travail exploratoire approfondi à distance, entre les deux villes pour détecter/valider les échanges technologiques, de transfert de connaissances commerciaux et économiques pressentis (entreprises, laboratoires et centres de recherches, universités) et en détecter de nouveaux.", "L’objectif est de confirmer le ciblage des structures argentines (université/ entreprises/ centres de développement) pour valider la pertinence des échanges pressentis et prévus au projet."},
	{"Organisation d’un séminaire à Santa Fe sur le développement du secteur, opportunités de coopération.", "L’objectif est de diffuser et d’approfondir les connaissances sur l’état du développement du marché français et du marché argentin, ses innovations. Cette phase sera concomitante à la mission de la délégation française (phase 3)."},
	{"Mission technique et de coopération économique", "L’objectif est de générer à Santa Fe des rencontres inter groupes, inter entreprises qui permettent de cibler des accords de coopération scientifique, des alliances stratégiques, des échanges technologiques et commerciaux. Puis, après une sélection de collaborations potentielles confirmées, une délégation de Santa Fe se rendra à Poitiers pour approfondir les projets de recherche, la coopération entre entreprises/instituts de recherche et connaître la réalité et les opportunités commerciales avec la France. (le cout associé à cette dernière action sera financé par les instituts de recherche, les universités et les entreprises)."},
	{"Formalisation d’accords de partenariat entre les différentes structures au regard des résultats des visites et rencontres d’affaires.", ""},
}
