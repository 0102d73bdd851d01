package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/interchange"
	"passerelle/store"
)

const smallEvent = `{"slug": "bio-test", "name": "Bio test partnering", "time_zone": "Asia/Tokyo",
 "location": "Pacifico Yokohama", "meeting_minutes": 30, "tables": 2, "max_meetings": 3,
 "days": [{"date": "2027-10-15", "start": "10:00", "end": "12:30", "breaks": [{"start": "11:00", "end": "11:30"}]}],
 "participants": [
  {"ref": "p1", "name": "Aiko Tanaka", "email": "aiko@example.jp", "organization": {"name": "Novo Shared", "country": "DK"},
   "unavailable": [{"start": "2027-10-15T10:00", "end": "2027-10-15T10:30"}]},
  {"ref": "p2", "name": "Jean Dupont", "organization": {"name": "Kansai Bio Inc.", "country": "JP", "website": "https://kansai-bio.example.jp"}},
  {"ref": "p3", "name": "Ken Sato", "organization": {"name": "Kansai Bio KK", "country": "JP", "website": "www.kansai-bio.example.jp/en"}},
  {"ref": "p4", "name": "Alice", "email": "alice@example.org"}],
 "requests": [{"from": "p1", "to": "p2", "status": "accepted", "priority": 1},
  {"from": "p3", "to": "p1", "status": "accepted"}, {"from": "p4", "to": "p1", "status": "accepted"},
  {"from": "p2", "to": "p4", "status": "declined"}]}`

func readEvent(t *testing.T, s string) *passerelle.EventImport {
	t.Helper()
	imp, err := interchange.ReadEvent(strings.NewReader(s))
	must(t, err)
	return imp
}

func TestEventImportSchedule(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		// Novo Shared is the workspace's record; the two Kansai Bio people share one
		// organisation matched by website.
		if !res.Created || res.ParticipantsAdded != 4 || res.RequestsAdded != 4 || res.OrganizationsMatched != 2 || res.OrganizationsCreated != 1 {
			t.Fatalf("first import: %+v", res)
		}
		res, err = svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		if res.Changed() {
			t.Fatalf("second import changed something: %+v", res)
		}
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		if ps[0].OrganizationID != f.org.ID || ps[1].OrganizationID != ps[2].OrganizationID || ps[3].UserID != f.aliceID {
			t.Errorf("organisations/users: %+v %+v %+v %+v", ps[0], ps[1], ps[2], ps[3])
		}
		// Another workspace does not see the event.
		if _, err := svc.FindEventBySlug(f.otherSystem, "bio-test"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("other workspace: %v", err)
		}
		sr, err := events.Schedule(f.system, svc, "bio-test", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		// Four slots (10:00, 10:30, 11:30, 12:00); p1 is away at 10:00 and has three meetings.
		if sr.Requested != 3 || sr.Placed != 3 {
			t.Fatalf("schedule: %+v", sr)
		}
		ms, err := svc.EventMeetings(f.system, res.Event.ID)
		must(t, err)
		tokyo, _ := time.LoadLocation("Asia/Tokyo")
		for _, m := range ms {
			local := m.Meeting.Start.In(tokyo).Format("15:04")
			if local == "10:00" && (m.From == "p1" || m.To == "p1") || local == "11:00" || m.Meeting.Origin != passerelle.OriginEvent {
				t.Errorf("meeting %s-%s at %s (origin %q)", m.From, m.To, local, m.Meeting.Origin)
			}
		}
		// Alice's agenda holds her event meeting like any other.
		mine, _, err := f.meetings.FindMeetings(f.alice, passerelle.MeetingFilter{AttendeeID: f.aliceID})
		must(t, err)
		if len(mine) != 1 || mine[0].Origin != passerelle.OriginEvent {
			t.Errorf("alice's meetings: %d", len(mine))
		}
		// Scheduling again moves nothing.
		sr, err = events.Schedule(f.system, svc, "bio-test", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		if sr.Moved != 0 || sr.Created != 0 || sr.Unchanged != 3 {
			t.Errorf("second schedule: %+v", sr)
		}
		feed, err := svc.FindEventFeed(context.Background(), ps[0].FeedSecret)
		must(t, err)
		if len(feed.Meetings) != 3 || feed.Participant.Ref != "p1" {
			t.Errorf("feed: %d meetings", len(feed.Meetings))
		}
		// The feed's words are in the participant's language: an imported one's is English.
		if feed.Lang != "en" {
			t.Errorf("feed language %q, want en", feed.Lang)
		}
		if _, err := svc.FindEventFeed(context.Background(), "evf_nope"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("unknown feed: %v", err)
		}
		// Declining a request in a new import cancels its meeting at the next schedule.
		changed := strings.Replace(smallEvent, `{"from": "p4", "to": "p1", "status": "accepted"}`, `{"from": "p4", "to": "p1", "status": "declined"}`, 1)
		res, err = svc.ImportEvent(f.system, readEvent(t, changed))
		must(t, err)
		if res.RequestsUpdated != 1 {
			t.Errorf("re-import: %+v", res)
		}
		sr, err = events.Schedule(f.system, svc, "bio-test", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		if sr.Cancelled != 1 || sr.Placed != 2 {
			t.Errorf("after a decline: %+v", sr)
		}
		// A viewer may not schedule.
		if _, err := events.Schedule(f.viewer, svc, "bio-test", events.ScheduleOptions{TimeLimit: time.Second}, nil); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer schedule: %v", err)
		}
	})
}

