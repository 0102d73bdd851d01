// Package missions plans a mission's programme through the scheduling service (package
// scheduling, job kind meetings.schedule): nothing else places a mission's meetings.
package missions

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
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
	if m.Status == passerelle.MissionCancelled {
		return nil, passerelle.FieldError("status", "the mission is cancelled: change its status to plan its programme")
	}
	if m.LeadPersonID == 0 {
		return nil, passerelle.FieldError("lead_person_id", "the mission needs the person who leads the delegation")
	}
	r := &scheduling.Request{Origin: passerelle.OriginMission, OriginID: m.ID, PreviousJob: m.PlanJobID, TimeLimitSeconds: 5, Seed: 1}
	venues := setting(m, r)
	loc, err := passerelle.LoadZone(m.TimeZone)
	if err != nil {
		return nil, passerelle.FieldError("time_zone", "an IANA name such as Europe/Copenhagen")
	}
	r.Participants = append(r.Participants, scheduling.Participant{Key: "lead", PersonID: m.LeadPersonID})
	groups := map[string]int{}
	for i, t := range m.Targets {
		key := "o" + strconv.FormatInt(t.OrganizationID, 10)
		un, err := Unavailable(m, t, loc)
		if err != nil {
			return nil, passerelle.FieldError(fmt.Sprintf("targets[%d].availability", i), "%v", passerelle.ErrorMsg(err))
		}
		r.Participants = append(r.Participants, scheduling.Participant{Key: key, OrganizationID: t.OrganizationID, Unavailable: un})
		g, ok := groups[t.Group]
		if !ok {
			g = len(r.Meetings)
			groups[t.Group] = g
			rm := scheduling.RequestedMeeting{Key: "g:" + t.Group, With: []string{"lead"}}
			if len(m.AdviserIDs) > 0 {
				rm.AttendeeIDs = []int64{m.AdviserIDs[g%len(m.AdviserIDs)]}
			}
			r.Meetings = append(r.Meetings, rm)
		}
		r.Meetings[g].With = append(r.Meetings[g].With, key)
		// The group meets at its first target's venue (a venue since removed: any).
		if t.Venue != "" && venues[t.Venue] && len(r.Meetings[g].Venues) == 0 {
			r.Meetings[g].Venues = []string{t.Venue}
		}
	}
	if len(r.Meetings) == 0 {
		return nil, passerelle.FieldError("targets", "the mission has no target to meet")
	}
	return r, nil
}

// setting gives a request the mission's clock (its days, hours, meeting length, a
// lunch break 12:00–13:30), venues and travel times; it returns the venues by name.
func setting(m *passerelle.Mission, r *scheduling.Request) map[string]bool {
	a, _ := time.Parse(time.DateOnly, m.StartDate)
	b, _ := time.Parse(time.DateOnly, m.EndDate)
	r.Location = m.Venue
	r.Clock = scheduling.Clock{Start: m.DayStart, End: m.DayEnd, SlotMinutes: m.MeetingMinutes, TimeZone: m.TimeZone,
		Breaks: []scheduling.Break{{Start: "12:00", End: "13:30"}}}
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		r.Clock.Days = append(r.Clock.Days, d.Format(time.DateOnly))
	}
	venues := map[string]bool{}
	for _, v := range m.Venues {
		r.Venues = append(r.Venues, scheduling.Venue{Name: v.Name, Address: v.Address, Tables: 1})
		venues[v.Name] = true
	}
	for _, t := range m.Travel {
		r.Travel = append(r.Travel, scheduling.Travel{From: t.From, To: t.To, Minutes: t.Minutes})
	}
	if len(r.Venues) > 0 {
		r.Location = ""
	}
	return venues
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

// Unavailable turns a target's availability (passerelle.ParseAvailability, local to the
// mission) into the times it cannot be met over the mission's days: each day outside its
// windows, and the whole of a day it gives no window for. No availability: none.
func Unavailable(m *passerelle.Mission, t passerelle.MissionTarget, loc *time.Location) ([]scheduling.Interval, error) {
	ws, err := passerelle.ParseAvailability(t.Availability)
	if err != nil || len(ws) == 0 {
		return nil, err
	}
	byDay := map[string][]passerelle.AvailWindow{}
	for _, w := range ws {
		byDay[w.Date] = append(byDay[w.Date], w)
	}
	at := func(day time.Time, hhmm string) time.Time {
		h, _ := time.Parse("15:04", hhmm)
		return time.Date(day.Year(), day.Month(), day.Day(), h.Hour(), h.Minute(), 0, 0, loc)
	}
	a, _ := time.Parse(time.DateOnly, m.StartDate)
	b, _ := time.Parse(time.DateOnly, m.EndDate)
	var out []scheduling.Interval
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		end := start.AddDate(0, 0, 1)
		windows := byDay[day]
		sort.Slice(windows, func(i, j int) bool { return windows[i].From < windows[j].From })
		whole := false
		for _, w := range windows {
			whole = whole || w.From == ""
		}
		if whole {
			continue
		}
		cur := start
		for _, w := range windows {
			from, to := at(d, w.From), at(d, w.To)
			if from.After(cur) {
				out = append(out, scheduling.Interval{From: cur, To: from})
			}
			if to.After(cur) {
				cur = to
			}
		}
		if end.After(cur) {
			out = append(out, scheduling.Interval{From: cur, To: end})
		}
	}
	return out, nil
}
