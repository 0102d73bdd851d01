package store

import (
	"context"

	"passerelle"
)

// actionVisibility is the audit action of a change of visibility. Its entry is written
// apart from the record's other changes, and managers read it whatever the record's
// visibility: when a shared record goes private, they must still see who took it.
const actionVisibility = "visibility"

// canChangeVisibility reports whether the actor may change who reads a record: the
// system, a manager (admin, coordinator), or the member that owns a private record.
// Shared records have no owner, so a member cannot take one private: its creator, the
// other members and the managers would all lose it (404) from one PATCH.
func canChangeVisibility(a *passerelle.Actor, old, new passerelle.Visibility, owner int64) error {
	if old == new || a.System || a.Role.CanManage() {
		return nil
	}
	if old == passerelle.VisibilityPrivate && a.MemberID != 0 && owner == a.MemberID {
		return nil
	}
	return passerelle.Errorf(passerelle.EFORBIDDEN, "only the member that owns this record, an administrator or a coordinator may change its visibility")
}

// newOwner returns the owner of a record after an update from old to new visibility:
// a record made private belongs to the member of whoever made it so; a shared one to
// nobody.
func newOwner(a *passerelle.Actor, old, new passerelle.Visibility, owner int64) (int64, error) {
	switch {
	case new == passerelle.VisibilityShared:
		return 0, nil
	case old != passerelle.VisibilityPrivate:
		err := prepareOwnership(a, new, &owner)
		return owner, err
	}
	return owner, nil
}

// auditUpdate writes the audit entries of an update: a change of visibility in an entry
// of its own (action "visibility", named as the record was known before), then the
// other changes, as private as the record now is.
func auditUpdate(ctx context.Context, tx *Tx, a *passerelle.Actor, entity string, id int64, oldName, name string,
	changes map[string]passerelle.Change, vis passerelle.Visibility, owner int64) error {
	if vc, ok := changes["visibility"]; ok {
		rest := make(map[string]passerelle.Change, len(changes))
		for k, c := range changes {
			if k != "visibility" {
				rest[k] = c
			}
		}
		if err := writeAudit(ctx, tx, a, actionVisibility, entity, id, oldName, map[string]passerelle.Change{"visibility": vc}, vis, owner); err != nil {
			return err
		}
		if len(rest) == 0 {
			return nil
		}
		changes = rest
	}
	return writeAudit(ctx, tx, a, "update", entity, id, name, changes, vis, owner)
}
