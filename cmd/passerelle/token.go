package main

import (
	"context"
	"fmt"

	"passerelle/store"
)

// runToken creates a personal API token for scripts. The secret is printed once, on
// the last line, and only its hash is kept.
func runToken(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: passerelle token create --email E [--name N]", errUsage)
	}
	var cfg Config
	fs := a.flags("token create", &cfg)
	email := fs.String("email", "", "the user the token acts as")
	name := fs.String("name", "cli", "a name to recognise the token by")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return fmt.Errorf("%w: --email is required", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	w, sys, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	u, err := store.NewUserService(db).FindUserByEmail(sys, *email)
	if err != nil {
		return err
	}
	_, secret, err := store.NewAccountService(db).CreateAPIToken(sys, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stderr, "API token for %s in workspace %s (shown once; send it as 'Authorization: Bearer TOKEN'):\n", u.Email, w.Slug)
	fmt.Fprintln(a.Stdout, secret)
	return nil
}
