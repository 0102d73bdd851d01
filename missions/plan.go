// Package missions plans a mission's programme through the scheduling service (package
// scheduling, job kind meetings.schedule): nothing else places a mission's meetings.
package missions

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"passerelle"
	"passerelle/jobs"
	"passerelle/scheduling"
	"passerelle/store"
)

// Request builds the scheduling request of a mission: the delegation's lead meets each
// group of targets (one meeting per group), accompanied by an adviser in turn; a re-plan
// repairs the previous job's schedule.
func Request(m *passerelle.Mission) (*scheduling.Request, error) {
	if m.LeadPersonID == 0 {
		return nil, passerelle.FieldError("lead_person_id", "the mission needs the person who leads the delegation")
	}
	a, _ := time.Parse(time.DateOnly, m.StartDate)
	b, _ := time.Parse(time.DateOnly, m.EndDate)
	r := &scheduling.Request{Location: m.Venue, Origin: passerelle.OriginMission, OriginID: m.ID, PreviousJob: m.PlanJobID,
		TimeLimitSeconds: 5, Seed: 1,
		Clock: scheduling.Clock{Start: m.DayStart, End: m.DayEnd, SlotMinutes: m.MeetingMinutes, TimeZone: m.TimeZone,
			Breaks: []scheduling.Break{{Start: "12:00", End: "13:30"}}}}
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		r.Clock.Days = append(r.Clock.Days, d.Format(time.DateOnly))
	}
	r.Participants = append(r.Participants, scheduling.Participant{Key: "lead", PersonID: m.LeadPersonID})
	groups := map[string]int{}
	for _, t := range m.Targets {
		key := "o" + strconv.FormatInt(t.OrganizationID, 10)
		r.Participants = append(r.Participants, scheduling.Participant{Key: key, OrganizationID: t.OrganizationID})
		i, ok := groups[t.Group]
		if !ok {
			i = len(r.Meetings)
			groups[t.Group] = i
			rm := scheduling.RequestedMeeting{Key: "g:" + t.Group, With: []string{"lead"}}
			if len(m.AdviserIDs) > 0 {
				rm.AttendeeIDs = []int64{m.AdviserIDs[i%len(m.AdviserIDs)]}
			}
			r.Meetings = append(r.Meetings, rm)
		}
		r.Meetings[i].With = append(r.Meetings[i].With, key)
	}
	if len(r.Meetings) == 0 {
		return nil, passerelle.FieldError("targets", "the mission has no target to meet")
	}
	return r, nil
}

// Plan (re-)plans the mission's programme as the context's actor: it queues a scheduling
// job and runs it here, then records it as the mission's programme.
func Plan(ctx context.Context, db *store.DB, slug string) (*scheduling.Result, error) {
	svc := store.NewMissionService(db)
	m, err := svc.FindMission(ctx, slug)
	if err != nil {
		return nil, err
	}
	req, err := Request(m)
	if err != nil {
		return nil, err
	}
	params, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	js := store.NewJobService(db)
	j := &passerelle.Job{Kind: scheduling.Kind, Params: params, Visibility: passerelle.VisibilityShared}
	if err := js.CreateJob(ctx, j); err != nil {
		return nil, err
	}
	runner := jobs.NewRunner(js, map[string]jobs.Handler{scheduling.Kind: scheduling.MeetingsHandler(db)})
	done, err := runner.RunInline(ctx, j.ID)
	if err != nil {
		return nil, err
	}
	if done.State != passerelle.JobDone {
		return nil, passerelle.Errorf(passerelle.EINVALID, "mission %s: the scheduling job %d ended %s: %s", slug, done.ID, string(done.State), done.Error)
	}
	var res scheduling.Result
	if err := json.Unmarshal(done.Result, &res); err != nil {
		return nil, err
	}
	if err := svc.SetPlanJob(ctx, m.ID, done.ID); err != nil {
		return nil, err
	}
	return &res, nil
}
