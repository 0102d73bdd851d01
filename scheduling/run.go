package scheduling

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"passerelle"
	"passerelle/jobs"
	"passerelle/schedule"
	"passerelle/store"
)

// Kind is the job kind of issue 13's generic scheduling: a Request among the
// workspace's people and organisations.
const Kind = "meetings.schedule"

// Progress is what the job's page shows while it runs.
type Progress struct {
	Phase      string `json:"phase"` // loading, solving, saving
	Requested  int    `json:"requested"`
	Placed     int    `json:"placed"`
	Breaks     int    `json:"breaks"`      // of the best schedule so far
	LowerBound int    `json:"lower_bound"` // proven least breaks, when every meeting is placed
	ElapsedMS  int64  `json:"elapsed_ms"`
	LimitMS    int64  `json:"limit_ms"` // the solve's time limit
}

// Result is what a scheduling job keeps.
type Result struct {
	Status    schedule.Status `json:"status"`
	Requested int             `json:"requested"`
	Placed    int             `json:"placed"`
	Breaks    int             `json:"breaks"`
	// Meetings maps each placed request (by key) to its stored meeting: a re-run
	// (previous_job) finds them there.
	Meetings []Placed   `json:"meetings"`
	Unplaced []Unplaced `json:"unplaced"`
	// Moved lists, on a re-run, the meetings whose time or table changed, and those
	// cancelled (no longer requested, or no longer placeable).
	Moved     []Moved `json:"moved,omitempty"`
	Cancelled []Moved `json:"cancelled,omitempty"`
	Repair    bool    `json:"repair"`
	SolveMS   int64   `json:"solve_ms"`
	SaveMS    int64   `json:"save_ms"`
}

// Placed is a request's stored meeting.
type Placed struct {
	Key       string    `json:"key"`
	MeetingID int64     `json:"meeting_id"`
	Start     time.Time `json:"start"`
	Room      string    `json:"room"`
}

// Unplaced is a request the engine could not place, with its reason: Reason in English
// (the API and the CLI), Why the same as a catalogue message for the pages.
type Unplaced struct {
	Key    string                `json:"key"`
	Reason string                `json:"reason"`
	Why    *passerelle.StoredMsg `json:"why,omitempty"`
}

// Msg is the reason to show; a result kept before Why existed gives its English, which
// is also its catalogue key when it has no arguments.
func (u Unplaced) Msg() passerelle.Msg { return reasonMsg(u.Why, u.Reason) }

func reasonMsg(w *passerelle.StoredMsg, reason string) passerelle.Msg {
	if w != nil {
		return w.Msg()
	}
	return passerelle.Msg{Key: reason}
}

// Moved is a stored meeting a re-run changed.
type Moved struct {
	Key       string                `json:"key"`
	MeetingID int64                 `json:"meeting_id"`
	Status    string                `json:"status"` // its status before: a confirmed meeting moved is the one to tell people about
	From      time.Time             `json:"from"`
	To        *time.Time            `json:"to,omitempty"`
	Room      string                `json:"room,omitempty"`
	Reason    string                `json:"reason,omitempty"`
	Why       *passerelle.StoredMsg `json:"why,omitempty"`
}

// Msg is the reason to show (see Unplaced.Msg).
func (m Moved) Msg() passerelle.Msg { return reasonMsg(m.Why, m.Reason) }

// MeetingsHandler is the job handler of Kind.
func MeetingsHandler(db *store.DB) jobs.Handler {
	return func(ctx context.Context, job *passerelle.Job, report func(any)) (any, error) {
		var r Request
		if err := decodeParams(job.Params, &r); err != nil {
			return nil, err
		}
		return Run(ctx, db, &r, func(p Progress) { report(p) })
	}
}

// decodeParams reads a job's params strictly: an unknown field is a mistake to name.
func decodeParams(b []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return passerelle.FieldError("params", "%s", err.Error())
	}
	return nil
}

// previous is the state of a re-run: the meetings the previous job stored, by request key.
type previous struct {
	meetings map[string]*passerelle.Meeting
	pinned   map[int64]bool // placed by hand and pinned there (a mission's programme)
}

