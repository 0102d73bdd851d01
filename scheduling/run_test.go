package scheduling_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"passerelle"
	"passerelle/jobs"
	"passerelle/scheduling"
	"passerelle/store"
	"passerelle/store/storetest"
)

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type world struct {
	db     *store.DB
	sys    context.Context
	member context.Context // a member's writer
	people []int64
	org    int64
	priv   int64 // the member's private organisation
	runner *jobs.Runner
	js     *store.JobService
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	root := passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "net", Name: "Network"}
	must(t, store.NewWorkspaceService(db).CreateWorkspace(root, ws))
	w := &world{db: db, sys: passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(ws.ID))}
	mem := &passerelle.Member{Name: "Institut A"}
	must(t, store.NewWorkspaceService(db).CreateMember(w.sys, mem))
	w.member = passerelle.NewContextWithActor(context.Background(), &passerelle.Actor{WorkspaceID: ws.ID, MemberID: mem.ID, Role: passerelle.RoleMember})
	orgs := store.NewOrganizationService(db)
	o := &passerelle.Organization{Name: "Novo", Kind: passerelle.KindCompany}
	must(t, orgs.CreateOrganization(w.sys, o))
	w.org = o.ID
	p := &passerelle.Organization{Name: "Secret Prospect", Kind: passerelle.KindCompany, Visibility: passerelle.VisibilityPrivate}
	must(t, orgs.CreateOrganization(w.member, p))
	w.priv = p.ID
	for i := range 6 {
		pe := &passerelle.Person{FirstName: "P", LastName: fmt.Sprint(i + 1)}
		must(t, store.NewPersonService(db).CreatePerson(w.sys, pe))
		w.people = append(w.people, pe.ID)
	}
	w.js = store.NewJobService(db)
	w.runner = jobs.NewRunner(w.js, map[string]jobs.Handler{scheduling.Kind: scheduling.MeetingsHandler(db)})
	w.runner.Logger = slog.New(slog.DiscardHandler)
	return w
}

func (w *world) request() *scheduling.Request {
	r := &scheduling.Request{Location: "Hall B", TimeLimitSeconds: 2,
		Clock:  scheduling.Clock{Days: []string{"2027-03-28"}, Start: "09:00", End: "12:00", SlotMinutes: 30, TimeZone: "Europe/Paris"},
		Tables: []string{"T1", "T2"}, Origin: passerelle.OriginEvent, OriginID: 7}
	for i, id := range w.people {
		pt := scheduling.Participant{Key: fmt.Sprintf("p%d", i+1), PersonID: id}
		if i == 0 {
			pt.OrganizationID = w.org
		}
		r.Participants = append(r.Participants, pt)
	}
	for _, pair := range [][2]int{{1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 5}, {3, 6}, {4, 5}, {5, 6}} {
		r.Meetings = append(r.Meetings, scheduling.RequestedMeeting{With: []string{fmt.Sprintf("p%d", pair[0]), fmt.Sprintf("p%d", pair[1])}})
	}
	return r
}

func (w *world) run(t *testing.T, ctx context.Context, r *scheduling.Request) (*passerelle.Job, *scheduling.Result) {
	t.Helper()
	b, _ := json.Marshal(r)
	j := &passerelle.Job{Kind: scheduling.Kind, Params: b}
	must(t, w.js.CreateJob(ctx, j))
	j, err := w.runner.RunInline(context.Background(), j.ID)
	must(t, err)
	var res scheduling.Result
	if j.State == passerelle.JobDone {
		must(t, json.Unmarshal(j.Result, &res))
	}
	return j, &res
}

