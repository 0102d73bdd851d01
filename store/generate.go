package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

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
		before, err := maxPersonID(ctx, tx, a.WorkspaceID)
		if err != nil {
			return err
		}
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
		return keyPeople(ctx, tx, a.WorkspaceID, before)
	})
	if err != nil {
		return err
	}
	// As after an import: without fresh statistics PostgreSQL intersects the text
	// index with a scan of the whole workspace.
	return db.analyze(ctx, "people, person_keys")
}

// genSyllables make the family names of GenerateContacts: two or three of them give
// some 220,000 names, so that a million people are not a few thousand namesakes.
var genSyllables = strings.Fields("ka ri mo la be no sa to ve lu di ra ne ko mi pa ro si ta fu " +
	"gar ben dal mer tor vin sel mar lor pen dor kal ber nis tal rom van sul dek hol " +
	"son sen dt eau ez ini ski ova berg ard elli ato ier ens ez io et")

// ContactName draws a family name as GenerateContacts does.
func ContactName(r *rand.Rand) string {
	n := 2 + r.IntN(2)
	var b strings.Builder
	for range n {
		b.WriteString(genSyllables[r.IntN(len(genSyllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// GenerateContacts fills the actor's workspace with n shared fictional people of
// varied names, each working for one of its organisations (an affiliation) with an
// email at that organisation's domain (orgNNN.example): a contact book at scale for the
// people import's benchmark.
func GenerateContacts(ctx context.Context, db *DB, n int, seed uint64) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	err = db.inTx(ctx, func(tx *Tx) error {
		before, err := maxPersonID(ctx, tx, a.WorkspaceID)
		if err != nil {
			return err
		}
		var orgIDs []int64
		rows, err := tx.QueryContext(ctx, `SELECT id FROM organizations WHERE workspace_id = $1 ORDER BY id`, a.WorkspaceID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			orgIDs = append(orgIDs, id)
		}
		rows.Close()
		if len(orgIDs) == 0 {
			return passerelle.Errorf(passerelle.EINVALID, "no organisation to work for")
		}
		for done := 0; done < n; {
			k := min(500, n-done)
			w := &where{}
			ws, now := w.arg(a.WorkspaceID), w.arg(tx.now)
			vals := make([]string, 0, k)
			orgs := make([]int64, 0, k)
			for i := 0; i < k; i++ {
				org := orgIDs[rng.IntN(len(orgIDs))]
				p := &passerelle.Person{FirstName: genFirst[rng.IntN(len(genFirst))], LastName: ContactName(rng), WorkspaceID: a.WorkspaceID}
				p.Emails = []string{fmt.Sprintf("%s.%s@org%d.example", passerelle.Fold(p.FirstName), passerelle.Fold(p.LastName), org)}
				doc, key := personSearchText(p)
				vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, 'shared', %s, %s, TRUE, %s, %s)", ws, w.arg(p.FirstName), w.arg(p.LastName),
					w.arg(jsonList(p.Emails)), w.arg(doc), w.arg(key), now, now))
				orgs = append(orgs, org)
			}
			rows, err := tx.QueryContext(ctx, `INSERT INTO people (workspace_id, first_name, last_name, emails, visibility,
				search_doc, name_key, fictional, created_at, updated_at) VALUES `+strings.Join(vals, ", ")+` RETURNING id`, w.args...)
			if err != nil {
				return err
			}
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			w = &where{}
			ws, now = w.arg(a.WorkspaceID), w.arg(tx.now)
			vals = vals[:0]
			for i, id := range ids {
				vals = append(vals, fmt.Sprintf("(%s, %s, %s, '', '', '', '', %s)", ws, w.arg(id), w.arg(orgs[i]), now))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO affiliations (workspace_id, person_id, organization_id, role, title, start_date, end_date, created_at) VALUES `+
				strings.Join(vals, ", "), w.args...); err != nil {
				return err
			}
			done += k
		}
		return keyPeople(ctx, tx, a.WorkspaceID, before)
	})
	if err != nil {
		return err
	}
	return db.analyze(ctx, "people, affiliations, person_keys")
}

// MeetingSpec says what GenerateMeetings makes: N meetings whose starts are spread over
// [From, From+Span), each with one organisation, one person and one or two attendees
// drawn from the lists; Focus, when set, attends only FocusN more meetings in the last
// FocusSpan before From+Span (a heavy user's feed).
type MeetingSpec struct {
	N                 int
	From              time.Time
	Span              time.Duration
	OrgIDs, PersonIDs []int64
	UserIDs           []int64
	Focus             int64
	FocusN            int
	FocusSpan         time.Duration
	Seed              uint64
}

// GenerateMeetings adds made-up shared meetings to the actor's workspace in multi-row
// inserts, without audit entries. It exists for benchmarks and load tests.
func GenerateMeetings(ctx context.Context, db *DB, spec MeetingSpec) error {
	a, err := passerelle.RequireWriter(ctx)
	if err != nil {
		return err
	}
	if len(spec.OrgIDs) == 0 || len(spec.PersonIDs) == 0 || len(spec.UserIDs) == 0 {
		return passerelle.FieldError("spec", "organisations, people and users are required")
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 11))
	zones := []string{"Europe/Paris", "Europe/Copenhagen", "Asia/Tokyo", "America/New_York", "America/Argentina/Buenos_Aires"}
	statuses := []string{"held", "held", "held", "planned", "confirmed", "cancelled", "no_show"}
	total := spec.N + spec.FocusN
	batches := 0
	err = db.inTx(ctx, func(tx *Tx) error {
		for done := 0; done < total; {
			// A hundred rows a statement: SQLite parses n numbered parameters in n² steps.
			k := min(100, total-done)
			w := &where{}
			ws, now := w.arg(a.WorkspaceID), w.arg(tx.now)
			rows := make([]string, 0, k)
			type parts struct {
				org, person int64
				users       []int64
			}
			batch := make([]parts, 0, k)
			for i := 0; i < k; i++ {
				n := done + i
				var start time.Time
				p := parts{org: spec.OrgIDs[rng.IntN(len(spec.OrgIDs))], person: spec.PersonIDs[rng.IntN(len(spec.PersonIDs))]}
				u := spec.UserIDs[rng.IntN(len(spec.UserIDs))]
				if n < spec.N && u == spec.Focus && len(spec.UserIDs) > 1 {
					// The focus user attends only its FocusN meetings, so that its feed
					// holds the number asked for.
					u = spec.UserIDs[(slices.Index(spec.UserIDs, u)+1)%len(spec.UserIDs)]
				}
				p.users = []int64{u}
				if n < spec.N {
					start = spec.From.Add(time.Duration(rng.Int64N(int64(spec.Span))))
					if v := spec.UserIDs[rng.IntN(len(spec.UserIDs))]; rng.IntN(3) == 0 && v != u && v != spec.Focus {
						p.users = append(p.users, v)
					}
				} else {
					start = spec.From.Add(spec.Span - spec.FocusSpan + time.Duration(rng.Int64N(int64(spec.FocusSpan))))
					if spec.Focus != u {
						p.users = append(p.users, spec.Focus)
					}
				}
				start = start.Truncate(15 * time.Minute).UTC()
				uid := fmt.Sprintf("gen-%d-%d-%d@passerelle", spec.Seed, a.WorkspaceID, n)
				title := fmt.Sprintf("Meeting %d on %s", n, genTopics[rng.IntN(len(genTopics))])
				rows = append(rows, fmt.Sprintf("(%s, %s, 0, %s, %s, %s, %s, %s, %s, 'shared', %s, %s)", ws, w.arg(uid), w.arg(title),
					w.arg(start), w.arg(start.Add(45*time.Minute)), w.arg(zones[rng.IntN(len(zones))]), w.arg("Venue "+fmt.Sprint(rng.IntN(500))),
					w.arg(statuses[rng.IntN(len(statuses))]), now, now))
				batch = append(batch, p)
			}
			r, err := tx.QueryContext(ctx, `INSERT INTO meetings (workspace_id, uid, sequence, title, starts_at, ends_at, time_zone, location,
				status, visibility, created_at, updated_at) VALUES `+strings.Join(rows, ", ")+` RETURNING id`, w.args...)
			if err != nil {
				return err
			}
			var ids []int64
			for r.Next() {
				var id int64
				if err := r.Scan(&id); err != nil {
					r.Close()
					return err
				}
				ids = append(ids, id)
			}
			r.Close()
			if err := r.Err(); err != nil {
				return err
			}
			// RETURNING gives no order guarantee: the participants do not depend on it,
			// each batch's are drawn alike.
			for _, t := range []struct {
				table, col string
				pick       func(p parts) []int64
			}{{"meeting_organizations", "organization_id", func(p parts) []int64 { return []int64{p.org} }},
				{"meeting_people", "person_id", func(p parts) []int64 { return []int64{p.person} }},
				{"meeting_attendees", "user_id", func(p parts) []int64 { return p.users }}} {
				w := &where{}
				ws := w.arg(a.WorkspaceID)
				var vals []string
				for i, id := range ids {
					for pos, x := range t.pick(batch[i]) {
						vals = append(vals, fmt.Sprintf("(%s, %s, %s, %d)", ws, w.arg(id), w.arg(x), pos))
					}
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.table+` (workspace_id, meeting_id, `+t.col+`, position) VALUES `+
					strings.Join(vals, ", "), w.args...); err != nil {
					return err
				}
			}
			done += k
			// Statistics refreshed early inside the transaction, as the scheduling job's
			// save does: planned on empty tables, PostgreSQL's foreign-key checks scan
			// (one INSERT ran for 32 CPU-minutes at 200,000 meetings).
			if batches++; batches == 1 || batches == 5 || batches == 20 || batches == 200 {
				if err := tx.analyze(ctx, "meetings, meeting_organizations, meeting_people, meeting_attendees"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The organisations too: a benchmark creates them a moment before, and without
	// statistics PostgreSQL takes the table for 4 rows and joins a feed's 2,000 meetings
	// through it in a nested loop (76 ms against 4 ms); autovacuum would have analysed it
	// by the time a real workspace has 200,000 meetings.
	for _, t := range []string{"meetings", "meeting_organizations", "meeting_people", "meeting_attendees", "organizations"} {
		if err := db.analyze(ctx, t); err != nil {
			return err
		}
	}
	return nil
}