// TestEventImportErrors: every bad file names its JSON path, and nothing is saved.
func TestEventImportErrors(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{`"to": "p2", "status": "accepted", "priority": 1`, `"to": "nobody", "status": "accepted"`, "requests[0].to"},
		{`"to": "p2", "status": "accepted", "priority": 1`, `"to": "p1", "status": "accepted"`, "requests[0].to: a participant cannot request a meeting with themselves"},
		{`"country": "DK"`, `"country": "XX"`, "participants[0].organization.country: unknown country: XX"},
		{`"end": "2027-10-15T10:30"}]`, `"end": "2027-10-15T10:30"}, {"start": "2027-10-15T10:15", "end": "2027-10-15T11:00"}]`, "participants[0].unavailable: two unavailable periods overlap"},
		{`"max_meetings": 3`, `"max_meetings": 2`, "would have more than the event's maximum of 2 meetings"},
		{`"time_zone": "Asia/Tokyo"`, `"time_zone": "Mars/Olympus"`, "time_zone: unknown time zone"},
		{`"breaks": [{"start": "11:00", "end": "11:30"}]`, `"breaks": [{"start": "09:00", "end": "11:30"}]`, "days[0].breaks[0]: a break must lie within"},
		{`"ref": "p3"`, `"ref": "p2"`, "participants[2].ref"},
		{`"name": "Ken Sato"`, `"name": 12`, "participants[2].name: expected a JSON string"},
		{`{"from": "p3", "to": "p1", "status": "accepted"}`, `{"from": "p1", "to": "p3", "status": "maybe"}`, "requests[1].status"},
		{`{"from": "p3", "to": "p1", "status": "accepted"}`, `{"from": "p2", "to": "p1", "status": "accepted"}`, "requests[1]: requests[0] is between the same two participants"},
		{`"tables": 2`, `"tables": "two"`, "tables"},
		{`"participants": [`, `"participants": [ {`, "not JSON"},
	}
	for _, c := range cases {
		if !strings.Contains(smallEvent, c.old) {
			t.Fatalf("case %q: the fixture lacks %q", c.want, c.old)
		}
		_, err := interchange.ReadEvent(strings.NewReader(strings.Replace(smallEvent, c.old, c.new, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v", c.want, err)
		}
	}
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		// A file that passes the reader but fails in the store (a slug taken by a
		// renamed event is not possible from a file; a viewer's import is refused).
		if _, err := svc.ImportEvent(f.viewer, readEvent(t, smallEvent)); passerelle.ErrorCode(err) != passerelle.EFORBIDDEN {
			t.Errorf("viewer import: %v", err)
		}
		if _, err := svc.FindEventBySlug(f.system, "bio-test"); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			t.Errorf("refused import left the event: %v", err)
		}
	})
}

