package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"passerelle"
	"passerelle/store"
)

// runUser manages accounts from the command line; the first administrator of an
// installation is made here, before anyone can sign in to invite others.
func runUser(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: passerelle user add [--admin] [--role R] [--member NAME] --email E [--name N] (password on standard input)", errUsage)
	}
	var cfg Config
	fs := a.flags("user add", &cfg)
	admin := fs.Bool("admin", false, "make the user an administrator of the workspace")
	role := fs.String("role", "member", "role in the workspace: admin, coordinator, member or viewer")
	member := fs.String("member", "", "member organisation the user belongs to (name, accents and case ignored)")
	email := fs.String("email", "", "email address, used to sign in")
	name := fs.String("name", "", "display name")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return fmt.Errorf("%w: --email is required", errUsage)
	}
	if *admin {
		*role = string(passerelle.RoleAdmin)
	}
	if !passerelle.Role(*role).Valid() {
		return fmt.Errorf("%w: unknown role %q", errUsage, *role)
	}
	// The password comes from standard input, never from a flag that ps would show.
	line, err := bufio.NewReader(a.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")

	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	w, sys, err := workspace(ctx, db, cfg.Workspace, true)
	if err != nil {
		return err
	}
	var memberID int64
	if *member != "" {
		ms, err := store.NewWorkspaceService(db).FindMembers(sys)
		if err != nil {
			return err
		}
		want := passerelle.Fold(*member)
		for _, m := range ms {
			if f := passerelle.Fold(m.Name); f == want || strings.Contains(f, want) {
				memberID = m.ID
				break
			}
		}
		if memberID == 0 {
			return fmt.Errorf("no member %q in workspace %s", *member, w.Slug)
		}
	}
	users := store.NewUserService(db)
	u, err := users.FindUserByEmail(sys, *email)
	verb := "updated"
	if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
		u = &passerelle.User{Email: *email, Name: *name}
		if err = users.CreateUser(sys, u); err != nil {
			return err
		}
		verb = "created"
	} else if err != nil {
		return err
	}
	if err := store.NewAccountService(db).SetPassword(sys, u.ID, password); err != nil {
		return err
	}
	if err := users.SetMembership(sys, &passerelle.Membership{UserID: u.ID, MemberID: memberID, Role: passerelle.Role(*role)}); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "user %s %s: %s of workspace %s\n", u.Email, verb, *role, w.Slug)
	return nil
}
