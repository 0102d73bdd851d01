package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/interchange"
	"passerelle/store"
)

// runImportEvent is 'passerelle import event FILE.json [--workspace W]': creates or
// updates the event with the file's slug (docs/events.md). Nothing is saved on error.
func runImportEvent(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("import event", &cfg)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle import event FILE.json", errUsage)
	}
	file, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer file.Close()
	imp, err := interchange.ReadEvent(file)
	if err != nil {
		return fmt.Errorf("import %s: nothing imported: %w", pos[0], err)
	}
	var res *store.EventImportResult
	var w *passerelle.Workspace
	err = importInto(ctx, a, &cfg, false, func(db *store.DB, ws *passerelle.Workspace, sctx context.Context) (err error) {
		w = ws
		res, err = store.NewEventService(db).ImportEvent(sctx, imp)
		return err
	})
	if err != nil {
		return fmt.Errorf("import %s: nothing imported: %w", pos[0], err)
	}
	// Accepted, but the organiser is told: the event's page shows them too.
	for _, u := range res.Unanswered {
		fmt.Fprintf(a.Stderr, "participant %s: required question %q unanswered\n", u.Ref, u.Question)
	}
	if *asJSON {
		return json.NewEncoder(a.Stdout).Encode(res)
	}
	verb := "updated"
	switch {
	case res.Created:
		verb = "created"
	case !res.Changed():
		verb = "unchanged"
	}
	fmt.Fprintf(a.Stdout, "workspace %s: event %s %s; participants %d added, %d updated, %d removed; requests %d added, %d updated, %d removed; organisations %d matched, %d created\n",
		w.Slug, res.Slug, verb, res.ParticipantsAdded, res.ParticipantsUpdated, res.ParticipantsRemoved,
		res.RequestsAdded, res.RequestsUpdated, res.RequestsRemove, res.OrganizationsMatched, res.OrganizationsCreated)
	return nil
}

// runEvent is 'passerelle event schedule SLUG [--time-limit 30s]' and 'passerelle event
// remind SLUG'.
func runEvent(ctx context.Context, a *App, args []string) error {
	if len(args) > 0 && args[0] == "remind" {
		return runEventRemind(ctx, a, args[1:])
	}
	if len(args) == 0 || args[0] != "schedule" {
		return fmt.Errorf("%w: passerelle event schedule SLUG [--time-limit 30s] | event remind SLUG", errUsage)
	}
	var cfg Config
	fs := a.flags("event schedule", &cfg)
	limit := fs.Duration("time-limit", 30*time.Second, "how long the search may run")
	seed := fs.Uint64("seed", 0, "the search's random seed")
	verbose := fs.Bool("v", false, "print the reasons of unplaced requests and what changed on standard error")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle event schedule SLUG [--time-limit 30s]", errUsage)
	}
	if *limit <= 0 || *limit > 24*time.Hour {
		return fmt.Errorf("%w: --time-limit between 1s and 24h", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	// The schedule runs as a background job (kind event.schedule), inline: the same job
	// as the organiser's page, recorded with its progress and result.
	params, _ := json.Marshal(events.ScheduleParams{Slug: pos[0], TimeLimitMS: limit.Milliseconds(), Seed: *seed})
	j := &passerelle.Job{Kind: events.ScheduleKind, Params: params, Visibility: passerelle.VisibilityShared}
	if err := store.NewJobService(db).CreateJob(sctx, j); err != nil {
		return err
	}
	mail, err := eventMail(a, db, &cfg)
	if err != nil {
		return err
	}
	if j, err = newRunner(a, db, mail, 1).RunInline(ctx, j.ID); err != nil {
		return err
	}
	if j.State != passerelle.JobDone {
		return fmt.Errorf("event schedule %s: job %d %s: %s", pos[0], j.ID, j.State, j.Error)
	}
	var res events.ScheduleResult
	if err := json.Unmarshal(j.Result, &res); err != nil {
		return err
	}
	if *verbose {
		for id, why := range res.Unplaced {
			fmt.Fprintf(a.Stderr, "request %d not placed: %s\n", id, why)
		}
		fmt.Fprintf(a.Stderr, "job %d: meetings %d created, %d moved, %d unchanged, %d cancelled; %d participants mailed the changes\n", j.ID,
			res.Created, res.Moved, res.Unchanged, res.Cancelled, res.Told)
	}
	return json.NewEncoder(a.Stdout).Encode(map[string]any{"requested": res.Requested, "placed": res.Placed, "breaks": res.Breaks,
		"elapsed_ms": res.ElapsedMS})
}

// runEventRemind is 'passerelle event remind SLUG': the outcome survey's reminder to each
// participant who has a meeting over without their answer, once per round, written to
// the outbox and sent at once (docs/events.md); what the mail server refuses waits for
// serve's sender. It needs the mail server (--smtp-url); the links are on --base-url.
func runEventRemind(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("event remind", &cfg)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle event remind SLUG", errUsage)
	}
	if cfg.SMTPURL == "" {
		return fmt.Errorf("%w: event remind mails the participants: give the mail server with --smtp-url or PASSERELLE_SMTP_URL", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	e, err := store.NewEventService(db).FindEventBySlug(sctx, pos[0])
	if err != nil {
		return err
	}
	mail, err := eventMail(a, db, &cfg)
	if err != nil {
		return err
	}
	// What the mail server refuses stays in the outbox for serve's sender.
	n, sent, err := mail.SurveyReminders(sctx, e.ID, -1) // no sender runs beside the command: all now
	if err != nil {
		return err
	}
	return json.NewEncoder(a.Stdout).Encode(map[string]int{"reminded": n, "sent": sent})
}

// runExportEvent is 'passerelle export event SLUG --format json|xlsx [--base-url URL]'.
func runExportEvent(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("export event", &cfg)
	format := fs.String("format", "json", "json or xlsx")
	out := fs.String("out", "", "write there instead of standard output")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle export event SLUG --format json|xlsx", errUsage)
	}
	if *format != "json" && *format != "xlsx" {
		return fmt.Errorf("%w: --format json or xlsx", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	x, err := eventExport(sctx, store.NewEventService(db), pos[0], baseURL(&cfg))
	if err != nil {
		return err
	}
	w := a.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	if *format == "xlsx" {
		// The statistics page's figures as the sheet "statistics", themes in English.
		svc := store.NewEventService(db)
		e, ferr := svc.FindEventBySlug(sctx, pos[0])
		if ferr != nil {
			return ferr
		}
		if x.Statistics, err = svc.EventStatisticsSheet(sctx, e, "en"); err != nil {
			return err
		}
		err = x.WriteXLSX(bw)
	} else {
		err = x.WriteJSON(bw)
	}
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if *out != "" {
		return w.(*os.File).Close()
	}
	return nil
}

// baseURL is the server's public address: --base-url, else the address serve listens on.
func baseURL(cfg *Config) string {
	if cfg.BaseURL != "" {
		return cfg.BaseURL
	}
	return "http://" + cfg.Addr
}

func eventExport(ctx context.Context, svc *store.EventService, slug, base string) (*interchange.EventExport, error) {
	e, err := svc.FindEventBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	ps, err := svc.EventParticipants(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	ms, err := svc.EventMeetings(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	rows := make([]interchange.EventMeetingRow, len(ms))
	for i, m := range ms {
		rows[i] = interchange.EventMeetingRow{Meeting: m.Meeting, From: m.From, To: m.To}
	}
	return interchange.NewEventExport(e, ps, rows, base), nil
}