// TestFindEventsBetween: a year's events are those with a day in it, another workspace's
// never.
func TestFindEventsBetween(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		for _, e := range []struct{ slug, day string }{{"ev-2026", "2026-12-31"}, {"ev-2027", "2027-10-15"}} { // newest id last
			ev := strings.Replace(strings.Replace(smallEvent, `"bio-test"`, `"`+e.slug+`"`, 1), "2027-10-15", e.day, -1)
			_, err := svc.ImportEvent(f.system, readEvent(t, ev))
			must(t, err)
		}
		_, err := svc.ImportEvent(f.otherSystem, readEvent(t, smallEvent))
		must(t, err)
		for _, tc := range []struct {
			from, to string
			want     []string
		}{
			{"2027-01-01", "2027-12-31", []string{"ev-2027"}},
			{"2026-01-01", "2026-12-31", []string{"ev-2026"}},
			{"2026-12-31", "2027-10-15", []string{"ev-2027", "ev-2026"}},
			{"2028-01-01", "2028-12-31", nil},
		} {
			list, err := svc.FindEventsBetween(f.system, tc.from, tc.to)
			must(t, err)
			var got []string
			for _, e := range list {
				got = append(got, e.Slug)
				if len(e.Days) != 1 {
					t.Errorf("%s: days %+v", e.Slug, e.Days)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("%s–%s: %v, want %v", tc.from, tc.to, got, tc.want)
			}
		}
	})
}

// TestFindEventsDays: the list of events (the events page's "Days" column) gives each
// event with its days; it used to give none, and the column was empty.
func TestFindEventsDays(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		for _, e := range []struct{ slug, day string }{{"ev-2026", "2026-12-31"}, {"ev-2027", "2027-10-15"}} {
			ev := strings.Replace(strings.Replace(smallEvent, `"bio-test"`, `"`+e.slug+`"`, 1), "2027-10-15", e.day, -1)
			_, err := svc.ImportEvent(f.system, readEvent(t, ev))
			must(t, err)
		}
		list, err := svc.FindEvents(f.system)
		must(t, err)
		want := map[string]string{"ev-2026": "2026-12-31", "ev-2027": "2027-10-15"}
		if len(list) != len(want) {
			t.Fatalf("%d events, want %d", len(list), len(want))
		}
		for _, e := range list {
			if len(e.Days) != 1 || e.Days[0].Date != want[e.Slug] || len(e.Tables) != 2 {
				t.Errorf("%s: days %+v, tables %v", e.Slug, e.Days, e.Tables)
			}
		}
	})
}