// TestScheduleAndRepair: a schedule is stored as meetings at the clock's local times;
// a re-run after changes repairs it: the confirmed meetings stay, the meeting of someone
// now unavailable moves and is listed, a meeting cancelled by hand stays cancelled, one
// no longer requested is cancelled, a new one is placed.
func TestScheduleAndRepair(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			r := w.request()
			j, res := w.run(t, w.sys, r)
			if j.State != passerelle.JobDone || res.Placed != 8 || len(res.Meetings) != 8 || len(res.Unplaced) != 0 {
				t.Fatalf("first run: %s %q %+v", j.State, j.Error, res)
			}
			ms := store.NewMeetingService(db)
			byKey := map[string]*passerelle.Meeting{}
			for _, p := range res.Meetings {
				m, err := ms.FindMeetingByID(w.sys, p.MeetingID)
				must(t, err)
				byKey[p.Key] = m
				local := m.Start.In(m.MeetingLocation())
				if m.TimeZone != "Europe/Paris" || m.Origin != passerelle.OriginEvent || m.OriginID != 7 || m.Location != "Hall B" ||
					(m.Room != "T1" && m.Room != "T2") || local.Hour() < 9 || local.Hour() >= 12 || local.Minute()%30 != 0 ||
					m.End.Sub(m.Start) != 30*time.Minute {
					t.Errorf("%s: %+v (local %s)", p.Key, m, local)
				}
			}
			if m := byKey["m1"]; len(m.PersonIDs) != 2 || len(m.OrganizationIDs) != 1 || m.Title != "P 1 (Novo) – P 2" {
				t.Errorf("m1: people %v orgs %v title %q", m.PersonIDs, m.OrganizationIDs, m.Title)
			}
			// The changes: m1 and m2 confirmed, m4 cancelled by hand, p3 unavailable at m4's...
			// rather at m6's time (p3 and p6), m8 no longer requested, a new p4–p6 meeting.
			for _, k := range []string{"m1", "m2"} {
				m := byKey[k]
				m.Status = passerelle.MeetingConfirmed
				must(t, ms.UpdateMeeting(w.sys, m))
			}
			m4 := byKey["m4"]
			m4.Status = passerelle.MeetingCancelled
			must(t, ms.UpdateMeeting(w.sys, m4))
			m6 := byKey["m6"]
			r2 := w.request()
			r2.PreviousJob = j.ID
			r2.Participants[2].Unavailable = []scheduling.Interval{{From: m6.Start, To: m6.End}}
			for i := range r2.Meetings {
				r2.Meetings[i].Key = fmt.Sprintf("m%d", i+1)
			}
			r2.Meetings = r2.Meetings[:7]
			r2.Meetings = append(r2.Meetings, scheduling.RequestedMeeting{Key: "m9", With: []string{"p4", "p6"}})
			j2, res2 := w.run(t, w.sys, r2)
			if j2.State != passerelle.JobDone || !res2.Repair {
				t.Fatalf("re-run: %s %q", j2.State, j2.Error)
			}
			moved := map[string]scheduling.Moved{}
			for _, m := range res2.Moved {
				moved[m.Key] = m
			}
			if _, ok := moved["m6"]; !ok {
				t.Errorf("m6 did not move: moved %+v", res2.Moved)
			}
			for _, k := range []string{"m1", "m2"} {
				if _, ok := moved[k]; ok {
					t.Errorf("confirmed %s moved", k)
				}
				m, err := ms.FindMeetingByID(w.sys, byKey[k].ID)
				must(t, err)
				if !m.Start.Equal(byKey[k].Start) || m.Status != passerelle.MeetingConfirmed {
					t.Errorf("confirmed %s: %s %s, was %s", k, m.Start, m.Status, byKey[k].Start)
				}
			}
			m, err := ms.FindMeetingByID(w.sys, m6.ID)
			must(t, err)
			if m.Start.Equal(m6.Start) || m.Sequence <= m6.Sequence {
				t.Errorf("m6 stored unmoved: %s seq %d", m.Start, m.Sequence)
			}
			m, err = ms.FindMeetingByID(w.sys, m4.ID)
			must(t, err)
			if m.Status != passerelle.MeetingCancelled {
				t.Errorf("m4 cancelled by hand is %s", m.Status)
			}
			m, err = ms.FindMeetingByID(w.sys, byKey["m8"].ID)
			must(t, err)
			if m.Status != passerelle.MeetingCancelled || len(res2.Cancelled) != 1 || res2.Cancelled[0].Key != "m8" {
				t.Errorf("m8 no longer requested: %s, cancelled %+v", m.Status, res2.Cancelled)
			}
			found := false
			for _, p := range res2.Meetings {
				if p.Key == "m9" {
					found = p.MeetingID != 0
				}
			}
			if !found {
				t.Errorf("m9 not placed: %+v", res2)
			}
		})
	}
}

// TestScheduleRefused: bad requests fail the job with a message naming the field, and
// store nothing; a member may not name another member's private record, nor put its own
// private one on shared meetings.
func TestScheduleRefused(t *testing.T) {
	for name, db := range storetest.DBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			for _, tc := range []struct {
				name, want string
				change     func(r *scheduling.Request)
			}{
				{"unknown participant", `invalid input (meetings[0].with: unknown participant "p9")`,
					func(r *scheduling.Request) { r.Meetings[0].With[1] = "p9" }},
				{"zone", `invalid input (clock.time_zone: unknown time zone "Europe/Atlantis" (use an IANA name such as Europe/Paris))`,
					func(r *scheduling.Request) { r.Clock.TimeZone = "Europe/Atlantis" }},
				{"missing person", "invalid input (participants[1].person_id: no such person: 999999)",
					func(r *scheduling.Request) { r.Participants[1].PersonID = 999999 }},
				{"private on shared", "invalid input (participants[1].organization_id: Secret Prospect is private: a meeting that names it must be private too)",
					func(r *scheduling.Request) { r.Participants[1].OrganizationID = w.priv }},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := w.request()
					tc.change(r)
					j, _ := w.run(t, w.member, r)
					if j.State != passerelle.JobFailed || j.Error.String() != tc.want {
						t.Errorf("%s %q, want %q", j.State, j.Error, tc.want)
					}
				})
			}
			_, n, err := store.NewMeetingService(db).FindMeetings(w.sys, passerelle.MeetingFilter{})
			must(t, err)
			if n != 0 {
				t.Errorf("%d meetings stored by refused requests", n)
			}
			// Unknown fields in params are named.
			j := &passerelle.Job{Kind: scheduling.Kind, Params: json.RawMessage(`{"clok": {}}`)}
			must(t, w.js.CreateJob(w.sys, j))
			j, err = w.runner.RunInline(context.Background(), j.ID)
			must(t, err)
			if j.State != passerelle.JobFailed || j.Error.String() != `invalid input (params: json: unknown field "clok")` {
				t.Errorf("unknown field: %s %q", j.State, j.Error)
			}
		})
	}
}
