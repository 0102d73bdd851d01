package main

import (
	"passerelle/events"
	"passerelle/jobs"
	"passerelle/scheduling"
	"passerelle/store"
	"passerelle/web"
)

// jobHandlers is the one table of the kinds of background job this binary runs (package
// jobs): serve's workers and the commands that run a job inline use it. A feature adds
// its kind here, one line. mail (nil: nobody is mailed) tells the participants of a
// published event what a schedule run changed in their agendas.
func jobHandlers(db *store.DB, mail *web.EventMail) map[string]jobs.Handler {
	return map[string]jobs.Handler{
		scheduling.Kind:     scheduling.MeetingsHandler(db),               // "meetings.schedule"
		events.ScheduleKind: events.ScheduleHandler(db, mail.Deliverer()), // "event.schedule"
	}
}

// newRunner returns the runner of the binary's job kinds with workers workers.
func newRunner(a *App, db *store.DB, mail *web.EventMail, workers int) *jobs.Runner {
	r := jobs.NewRunner(store.NewJobService(db), jobHandlers(db, mail))
	r.Workers, r.Logger = workers, a.Logger
	return r
}

// eventMail is the mail of partnering events through the configured mail server (none:
// nothing is sent and the log says so), with links on the configured base URL.
func eventMail(a *App, db *store.DB, cfg *Config) (*web.EventMail, error) {
	var m web.Mailer
	if cfg.SMTPURL != "" {
		sm, err := web.NewSMTPMailer(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return nil, err
		}
		m = sm
	}
	return web.NewEventMail(db, m, baseURL(cfg), a.Logger), nil
}