// TestAnswerRequestOnce: a participant answers a request while it waits for an answer;
// the same answer again (a second click) changes nothing, another is refused and the
// request stays as it was. Declining an accepted request used to leave its meeting in
// both agendas beside a "declined" request.
func TestAnswerRequestOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		ids := map[string]int64{}
		for _, p := range ps {
			ids[p.Ref] = p.ID
		}
		must(t, svc.SendRequest(context.Background(), f.ws.ID, ids["p3"], "p2", "", ""))
		status := func() map[string]passerelle.RequestStatus {
			rqs, _, err := svc.EventRequests(f.system, res.Event.ID)
			must(t, err)
			out := map[string]passerelle.RequestStatus{}
			for _, r := range rqs {
				out[r.From+">"+r.To] = r.Status
			}
			return out
		}
		reqID := func(key string) int64 {
			rqs, _, err := svc.EventRequests(f.system, res.Event.ID)
			must(t, err)
			for _, r := range rqs {
				if r.From+">"+r.To == key {
					return r.ID
				}
			}
			t.Fatalf("no request %s", key)
			return 0
		}
		for _, tc := range []struct {
			request, by string
			accept      bool
			code        string
			want        passerelle.RequestStatus
		}{
			{"p1>p2", "p2", false, passerelle.ECONFLICT, passerelle.RequestAccepted},
			{"p1>p2", "p2", true, "", passerelle.RequestAccepted},
			{"p2>p4", "p4", true, passerelle.ECONFLICT, passerelle.RequestDeclined},
			{"p2>p4", "p4", false, "", passerelle.RequestDeclined},
			{"p3>p2", "p2", true, "", passerelle.RequestAccepted},
			{"p3>p2", "p2", false, passerelle.ECONFLICT, passerelle.RequestAccepted},
		} {
			_, _, err := svc.AnswerRequest(context.Background(), f.ws.ID, ids[tc.by], reqID(tc.request), tc.accept, false)
			if passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s answered %v by %s: %v, want code %q", tc.request, tc.accept, tc.by, err, tc.code)
			}
			if got := status()[tc.request]; got != tc.want {
				t.Errorf("%s answered %v by %s: now %s, want %s", tc.request, tc.accept, tc.by, got, tc.want)
			}
		}
	})
}

// TestRequestsCloseWithEvent: once the event's last day has ended, a participant can
// neither send a meeting request nor accept one (no slot is left to meet in; an
// organiser's run would have placed it in the past), but may still decline one.
func TestRequestsCloseWithEvent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		ev := strings.Replace(smallEvent, `{"ref": "p4", "name": "Alice", "email": "alice@example.org"}`,
			`{"ref": "p4", "name": "Alice", "email": "alice@example.org"}, {"ref": "p5", "name": "Eve"}`, 1)
		res, err := svc.ImportEvent(f.system, readEvent(t, ev))
		must(t, err)
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		ids := map[string]int64{}
		for _, p := range ps {
			ids[p.Ref] = p.ID
		}
		tokyo, _ := time.LoadLocation("Asia/Tokyo")
		during := time.Date(2027, 10, 15, 12, 0, 0, 0, tokyo) // the day ends at 12:30
		after := time.Date(2027, 10, 15, 12, 30, 0, 0, tokyo)
		db.Now = func() time.Time { return during.UTC() }
		must(t, svc.SendRequest(context.Background(), f.ws.ID, ids["p3"], "p2", "", ""))
		must(t, svc.SendRequest(context.Background(), f.ws.ID, ids["p4"], "p3", "", ""))
		pending := map[string]int64{}
		rqs, _, err := svc.EventRequests(f.system, res.Event.ID)
		must(t, err)
		for _, r := range rqs {
			pending[r.From+">"+r.To] = r.ID
		}
		db.Now = func() time.Time { return after.UTC() }
		for _, tc := range []struct {
			name string
			do   func() error
			code string
		}{
			{"send", func() error { return svc.SendRequest(context.Background(), f.ws.ID, ids["p5"], "p2", "", "") }, passerelle.ECONFLICT},
			{"accept", func() error {
				_, _, err := svc.AnswerRequest(context.Background(), f.ws.ID, ids["p2"], pending["p3>p2"], true, false)
				return err
			}, passerelle.ECONFLICT},
			{"decline", func() error {
				_, _, err := svc.AnswerRequest(context.Background(), f.ws.ID, ids["p3"], pending["p4>p3"], false, false)
				return err
			}, ""},
		} {
			if err := tc.do(); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s after the event: %v, want code %q", tc.name, err, tc.code)
			}
		}
	})
}

