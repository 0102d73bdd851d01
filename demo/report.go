package demo

import (
	"context"

	"passerelle"
	"passerelle/store"
)

// loadReportText writes the written text of the network's 2020 report (docs/reports.md,
// "Written text"): an introduction and a section on the United States. Both are made up
// for the demo and say so; seed 003 has its own words, which are Genopole's.
func loadReportText(_ context.Context, db *store.DB, d *Directory) error {
	svc := store.NewReportSectionService(db)
	for _, x := range []*passerelle.ReportSection{
		{Year: 2020, Kind: passerelle.ReportSectionIntro,
			Body: "Texte inventé pour la démo. En 2020, les visites ont été moins nombreuses, mais les échanges internationaux du réseau se sont poursuivis toute l’année, le plus souvent à distance.\n\n" +
				"Les pages qui suivent reprennent les événements, les missions et les accords de l’année, puis les chiffres des cinq dernières années."},
		{Year: 2020, Title: "États-Unis", Countries: []string{"US"},
			Body: "Texte inventé pour la démo. Biotech Showcase à San Francisco en janvier, BIO USA en ligne en juin, et une visite au Research Triangle Park pour préparer une convention de soft landing."},
	} {
		if err := svc.CreateReportSection(d.System, x); err != nil {
			return err
		}
	}
	return nil
}
