package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"passerelle"
)

var (
	genFirst = strings.Fields("Marie Jean Pierre Sophie Lucas Camille Thomas Léa Nicolas Chloé Hiroshi Yuki Mette Anders Sofie Lars " +
		"Ana Juan María Carlos Wei Li Priya Rahul Fatima Omar Élodie François Hélène Björn Søren Zoë Ingrid Kenji Aiko")
	genLast = strings.Fields("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel " +
		"García Fernández López Tanaka Suzuki Watanabe Nielsen Jensen Hansen Pedersen Andersen Müller Schmidt Schneider " +
		"Rossi Russo Kowalski Nowak Chen Wang Zhang Singh Kumar Haddad Benali Coulomb Arié Kjær Østergaard")
	genTopics = strings.Fields("oncology vaccines diagnostics genomics neuroscience imaging biotech medtech ophthalmology " +
		"audiology lymphoma immunology bioinformatics microbiology robotics materials energy agrifood")
)

// GeneratePeople adds n made-up people to the actor's workspace, marked fictional, in
// multi-row inserts. It exists for benchmarks and load tests.
func GeneratePeople(ctx context.Context, db *DB, n int, seed uint64) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	err = db.inTx(ctx, func(tx *Tx) error {
		countries := []string{"FR", "DK", "JP", "US", "AR", "DE", "TN", "SE", "ES", "IT"}
		for done := 0; done < n; {
			k := min(500, n-done)
			w := &where{}
			ws, now := w.arg(a.WorkspaceID), w.arg(tx.now)
			rows := make([]string, 0, k)
			for i := 0; i < k; i++ {
				p := &passerelle.Person{FirstName: genFirst[rng.IntN(len(genFirst))], LastName: genLast[rng.IntN(len(genLast))],
					Topics: []string{genTopics[rng.IntN(len(genTopics))]}, Country: countries[rng.IntN(len(countries))], WorkspaceID: a.WorkspaceID}
				p.Emails = []string{fmt.Sprintf("%s.%s%d@example.org", passerelle.Fold(p.FirstName), strings.ReplaceAll(passerelle.Fold(p.LastName), " ", ""), done+i)}
				doc, key := personSearchText(p)
				rows = append(rows, fmt.Sprintf("(%s, %s, %s, %s, %s, %s, 'shared', %s, %s, TRUE, %s, %s)", ws, w.arg(p.FirstName), w.arg(p.LastName),
					w.arg(jsonList(p.Emails)), w.arg(jsonList(p.Topics)), w.arg(p.Country), w.arg(doc), w.arg(key), now, now))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO people (workspace_id, first_name, last_name, emails, topics, country, visibility,
				search_doc, name_key, fictional, created_at, updated_at) VALUES `+strings.Join(rows, ", "), w.args...); err != nil {
				return err
			}
			done += k
		}
		return nil
	})
	if err != nil {
		return err
	}
	// As after an import: without fresh statistics PostgreSQL intersects the text
	// index with a scan of the whole workspace.
	return db.analyze(ctx, "people")
}