// TestEventImportRemovalCancelsMeetings: a re-import that removes a participant, or a
// request, cancels the meetings they had (calendars drop them). The meetings records
// used to stay planned, orphaned: in the workspace's agenda, the organisations'
// history and the members' feeds, out of reach of the next schedule run.
func TestEventImportRemovalCancelsMeetings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		_, err = events.Schedule(f.system, svc, "bio-test", events.ScheduleOptions{TimeLimit: 5 * time.Second}, nil)
		must(t, err)
		ms, err := svc.EventMeetings(f.system, res.Event.ID)
		must(t, err)
		byPair := map[string]int64{}
		for _, m := range ms {
			byPair[m.From+">"+m.To] = m.Meeting.ID
		}
		if len(byPair) != 3 {
			t.Fatalf("scheduled: %v", byPair)
		}
		withoutAlice := strings.Replace(strings.Replace(strings.Replace(smallEvent, `,
  {"ref": "p4", "name": "Alice", "email": "alice@example.org"}]`, `]`, 1),
			`, {"from": "p4", "to": "p1", "status": "accepted"}`, ``, 1), `,
  {"from": "p2", "to": "p4", "status": "declined"}`, ``, 1)
		withoutKen := strings.Replace(withoutAlice, `,
  {"from": "p3", "to": "p1", "status": "accepted"}`, ``, 1)
		for _, tc := range []struct {
			name, file string
			cancelled  []string // the pairs whose meeting is cancelled after the import
		}{
			{"participant removed", withoutAlice, []string{"p4>p1"}},
			{"request removed", withoutKen, []string{"p4>p1", "p3>p1"}},
		} {
			r, err := svc.ImportEvent(f.system, readEvent(t, tc.file))
			must(t, err)
			if !r.Changed() {
				t.Fatalf("%s: the import changed nothing", tc.name)
			}
			for pair, id := range byPair {
				m, err := f.meetings.FindMeetingByID(f.system, id)
				must(t, err)
				want := passerelle.MeetingPlanned
				if slices.Contains(tc.cancelled, pair) {
					want = passerelle.MeetingCancelled
				}
				if m.Status != want {
					t.Errorf("%s: meeting %s is %s, want %s", tc.name, pair, m.Status, want)
				}
			}
		}
	})
}

// TestEventImportMatchesByEngine: a participant's organisation written otherwise
// ("NOVO SHARED A/S") is the workspace's shared record; a member's private record and
// another workspace's are never taken, and two spellings of one new organisation in
// one file make one record.
func TestEventImportMatchesByEngine(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		orgs := store.NewOrganizationService(db)
		other := &passerelle.Organization{Name: "Kansai Elsewhere Biotech", Kind: passerelle.KindCompany}
		must(t, orgs.CreateOrganization(f.otherSystem, other))
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, `{"slug": "engine-test", "name": "Engine test", "time_zone": "Europe/Paris", "tables": 2,
 "days": [{"date": "2027-10-15", "start": "09:00", "end": "12:00"}], "meeting_minutes": 30,
 "participants": [
  {"ref": "p1", "name": "A", "organization": {"name": "NOVO SHARED A/S", "country": "DK"}},
  {"ref": "p2", "name": "B", "organization": {"name": "ALPHA PROSPECT"}},
  {"ref": "p3", "name": "C", "organization": {"name": "Alpha Prospect Ltd."}},
  {"ref": "p4", "name": "D", "organization": {"name": "KANSAI ELSEWHERE BIOTECH K.K."}}]}`))
		must(t, err)
		ps, err := svc.EventParticipants(f.system, res.Event.ID)
		must(t, err)
		by := map[string]int64{}
		for _, p := range ps {
			by[p.Ref] = p.OrganizationID
		}
		if by["p1"] != f.org.ID {
			t.Errorf("NOVO SHARED A/S: %d, want %d", by["p1"], f.org.ID)
		}
		if by["p2"] == 0 || by["p2"] == f.privOrg.ID || by["p3"] != by["p2"] {
			t.Errorf("Alpha Prospect: %d and %d (private record %d)", by["p2"], by["p3"], f.privOrg.ID)
		}
		if by["p4"] == 0 || by["p4"] == other.ID {
			t.Errorf("another workspace's record: %d", by["p4"])
		}
		if res.OrganizationsMatched != 2 || res.OrganizationsCreated != 2 {
			t.Errorf("matched %d, created %d", res.OrganizationsMatched, res.OrganizationsCreated)
		}
	})
}
