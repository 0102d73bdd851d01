// Package events runs the work on partnering events that is longer than a request: the
// schedule. Its functions take a progress callback so that the CLI calls them directly
// and the background jobs runner can run them as a job.
package events

import (
	"context"
	"fmt"
	"time"

	"passerelle"
	"passerelle/schedule"
	"passerelle/store"
)

// ScheduleResult is what a schedule did, as `passerelle event schedule` prints it.
type ScheduleResult struct {
	Requested int   `json:"requested"`
	Placed    int   `json:"placed"`
	Breaks    int   `json:"breaks"`
	ElapsedMS int64 `json:"elapsed_ms"`
	Status    string
	Created   int `json:"created"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
	Cancelled int `json:"cancelled"`
	// Told is how many participants are mailed the changes to their published agenda:
	// the mails written to the outbox with the schedule (sent at once, retried if need be).
	Told int `json:"told"`
	// Unplaced gives the reason of each accepted request left out, by request id.
	Unplaced map[int64]string `json:"unplaced,omitempty"`
}

// ScheduleProgress is what the progress callback receives.
type ScheduleProgress struct {
	Phase     string `json:"phase"` // "solve", "save"
	Requested int    `json:"requested"`
	Placed    int    `json:"placed"`
	Breaks    int    `json:"breaks"`
	ElapsedMS int64  `json:"elapsed_ms"`
}

// ScheduleOptions tune a schedule.
type ScheduleOptions struct {
	TimeLimit time.Duration // 0: 30 s
	Seed      uint64
	// Mail, if not nil, tells the participants of a published event what the run
	// changed in their agendas: the mails are written to the outbox with the schedule,
	// then handed to Mail to send at once (web.EventMail; a failure is retried by the
	// outbox's sender). Nil mails nobody.
	Mail Deliverer
}

// Deliverer sends the outbox mails with these ids now, once the transaction that wrote
// them has committed; those it cannot send stay in the outbox for its sender.
type Deliverer interface {
	Deliver(ctx context.Context, ids []int64) int
}

// Schedule places the accepted requests of the event with this slug on its days, between
// its breaks, at its tables, outside each participant's unavailable times, and stores the
// meetings. A schedule that already exists is repaired rather than redone: announced
// meetings move only when they must; pinned ones keep their slot. report, if not nil,
// receives ScheduleProgress values. Cancelling ctx stops the search and saves nothing.
func Schedule(ctx context.Context, svc *store.EventService, slug string, opt ScheduleOptions, report func(any)) (*ScheduleResult, error) {
	start := time.Now()
	if opt.TimeLimit <= 0 {
		opt.TimeLimit = 30 * time.Second
	}
	if report == nil {
		report = func(any) {}
	}
	in, err := svc.ScheduleInput(ctx, slug)
	if err != nil {
		return nil, err
	}
	prob, err := buildInstance(in)
	if err != nil {
		return nil, err
	}
	res := &ScheduleResult{Requested: len(prob.inst.Meetings)}
	var placed []store.EventPlacement
	unplaced := map[int64]passerelle.Msg{}
	if len(prob.inst.Meetings) > 0 {
		sopt := schedule.Options{TimeLimit: opt.TimeLimit, Seed: opt.Seed, Progress: func(p schedule.Progress) {
			report(ScheduleProgress{Phase: "solve", Requested: p.Requested, Placed: p.Placed, Breaks: p.Breaks, ElapsedMS: time.Since(start).Milliseconds()})
		}}
		var r *schedule.Result
		if prob.hasPrev {
			rr, err := schedule.Repair(ctx, prob.inst, prob.prev, sopt)
			if err != nil {
				return nil, err
			}
			r = rr.Result
		} else if r, err = schedule.Solve(ctx, prob.inst, sopt); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err // cancelled: keep the schedule as it was
		}
		tables := r.Solution.Table
		if len(tables) != len(r.Solution.Slot) {
			tables = schedule.AssignTables(prob.inst, r.Solution)
		}
		for m, s := range r.Solution.Slot {
			rq := in.Requests[m]
			if s < 1 {
				continue
			}
			sl, ok := prob.slotAt[s]
			if !ok || tables[m] < 1 {
				unplaced[rq.ID] = passerelle.M("no table free at its slot")
				continue
			}
			placed = append(placed, store.EventPlacement{RequestID: rq.ID, Start: sl.Start, End: sl.End,
				Table: prob.tables[tables[m]-1], Pinned: prob.pinned[m]})
		}
		for _, u := range r.Unplaced {
			unplaced[in.Requests[u.Meeting].ID] = passerelle.Msg{Key: u.Format, Args: u.Args}
		}
		res.Breaks, res.Status = r.Breaks, string(r.Status)
	}
	res.Placed = len(placed)
	report(ScheduleProgress{Phase: "save", Requested: res.Requested, Placed: res.Placed, Breaks: res.Breaks, ElapsedMS: time.Since(start).Milliseconds()})
	sum, err := svc.SaveSchedule(ctx, in.Event.ID, in.LastMeeting, placed, unplaced, opt.Mail != nil)
	if err != nil {
		return nil, err
	}
	res.Created, res.Moved, res.Unchanged, res.Cancelled = sum.Created, sum.Moved, sum.Unchanged, sum.Cancelled
	res.Unplaced = make(map[int64]string, len(unplaced))
	for id, m := range unplaced {
		res.Unplaced[id] = m.String()
	}
	if opt.Mail != nil && len(sum.Mails) > 0 {
		// The changes and their mails are saved: a cancel arriving now must not stop the mail.
		res.Told = len(sum.Mails)
		opt.Mail.Deliver(context.WithoutCancel(ctx), sum.Mails)
	}
	res.ElapsedMS = time.Since(start).Milliseconds()
	return res, nil
}

type problem struct {
	inst    *schedule.Instance
	slotAt  map[int]passerelle.EventSlot // 1-based global slot -> its times
	tables  []string
	prev    schedule.Solution
	hasPrev bool
	pinned  []bool
}

// buildInstance turns the event into a scheduling instance. Days may differ in length:
// every day gets the longest day's number of slots and the slots a day lacks are
// forbidden to everyone.
func buildInstance(in *store.EventScheduleInput) (*problem, error) {
	e := in.Event
	slots := e.Slots()
	if len(slots) == 0 {
		return nil, passerelle.FieldError("days", "no meeting fits in the days' hours between the breaks")
	}
	perDay := make([]int, len(e.Days))
	for _, s := range slots {
		perDay[s.Day]++
	}
	spd := 0
	for _, n := range perDay {
		spd = max(spd, n)
	}
	pr := &problem{slotAt: map[int]passerelle.EventSlot{}}
	inst := &schedule.Instance{Name: e.Slug, Days: len(e.Days), SlotsPerDay: spd, MorningSlots: spd, Fairness: -1}
	global := make([]int, len(slots)) // index in slots -> 1-based slot number
	k := 0
	for i, s := range slots {
		if i > 0 && s.Day != slots[i-1].Day {
			k = 0
		}
		global[i] = s.Day*spd + k + 1
		pr.slotAt[global[i]] = s
		k++
	}
	var closed []int // slots that exist in no day
	for g := 1; g <= inst.Slots(); g++ {
		if _, ok := pr.slotAt[g]; !ok {
			closed = append(closed, g)
		}
	}
	byID := map[int64]*passerelle.EventParticipant{}
	for _, p := range in.Participants {
		byID[p.ID] = p
	}
	idx := map[int64]int{}
	addP := func(id int64) (int, error) {
		if i, ok := idx[id]; ok {
			return i, nil
		}
		p := byID[id]
		if p == nil {
			return 0, fmt.Errorf("request names participant %d, not of this event", id)
		}
		forb := append([]int(nil), closed...)
		for i, s := range slots {
			iv := passerelle.Interval{Start: s.Start, End: s.End}
			for _, u := range p.Unavailable {
				if iv.Overlaps(u) {
					forb = append(forb, global[i])
					break
				}
			}
		}
		idx[id] = len(inst.Participants)
		inst.Participants = append(inst.Participants, schedule.Participant{ID: p.Ref, Name: p.Name, Forbidden: forb})
		return idx[id], nil
	}
	prevSlot := make([]int, len(in.Requests))
	pr.pinned = make([]bool, len(in.Requests))
	slotOf := map[int64]int{} // unix start -> slot
	for g, s := range pr.slotAt {
		slotOf[s.Start.Unix()] = g
	}
	for i, r := range in.Requests {
		a, err := addP(r.FromID)
		if err != nil {
			return nil, err
		}
		b, err := addP(r.ToID)
		if err != nil {
			return nil, err
		}
		m := schedule.Meeting{ID: fmt.Sprint(r.ID), Participants: []int{a, b}, Priority: max(r.Priority, 1)}
		if c, ok := in.Current[r.ID]; ok {
			if g, ok := slotOf[c.Start.Unix()]; ok {
				prevSlot[i] = g
				pr.hasPrev = true
				if c.Pinned {
					m.Fixed, pr.pinned[i] = g, true
				}
			}
		}
		inst.Meetings = append(inst.Meetings, m)
	}
	pr.tables = append(pr.tables, e.Tables...)
	if len(pr.tables) == 0 {
		// Virtual meetings only: each has its own video room, so there are as many
		// "tables" as meetings can be held at once.
		for i := 1; i <= len(inst.Participants)/2+1; i++ {
			pr.tables = append(pr.tables, fmt.Sprintf("video %d", i))
		}
	}
	inst.Venues = []schedule.Venue{{ID: "venue", Name: e.Location}}
	for _, t := range pr.tables {
		inst.Tables = append(inst.Tables, schedule.Table{ID: t, Venue: 0})
	}
	pr.prev = schedule.Solution{Slot: prevSlot}
	pr.inst = inst
	return pr, nil
}
