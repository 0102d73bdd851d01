package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"passerelle"
	"passerelle/jobs"
	"passerelle/store"
	"passerelle/store/storetest"
)

func eachDB(t *testing.T, f func(t *testing.T, db *store.DB)) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) { f(t, db) })
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// world is a workspace with an operator's context and a second workspace.
func world(t *testing.T, db *store.DB) (sys, other context.Context) {
	t.Helper()
	ws := store.NewWorkspaceService(db)
	root := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{System: true})
	a, b := &passerelle.Workspace{Slug: "net", Name: "Network"}, &passerelle.Workspace{Slug: "other", Name: "Other"}
	must(t, ws.CreateWorkspace(root, a))
	must(t, ws.CreateWorkspace(root, b))
	return passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(a.ID)),
		passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(b.ID))
}

func queue(t *testing.T, js *store.JobService, ctx context.Context, kind string, params any) *passerelle.Job {
	t.Helper()
	b, _ := json.Marshal(params)
	j := &passerelle.Job{Kind: kind, Params: b}
	must(t, js.CreateJob(ctx, j))
	return j
}

func fast(r *jobs.Runner) *jobs.Runner {
	r.Beat, r.Stale, r.Poll = 20*time.Millisecond, 300*time.Millisecond, 10*time.Millisecond
	r.Logger = slog.New(slog.DiscardHandler)
	return r
}

// waitFor polls the job until it is finished.
func waitFor(t *testing.T, js *store.JobService, ctx context.Context, id int64) *passerelle.Job {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		j, err := js.FindJobByID(ctx, id)
		must(t, err)
		if j.State.Finished() {
			return j
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("job %d not finished in time", id)
	return nil
}

// TestClaimOnce: two runners of three workers each share twenty jobs; each job runs once.
func TestClaimOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		sys, _ := world(t, db)
		js := store.NewJobService(db)
		var mu sync.Mutex
		runs := map[int64]int{}
		h := func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
			mu.Lock()
			runs[j.ID]++
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			return map[string]int64{"id": j.ID}, nil
		}
		var ids []int64
		for i := range 20 {
			ids = append(ids, queue(t, js, sys, "test.count", map[string]int{"n": i}).ID)
		}
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for range 2 {
			r := fast(jobs.NewRunner(js, map[string]jobs.Handler{"test.count": h}))
			// Claims, not takeovers, are under test: a heartbeat late by 300 ms on a
			// loaded machine would let the other runner take a live job over.
			r.Workers, r.Stale = 3, 5*time.Second
			wg.Add(1)
			go func() { defer wg.Done(); r.Run(ctx) }()
		}
		for _, id := range ids {
			j := waitFor(t, js, sys, id)
			if j.State != passerelle.JobDone || j.Attempts != 1 || string(j.Result) != `{"id":`+itoa(id)+`}` {
				t.Errorf("job %d: state %s, attempts %d, result %s", id, j.State, j.Attempts, j.Result)
			}
		}
		stop()
		wg.Wait()
		for _, id := range ids {
			if runs[id] != 1 {
				t.Errorf("job %d ran %d times", id, runs[id])
			}
		}
	})
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestTakeOver: a job claimed by a worker that stopped beating (its process killed) is
// taken up again by another runner once its heartbeat is stale; the dead worker's late
// writes are refused; a job interrupted MaxAttempts times fails.
func TestTakeOver(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		sys, _ := world(t, db)
		js := store.NewJobService(db)
		j := queue(t, js, sys, "test.echo", map[string]string{"say": "hello"})
		dead, err := js.ClaimJob(context.Background(), "dead-worker", "dead", []string{"test.echo"}, time.Minute)
		must(t, err)
		if dead == nil || dead.ID != j.ID || dead.State != passerelle.JobRunning {
			t.Fatalf("claim: %+v", dead)
		}
		// Not stale yet: nobody else may claim it.
		if again, err := js.ClaimJob(context.Background(), "other", "other", []string{"test.echo"}, time.Minute); err != nil || again != nil {
			t.Fatalf("claimed twice: %+v %v", again, err)
		}
		r := fast(jobs.NewRunner(js, map[string]jobs.Handler{"test.echo": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
			var p map[string]string
			_ = json.Unmarshal(j.Params, &p)
			report(map[string]int{"step": 1})
			return p, nil
		}}))
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r.Run(ctx); close(done) }()
		got := waitFor(t, js, sys, j.ID)
		stop()
		<-done
		if got.State != passerelle.JobDone || got.Attempts != 2 || string(got.Result) != `{"say":"hello"}` || string(got.Progress) != `{"step":1}` {
			t.Errorf("taken over: state %s attempts %d result %s progress %s", got.State, got.Attempts, got.Result, got.Progress)
		}
		if _, err := js.BeatJob(context.Background(), "dead-worker", j.ID, nil); !errors.Is(err, store.ErrJobLost) {
			t.Errorf("dead worker's beat: %v", err)
		}
		if err := js.FinishJob(context.Background(), "dead-worker", j.ID, passerelle.JobFailed, nil, nil, passerelle.M("x")); !errors.Is(err, store.ErrJobLost) {
			t.Errorf("dead worker's finish: %v", err)
		}

		// A process never takes over its own job: its heartbeats are late (on SQLite, a long
		// save holds the writer), not dead.
		own := queue(t, js, sys, "test.own", nil)
		c, err := js.ClaimJob(context.Background(), "procA#1", "procA", []string{"test.own"}, time.Minute)
		must(t, err)
		if c == nil || c.ID != own.ID {
			t.Fatalf("own claim: %+v", c)
		}
		time.Sleep(5 * time.Millisecond)
		if c, err := js.ClaimJob(context.Background(), "procA#2", "procA", []string{"test.own"}, time.Millisecond); err != nil || c != nil {
			t.Errorf("same process took over: %+v %v", c, err)
		}
		if c, err := js.ClaimJob(context.Background(), "procB#1", "procB", []string{"test.own"}, time.Millisecond); err != nil || c == nil || c.ID != own.ID {
			t.Errorf("other process did not take over: %+v %v", c, err)
		}

		// Attempts: a job whose workers all die is given up after MaxAttempts claims.
		k := &passerelle.Job{Kind: "test.echo", MaxAttempts: 2}
		must(t, js.CreateJob(sys, k))
		for i := range 2 {
			c, err := js.ClaimJob(context.Background(), "dying", "", []string{"test.echo"}, time.Millisecond)
			must(t, err)
			if c == nil || c.ID != k.ID {
				t.Fatalf("claim %d: %+v", i, c)
			}
			time.Sleep(5 * time.Millisecond)
		}
		c, err = js.ClaimJob(context.Background(), "dying", "", []string{"test.echo"}, time.Millisecond)
		must(t, err)
		if c != nil {
			t.Fatalf("claimed a third time: %+v", c)
		}
		k, err = js.FindJobByID(sys, k.ID)
		must(t, err)
		if k.State != passerelle.JobFailed || k.Error.String() != "interrupted 2 times: given up" {
			t.Errorf("given up: %s %q", k.State, k.Error)
		}
	})
}

