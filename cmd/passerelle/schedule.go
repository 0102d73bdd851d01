package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"passerelle/schedule"
)

// parseInterspersed parses flags that may come before or after the positional arguments
// (passerelle schedule FILE --fairness 2), returning the positionals.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// readInstance reads a B2BSP .dzn file or a passerelle JSON instance, by content.
func readInstance(path string, fairness int) (*schedule.Instance, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var in *schedule.Instance
	if strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		in, err = schedule.ReadJSON(strings.NewReader(string(data)))
		if err == nil && fairness != -2 {
			in.Fairness = fairness
		}
	} else {
		if fairness == -2 {
			fairness = schedule.B2BSPFairness
		}
		in, err = schedule.ReadDZN(strings.NewReader(string(data)), fairness)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if in.Name == "" {
		in.Name = path
	}
	return in, nil
}

// scheduleOutput is the JSON printed by 'passerelle schedule'.
type scheduleOutput struct {
	Status     string `json:"status"`
	Requested  int    `json:"requested"`
	Placed     int    `json:"placed"`
	Breaks     int    `json:"breaks"`
	MaxBreaks  int    `json:"max_breaks"`
	LowerBound int    `json:"lower_bound"`
	Slots      []int  `json:"slots"`
	Tables     []int  `json:"tables"`
	Unplaced   []struct {
		Meeting int    `json:"meeting"`
		Reason  string `json:"reason"`
	} `json:"unplaced,omitempty"`
	ElapsedMS int64 `json:"elapsed_ms"`
}

func runSchedule(ctx context.Context, a *App, args []string) error {
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	fairness := fs.Int("fairness", -2, "fairness d: break counts of any two participants differ by at most d (-1 none; default: a JSON file's own \"fairness\" (none when absent), and for a B2BSP .dzn file, which carries none, the benchmark's convention d = 2, as in its published results)")
	limit := fs.Duration("time-limit", 10*time.Second, "stop searching after this long")
	seed := fs.Uint64("seed", 0, "random seed")
	fs.Usage = func() {
		fmt.Fprintln(a.Stderr, "usage: passerelle schedule FILE [--fairness D] [--time-limit DURATION] [--seed N]")
		fmt.Fprintf(a.Stderr, "FILE is a passerelle JSON instance or a B2BSP MiniZinc .dzn file; a .dzn file gets fairness d = %d unless --fairness is given (-1 for none).\n", schedule.B2BSPFairness)
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: schedule needs exactly one FILE", errUsage)
	}
	in, err := readInstance(pos[0], *fairness)
	if err != nil {
		return err
	}
	res, err := schedule.Solve(ctx, in, schedule.Options{TimeLimit: *limit, Seed: *seed})
	if err != nil {
		return err
	}
	if rep := schedule.Check(in, res.Solution); !rep.Valid() && res.Status != schedule.Unknown && res.Status != schedule.Infeasible {
		return errors.New("internal error: the checker rejects the schedule: " + rep.Violations[0])
	}
	out := scheduleOutput{Status: string(res.Status), Requested: res.Requested, Placed: res.Placed, Breaks: res.Breaks,
		MaxBreaks: res.MaxBreaks, LowerBound: res.LowerBound, Slots: res.Solution.Slot, Tables: res.Solution.Table,
		ElapsedMS: res.Elapsed.Milliseconds()}
	for _, u := range res.Unplaced {
		out.Unplaced = append(out.Unplaced, struct {
			Meeting int    `json:"meeting"`
			Reason  string `json:"reason"`
		}{u.Meeting + 1, u.Reason})
	}
	enc := json.NewEncoder(a.Stdout)
	return enc.Encode(out)
}
