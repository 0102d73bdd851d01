package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
	"passerelle/store/storetest"
)

const envServeChild = "PASSERELLE_TEST_SERVE_CHILD"

// TestServeKilled (issue 18, crash safety): a server is killed with SIGKILL while a
// scheduling job runs and four clients write agreements and edit organisations. After
// it: every write the server acknowledged is there, no agreement is half-written (each
// has both its partners and its funding line), every organisation holds the last city
// acknowledged or the one in flight, and the interrupted job is taken over by another
// worker and finishes with its meetings saved once. On SQLite and, when configured,
// PostgreSQL.
func TestServeKilled(t *testing.T) {
	if os.Getenv(envServeChild) != "" {
		a := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Logger: discardLogger()}
		if err := a.Run(context.Background(), []string{"serve"}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("starts a server in a child process and kills it")
	}
	envs := map[string]map[string]string{"sqlite": {"PASSERELLE_DATA_DIR": t.TempDir(), "PASSERELLE_DATABASE_URL": ""}}
	if u := os.Getenv(storetest.EnvPostgres); u != "" {
		envs["postgres"] = map[string]string{"PASSERELLE_DATABASE_URL": storetest.PostgresURL(t, u), "PASSERELLE_DATA_DIR": ""}
	}
	for name, env := range envs {
		t.Run(name, func(t *testing.T) { testServeKilled(t, env) })
	}
}

// crashClient talks to the child server's API with a token.
type crashClient struct {
	base, token string
}

func (c *crashClient) do(method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}

