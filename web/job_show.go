package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"passerelle"
	"passerelle/scheduling"
)

type jobShowData struct {
	Job      *passerelle.Job
	Progress scheduling.Progress
	Result   *scheduling.Result // a finished scheduling job's
	Elapsed  time.Duration
	CanStop  bool // the reader may cancel it (a writer, the job not finished)
	Unplaced []scheduling.Unplaced
	More     int // unplaced meetings not listed
}

// jobShow is a job's page: a progress bar while it runs (refreshed by static/jobs.js, or
// by the page itself without JavaScript), the Cancel button, then its result.
func (s *Server) jobShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "job")
	if err != nil {
		return err
	}
	j, err := s.jobs.FindJobByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := passerelle.ActorFromContext(r.Context())
	d := jobShowData{Job: j, CanStop: a.Role.CanWrite() && !j.State.Finished() && !j.CancelRequested}
	if len(j.Progress) > 0 {
		_ = json.Unmarshal(j.Progress, &d.Progress)
	}
	if j.State == passerelle.JobDone && len(j.Result) > 0 {
		var res scheduling.Result
		if json.Unmarshal(j.Result, &res) == nil {
			d.Result = &res
			d.Unplaced = res.Unplaced
			if len(d.Unplaced) > 200 {
				d.Unplaced, d.More = d.Unplaced[:200], len(d.Unplaced)-200
			}
		}
	}
	if j.StartedAt != nil {
		end := time.Now()
		if j.FinishedAt != nil {
			end = *j.FinishedAt
		}
		d.Elapsed = end.Sub(*j.StartedAt).Round(time.Second)
	}
	p := s.newPage(r, "job.title")
	p.Data = d
	return s.render(w, r, "job_show.html", p)
}

// jobCancel is the page's Cancel button.
func (s *Server) jobCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "job")
	if err != nil {
		return err
	}
	if _, err := s.jobs.CancelJob(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/jobs/"+strconv.FormatInt(id, 10), "flash.job_cancel")
}
