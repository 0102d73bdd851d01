// Package jobs runs background jobs: work too long for a request, such as scheduling
// the meetings of a partnering event, queued in the database (table jobs, kept by
// store.JobService) and run by a worker of any serve process.
//
// # Writing a kind of job
//
// A kind is a name ("meetings.schedule", "event.schedule") and a Handler:
//
//	func(ctx context.Context, job *passerelle.Job, report func(progress any)) (result any, err error)
//
// The handler reads its parameters from job.Params (JSON, as queued), calls report with
// its progress as often as it likes (the last value is written with each heartbeat, as
// JSON, for the job's page; report is cheap and safe from any goroutine) and returns
// its result, written as JSON on the job. ctx carries the actor the job runs as (its
// creator with the rights they have when it runs, or the workspace's operator for a job
// queued from the CLI): store calls made with ctx are scoped and audited as that user.
//
// ctx is cancelled when a user cancels the job, when the process stops, or when another
// worker has taken the job over; the handler should then return promptly. What it
// returns after a cancel is kept as the cancelled job's result (a partial schedule, say).
// A handler's writes should be one transaction at its end: a job interrupted half-way is
// run again from the start by the next worker.
//
// An error ends the job as failed. A *passerelle.Error's message (a catalogue key) is
// shown to the user; any other error is logged and shown as "internal error". Failed jobs
// are not retried: only a run interrupted by a stopped process is, up to MaxAttempts
// claims.
//
// Kinds are registered where the runner is wired (cmd/passerelle, one table), not by
// init functions:
//
//	r := jobs.NewRunner(store.NewJobService(db), map[string]jobs.Handler{
//		"meetings.schedule": scheduling.MeetingsHandler(db),
//	})
//	go r.Run(ctx)
//
// A job is queued with store.JobService.CreateJob (then Runner.Wake, so that a worker
// of this process starts it at once), read with FindJobByID and cancelled with
// CancelJob. RunInline runs one queued job in the caller's goroutine, for a command
// that has no server.
//
// # How workers share the queue
//
// Each worker claims the oldest queued job of a kind it knows (FOR UPDATE SKIP LOCKED on
// PostgreSQL, so that several processes never claim the same job; the single writer on
// SQLite), marks it running with its name and beats its heartbeat every Beat. A running
// job whose heartbeat is older than Stale belonged to a process that stopped without
// releasing it (a crash, a kill): a worker claims it again. A process that stops
// normally releases its jobs back to the queue. Each claim counts an attempt; a job
// interrupted MaxAttempts times fails. A worker whose job was taken over (its beats
// stopped for longer than Stale) learns it at its next beat, cancels its handler and
// writes nothing.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"crypto/rand"
	"encoding/hex"

	"passerelle"
	"passerelle/store"
)

// Handler runs one job of a kind; see the package documentation.
type Handler func(ctx context.Context, job *passerelle.Job, report func(progress any)) (result any, err error)

// Runner runs the jobs of the kinds it has handlers for. Set its fields before Run.
type Runner struct {
	// Workers is how many jobs this process runs at once (serve --jobs N).
	Workers int
	// Beat is how often a running job's heartbeat and progress are written; Stale how
	// old a heartbeat must be for another worker to take the job over; Poll how often an
	// idle worker looks for work (Wake starts it at once).
	Beat, Stale, Poll time.Duration
	// Name prefixes the workers' names in claimed_by (host, process id and a random
	// word by default): a runner never takes over a job of its own process.
	Name   string
	Logger *slog.Logger

	jobs     *store.JobService
	handlers map[string]Handler
	kinds    []string
	wake     chan struct{}
	inline   atomic.Int64
}

// NewRunner returns a runner of handlers (by kind) with one worker, a beat of 2 s, a
// stale heartbeat after 30 s and a poll every second.
func NewRunner(js *store.JobService, handlers map[string]Handler) *Runner {
	r := &Runner{Workers: 1, Beat: 2 * time.Second, Stale: 30 * time.Second, Poll: time.Second,
		Logger: slog.Default(), jobs: js, handlers: handlers, wake: make(chan struct{}, 1)}
	host, _ := os.Hostname()
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	r.Name = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	for k := range handlers {
		r.kinds = append(r.kinds, k)
	}
	sort.Strings(r.kinds)
	return r
}

// Kinds lists the kinds the runner runs.
func (r *Runner) Kinds() []string { return slices.Clone(r.kinds) }

// Has reports whether the runner has a handler for kind.
func (r *Runner) Has(kind string) bool { _, ok := r.handlers[kind]; return ok }

// Wake tells an idle worker to look for work now (after queueing a job).
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run runs the workers until ctx is cancelled, then waits for them: each releases its
// running job back to the queue.
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := range max(1, r.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx, fmt.Sprintf("%s#%d", r.Name, i+1))
		}()
	}
	wg.Wait()
}

func (r *Runner) work(ctx context.Context, name string) {
	for ctx.Err() == nil {
		j, err := r.jobs.ClaimJob(ctx, name, r.Name, r.kinds, r.Stale)
		if err != nil && ctx.Err() == nil {
			r.Logger.Error("jobs: claim", "worker", name, "err", err)
		}
		if j != nil {
			r.run(ctx, name, j)
			continue
		}
		select {
		case <-ctx.Done():
		case <-r.wake:
		case <-time.After(r.Poll):
		}
	}
}

