package main

import (
	"passerelle/jobs"
	"passerelle/scheduling"
	"passerelle/store"
)

// jobHandlers is the one table of the kinds of background job this binary runs (package
// jobs): serve's workers and the commands that run a job inline use it. A feature adds
// its kind here, one line.
func jobHandlers(db *store.DB) map[string]jobs.Handler {
	return map[string]jobs.Handler{
		scheduling.Kind: scheduling.MeetingsHandler(db), // "meetings.schedule"
	}
}

// newRunner returns the runner of the binary's job kinds with workers workers.
func newRunner(a *App, db *store.DB, workers int) *jobs.Runner {
	r := jobs.NewRunner(store.NewJobService(db), jobHandlers(db))
	r.Workers, r.Logger = workers, a.Logger
	return r
}
