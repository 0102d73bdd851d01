package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"passerelle/web"
)

func runServe(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("serve", &cfg)
	demo := fs.Bool("demo", false, "load the demo workspace built from the seed documents (once)")
	workers := fs.Int("jobs", 1, "background jobs this process runs at once (0: none, another process runs them)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if *demo {
		if err := loadDemo(ctx, a, db); err != nil {
			return err
		}
	}
	opts := web.Options{Logger: a.Logger, BaseURL: cfg.BaseURL, Version: Version}
	if opts.TrustedProxies, err = web.ParseTrustedProxies(cfg.TrustedProxies); err != nil {
		return fmt.Errorf("%w: --trusted-proxies: %v", errUsage, err)
	}
	if cfg.SMTPURL != "" {
		m, err := web.NewSMTPMailer(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return err
		}
		opts.Mailer = m
	}
	// The schedule job mails the participants of a published event what moved (through
	// the outbox, whose sender below sends what could not go at once).
	mail := web.NewEventMail(db, opts.Mailer, baseURL(&cfg), a.Logger)
	runner := newRunner(a, db, mail, *workers)
	opts.Jobs = runner
	if a.Getenv("GOGC") == "" {
		// Rendering pages makes short-lived garbage; with the default GOGC=100 and a
		// small live heap the collector runs so often that it halves throughput under
		// load (docs/benchmarks.md). A larger factor trades a few tens of MB for that.
		debug.SetGCPercent(400)
	}
	srv, err := web.NewServer(db, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	cctx, stopClean := context.WithCancel(ctx)
	defer stopClean()
	go srv.CleanSessions(cctx, 10*time.Minute)
	// The workers stop after the HTTP server (deferred first-in, last-out): each gives its
	// running job back to the queue for the next start or another process.
	jctx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	jobsDone := make(chan struct{})
	if *workers > 0 {
		go func() { runner.Run(jctx); close(jobsDone) }()
	} else {
		close(jobsDone)
	}
	defer func() { stopJobs(); <-jobsDone }()
	if opts.Mailer != nil {
		// The outbox's sender: the mails written with a change and not sent at once (the
		// mail server failed, the process stopped), retried with a growing delay.
		go mail.RunOutbox(cctx)
	}
	a.Logger.Info("serving", "addr", "http://"+ln.Addr().String(), "database", db.Dialect)
	fmt.Fprintf(a.Stdout, "passerelle is listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
