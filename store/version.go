package store

import (
	"context"
	"errors"

	"passerelle"
)

// errStale is the refusal of a save based on an old version. Kept as a function so each
// call returns its own *Error, which withCurrent completes.
func errStale() *passerelle.Error {
	return passerelle.Errorf(passerelle.ESTALE, "someone else saved this record after you opened it: nothing was saved; here is the current version, apply your changes to it")
}

// checkVersion refuses a save that names a version (want, 0 when the caller sent none)
// other than the stored one (have).
func checkVersion(want, have int64) error {
	if want != 0 && want != have {
		return errStale()
	}
	return nil
}

// bumpVersion raises the version of row id of table from have, which the transaction
// read, and refuses when the row is no longer at have. On PostgreSQL (READ COMMITTED)
// two transactions may both have read have: the second one's UPDATE waits for the first
// to commit, then finds the row at have+1 and changes nothing, so its save is refused
// instead of overwriting. On SQLite writers are serialised and this never fails.
func bumpVersion(ctx context.Context, tx *Tx, table string, ws, id, have int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET version = version + 1 WHERE workspace_id = $1 AND id = $2 AND version = $3`,
		ws, id, have)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n != 1 {
		return 0, errStale()
	}
	return have + 1, nil
}

// withCurrent puts the record as the actor reads it now into a stale error, after the
// refused transaction: the same view as a GET, so nothing hidden from the actor leaks.
func withCurrent[T any](err error, find func() (T, error)) error {
	var e *passerelle.Error
	if passerelle.ErrorCode(err) != passerelle.ESTALE || !errors.As(err, &e) {
		return err
	}
	if cur, ferr := find(); ferr == nil {
		e.Current = cur
	}
	return err
}