// RunInline claims job id and runs it in the caller's goroutine, as a worker would, and
// returns the job as it ended. A finished job is returned as it is; one that another
// worker is running is ECONFLICT.
func (r *Runner) RunInline(ctx context.Context, id int64) (*passerelle.Job, error) {
	name := fmt.Sprintf("%s-inline%d", r.Name, r.inline.Add(1))
	j, err := r.jobs.ClaimJobByID(ctx, name, id, r.Stale)
	if err != nil || j.State.Finished() {
		return j, err
	}
	if !r.Has(j.Kind) {
		_ = r.jobs.ReleaseJob(context.WithoutCancel(ctx), name, j.ID)
		return nil, passerelle.Errorf(passerelle.EINVALID, "no handler for jobs of kind %q", j.Kind)
	}
	r.run(ctx, name, j)
	sys := passerelle.NewContextWithActor(context.WithoutCancel(ctx), passerelle.SystemActor(j.WorkspaceID))
	return r.jobs.FindJobByID(sys, j.ID)
}

var (
	errCancelled = errors.New("job cancelled")
	errLost      = errors.New("job taken over")
)

// progress holds the handler's last report until the next beat writes it.
type progress struct {
	mu    sync.Mutex
	last  json.RawMessage
	dirty bool
}

func (p *progress) set(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	p.mu.Lock()
	p.last, p.dirty = b, true
	p.mu.Unlock()
}

// take returns the progress not yet written, or nil.
func (p *progress) take() json.RawMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.dirty {
		return nil
	}
	p.dirty = false
	return p.last
}

// run runs one claimed job to its end (or releases it when ctx ends first).
func (r *Runner) run(ctx context.Context, worker string, j *passerelle.Job) {
	log := r.Logger.With("job", j.ID, "kind", j.Kind, "worker", worker, "attempt", j.Attempts)
	// Writes after the handler must happen even when the process is stopping.
	bg := context.WithoutCancel(ctx)
	finish := func(state passerelle.JobState, p, result json.RawMessage, msg passerelle.Msg) {
		fctx, cancel := context.WithTimeout(bg, 30*time.Second)
		defer cancel()
		if err := r.jobs.FinishJob(fctx, worker, j.ID, state, p, result, msg); err != nil {
			log.Error("jobs: finish", "state", state, "err", err)
		}
	}
	if j.CancelRequested {
		finish(passerelle.JobCancelled, nil, nil, passerelle.M("cancelled"))
		return
	}
	h := r.handlers[j.Kind]
	actor, err := r.jobs.JobActor(ctx, j)
	if err != nil {
		finish(passerelle.JobFailed, nil, nil, passerelle.ErrorMsg(err))
		return
	}
	hctx, cancel := context.WithCancelCause(passerelle.NewContextWithActor(ctx, actor))
	defer cancel(nil)
	prog := &progress{}
	beatDone := make(chan struct{})
	stopBeat := make(chan struct{})
	go func() {
		defer close(beatDone)
		t := time.NewTicker(r.Beat)
		defer t.Stop()
		for {
			select {
			case <-stopBeat:
				return
			case <-t.C:
			}
			cancelAsked, err := r.jobs.BeatJob(bg, worker, j.ID, prog.take())
			switch {
			case errors.Is(err, store.ErrJobLost):
				cancel(errLost)
				return
			case err != nil:
				// A database hiccup: the next beat tries again; if beats fail for longer than
				// Stale another worker takes the job, and the next beat says so.
				log.Warn("jobs: heartbeat", "err", err)
			case cancelAsked:
				cancel(errCancelled)
			}
		}
	}()
	log.Info("jobs: start")
	started := time.Now()
	result, err := call(hctx, h, j, prog.set)
	close(stopBeat)
	<-beatDone
	cause := context.Cause(hctx)
	var out json.RawMessage
	if result != nil {
		if b, merr := json.Marshal(result); merr != nil {
			err = errors.Join(err, fmt.Errorf("result: %w", merr))
		} else {
			out = b
		}
	}
	last := prog.take()
	switch {
	case errors.Is(cause, errLost):
		log.Warn("jobs: taken over by another worker; nothing written")
	case errors.Is(cause, errCancelled):
		log.Info("jobs: cancelled", "elapsed", time.Since(started))
		finish(passerelle.JobCancelled, last, out, passerelle.M("cancelled"))
	case ctx.Err() != nil:
		// The process is stopping: give the job back, uncounted, for the next worker.
		log.Info("jobs: released at shutdown")
		if err := r.jobs.ReleaseJob(bg, worker, j.ID); err != nil {
			log.Error("jobs: release", "err", err)
		}
	case err != nil:
		if passerelle.ErrorCode(err) == passerelle.EINTERNAL {
			log.Error("jobs: failed", "err", err, "elapsed", time.Since(started))
		} else {
			log.Info("jobs: failed", "err", err, "elapsed", time.Since(started))
		}
		finish(passerelle.JobFailed, last, out, passerelle.ErrorMsg(err))
	default:
		log.Info("jobs: done", "elapsed", time.Since(started))
		finish(passerelle.JobDone, last, out, passerelle.Msg{})
	}
}

// call runs the handler, turning a panic into an error so that one bad job does not stop
// the process.
func call(ctx context.Context, h Handler, j *passerelle.Job, report func(any)) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return h(ctx, j, report)
}
