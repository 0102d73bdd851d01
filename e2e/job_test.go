package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"passerelle"
	"passerelle/jobs"
	"passerelle/store"
)

// TestJobPageLiveProgress: a job's page follows its progress without reloading (the bar
// and the counts change through static/jobs.js under the strict CSP), and its Cancel
// button stops the running job, after which the page shows it cancelled.
func TestJobPageLiveProgress(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	js := store.NewJobService(a.db)
	r := jobs.NewRunner(js, map[string]jobs.Handler{"test.progress": func(ctx context.Context, j *passerelle.Job, report func(any)) (any, error) {
		for i := 1; ; i++ {
			report(map[string]any{"phase": "solving", "requested": 1000, "placed": i, "breaks": 1000 - i})
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}})
	r.Beat, r.Poll, r.Logger = 100*time.Millisecond, 20*time.Millisecond, slog.New(slog.DiscardHandler)
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(rctx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	j := &passerelle.Job{Kind: "test.progress"}
	if err := js.CreateJob(a.dir.System, j); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")
	run(t, ctx, "the bar moves without a reload",
		chromedp.Navigate(fmt.Sprintf("%s/jobs/%d", a.url, j.ID)),
		chromedp.WaitVisible(chromedp.ID("job-progress")),
		// A mark that a reload would wipe: the counts must change with it still there.
		chromedp.Evaluate[chromedp.Void](`window.__mark = document.getElementById("job-progress").value + 1, true`),
		poll(`window.__mark > 0 && document.getElementById("job-progress").value > window.__mark + 5 &&
			document.getElementById("job-state").innerText.includes("running")`),
		poll(`parseInt(document.getElementById("job-placed").innerText, 10) > window.__mark`),
	)
	run(t, ctx, "cancel",
		chromedp.Click(chromedp.ID("job-cancel")),
		waitText("#job-state", "cancelled"),
		poll(`!document.getElementById("job-cancel")`),
	)
	got, err := js.FindJobByID(a.dir.System, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != passerelle.JobCancelled {
		t.Errorf("job %s after Cancel", got.State)
	}
}
