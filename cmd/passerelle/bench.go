package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
)

// benchmarks are the 'passerelle bench' subcommands.
var benchmarks = map[string]func(ctx context.Context, a *App, args []string) error{
	"b2bsp":          runBenchB2BSP,
	"scale":          runBenchScale,
	"search":         runBenchSearch,
	"agreements":     runBenchAgreements,
	"meetings":       runBenchMeetings,
	"load":           runBenchLoad,
	"jobs":           runBenchJobs,
	"matching":       runBenchMatching,
	"matching-scale": runBenchMatchingScale,
	"people-scale":   runBenchPeopleScale,
	"kpi":            runBenchKPI,
	"events":         runBenchEvents,
}

func runBench(ctx context.Context, a *App, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: passerelle bench b2bsp|scale|search|agreements|meetings|jobs|matching|matching-scale|people-scale|load|kpi|events", errUsage)
	}
	b, ok := benchmarks[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown benchmark %q", errUsage, args[0])
	}
	return b(ctx, a, args[1:])
}

// profileStep starts a CPU profile into path (nothing when path is empty) and returns
// what stops it: a bench's profile of one step, without the minutes of loading before.
func profileStep(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
