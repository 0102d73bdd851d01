package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"passerelle"
	"passerelle/jobs"
	"passerelle/scheduling"
	"passerelle/store"
)

// TestJobScheduleAPI: a member queues a scheduling job through the API (202 and the job's
// address), a worker runs it, the API and the page show its result; a malformed request
// is a 422 naming its field and queues nothing; the page of a running job shows the bar,
// the Cancel button and refreshes itself without JavaScript; Cancel stops a queued job.
func TestJobScheduleAPI(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice, bob := w.client(t, "alice"), w.client(t, "bob")
			req := map[string]any{
				"clock": map[string]any{"days": []string{"2027-03-10"}, "start": "09:00", "end": "11:00", "slot_minutes": 30, "time_zone": "Europe/Copenhagen"},
				"participants": []map[string]any{{"key": "a", "organization_id": w.shared.ID}, {"key": "b", "person_id": w.sharedP.ID},
					{"key": "c", "organization_id": w.shared2.ID}},
				"meetings":           []map[string]any{{"with": []string{"a", "b"}}, {"with": []string{"b", "c"}}, {"with": []string{"a", "c"}, "priority": 2}},
				"time_limit_seconds": 1,
			}
			b, _ := json.Marshal(req)
			res, body := alice.do("POST", "/api/v1/jobs/schedule", "application/json", string(b), true)
			if res.StatusCode != http.StatusAccepted {
				t.Fatalf("queue: %d %s", res.StatusCode, body)
			}
			var j struct {
				passerelle.Job
				URL string `json:"url"`
			}
			must(t, json.Unmarshal([]byte(body), &j))
			if j.State != passerelle.JobQueued || !strings.HasSuffix(j.URL, fmt.Sprintf("/jobs/%d", j.ID)) {
				t.Errorf("queued: %s %s", j.State, j.URL)
			}
			// The page of a queued job: bar, cancel, refresh without JavaScript.
			_, page := alice.get(fmt.Sprintf("/jobs/%d", j.ID))
			for _, want := range []string{`id="job-progress"`, `id="job-cancel"`, `http-equiv="refresh"`, `jobs.`} {
				if !strings.Contains(page, want) {
					t.Errorf("queued job's page lacks %s", want)
				}
			}
			r := jobs.NewRunner(store.NewJobService(db), map[string]jobs.Handler{scheduling.Kind: scheduling.MeetingsHandler(db)})
			r.Logger = slog.New(slog.DiscardHandler)
			done, err := r.RunInline(context.Background(), j.ID)
			must(t, err)
			if done.State != passerelle.JobDone {
				t.Fatalf("ran: %s %q", done.State, done.Error)
			}
			_, body = bob.do("GET", fmt.Sprintf("/api/v1/jobs/%d", j.ID), "", "", true)
			var got struct {
				State  passerelle.JobState
				Result scheduling.Result
			}
			must(t, json.Unmarshal([]byte(body), &got))
			if got.State != passerelle.JobDone || got.Result.Placed != 3 || len(got.Result.Meetings) != 3 {
				t.Errorf("result: %s", body)
			}
			_, page = alice.get(fmt.Sprintf("/jobs/%d", j.ID))
			if !strings.Contains(page, `id="job-result"`) || strings.Contains(page, `http-equiv="refresh"`) || strings.Contains(page, `id="job-cancel"`) {
				t.Errorf("finished job's page: %s", page)
			}
			// The meetings are in the workspace, readable by another member.
			_, body = bob.do("GET", fmt.Sprintf("/api/v1/meetings/%d", got.Result.Meetings[0].MeetingID), "", "", true)
			if !strings.Contains(body, "Europe/Copenhagen") {
				t.Errorf("scheduled meeting: %s", body)
			}

			// Malformed: 422 naming the field, nothing queued.
			for _, tc := range []struct{ body, field string }{
				{`{"clock": {"days": ["2027-03-10"], "start": "09:00", "end": "11:00", "slot_minutes": 30, "time_zone": "Mars/Base"}, "participants": [], "meetings": []}`, "clock.time_zone"},
				{`{"clock": {"days": ["2027-03-10"], "start": "09:00", "end": "11:00", "slot_minutes": 30, "time_zone": "UTC"}, "participants": [{"key": "a", "person_id": 1}, {"key": "b", "person_id": 2}], "meetings": [{"with": ["a", "z"]}]}`, "meetings[0].with"},
				{`{"clock": {}, "bogus": 1}`, "bogus"},
			} {
				res, body := alice.do("POST", "/api/v1/jobs/schedule", "application/json", tc.body, true)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.field) {
					t.Errorf("%s: %d %s", tc.field, res.StatusCode, body)
				}
			}
			// Cancel from the page.
			_, body = alice.do("POST", "/api/v1/jobs/schedule", "application/json", string(b), true)
			must(t, json.Unmarshal([]byte(body), &j))
			res, _ = alice.do("POST", fmt.Sprintf("/jobs/%d/cancel", j.ID), "application/x-www-form-urlencoded", "", false)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("cancel: %d", res.StatusCode)
			}
			_, body = alice.do("GET", fmt.Sprintf("/api/v1/jobs/%d", j.ID), "", "", true)
			if !strings.Contains(body, `"state":"cancelled"`) {
				t.Errorf("cancelled: %s", body)
			}
		})
	}
}
