package events

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"passerelle"
	"passerelle/store"
)

// ScheduleKind is the background job kind of an event's schedule (docs/jobs.md).
const ScheduleKind = "event.schedule"

// ScheduleParams are the params of an event.schedule job.
type ScheduleParams struct {
	Slug        string `json:"slug"`
	TimeLimitMS int64  `json:"time_limit_ms,omitempty"` // 0: 30 s
	Seed        uint64 `json:"seed,omitempty"`
}

// ScheduleHandler runs Schedule as a job: its progress is the job's progress bar, its
// result the job's result, and cancelling the job cancels the search (nothing is saved).
// mail (nil: nobody is told) tells the participants of a published event what moved.
// The function has the jobs.Handler signature; cmd/passerelle registers it.
func ScheduleHandler(db *store.DB, mail Deliverer) func(ctx context.Context, job *passerelle.Job, report func(any)) (any, error) {
	return func(ctx context.Context, job *passerelle.Job, report func(any)) (any, error) {
		var p ScheduleParams
		dec := json.NewDecoder(strings.NewReader(string(job.Params)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return nil, passerelle.FieldError("params", "%s", err.Error())
		}
		return Schedule(ctx, store.NewEventService(db), p.Slug, ScheduleOptions{TimeLimit: time.Duration(p.TimeLimitMS) * time.Millisecond, Seed: p.Seed,
			Mail: mail}, report)
	}
}
