package store

import "database/sql"

// Write exposes the write pool to the external tests, for rows that the services
// refuse to write (to test that reads still keep them apart).
func (db *DB) Write() *sql.DB { return db.write }

// PersonRefColumns lists the "table.column" that a merge of two people moves.
func PersonRefColumns() []string {
	out := make([]string, len(personRefs))
	for i, r := range personRefs {
		out[i] = r.table + "." + r.col
	}
	return out
}
