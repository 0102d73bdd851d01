package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"passerelle/schedule"
)

// referenceOptima reads the best published value per instance for fairness d from
// reference_results.csv: the MaxSAT row, the strongest solver in the paper, or, where its
// cell is empty, the first other solver that gives a value (named beside it).
func referenceOptima(path string, d int) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		return out
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	fromMaxSAT := map[string]bool{}
	for _, r := range rows[1:] {
		inst, solver, v := r[col["instance_file"]], r[col["solver"]], r[col["best_value"]]
		if r[col["fairness_d"]] != fmt.Sprint(d) || v == "" || fromMaxSAT[inst] {
			continue
		}
		if _, seen := out[inst]; seen && solver != "MaxSAT" {
			continue
		}
		took := r[col["time_s"]] + " s"
		if r[col["time_s"]] == "TO" { // the best value found before the paper's time limit
			v, took = "≤"+v, "timeout"
		}
		if solver == "MaxSAT" {
			fromMaxSAT[inst] = true
			out[inst] = v + " (" + took + ")"
		} else {
			out[inst] = v + " (" + solver + " " + took + ")"
		}
	}
	return out
}

func runBenchB2BSP(ctx context.Context, a *App, args []string) error {
	fs := flag.NewFlagSet("bench b2bsp", flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	d := fs.Int("fairness", 2, "fairness d")
	limit := fs.Duration("time-limit", 10*time.Second, "time limit per instance")
	only := fs.String("only", "", "only files whose name contains this")
	ref := fs.String("reference", "", "reference_results.csv (default: DIR/../reference_results.csv)")
	unseen := fs.String("unseen", "", "instead of DIR, the generated unseen set: tune (seeds 1-4) or heldout (seeds 101-104), every shape of schedule.B2BSPShapes")
	gen := fs.Int("generator", 2, "with --unseen: 2, request counts as the shared files have them (gen2-…), or 1, the first generator's (gen-…, figures before 2026-12-05)")
	tune := fs.String("tune", "", "exact search switches for experiments, comma-separated: nosym, nocap, nocapbound, freeother, nosupport, nostartprior, notarget, nogapstall, nogapdays, noadopt, guideboth, nocore, noimprove, corealone, corenowait, corefrom=N, corework=N, compact, gapmove, lns, lnswin, idlecap=N, prefer=0|1|none, rounds=N, lnswork=N, targetsplit=N, rephase=N, modes, tiers, reasonbump, twopreferred, elim[=N], reshuffle=N, vivify=N, chrono=N, lazycap=N, trace")
	seed := fs.Uint64("seed", 0, "random seed of the search (0, as `passerelle schedule` without --seed); other seeds tell a method's gain from the luck of one search path")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	opt := schedule.Options{TimeLimit: *limit, Seed: *seed}
	if err := opt.Tune(*tune); err != nil {
		return fmt.Errorf("%w: --tune: %v", errUsage, err)
	}
	type item struct {
		name string
		in   *schedule.Instance
	}
	var sel []item
	refs := map[string]string{}
	wName, wPub := len("instance"), len("published (MaxSAT)")
	if *unseen != "" {
		seeds := schedule.UnseenTuneSeeds
		switch *unseen {
		case "tune":
		case "heldout":
			seeds = schedule.UnseenHeldOutSeeds
		default:
			return fmt.Errorf("%w: --unseen: tune or heldout, not %q", errUsage, *unseen)
		}
		if *gen != 1 && *gen != 2 {
			return fmt.Errorf("%w: --generator: 1 or 2, not %d", errUsage, *gen)
		}
		for _, sh := range schedule.B2BSPShapes {
			sh.Pareto = *gen == 1
			for _, seed := range seeds {
				in := schedule.GenerateB2BSP(sh, seed, *d)
				if *only == "" || strings.Contains(in.Name, *only) {
					sel = append(sel, item{in.Name, in})
					wName = max(wName, len(in.Name))
				}
			}
		}
	} else {
		if len(pos) != 1 {
			return fmt.Errorf("%w: bench b2bsp DIR (or --unseen tune|heldout)", errUsage)
		}
		dir := pos[0]
		if *ref == "" {
			*ref = filepath.Join(dir, "..", "reference_results.csv")
		}
		refs = referenceOptima(*ref, *d)
		files, _ := filepath.Glob(filepath.Join(dir, "*.dzn"))
		sort.Strings(files)
		// Rows are printed as each instance finishes (a run takes minutes), so the column
		// widths are fixed beforehand from the names and published values.
		for _, f := range files {
			if *only != "" && !strings.Contains(filepath.Base(f), *only) {
				continue
			}
			in, err := readInstance(f, *d)
			if err != nil {
				return err
			}
			sel = append(sel, item{filepath.Base(f), in})
			wName = max(wName, utf8.RuneCountInString(filepath.Base(f)))
			wPub = max(wPub, utf8.RuneCountInString(refs[filepath.Base(f)]))
		}
		if len(sel) == 0 {
			// A mistyped directory or filter would otherwise print a header and nothing else.
			if *only != "" {
				return fmt.Errorf("no .dzn file in %s has %q in its name", dir, *only)
			}
			return fmt.Errorf("no .dzn file in %s", dir)
		}
	}
	pad := func(s string, w int) string { // by runes: published values may hold "≤"
		return s + strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s)))
	}
	row := func(c ...string) {
		fmt.Fprintln(a.Stdout, strings.Join([]string{pad(c[0], wName), pad(c[1], wPub), pad(c[2], 5), pad(c[3], 6), pad(c[4], 8), c[5]}, "  "))
	}
	row("instance", "published (MaxSAT)", "ours", "proven", "time", "checker")
	for _, it := range sel {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		in := it.in
		res, err := schedule.Solve(ctx, in, opt)
		if err != nil {
			return err
		}
		ours := fmt.Sprint(res.Breaks)
		check := "ok"
		switch res.Status {
		case schedule.Infeasible:
			ours, check = "UNSAT", "-"
		case schedule.Unknown:
			ours, check = "none", "-"
		default:
			if rep := schedule.Check(in, res.Solution); !rep.Valid() {
				check = "INVALID: " + rep.Violations[0]
			} else if rep.Breaks != res.Breaks {
				check = fmt.Sprintf("MISMATCH: checker %d", rep.Breaks)
			}
		}
		proven := "no"
		if res.Status == schedule.Optimal || res.Status == schedule.Infeasible {
			proven = "yes"
		}
		pub := refs[it.name]
		if pub == "" {
			pub = "-"
		}
		if res.Status == schedule.Feasible {
			proven = fmt.Sprintf("no ≥%d", res.LowerBound)
		}
		row(it.name, pub, ours, proven, fmt.Sprintf("%.2f s", res.Elapsed.Seconds()), check)
	}
	return nil
}
