package store

import (
	"context"
)

// SchemaObjects returns a function listing the schema as "table", "table.column" and
// "index:name" strings, for comparing the dialects. Indexes that back constraints
// (primary keys, UNIQUE) are left out: their names are the engine's own.
func SchemaObjects(ctx context.Context, db *DB) func() ([]string, error) {
	return func() ([]string, error) {
		var out []string
		collect := func(q string, args ...any) error {
			rows, err := db.read.QueryContext(ctx, q, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					return err
				}
				out = append(out, s)
			}
			return rows.Err()
		}
		if db.Dialect == Postgres {
			if err := collect(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`); err != nil {
				return nil, err
			}
			if err := collect(`SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'`); err != nil {
				return nil, err
			}
			err := collect(`SELECT 'index:' || indexname FROM pg_indexes WHERE schemaname = 'public'
				AND indexname NOT IN (SELECT conname FROM pg_constraint)`)
			return out, err
		}
		var tables []string
		rows, err := db.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return nil, err
			}
			tables = append(tables, s)
		}
		rows.Close()
		for _, t := range tables {
			out = append(out, t)
			if err := collect(`SELECT $1 || '.' || name FROM pragma_table_info($1)`, t); err != nil {
				return nil, err
			}
		}
		err = collect(`SELECT 'index:' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
		return out, err
	}
}
