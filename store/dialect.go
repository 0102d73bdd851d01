package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"passerelle"
)

// Every difference in query text between SQLite and PostgreSQL lives in this file, one
// small function each; the rest of the store writes one SQL text for both. (Migrations
// have a directory per dialect, and the schema comparison of the tests reads each
// engine's catalogue.) Both engines search the same folded text (passerelle.Fold), so
// they agree on what matches; only the index differs: FTS5 tables named <table>_fts on
// SQLite, a search_tsv column with a GIN index on PostgreSQL.

// textQuery is the engine's full-text query for folded terms, all required, each matched
// by prefix.
func (db *DB) textQuery(terms []string) string {
	q := make([]string, len(terms))
	if db.Dialect == Postgres {
		for i, t := range terms {
			q[i] = t + ":*"
		}
		return strings.Join(q, " & ")
	}
	for i, t := range terms {
		q[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"*`
	}
	return strings.Join(q, " ")
}

// textFilter restricts table (aliased alias) to the rows that match the terms, without
// ranking: counts need no order.
func (db *DB) textFilter(w *where, table, alias string, terms []string) {
	p := w.arg(db.textQuery(terms))
	if db.Dialect == Postgres {
		w.conds = append(w.conds, alias+".search_tsv @@ to_tsquery('simple', "+p+")")
		return
	}
	// The unary plus keeps SQLite from turning the IN into a loop that runs the FTS
	// query once per row; the matches are read once into an ephemeral table.
	fts := table + "_fts"
	w.conds = append(w.conds, "+"+alias+".id IN (SELECT rowid FROM "+fts+" WHERE "+fts+" MATCH "+p+")")
}

// textRanked adds a full-text condition on table (aliased alias) for the folded terms and
// returns the FROM clause and the ranking ORDER BY term (best first).
func (db *DB) textRanked(w *where, table, alias string, terms []string) (from, order string) {
	p := w.arg(db.textQuery(terms))
	if db.Dialect == Postgres {
		w.conds = append(w.conds, alias+".search_tsv @@ to_tsquery('simple', "+p+")")
		return table + " " + alias, "ts_rank(" + alias + ".search_tsv, to_tsquery('simple', " + p + ")) DESC"
	}
	// bm25() cannot be called beside a window function (COUNT(*) OVER()), so the scores
	// come from a subquery. CROSS JOIN fixes SQLite's loop order, the matches outside and
	// read once: left to itself, with another filter it ran the FTS query once per row.
	fts := table + "_fts"
	return "(SELECT rowid AS fts_id, bm25(" + fts + ") AS fts_score FROM " + fts + " WHERE " + fts + " MATCH " + p + ") f CROSS JOIN " +
		table + " " + alias + " ON " + alias + ".id = f.fts_id", "f.fts_score"
}

// textScores is a query of the ids of workspace ws's rows of table that match every term,
// each with a score when rank is asked (lower is better; 0 otherwise), and its arguments.
// On SQLite the index holds every workspace: the caller keeps its own workspace's ids.
func (db *DB) textScores(table string, ws int64, terms []string, rank bool) (string, []any) {
	score := "0"
	if db.Dialect == Postgres {
		if rank {
			score = "-ts_rank(search_tsv, to_tsquery('simple', $2))"
		}
		return `SELECT id, ` + score + ` FROM ` + table + ` WHERE workspace_id = $1 AND search_tsv @@ to_tsquery('simple', $2)`,
			[]any{ws, db.textQuery(terms)}
	}
	fts := table + "_fts"
	if rank {
		score = "bm25(" + fts + ")"
	}
	return `SELECT rowid, ` + score + ` FROM ` + fts + ` WHERE ` + fts + ` MATCH $1`, []any{db.textQuery(terms)}
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
// finds SearchCap rows early, and for a rare word walks the whole table. An ORDER BY id
// inside has the same effect.
func (db *DB) textCandidates(w *where, table, alias string, ws int64, terms []string, keysTable, keysCol string) (with, from string) {
	capN := fmt.Sprint(passerelle.SearchCap)
	var sub string
	// CROSS JOIN keeps SQLite from scanning the table and probing the candidates.
	join := " CROSS JOIN "
	if db.Dialect == Postgres {
		with = "WITH fts AS MATERIALIZED (SELECT id AS fts_id FROM " + table + " WHERE workspace_id = " + w.arg(ws) +
			" AND search_tsv @@ to_tsquery('simple', " + w.arg(db.textQuery(terms)) + ")) "
		sub = "SELECT * FROM (SELECT fts_id FROM fts LIMIT " + capN + ") c"
		join = " JOIN "
	} else {
		fts := table + "_fts"
		q := `"` + wsToken(ws) + `" ` + db.textQuery(terms)
		sub = "SELECT * FROM (SELECT rowid AS fts_id FROM " + fts + " WHERE " + fts + " MATCH " + w.arg(q) + " LIMIT " + capN + ") c"
	}
	if keysTable != "" {
		sub += " UNION SELECT " + keysCol + " FROM " + keysTable + " WHERE workspace_id = " + w.arg(ws) + " AND key = " + w.arg(strings.Join(terms, " "))
	}
	return with, "(" + sub + ") f" + join + table + " " + alias + " ON " + alias + ".id = f.fts_id"
}

// analyze refreshes, inside the transaction, the planner's statistics of tables (a
// comma-separated list) with the rows the transaction itself wrote (PostgreSQL counts
// them), for a bulk load's later statements. SQLite plans without them.
func (tx *Tx) analyze(ctx context.Context, tables string) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.Tx.ExecContext(ctx, `ANALYZE `+tables)
	return err
}

// analyze refreshes the planner's statistics of tables (a comma-separated list) after a
// bulk load, so that the next queries pick the indexes. SQLite plans without them.
func (db *DB) analyze(ctx context.Context, tables string) error {
	if db.Dialect != Postgres {
		return nil
	}
	_, err := db.write.ExecContext(ctx, `ANALYZE `+tables)
	return err
}

// ForBulk prepares the transaction for many small statements on growing tables. On
// PostgreSQL, a plan cached while the tables were nearly empty (a sequential scan) would
// be reused for the whole import, making it quadratic; custom plans follow the growth.
func (tx *Tx) ForBulk(ctx context.Context) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.Tx.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`)
	return err
}

// lastRecordID is, on SQLite, the id a new person or organisation of the workspace must
// come after: the table's largest, or a larger one the workspace's history still names.
// SQLite gives a new row the largest id plus one, so the newest record deleted or merged
// away handed its id, and its audit entries with it, to the next one created. On
// PostgreSQL it is 0: sequences never hand out an id twice.
func (tx *Tx) lastRecordID(ctx context.Context, table, entity string, ws int64) (int64, error) {
	if tx.db.Dialect == Postgres {
		return 0, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT MAX(x) FROM (SELECT COALESCE(MAX(id), 0) AS x FROM `+table+`
		UNION ALL SELECT COALESCE(MAX(entity_id), 0) FROM audit_log WHERE workspace_id = $1 AND entity = $2) AS ids`, ws, entity).Scan(&id)
	return id, err
}