// TestCancel: cancelling a running job cancels its handler's context and keeps what it
// returned; cancelling a queued one ends it before it runs; another workspace's job is
// not found.
func TestCancel(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		sys, other := world(t, db)
		js := store.NewJobService(db)
		started := make(chan struct{})
		r := fast(jobs.NewRunner(js, map[string]jobs.Handler{"test.wait": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
			close(started)
			<-ctx.Done()
			return map[string]string{"partial": "yes"}, ctx.Err()
		}}))
		j := queue(t, js, sys, "test.wait", nil)
		if _, err := js.CancelJob(other, j.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("other workspace's cancel: %v", err)
		}
		if _, err := js.FindJobByID(other, j.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("other workspace's read: %v", err)
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r.Run(ctx); close(done) }()
		<-started
		c, err := js.CancelJob(sys, j.ID)
		must(t, err)
		if !c.CancelRequested || c.State != passerelle.JobRunning {
			t.Errorf("cancel asked: %+v", c)
		}
		got := waitFor(t, js, sys, j.ID)
		if got.State != passerelle.JobCancelled || string(got.Result) != `{"partial":"yes"}` {
			t.Errorf("cancelled: %s %s", got.State, got.Result)
		}
		stop()
		<-done

		q := queue(t, js, sys, "test.wait", nil)
		c, err = js.CancelJob(sys, q.ID)
		must(t, err)
		if c.State != passerelle.JobCancelled {
			t.Errorf("queued job cancelled: %s", c.State)
		}
		if r2, err := fast(jobs.NewRunner(js, map[string]jobs.Handler{"test.wait": nil})).RunInline(context.Background(), q.ID); err != nil || r2.State != passerelle.JobCancelled {
			t.Errorf("inline run of a cancelled job: %+v %v", r2, err)
		}
	})
}

// TestInlineAndFailures: RunInline runs a job without workers; a domain error is kept
// as its message, an internal error and a panic as "internal error"; a process that
// stops releases its job back to the queue, uncounted.
func TestInlineAndFailures(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		sys, _ := world(t, db)
		js := store.NewJobService(db)
		r := fast(jobs.NewRunner(js, map[string]jobs.Handler{
			"test.invalid": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
				return nil, passerelle.FieldError("meetings[3].with", "unknown person %d", 42)
			},
			"test.broken": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
				return nil, errors.New("disk on fire")
			},
			"test.panic": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
				var p *passerelle.Job
				return p.Kind, nil
			},
			"test.actor": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
				a := passerelle.ActorFromContext(ctx)
				return map[string]any{"system": a.System, "workspace": a.WorkspaceID == j.WorkspaceID}, nil
			},
		}))
		for kind, want := range map[string]string{
			"test.invalid": "invalid input (meetings[3].with: unknown person 42)",
			"test.broken":  "internal error",
			"test.panic":   "internal error",
		} {
			j := queue(t, js, sys, kind, nil)
			got, err := r.RunInline(context.Background(), j.ID)
			must(t, err)
			if got.State != passerelle.JobFailed || got.Error.String() != want {
				t.Errorf("%s: %s %q, want %q", kind, got.State, got.Error, want)
			}
		}
		j := queue(t, js, sys, "test.actor", nil)
		got, err := r.RunInline(context.Background(), j.ID)
		must(t, err)
		if got.State != passerelle.JobDone || string(got.Result) != `{"system":true,"workspace":true}` {
			t.Errorf("actor: %s %s", got.State, got.Result)
		}
		if _, err := r.RunInline(context.Background(), 999999); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("missing job: %v", err)
		}

		// Shutdown releases.
		started := make(chan struct{})
		r2 := fast(jobs.NewRunner(js, map[string]jobs.Handler{"test.slow": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		}}))
		s := queue(t, js, sys, "test.slow", nil)
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r2.Run(ctx); close(done) }()
		<-started
		stop()
		<-done
		s, err = js.FindJobByID(sys, s.ID)
		must(t, err)
		if s.State != passerelle.JobQueued || s.Attempts != 0 || s.ClaimedBy != "" {
			t.Errorf("released: %s attempts %d by %q", s.State, s.Attempts, s.ClaimedBy)
		}
	})
}
