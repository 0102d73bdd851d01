package passerelle

// Theme is a node of the three-level theme taxonomy (thématique, sous-thématique,
// sous-sous-thématique, as the Atlas of decentralised cooperation has them).
type Theme struct {
	Code       string `json:"code"`
	ParentCode string `json:"parent_code,omitempty"`
	Level      int    `json:"level"` // 1, 2 or 3
	LabelFR    string `json:"label_fr"`
	LabelEN    string `json:"label_en"`
}

// Label returns the label in lang ("fr" or "en").
func (t *Theme) Label(lang string) string {
	if lang == "fr" && t.LabelFR != "" {
		return t.LabelFR
	}
	return t.LabelEN
}

// DefaultThemes seeds a new workspace: the levels of the Atlas record in seed 002 and
// the health areas of the five Carnot institutes in seed 000. These are rows, not
// interface labels, so they are not in the catalogues: once copied, a workspace's themes
// are its data, read from the database by the pages, the search text and the API
// (label_fr, label_en), beside the themes its managers add with their two labels.
var DefaultThemes = []Theme{
	{Code: "economy", Level: 1, LabelFR: "Economie durable", LabelEN: "Sustainable economy"},
	{Code: "economy.attractiveness", ParentCode: "economy", Level: 2, LabelFR: "Attractivité des territoires", LabelEN: "Attractiveness of territories"},
	{Code: "economy.attractiveness.clusters", ParentCode: "economy.attractiveness", Level: 3, LabelFR: "Pôles de compétitivité, clusters, filières", LabelEN: "Competitiveness clusters, clusters, industries"},
	{Code: "economy.attractiveness.innovation", ParentCode: "economy.attractiveness", Level: 3, LabelFR: "Innovation et transfert de technologie", LabelEN: "Innovation and technology transfer"},
	{Code: "economy.trade", ParentCode: "economy", Level: 2, LabelFR: "Commerce et internationalisation des entreprises", LabelEN: "Trade and internationalisation of companies"},
	{Code: "research", Level: 1, LabelFR: "Enseignement supérieur et recherche", LabelEN: "Higher education and research"},
	{Code: "research.cooperation", ParentCode: "research", Level: 2, LabelFR: "Coopération universitaire et scientifique", LabelEN: "University and scientific cooperation"},
	{Code: "research.cooperation.mobility", ParentCode: "research.cooperation", Level: 3, LabelFR: "Mobilité des chercheurs et des étudiants", LabelEN: "Mobility of researchers and students"},
	{Code: "research.cooperation.projects", ParentCode: "research.cooperation", Level: 3, LabelFR: "Projets de recherche collaboratifs", LabelEN: "Collaborative research projects"},
	{Code: "health", Level: 1, LabelFR: "Santé", LabelEN: "Health"},
	{Code: "health.biotech", ParentCode: "health", Level: 2, LabelFR: "Biotechnologies de la santé", LabelEN: "Health biotechnology"},
	{Code: "health.infectious", ParentCode: "health", Level: 2, LabelFR: "Maladies infectieuses", LabelEN: "Infectious diseases"},
	{Code: "health.infectious.vaccines", ParentCode: "health.infectious", Level: 3, LabelFR: "Diagnostic et vaccins", LabelEN: "Diagnostics and vaccines"},
	{Code: "health.cancer", ParentCode: "health", Level: 2, LabelFR: "Cancers", LabelEN: "Cancers"},
	{Code: "health.cancer.lymphoma", ParentCode: "health.cancer", Level: 3, LabelFR: "Lymphomes", LabelEN: "Lymphomas"},
	{Code: "health.neuro", ParentCode: "health", Level: 2, LabelFR: "Système nerveux central et handicap", LabelEN: "Central nervous system and disability"},
	{Code: "health.senses", ParentCode: "health", Level: 2, LabelFR: "Vision et audition", LabelEN: "Vision and hearing"},
	{Code: "health.medtech", ParentCode: "health", Level: 2, LabelFR: "Technologies médicales", LabelEN: "Medical technology"},
	{Code: "culture", Level: 1, LabelFR: "Culture, patrimoine et francophonie", LabelEN: "Culture, heritage and the French language"},
	{Code: "governance", Level: 1, LabelFR: "Gouvernance locale et appui institutionnel", LabelEN: "Local governance and institutional support"},
	{Code: "environment", Level: 1, LabelFR: "Environnement, climat et énergie", LabelEN: "Environment, climate and energy"},
	{Code: "agriculture", Level: 1, LabelFR: "Agriculture et alimentation", LabelEN: "Agriculture and food"},
	{Code: "education", Level: 1, LabelFR: "Education, formation et jeunesse", LabelEN: "Education, training and youth"},
}