// loadPrevious reads the previous job's result and its meetings as they are now.
func loadPrevious(ctx context.Context, db *store.DB, id int64) (*previous, error) {
	j, err := store.NewJobService(db).FindJobByID(ctx, id)
	if err != nil {
		return nil, passerelle.FieldError("previous_job", "job %d not found", id)
	}
	if j.Kind != Kind || j.State != passerelle.JobDone {
		return nil, passerelle.FieldError("previous_job", "job %d is not a finished scheduling job", id)
	}
	var res Result
	if err := json.Unmarshal(j.Result, &res); err != nil {
		return nil, err
	}
	ids := make([]int64, len(res.Meetings))
	for i, p := range res.Meetings {
		ids[i] = p.MeetingID
	}
	ms, err := store.NewMeetingService(db).MeetingsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	pinned, err := store.NewMeetingService(db).PinnedMeetings(ctx, ids)
	if err != nil {
		return nil, err
	}
	prev := &previous{meetings: map[string]*passerelle.Meeting{}, pinned: pinned}
	for _, p := range res.Meetings {
		if m := ms[p.MeetingID]; m != nil { // deleted since: requested again as new
			prev.meetings[p.Key] = m
		}
	}
	return prev, nil
}

// Run schedules a request as the context's actor: it checks the request and its
// records, solves it (or, with PreviousJob, repairs that job's schedule), and stores the
// meetings in one transaction. progress is called from one goroutine at a time.
func Run(ctx context.Context, db *store.DB, r *Request, progress func(Progress)) (*Result, error) {
	start := time.Now()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	limit := time.Duration(r.TimeLimitSeconds) * time.Second
	if limit == 0 {
		limit = 30 * time.Second
	}
	pg := Progress{Phase: "loading", Requested: len(r.Meetings), LimitMS: limit.Milliseconds()}
	progress(pg)
	meetings := store.NewMeetingService(db)
	var personIDs, orgIDs []int64
	for _, p := range r.Participants {
		if p.PersonID > 0 {
			personIDs = append(personIDs, p.PersonID)
		}
		if p.OrganizationID > 0 {
			orgIDs = append(orgIDs, p.OrganizationID)
		}
	}
	people, orgs, err := meetings.ReadRefs(ctx, personIDs, orgIDs)
	if err != nil {
		return nil, err
	}
	names, err := r.CheckRefs(people, orgs)
	if err != nil {
		return nil, err
	}
	var prev *previous
	if r.PreviousJob != 0 {
		if prev, err = loadPrevious(ctx, db, r.PreviousJob); err != nil {
			return nil, err
		}
	}
	// A meeting cancelled by hand since the previous run stays cancelled: it is not
	// requested again.
	skip := map[int]bool{}
	if prev != nil {
		for i, m := range r.Meetings {
			if pm := prev.meetings[m.Key]; pm != nil && pm.Status == passerelle.MeetingCancelled {
				skip[i] = true
			}
		}
	}
	in, index := r.Instance(skip)
	tables := r.TableNames()
	tableOf := make(map[string]int, len(tables))
	for i, t := range tables {
		tableOf[t] = i + 1
	}
	opt := schedule.Options{TimeLimit: limit, Seed: r.Seed, Progress: func(p schedule.Progress) {
		pg.Phase, pg.Placed, pg.Breaks, pg.LowerBound, pg.ElapsedMS = "solving", p.Placed, p.Breaks, p.LowerBound, time.Since(start).Milliseconds()
		pg.Requested = p.Requested
		progress(pg)
	}}
	pg.Phase, pg.Requested = "solving", len(in.Meetings)
	progress(pg)
	// Beat the elapsed time while the engine searches without improving.
	tick := time.NewTicker(time.Second)
	stopTick := make(chan struct{})
	tickDone := make(chan struct{})
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	opt.Progress = lockedProgress(mu, opt.Progress)
	go func() {
		defer close(tickDone)
		for {
			select {
			case <-stopTick:
				return
			case <-tick.C:
				<-mu
				pg.ElapsedMS = time.Since(start).Milliseconds()
				progress(pg)
				mu <- struct{}{}
			}
		}
	}()
	solveStart := time.Now()
	var res *schedule.Result
	if prev != nil {
		sol := schedule.Solution{Slot: make([]int, len(in.Meetings)), Table: make([]int, len(in.Meetings))}
		pinned := pins{}
		// Meetings pinned by hand first: they keep their slot when it still suits
		// everyone and does not clash with another pin; one that must move is listed
		// with why (keptPin).
		for e, i := range index {
			if pm := prev.meetings[r.Meetings[i].Key]; pm != nil && prev.pinned[pm.ID] {
				if t := r.Clock.SlotAt(pm.Start); t > 0 && slotSuits(in, e, t) && !pinned.clash(in, e, t) {
					in.Meetings[e].Fixed = t
					pinned.add(in, e, t)
				}
			}
		}
		for e, i := range index {
			if pm := prev.meetings[r.Meetings[i].Key]; pm != nil {
				sol.Slot[e] = r.Clock.SlotAt(pm.Start)
				sol.Table[e] = tableOf[pm.Room]
				if in.Meetings[e].Fixed > 0 {
					continue
				}
				// A confirmed meeting whose slot still suits everyone is pinned there: the
				// repair may otherwise move it to make room for another. One whose slot no
				// longer suits (someone now unavailable) must move, and does.
				// (Two pinned meetings of one person in one slot, after edits by hand, would
				// leave one unplaced: the second is not pinned.)
				if t := sol.Slot[e]; pm.Status == passerelle.MeetingConfirmed && t > 0 && slotSuits(in, e, t) && !pinned.clash(in, e, t) {
					in.Meetings[e].Fixed = t
					pinned.add(in, e, t)
				}
			}
		}
		var rr *schedule.RepairResult
		rr, err = schedule.Repair(ctx, in, sol, opt)
		if rr != nil {
			res = rr.Result
		}
	} else {
		res, err = schedule.Solve(ctx, in, opt)
	}
	close(stopTick)
	tick.Stop()
	<-tickDone
	if err != nil {
		return nil, passerelle.FieldError("meetings", "%s", err.Error())
	}
	if err := ctx.Err(); err != nil {
		// Cancelled: nothing is stored; the best schedule found is not kept either, since
		// a partial search is not what anybody asked to publish.
		return nil, err
	}
	out := &Result{Status: res.Status, Requested: len(r.Meetings), Placed: res.Placed, Breaks: res.Breaks, Repair: prev != nil,
		SolveMS: time.Since(solveStart).Milliseconds(), Meetings: []Placed{}, Unplaced: []Unplaced{}}
	reason := make(map[int]passerelle.Msg, len(res.Unplaced))
	for _, u := range res.Unplaced {
		reason[u.Meeting] = passerelle.Msg{Key: u.Format, Args: u.Args}
	}
	pg.Phase, pg.Placed, pg.Breaks = "saving", res.Placed, res.Breaks
	progress(pg)
	saveStart := time.Now()
	plan := &store.SchedulePlan{}
	type created struct {
		key string
		m   *passerelle.Meeting
	}
	var news []created
	requested := map[string]bool{}
	pos := make(map[string]int, len(r.Participants))
	for i, p := range r.Participants {
		pos[p.Key] = i
	}
	skipped := map[string]bool{}
	for i := range skip {
		skipped[r.Meetings[i].Key] = true
	}
	for e, i := range index {
		rm := r.Meetings[i]
		requested[rm.Key] = true
		slot := res.Solution.Slot[e]
		var pm *passerelle.Meeting
		if prev != nil {
			pm = prev.meetings[rm.Key]
		}
		if slot == 0 {
			out.Unplaced = append(out.Unplaced, Unplaced{Key: rm.Key, Reason: reason[e].String(), Why: reason[e].Store()})
			if pm != nil {
				plan.Cancel = append(plan.Cancel, pm.ID)
				out.Cancelled = append(out.Cancelled, Moved{Key: rm.Key, MeetingID: pm.ID, Status: string(pm.Status), From: pm.Start, Reason: reason[e].String(), Why: reason[e].Store()})
			}
			continue
		}
		from, to := r.Clock.Span(slot)
		room := ""
		if t := res.Solution.Table; t != nil && t[e] > 0 {
			room = tables[t[e]-1]
		}
		loc := r.Location
		if v := r.VenueOfTable(room); v != nil {
			loc = v.Name
			if v.Address != "" {
				loc += ", " + v.Address
			}
		}
		if pm != nil {
			out.Meetings = append(out.Meetings, Placed{Key: rm.Key, MeetingID: pm.ID, Start: from, Room: room})
			if !pm.Start.Equal(from) || !pm.End.Equal(to) || pm.Room != room || (len(r.Venues) > 0 && pm.Location != loc) {
				mv := &passerelle.Meeting{ID: pm.ID, Start: from, End: to, Room: room}
				if len(r.Venues) > 0 {
					mv.Location = loc
				}
				plan.Move = append(plan.Move, mv)
				t := from
				mvd := Moved{Key: rm.Key, MeetingID: pm.ID, Status: string(pm.Status), From: pm.Start, To: &t, Room: room}
				if prev.pinned[pm.ID] {
					why := passerelle.M("pinned, but its time no longer suits every participant")
					mvd.Reason, mvd.Why = why.String(), why.Store()
				}
				out.Moved = append(out.Moved, mvd)
			}
			continue
		}
		m := &passerelle.Meeting{Title: r.Title, Start: from, End: to, TimeZone: r.Clock.TimeZone, Location: loc, Room: room,
			Status: passerelle.MeetingPlanned, Origin: r.Origin, OriginID: r.OriginID, Visibility: r.Visibility,
			AttendeeIDs: append([]int64(nil), rm.AttendeeIDs...)}
		var titles []string
		for _, k := range rm.With {
			pi := pos[k]
			pt := r.Participants[pi]
			if pt.PersonID > 0 && !contains(m.PersonIDs, pt.PersonID) {
				m.PersonIDs = append(m.PersonIDs, pt.PersonID)
			}
			if pt.OrganizationID > 0 && !contains(m.OrganizationIDs, pt.OrganizationID) {
				m.OrganizationIDs = append(m.OrganizationIDs, pt.OrganizationID)
			}
			titles = append(titles, names[pi])
		}
		if m.Title == "" {
			m.Title = truncate(strings.Join(titles, " – "), 500)
		}
		plan.Create = append(plan.Create, m)
		news = append(news, created{rm.Key, m})
	}
	// Meetings of the previous run no longer requested are cancelled.
	if prev != nil {
		for key, pm := range prev.meetings {
			if !requested[key] && pm.Status != passerelle.MeetingCancelled && !skipped[key] {
				plan.Cancel = append(plan.Cancel, pm.ID)
				out.Cancelled = append(out.Cancelled, Moved{Key: key, MeetingID: pm.ID, Status: string(pm.Status), From: pm.Start, Reason: "no longer requested", Why: passerelle.M("no longer requested").Store()})
			}
		}
	}
	if err := store.NewMeetingService(db).SaveSchedule(ctx, plan); err != nil {
		return nil, err
	}
	for _, c := range news {
		out.Meetings = append(out.Meetings, Placed{Key: c.key, MeetingID: c.m.ID, Start: c.m.Start, Room: c.m.Room})
	}
	out.SaveMS = time.Since(saveStart).Milliseconds()
	pg.ElapsedMS = time.Since(start).Milliseconds()
	pg.Phase = "done"
	progress(pg)
	return out, nil
}

