package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"passerelle"
	"passerelle/scheduling"
	"passerelle/store"
)

// runJobs is 'passerelle jobs schedule FILE [--queue]' (queue a scheduling request, the
// JSON of POST /api/v1/jobs/schedule, and run it here unless --queue leaves it to serve's
// workers) and 'passerelle jobs run ID' (run a queued job here, without a server).
func runJobs(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 || (args[0] != "schedule" && args[0] != "run") {
		return fmt.Errorf("%w: passerelle jobs schedule FILE [--queue] | jobs run ID", errUsage)
	}
	var cfg Config
	fs := a.flags("jobs "+args[0], &cfg)
	queueOnly := fs.Bool("queue", false, "only queue the job: serve's workers run it")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: passerelle jobs %s needs one argument", errUsage, args[0])
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	mail, err := eventMail(a, db, &cfg)
	if err != nil {
		return err
	}
	runner := newRunner(a, db, mail, 1)
	var id int64
	if args[0] == "run" {
		if id, err = strconv.ParseInt(rest[0], 10, 64); err != nil || id <= 0 {
			return fmt.Errorf("%w: job id %q", errUsage, rest[0])
		}
	} else {
		_, sys, err := workspace(ctx, db, cfg.Workspace, false)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(rest[0])
		if err != nil {
			return err
		}
		var req scheduling.Request
		if err := decodeStrict(b, &req); err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		if err := req.Validate(); err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		params, _ := json.Marshal(&req)
		j := &passerelle.Job{Kind: scheduling.Kind, Params: params, Visibility: req.Visibility}
		if err := store.NewJobService(db).CreateJob(sys, j); err != nil {
			return err
		}
		id = j.ID
		fmt.Fprintf(a.Stdout, "job %d queued\n", id)
		if *queueOnly {
			return nil
		}
	}
	j, err := runner.RunInline(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "job %d %s\n", j.ID, j.State)
	if j.State != passerelle.JobDone {
		return fmt.Errorf("job %d %s: %s", j.ID, j.State, j.Error)
	}
	var res scheduling.Result
	if j.Kind == scheduling.Kind && json.Unmarshal(j.Result, &res) == nil {
		fmt.Fprintf(a.Stdout, "%s: %d of %d meetings placed, %d breaks, %d moved, %d cancelled, %d not placed\n",
			res.Status, res.Placed, res.Requested, res.Breaks, len(res.Moved), len(res.Cancelled), len(res.Unplaced))
		for _, u := range res.Unplaced {
			fmt.Fprintf(a.Stdout, "not placed: %s: %s\n", u.Key, u.Reason)
		}
	}
	return nil
}

// decodeStrict reads JSON refusing unknown fields, which would otherwise be dropped.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
