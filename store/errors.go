package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"passerelle"
)

// classify turns a database error into a domain error by its code, never its text.
// what names the record for the message ("organisation", "link", ...).
func classify(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return passerelle.Errorf(passerelle.ENOTFOUND, "%s not found", what)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return passerelle.Errorf(passerelle.ECONFLICT, "%s already exists", what)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return passerelle.Errorf(passerelle.EINVALID, "%s refers to a record that does not exist", what)
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return passerelle.Errorf(passerelle.EINVALID, "%s has a missing or invalid value", what)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return passerelle.Errorf(passerelle.ECONFLICT, "%s already exists", what)
		case "23503":
			return passerelle.Errorf(passerelle.EINVALID, "%s refers to a record that does not exist", what)
		case "23514", "23502":
			return passerelle.Errorf(passerelle.EINVALID, "%s has a missing or invalid value", what)
		}
	}
	return err
}
