package store_test

import (
	"context"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestAgreementPublicSearch: a search on the public page matches only what the page
// shows, never the notes or a document that is not public, also for the agreements of a
// database of before the public text (the migration's backfill writes it).
func TestAgreementPublicSearch(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		svc := store.NewAgreementService(db)
		a := &passerelle.Agreement{Title: "Kansai convention", Published: true, Description: "Publicword here", Notes: "Notesword inside",
			Documents: []passerelle.Document{{Title: "Hiddendoc budget"}, {Title: "Showndoc release", Public: true}}}
		must(t, svc.CreateAgreement(f.system, a))
		anon := passerelle.NewContextWithActor(ctx, &passerelle.Actor{WorkspaceID: f.ws.ID, Role: passerelle.RoleViewer})
		check := func(when string) {
			t.Helper()
			for q, want := range map[string]int{"publicword": 1, "shownd": 1, "kansai": 1, "notesword": 0, "hiddendoc": 0, "inside": 0, "publicword notesword": 0} {
				_, n, _, err := svc.SearchAgreements(anon, passerelle.AgreementFilter{Query: q, PublishedOnly: true})
				must(t, err)
				if n != want {
					t.Errorf("%s: the public search for %q finds %d, want %d", when, q, n, want)
				}
			}
			// A member still finds it by its notes.
			if _, n, _, err := svc.SearchAgreements(f.alice, passerelle.AgreementFilter{Query: "notesword"}); err != nil || n != 1 {
				t.Errorf("%s: a member's search by the notes finds %d (%v)", when, n, err)
			}
		}
		check("saved")
		for _, q := range []string{`UPDATE agreements SET public_doc = ''`, `INSERT INTO pending_backfills (name) VALUES ('agreement_public_doc')`} {
			if _, err := db.Write().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		must(t, db.Migrate(ctx))
		check("backfilled")
	})
}