// lockRow makes the transaction wait for, then hold, row id of table before it reads it
// for a change. On PostgreSQL (READ COMMITTED) two saves of one record could otherwise
// both read its version and the second be refused as stale (bumpVersion) although its
// caller named no version; with the lock the second reads what the first committed.
// SQLite's single writer needs nothing.
func (tx *Tx) lockRow(ctx context.Context, table string, ws, id int64) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.Tx.ExecContext(ctx, `SELECT 1 FROM `+table+` WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, ws, id)
	return err
}

// skipLocked is the lock clause of a worker's claim of a job (store/job.go). On
// PostgreSQL, several serve processes claim at once: each locks the row it takes and
// skips the rows others hold, so a job runs once and nobody waits. SQLite has one writer
// (BEGIN IMMEDIATE), which serialises the claims by itself.
func (db *DB) skipLocked() string {
	if db.Dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// bulkParam is the placeholder of parameter n in a multi-row statement, whose
// parameters must appear in the text in the order of their numbers. SQLite keeps named
// and numbered parameters ($n, ?n) in a list that it searches once per parameter when
// parsing, and the driver once more per parameter when binding, so that a statement of
// thousands of them costs their square (16 s of 22 to store 18,000 scheduled meetings);
// anonymous ones (?) are bound by position, without a search.
func (db *DB) bulkParam(n int) string {
	if db.Dialect == SQLite {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

// manyArgs is where numbered parameters start to cost on SQLite. The driver binds each
// parameter after asking SQLite its name, which SQLite finds by walking the
// statement's list of names: n parameters named $1…$n bind in about n²/2 steps. A
// grouped insert of 400 requests (3,600 parameters) took 6.5 million of them, a third
// of a 110,000-request event import. Plain ? parameters have no name to look up.
const manyArgs = 64

// maxSQLiteArgs is SQLite's limit of parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER).
const maxSQLiteArgs = 32766

// anonymousArgs rewrites a statement's numbered parameters ($1, $2…) as plain ? in the
// order they appear, each argument repeated where its number is, for SQLite. Text in
// quotes and comments is left as it is. It returns the statement unchanged (ok false)
// when it holds a ? already, names a number it has no argument for, or would pass
// SQLite's limit: the driver then reports or runs it as before.
func anonymousArgs(query string, args []any) (string, []any, bool) {
	var b strings.Builder
	b.Grow(len(query))
	out := make([]any, 0, len(args))
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(query[i+1:], c)
			if j < 0 {
				return query, args, false
			}
			b.WriteString(query[i : i+j+2])
			i += j + 1
			continue
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i - 1
			}
			b.WriteString(query[i : i+j+1])
			i += j
			continue
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				return query, args, false
			}
			b.WriteString(query[i : i+j+4])
			i += j + 3
			continue
		case c == '?':
			return query, args, false
		case c == '$' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(query[i+1 : j])
			if err != nil || n < 1 || n > len(args) || len(out) == maxSQLiteArgs {
				return query, args, false
			}
			out = append(out, args[n-1])
			b.WriteByte('?')
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), out, true
}

// sqliteArgs gives a statement of many parameters to SQLite with plain ? parameters
// (anonymousArgs); every other statement, and every statement on PostgreSQL, as it is.
func (db *DB) sqliteArgs(query string, args []any) (string, []any) {
	if db.Dialect != SQLite || len(args) < manyArgs {
		return query, args
	}
	q, a, _ := anonymousArgs(query, args)
	return q, a
}
