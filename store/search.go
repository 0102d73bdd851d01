package store

import (
	"context"
	"fmt"
	"strings"

	"passerelle"
)

// textMatch adds a full-text condition on table (aliased alias) for the folded terms,
// each matched by prefix, and returns the FROM clause and the ranking ORDER BY term.
// This is the one place where the two dialects differ in query text.
func (db *DB) textMatch(w *where, table, alias string, terms []string) (from, order string) {
	if db.Dialect == Postgres {
		q := make([]string, len(terms))
		for i, t := range terms {
			q[i] = t + ":*"
		}
		p := w.arg(strings.Join(q, " & "))
		w.conds = append(w.conds, alias+".search_tsv @@ to_tsquery('simple', "+p+")")
		return table + " " + alias, "ts_rank(" + alias + ".search_tsv, to_tsquery('simple', " + p + ")) DESC"
	}
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"*`
	}
	// bm25() cannot be called beside a window function (COUNT(*) OVER()), so the
	// scores come from a subquery.
	fts := table + "_fts"
	p := w.arg(strings.Join(q, " "))
	return "(SELECT rowid AS fts_id, bm25(" + fts + ") AS fts_score FROM " + fts + " WHERE " + fts + " MATCH " + p + ") f JOIN " +
		table + " " + alias + " ON " + alias + ".id = f.fts_id", "f.fts_score"
}

// wsToken is the word that puts a record in its workspace's part of the SQLite full-text
// index, so that the index itself narrows a search to one workspace. Fold never produces
// it from what a user types, except by typing it, which finds nothing of another workspace.
func wsToken(ws int64) string { return fmt.Sprintf("zzw%dw", ws) }

// textCandidates returns a WITH clause (empty on SQLite) and a FROM clause joining table
// (as alias) to at most SearchCap of its records in workspace ws that contain every term
// by prefix, plus those that keysTable (if any) holds under the exact query. SQLite takes
// the lowest ids; PostgreSQL takes the first rows of a bitmap scan, which is the same set
// when there are at most SearchCap matches.
//
// On PostgreSQL the matches are a materialized CTE, planned for all its rows, and the cap
// is applied outside it: with the LIMIT inside, the planner reckons a sequential scan
// finds SearchCap rows early, and for a rare word walks the whole table (119 ms instead
// of 7 on 200,000 people). An ORDER BY id inside has the same effect.
func (db *DB) textCandidates(w *where, table, alias string, ws int64, terms []string, keysTable, keysCol string) (with, from string) {
	capN := fmt.Sprint(passerelle.SearchCap)
	var sub string
	if db.Dialect == Postgres {
		q := make([]string, len(terms))
		for i, t := range terms {
			q[i] = t + ":*"
		}
		with = "WITH fts AS MATERIALIZED (SELECT id AS fts_id FROM " + table + " WHERE workspace_id = " + w.arg(ws) +
			" AND search_tsv @@ to_tsquery('simple', " + w.arg(strings.Join(q, " & ")) + ")) "
		sub = "SELECT * FROM (SELECT fts_id FROM fts LIMIT " + capN + ") c"
	} else {
		q := []string{`"` + wsToken(ws) + `"`}
		for _, t := range terms {
			q = append(q, `"`+t+`"*`)
		}
		fts := table + "_fts"
		sub = "SELECT * FROM (SELECT rowid AS fts_id FROM " + fts + " WHERE " + fts + " MATCH " + w.arg(strings.Join(q, " ")) +
			" LIMIT " + capN + ") c"
	}
	if keysTable != "" {
		sub += " UNION SELECT " + keysCol + " FROM " + keysTable + " WHERE workspace_id = " + w.arg(ws) + " AND key = " + w.arg(strings.Join(terms, " "))
	}
	// CROSS JOIN keeps SQLite from scanning the table and probing the candidates.
	join := " CROSS JOIN "
	if db.Dialect == Postgres {
		join = " JOIN "
	}
	return with, "(" + sub + ") f" + join + table + " " + alias + " ON " + alias + ".id = f.fts_id"
}

// SearchService implements passerelle.SearchService over organisations and people.
type SearchService struct {
	orgs   *OrganizationService
	people *PersonService
}

func NewSearchService(db *DB) *SearchService {
	return &SearchService{orgs: NewOrganizationService(db), people: NewPersonService(db)}
}

// Search returns organisations first, then people, each ranked.
func (s *SearchService) Search(ctx context.Context, query string, limit int) ([]*passerelle.SearchHit, error) {
	limit = limitOf(limit, 20, 200)
	if len(passerelle.SearchTerms(query)) == 0 {
		return nil, nil
	}
	orgs, _, err := s.orgs.FindOrganizations(ctx, passerelle.OrganizationFilter{Query: query, Limit: limit})
	if err != nil {
		return nil, err
	}
	people, _, err := s.people.FindPeople(ctx, passerelle.PersonFilter{Query: query, Limit: limit})
	if err != nil {
		return nil, err
	}
	var hits []*passerelle.SearchHit
	for i, o := range orgs {
		d := []string{}
		if len(o.Acronyms) > 0 {
			d = append(d, o.Acronyms[0])
		}
		if o.City != "" {
			d = append(d, o.City)
		}
		hits = append(hits, &passerelle.SearchHit{Type: "organization", ID: o.ID, Name: o.Name, Detail: strings.Join(d, ", "),
			Country: o.Country, Score: 1 / float64(i+1)})
	}
	for i, p := range people {
		hits = append(hits, &passerelle.SearchHit{Type: "person", ID: p.ID, Name: p.Name(), Country: p.Country, Score: 1 / float64(i+2)})
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}
