package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"passerelle/schedule"
)

func runBenchScale(ctx context.Context, a *App, args []string) error {
	fs := flag.NewFlagSet("bench scale", flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	var c schedule.GenConfig
	fs.IntVar(&c.Participants, "participants", 20000, "participants")
	fs.IntVar(&c.Meetings, "meetings", 65000, "requested meetings")
	fs.IntVar(&c.Days, "days", 4, "days")
	fs.IntVar(&c.SlotsPerDay, "slots-per-day", 16, "slots per day")
	fs.IntVar(&c.Tables, "tables", 1100, "tables")
	fs.IntVar(&c.Venues, "venues", 1, "venues sharing the tables, one slot's walk apart")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed")
	fs.IntVar(&c.Fairness, "fairness", -1, "fairness d (-1 none)")
	limit := fs.Duration("time-limit", 25*time.Second, "solver time limit")
	repair := fs.Float64("repair", 0, "then change this share of meetings (half cancelled, half new; one person leaves a day early) and repair")
	write := fs.String("write", "", "also save the instance to this file in passerelle's JSON format")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	in := schedule.Generate(c)
	if *write != "" {
		f, err := os.Create(*write)
		if err != nil {
			return err
		}
		if err := schedule.WriteJSON(f, in); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	res, err := schedule.Solve(ctx, in, schedule.Options{TimeLimit: *limit, Seed: c.Seed})
	if err != nil {
		return err
	}
	rep := schedule.Check(in, res.Solution)
	if !rep.Valid() {
		return fmt.Errorf("checker rejects the schedule: %s", rep.Violations[0])
	}
	out := map[string]any{
		"instance": in.Name, "requested": len(in.Meetings), "placed": rep.Placed, "breaks": rep.Breaks,
		"max_breaks": rep.MaxBreaks, "participants": len(in.Participants), "status": res.Status,
		"elapsed_ms": res.Elapsed.Milliseconds(),
	}
	if *repair > 0 {
		in2, prev, changed := schedule.Perturb(in, res.Solution, *repair, c.Seed)
		rr, err := schedule.Repair(ctx, in2, prev, schedule.Options{Seed: c.Seed})
		if err != nil {
			return err
		}
		rep2 := schedule.Check(in2, rr.Solution)
		if !rep2.Valid() {
			return fmt.Errorf("checker rejects the repaired schedule: %s", rep2.Violations[0])
		}
		kept := 0
		for _, p := range prev.Slot {
			if p != 0 {
				kept++
			}
		}
		out["repair_changed"] = changed
		out["repair_ms"] = rr.Elapsed.Milliseconds()
		out["repair_moved"] = rr.Moved
		out["repair_moved_share"] = float64(rr.Moved) / float64(max(kept, 1))
		out["repair_placed"] = rep2.Placed
		out["repair_requested"] = len(in2.Meetings)
		out["repair_breaks"] = rep2.Breaks
	}
	return json.NewEncoder(a.Stdout).Encode(out)
}
