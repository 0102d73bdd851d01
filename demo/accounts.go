package demo

import (
	"context"
	"fmt"

	"passerelle"
	"passerelle/store"
)

// Password is the password of every demo account. The demo is for trying passerelle
// on one's own machine; never expose a demo database.
const Password = "passerelle-demo"

// Account is a demo sign-in.
type Account struct {
	Email  string
	Role   passerelle.Role
	Member string // member key, "" for none
	Name   string
}

// Accounts are the demo's users: the network's coordinator, who works for the GLOBAL
// CARE consortium and for no one institute (so reads no member's private records, but
// organises: every debrief and follow-up), an international officer per member, and a
// viewer.
var Accounts = []Account{
	{"coordinator@demo.passerelle.test", passerelle.RoleCoordinator, "", "Network coordinator, GLOBAL CARE consortium"},
	{"pasteur@demo.passerelle.test", passerelle.RoleMember, "pasteur-mi", "International officer, Pasteur MI"},
	{"curie@demo.passerelle.test", passerelle.RoleMember, "curie-cancer", "International officer, Curie Cancer"},
	{"icm@demo.passerelle.test", passerelle.RoleMember, "icm", "International officer, ICM"},
	{"voir-entendre@demo.passerelle.test", passerelle.RoleMember, "voir-entendre", "International officer, Voir et Entendre"},
	{"calym@demo.passerelle.test", passerelle.RoleMember, "calym", "International officer, CALYM"},
	{"viewer@demo.passerelle.test", passerelle.RoleViewer, "", "Observer"},
	{"adviser@demo.passerelle.test", passerelle.RoleViewer, "", "Adviser, Business France Danemark (fictional)"},
}

func loadAccounts(ctx context.Context, db *store.DB, d *Directory) error {
	return ensureAccounts(ctx, db, d, true)
}

// EnsureAccounts creates the demo accounts that an existing demo workspace lacks (one
// loaded before the accounts existed), leaving existing users and passwords alone.
func EnsureAccounts(ctx context.Context, db *store.DB, d *Directory) error {
	if d.Members == nil {
		ms, err := store.NewWorkspaceService(db).FindMembers(d.System)
		if err != nil {
			return err
		}
		d.Members = map[string]*passerelle.Member{}
		for _, s := range organizations {
			for _, m := range ms {
				if m.Name == s.org.Name {
					d.Members[s.key] = m
				}
			}
		}
	}
	return ensureAccounts(ctx, db, d, false)
}

func ensureAccounts(ctx context.Context, db *store.DB, d *Directory, reset bool) error {
	users := store.NewUserService(db)
	acc := store.NewAccountService(db)
	for _, a := range Accounts {
		u, err := users.FindUserByEmail(d.System, a.Email)
		isNew := passerelle.ErrorCode(err) == passerelle.ENOTFOUND
		if isNew {
			u = &passerelle.User{Email: a.Email, Name: a.Name}
			err = users.CreateUser(d.System, u)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", a.Email, err)
		}
		if !isNew && !reset {
			continue
		}
		if err := acc.SetPassword(d.System, u.ID, Password); err != nil {
			return err
		}
		var memberID int64
		if a.Member != "" {
			m, ok := d.Members[a.Member]
			if !ok {
				return fmt.Errorf("%s: no member %q", a.Email, a.Member)
			}
			memberID = m.ID
		}
		if err := users.SetMembership(d.System, &passerelle.Membership{UserID: u.ID, MemberID: memberID, Role: a.Role}); err != nil {
			return err
		}
	}
	return nil
}
