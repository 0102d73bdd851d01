package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/scheduling"
)

// jobReply is a job as the API shows it, with the address of its page.
type jobReply struct {
	*passerelle.Job
	URL string `json:"url"`
}

func (s *Server) jobReply(r *http.Request, j *passerelle.Job) jobReply {
	return jobReply{Job: j, URL: s.baseURL(r) + "/jobs/" + strconv.FormatInt(j.ID, 10)}
}

// apiJobSchedule queues a scheduling job (kind meetings.schedule). The request is checked
// now, so that a malformed one is a 422 naming its field rather than a failed job; the
// records it names are checked when it runs.
func (s *Server) apiJobSchedule(w http.ResponseWriter, r *http.Request) error {
	var req scheduling.Request
	if err := decodeLimit(r, &req, passerelle.MaxJobParams); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(&req)
	if err != nil {
		return err
	}
	j := &passerelle.Job{Kind: scheduling.Kind, Params: b, Visibility: req.Visibility}
	if err := s.jobs.CreateJob(r.Context(), j); err != nil {
		return err
	}
	if s.opts.Jobs != nil {
		s.opts.Jobs.Wake()
	}
	w.Header().Set("Location", "/api/v1/jobs/"+strconv.FormatInt(j.ID, 10))
	writeJSON(w, http.StatusAccepted, s.jobReply(r, j))
	return nil
}

// apiJobGet is one job: state, progress, result.
func (s *Server) apiJobGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "job")
	if err != nil {
		return err
	}
	j, err := s.jobs.FindJobByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, s.jobReply(r, j))
}

// apiJobCancel asks a job to stop.
func (s *Server) apiJobCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "job")
	if err != nil {
		return err
	}
	j, err := s.jobs.CancelJob(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, s.jobReply(r, j))
}
