// Command passerelle runs the server and the operator's subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"syscall"
	_ "time/tzdata" // meeting zones are checked by name: the same on a host without a zone database
)

// command is one subcommand. It gets the remaining arguments and the process's streams
// so that tests can run it in-process.
type command struct {
	summary string
	run     func(ctx context.Context, app *App, args []string) error
}

// App carries what every subcommand shares: streams and the environment.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Logger *slog.Logger
}

// commandTable is every subcommand. A function rather than a variable because help
// lists the table it belongs to.
func commandTable() map[string]command {
	return map[string]command{
		"help":       {"list the commands and the environment variables", runHelp},
		"version":    {"print the version", runVersion},
		"schedule":   {"solve a meeting-scheduling instance (B2BSP .dzn or passerelle JSON)", runSchedule},
		"bench":      {"run a benchmark: b2bsp DIR | scale | search | agreements | meetings | jobs | matching | kpi | load | events (see docs/benchmarks.md)", runBench},
		"serve":      {"run the web server (--demo loads the demo workspace)", runServe},
		"demo":       {"load the demo workspace built from the seed documents", runDemo},
		"migrate":    {"apply the database migrations and print the schema version", runMigrate},
		"import":     {"import data: ror FILE | agreements FILE (CSV, XLSX or JSON) | event FILE.json | organizations FILE (CSV or XLSX, matched; --dry-run) | participations FILE (CORDIS CSV, or any CSV/XLSX with --map; --dry-run) | people FILE (contact list, CSV or XLSX, matched; --dry-run)", runImport},
		"export":     {"export data: organizations --format csv|json | agreements --format csv|xlsx|json | meetings --format csv|json|ics | event SLUG --format json|xlsx | mission SLUG --format json", runExport},
		"search":     {"search organisations and people: search QUERY", runSearch},
		"user":       {"add a user: user add [--admin] [--role R] [--member NAME] --email E (password on stdin)", runUser},
		"token":      {"create an API token: token create --email E [--name N]", runToken},
		"jobs":       {"background jobs: jobs schedule FILE [--queue] | jobs run ID (docs/jobs.md)", runJobs},
		"event":      {"partnering events: event schedule SLUG [--time-limit 30s] | event remind SLUG (the outcome survey's reminders; docs/events.md)", runEvent},
		"backup":     {"copy the SQLite database while it serves: backup --out FILE", runBackup},
		"restore":    {"check a backup and put it in place of the SQLite database: restore [--force] FILE", runRestore},
		"duplicates": {"list the pairs of organisations that may be one, with the reasons (--json, --limit N); --not ID,ID marks a pair as two", runDuplicates},
		"kpi":        {"the network's figures: kpi [--year Y] [--member SLUG] [--organization ID] --format json|csv (docs/pipeline.md)", runKPI},
		"mission":    {"prospection missions: mission plan SLUG | mission import SLUG FILE (targets from CSV or XLSX, matched; --dry-run) (docs/missions.md)", runMission},
		"people":     {"the contact book: people duplicates (as duplicates, for people) | people stale --years N [--erase] [--json] (the retention rule)", runPeople},
		"report":     {"the annual international report: report --year Y [--member SLUG] --format html|pdf|xlsx --out FILE (docs/reports.md)", runReport},
	}
}

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if path := os.Getenv("PASSERELLE_CPUPROFILE"); path != "" {
		// For measuring a command: go tool pprof passerelle FILE.
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	err := app.Run(ctx, os.Args[1:])
	pprof.StopCPUProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "passerelle:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// Run dispatches to a subcommand.
func (a *App) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return runHelp(ctx, a, nil)
	}
	name := args[0]
	if name == "-h" || name == "--help" {
		name = "help"
	}
	c, ok := commandTable()[name]
	if !ok {
		return fmt.Errorf("%w: unknown command %q (see 'passerelle help')", errUsage, name)
	}
	return c.run(ctx, a, args[1:])
}

func runHelp(ctx context.Context, a *App, args []string) error {
	fmt.Fprintln(a.Stdout, "passerelle: international research and innovation partnerships.")
	fmt.Fprintln(a.Stdout, "\nUsage: passerelle COMMAND [flags]\n\nCommands:")
	commands := commandTable()
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(a.Stdout, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(a.Stdout, "\nEvery command honours these flags and environment variables:")
	for _, o := range options {
		def := o.def
		if def == "" {
			def = "(none)"
		}
		fmt.Fprintf(a.Stdout, "  --%-10s $%-24s %s; default %s\n", o.flag, o.env, o.usage, def)
	}
	return nil
}

func runVersion(ctx context.Context, a *App, args []string) error {
	fmt.Fprintln(a.Stdout, "passerelle", Version)
	return nil
}