func testServeKilled(t *testing.T, env map[string]string) {
	ctx := context.Background()
	if _, errOut, err := run(t, env, "crash-test-passphrase-9\n", "user", "add", "--admin", "--email", "op@example.org"); err != nil {
		t.Fatalf("user add: %v %s", err, errOut)
	}
	out, _, err := run(t, env, "", "token", "create", "--email", "op@example.org")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]

	// The directory the writes and the job use, made before the server starts.
	db, err := store.Open(ctx, env["PASSERELLE_DATABASE_URL"], env["PASSERELLE_DATA_DIR"])
	if err != nil {
		t.Fatal(err)
	}
	ws, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}), "default")
	if err != nil {
		t.Fatal(err)
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	var orgIDs, personIDs []int64
	for i := range 8 {
		o := &passerelle.Organization{Name: fmt.Sprintf("Crash Partner %d", i), Kind: passerelle.KindCompany, Country: "DK"}
		must(t, store.NewOrganizationService(db).CreateOrganization(sys, o))
		orgIDs = append(orgIDs, o.ID)
	}
	for i := range 60 {
		p := &passerelle.Person{FirstName: fmt.Sprintf("P%d", i), LastName: "Crash"}
		must(t, store.NewPersonService(db).CreatePerson(sys, p))
		personIDs = append(personIDs, p.ID)
	}
	db.Close()

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	child := exec.Command(os.Args[0], "-test.run=^TestServeKilled$")
	child.Env = append(os.Environ(), envServeChild+"=1", "PASSERELLE_ADDR="+addr, "PASSERELLE_WORKSPACE=")
	for k, v := range env {
		child.Env = append(child.Env, k+"="+v)
	}
	var childOut bytes.Buffer
	child.Stdout, child.Stderr = &childOut, &childOut
	must(t, child.Start())
	killed := false
	defer func() {
		if !killed {
			_ = child.Process.Kill()
			_ = child.Wait()
		}
	}()
	c := &crashClient{base: "http://" + addr, token: token}
	for i := 0; ; i++ {
		if res, err := http.Get(c.base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if i == 300 {
			t.Fatalf("the server did not answer: %s", childOut.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A scheduling job long enough to be killed in the middle of its solve. Meetings
	// bound to the morning or the afternoon keep the proof search busy for seconds:
	// without them it proves 400 meetings optimal in well under a second on an idle
	// machine, before the kill.
	var parts []map[string]any
	for i, id := range personIDs {
		parts = append(parts, map[string]any{"key": fmt.Sprint("p", i), "person_id": id})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var meetings []map[string]any
	for range 400 {
		a, b := rng.IntN(len(personIDs)), rng.IntN(len(personIDs)-1)
		if b >= a {
			b++
		}
		meetings = append(meetings, map[string]any{"with": []string{fmt.Sprint("p", a), fmt.Sprint("p", b)},
			"session": []string{"morning", "afternoon"}[rng.IntN(2)]})
	}
	req := map[string]any{"clock": map[string]any{"days": []string{"2027-03-10", "2027-03-11"}, "start": "09:00", "end": "17:00", "morning_end": "13:00",
		"slot_minutes": 30, "time_zone": "Europe/Copenhagen"}, "participants": parts, "meetings": meetings, "time_limit_seconds": 8}
	code, body, err := c.do("POST", "/api/v1/jobs/schedule", req)
	if err != nil || code != http.StatusAccepted {
		t.Fatalf("queue the job: %d %v %s", code, err, body)
	}
	var job passerelle.Job
	must(t, json.Unmarshal(body, &job))

	// Four writers: agreements with two partners and a funding line, and city changes.
	type ack struct {
		agreements []int64
		city       map[int64]string // organisation -> last city acknowledged
		// cities sent since the last acknowledgement: one may have been committed
		// without its answer reaching the client (the kill, or a refused connection
		// after it)
		unacked map[int64][]string
	}
	acks := make([]ack, 4)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range acks {
		acks[w] = ack{city: map[int64]string{}, unacked: map[int64][]string{}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			my := &acks[w]
			org := orgIDs[w*2]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if i%2 == 0 {
					ag := map[string]any{"title": fmt.Sprintf("Crash agreement %d-%d", w, i),
						"partners": []map[string]any{{"organization_id": orgIDs[w*2], "side": "foreign"}, {"organization_id": orgIDs[w*2+1], "side": "foreign"}},
						"funding":  []map[string]any{{"funder": "Region", "amount_cents": 1000 + i}}}
					code, body, err := c.do("POST", "/api/v1/agreements", ag)
					if err == nil && code == http.StatusCreated {
						var got struct{ ID int64 }
						if json.Unmarshal(body, &got) == nil {
							my.agreements = append(my.agreements, got.ID)
						}
					}
					continue
				}
				city := fmt.Sprintf("City %d", i)
				my.unacked[org] = append(my.unacked[org], city)
				if code, _, err := c.do("PATCH", fmt.Sprintf("/api/v1/organizations/%d", org), map[string]any{"city": city}); err == nil && code == http.StatusOK {
					my.city[org], my.unacked[org] = city, nil
				}
			}
		}()
	}
	// Kill once the job runs and the writers have been at it for a moment.
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, body, err := c.do("GET", fmt.Sprintf("/api/v1/jobs/%d", job.ID), nil)
		if err == nil && code == http.StatusOK {
			must(t, json.Unmarshal(body, &job))
		}
		if job.State == passerelle.JobRunning || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if job.State != passerelle.JobRunning {
		t.Fatalf("the job never ran: %s", job.State)
	}
	// Soon after it starts: the scheduler now solves this day in about a second (0.86 s
	// for the same meetings on 2026-12-06), and a kill 0.5–2 s after the start often
	// came after the end (6 runs of 9, on SQLite and PostgreSQL).
	time.Sleep(time.Duration(100+rand.IntN(300)) * time.Millisecond)
	must(t, child.Process.Signal(syscall.SIGKILL))
	_ = child.Wait()
	killed = true
	close(stop)
	wg.Wait()

	db, err = store.Open(ctx, env["PASSERELLE_DATABASE_URL"], env["PASSERELLE_DATA_DIR"])
	if err != nil {
		t.Fatalf("open after the crash: %v", err)
	}
	defer db.Close()
	agrs := store.NewAgreementService(db)
	n := 0
	for w, a := range acks {
		for _, id := range a.agreements {
			ag, err := agrs.FindAgreementByID(sys, id)
			if err != nil {
				t.Errorf("writer %d: acknowledged agreement %d lost: %v", w, id, err)
				continue
			}
			n++
			if len(ag.Partners) != 2 || len(ag.Funding) != 1 {
				t.Errorf("agreement %d half-written: %d partners, %d funding lines", id, len(ag.Partners), len(ag.Funding))
			}
		}
		for org, city := range a.city {
			o, err := store.NewOrganizationService(db).FindOrganizationByID(sys, org)
			if err != nil || (o.City != city && !slices.Contains(a.unacked[org], o.City)) {
				t.Errorf("organisation %d: city %q, acknowledged %q (sent since: %q): %v", org, o.City, city, a.unacked[org], err)
			}
		}
	}
	all, total, err := agrs.FindAgreements(sys, passerelle.AgreementFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, ag := range all {
		if full, err := agrs.FindAgreementByID(sys, ag.ID); err != nil || len(full.Partners) != 2 || len(full.Funding) != 1 {
			t.Errorf("agreement %d half-written after the crash: %+v %v", ag.ID, full, err)
		}
	}
	t.Logf("killed with %d acknowledged agreements (%d in the database)", n, total)

	// The job was left running by a dead process: a worker takes it over and ends it.
	js := store.NewJobService(db)
	j, err := js.FindJobByID(sys, job.ID)
	if err != nil || j.State != passerelle.JobRunning {
		t.Fatalf("job after the crash: %s after %d attempts, %v (it must still be running when the server is killed)", j.State, j.Attempts, err)
	}
	a := &App{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }, Logger: discardLogger()}
	r := newRunner(a, db, nil, 1)
	r.Beat, r.Stale, r.Poll = 100*time.Millisecond, 300*time.Millisecond, 100*time.Millisecond
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { r.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	for end := time.Now().Add(90 * time.Second); ; {
		if j, err = js.FindJobByID(sys, job.ID); err != nil {
			t.Fatal(err)
		}
		if j.State.Finished() || time.Now().After(end) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if j.State != passerelle.JobDone || j.Attempts != 2 {
		t.Fatalf("job after the takeover: %s, %d attempts, %v", j.State, j.Attempts, j.Error)
	}
	var res struct{ Placed int }
	must(t, json.Unmarshal(j.Result, &res))
	ms, count, err := store.NewMeetingService(db).FindMeetings(sys, passerelle.MeetingFilter{Limit: 1})
	if err != nil || count != res.Placed || res.Placed == 0 {
		t.Errorf("the job placed %d meetings; %d stored (%d listed): %v", res.Placed, count, len(ms), err)
	}
}