// pins are the (participant, slot) pairs taken by pinned meetings.
type pins map[[2]int]bool

func (p pins) clash(in *schedule.Instance, e, t int) bool {
	for _, x := range in.Meetings[e].Participants {
		if p[[2]int{x, t}] {
			return true
		}
	}
	return false
}

func (p pins) add(in *schedule.Instance, e, t int) {
	for _, x := range in.Meetings[e].Participants {
		p[[2]int{x, t}] = true
	}
}

// slotSuits reports whether 1-based slot t is allowed to meeting e: its session, and
// every participant available.
func slotSuits(in *schedule.Instance, e, t int) bool {
	m := in.Meetings[e]
	pos := (t - 1) % in.SlotsPerDay
	if (m.Session == schedule.Morning && pos >= in.MorningSlots) || (m.Session == schedule.Afternoon && pos < in.MorningSlots) {
		return false
	}
	for _, p := range m.Participants {
		for _, f := range in.Participants[p].Forbidden {
			if f == t {
				return false
			}
		}
	}
	return true
}

func lockedProgress(mu chan struct{}, f func(schedule.Progress)) func(schedule.Progress) {
	return func(p schedule.Progress) {
		<-mu
		f(p)
		mu <- struct{}{}
	}
}

func contains(xs []int64, x int64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	for len(string(r)) > n-3 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
