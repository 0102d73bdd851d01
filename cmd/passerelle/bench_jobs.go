package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/schedule"
	"passerelle/scheduling"
	"passerelle/store"
)

// 'passerelle bench jobs': a scheduling job of a synthetic event (18,000 meetings among
// 3,500 people of the contact book by default) from the database to stored meetings,
// on a database of its own that it drops after: the time from queued to done (with the
// solve and the save apart) and the process's peak resident memory during the job.
func runBenchJobs(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("bench jobs", &cfg)
	var c schedule.GenConfig
	fs.IntVar(&c.Participants, "participants", 3500, "participants (people of the contact book)")
	fs.IntVar(&c.Meetings, "meetings", 18000, "requested meetings")
	fs.IntVar(&c.Days, "days", 3, "days")
	fs.IntVar(&c.SlotsPerDay, "slots-per-day", 16, "30-minute slots per day")
	fs.IntVar(&c.Tables, "tables", 450, "tables")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed")
	limit := fs.Int("time-limit", 30, "the solve's time limit, in seconds")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	c.Venues, c.Fairness = 1, -1
	db, closeDB, err := openBenchDB(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(a.Stdout, "%s, %d meetings, %d participants, %d days × %d slots, %d tables, Go %s, %d CPUs, load %s\n", db.Dialect,
		c.Meetings, c.Participants, c.Days, c.SlotsPerDay, c.Tables, runtime.Version(), runtime.NumCPU(), loadAverage())

	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	w := &passerelle.Workspace{Slug: "bench", Name: "bench"}
	if err := store.NewWorkspaceService(db).CreateWorkspace(root, w); err != nil {
		return err
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID))
	if err := store.GeneratePeople(sys, db, c.Participants, c.Seed); err != nil {
		return err
	}
	var personIDs []int64
	for off := 0; len(personIDs) < c.Participants; off += 1000 {
		ps, _, err := store.NewPersonService(db).FindPeople(sys, passerelle.PersonFilter{Offset: off, Limit: 1000})
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			break
		}
		for _, p := range ps {
			personIDs = append(personIDs, p.ID)
		}
	}
	in := schedule.Generate(c)
	req := benchRequest(in, personIDs, *limit)
	params, err := json.Marshal(req)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "request: %.1f MB of JSON\n", float64(len(params))/1e6)
	runner := newRunner(a, db, nil, 1)
	runner.Poll = 50 * time.Millisecond
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	runtime.GC()
	resetPeakRSS()
	before := procStatus("VmRSS:")
	job := &passerelle.Job{Kind: scheduling.Kind, Params: params}
	start := time.Now()
	if err := store.NewJobService(db).CreateJob(sys, job); err != nil {
		return err
	}
	go func() { runner.Run(rctx); close(done) }()
	var j *passerelle.Job
	for {
		time.Sleep(50 * time.Millisecond)
		if j, err = store.NewJobService(db).FindJobByID(sys, job.ID); err != nil {
			return err
		}
		if j.State.Finished() {
			break
		}
	}
	wall := time.Since(start)
	stop()
	<-done
	if j.State != passerelle.JobDone {
		return fmt.Errorf("job %d %s: %s", j.ID, j.State, j.Error)
	}
	var res scheduling.Result
	if err := json.Unmarshal(j.Result, &res); err != nil {
		return err
	}
	_, stored, err := store.NewMeetingService(db).FindMeetings(sys, passerelle.MeetingFilter{Limit: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "queued→done %.1f s (solve %.1f s, save %.1f s), %s, placed %d of %d, breaks %d, stored meetings %d, peak RSS %s (%s before), load %s\n",
		wall.Seconds(), float64(res.SolveMS)/1000, float64(res.SaveMS)/1000, res.Status, res.Placed, res.Requested, res.Breaks,
		stored, procStatus("VmHWM:"), before, loadAverage())
	return nil
}

// benchRequest turns a generated instance into a scheduling request among the people:
// a 30-minute clock from 08:00 over consecutive days, each participant's forbidden slots
// as unavailable intervals.
func benchRequest(in *schedule.Instance, personIDs []int64, limit int) *scheduling.Request {
	day0 := time.Date(2027, 3, 8, 0, 0, 0, 0, time.UTC)
	r := &scheduling.Request{Location: "Bench hall", TimeLimitSeconds: limit, Seed: 1,
		Clock: scheduling.Clock{Start: "08:00", End: fmt.Sprintf("%02d:%02d", 8+in.SlotsPerDay/2, 30*(in.SlotsPerDay%2)),
			SlotMinutes: 30, TimeZone: "Europe/Paris", MorningEnd: fmt.Sprintf("%02d:%02d", 8+in.MorningSlots/2, 30*(in.MorningSlots%2))}}
	for d := range in.Days {
		r.Clock.Days = append(r.Clock.Days, day0.AddDate(0, 0, d).Format(time.DateOnly))
	}
	_ = r.Clock.Prepare()
	for i := range in.Tables {
		r.Tables = append(r.Tables, "Table "+strconv.Itoa(i+1))
	}
	for i, p := range in.Participants {
		pt := scheduling.Participant{Key: "p" + strconv.Itoa(i+1), PersonID: personIDs[i%len(personIDs)]}
		for _, s := range p.Forbidden {
			from, to := r.Clock.Span(s)
			if n := len(pt.Unavailable); n > 0 && pt.Unavailable[n-1].To.Equal(from) {
				pt.Unavailable[n-1].To = to
				continue
			}
			pt.Unavailable = append(pt.Unavailable, scheduling.Interval{From: from, To: to})
		}
		r.Participants = append(r.Participants, pt)
	}
	for _, m := range in.Meetings {
		rm := scheduling.RequestedMeeting{Key: m.ID, Priority: m.Priority}
		for _, p := range m.Participants {
			rm.With = append(rm.With, "p"+strconv.Itoa(p+1))
		}
		switch m.Session {
		case schedule.Morning:
			rm.Session = "morning"
		case schedule.Afternoon:
			rm.Session = "afternoon"
		}
		r.Meetings = append(r.Meetings, rm)
	}
	return r
}

// resetPeakRSS makes /proc/self/status's VmHWM start again from the current RSS (Linux).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus reads a memory line of /proc/self/status (VmHWM: the peak resident memory
// since the last reset; VmRSS: the current one).
func procStatus(key string) string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, key); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
		}
	}
	return "unknown"
}

// loadAverage is the 1, 5 and 15-minute load from /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
