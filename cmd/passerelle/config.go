package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"passerelle"
	"passerelle/store"
)

// option is one setting, read from a flag or its environment variable.
type option struct {
	flag, env, def, usage string
	secret                bool
}

// options are the settings every subcommand honours.
var options = []option{
	{"data-dir", "PASSERELLE_DATA_DIR", "passerelle-data", "directory of the embedded SQLite database and files", false},
	{"database", "PASSERELLE_DATABASE_URL", "", "PostgreSQL URL (postgres://user@host:5432/db); empty for embedded SQLite", true},
	{"addr", "PASSERELLE_ADDR", "127.0.0.1:8080", "address that serve listens on", false},
	{"workspace", "PASSERELLE_WORKSPACE", "", "workspace slug; defaults to the only workspace", false},
	{"base-url", "PASSERELLE_BASE_URL", "", "public address of the web server (https://... makes cookies Secure; used in invitation links)", false},
	{"smtp-url", "PASSERELLE_SMTP_URL", "", "mail server for invitations and password reset links, smtp://user:pass@host:587; empty shows links to the inviter", true},
	{"mail-from", "PASSERELLE_MAIL_FROM", "", "sender address of the mail passerelle sends", false},
	{"trusted-proxies", "PASSERELLE_TRUSTED_PROXIES", "", "reverse proxies (addresses or prefixes, comma-separated) whose X-Forwarded-For names the client", false},
}

// Config holds the resolved settings.
type Config struct {
	DataDir, DatabaseURL, Addr, Workspace string
	BaseURL, SMTPURL, MailFrom            string
	TrustedProxies                        string
}

// flags returns a FlagSet with the common options bound to cfg, defaults taken from the
// environment.
func (a *App) flags(name string, cfg *Config) *flag.FlagSet {
	fs := flag.NewFlagSet("passerelle "+name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	dst := map[string]*string{"data-dir": &cfg.DataDir, "database": &cfg.DatabaseURL, "addr": &cfg.Addr, "workspace": &cfg.Workspace,
		"base-url": &cfg.BaseURL, "smtp-url": &cfg.SMTPURL, "mail-from": &cfg.MailFrom, "trusted-proxies": &cfg.TrustedProxies}
	for _, o := range options {
		def := o.def
		if v := a.Getenv(o.env); v != "" {
			def = v
		}
		fs.StringVar(dst[o.flag], o.flag, def, o.usage+" ($"+o.env+")")
	}
	return fs
}

// parse parses flags that may stand before or after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// openDB opens and migrates the configured database.
func (a *App) openDB(ctx context.Context, cfg *Config) (*store.DB, error) {
	return store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
}

// workspace resolves --workspace, or the only workspace. With create, an empty database
// gets a workspace named "default".
func workspace(ctx context.Context, db *store.DB, slug string, create bool) (*passerelle.Workspace, context.Context, error) {
	ws := store.NewWorkspaceService(db)
	sys := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	var w *passerelle.Workspace
	if slug != "" {
		var err error
		if w, err = ws.FindWorkspaceBySlug(sys, slug); err != nil {
			if passerelle.ErrorCode(err) != passerelle.ENOTFOUND || !create {
				return nil, nil, err
			}
			w = &passerelle.Workspace{Slug: slug, Name: slug}
			if err := ws.CreateWorkspace(sys, w); err != nil {
				return nil, nil, err
			}
		}
	} else {
		all, err := ws.FindWorkspaces(sys)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case len(all) == 1:
			w = all[0]
		case len(all) > 1:
			names := make([]string, len(all))
			for i, x := range all {
				names[i] = x.Slug
			}
			return nil, nil, fmt.Errorf("%w: several workspaces (%s): choose one with --workspace", errUsage, strings.Join(names, ", "))
		case create:
			w = &passerelle.Workspace{Slug: "default", Name: "Default workspace"}
			if err := ws.CreateWorkspace(sys, w); err != nil {
				return nil, nil, err
			}
		default:
			return nil, nil, fmt.Errorf("no workspace yet: run 'passerelle demo' or import data first")
		}
	}
	return w, passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID)), nil
}

func runMigrate(ctx context.Context, a *App, args []string) error {
	var cfg Config
	if _, err := parse(a.flags("migrate", &cfg), args); err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%s database at schema version %d\n", db.Dialect, v)
	return nil
}
