package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"passerelle"
	"passerelle/store"
)

// TestExportMeetings: the three formats read back (CSV by a CSV reader, JSON by the
// JSON decoder, ICS by a calendar parser); --from/--to bound the starts; the operator's
// export carries no private notes, a member's (--as) carries its own and not another
// member's private meetings.
func TestExportMeetings(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data"), "PASSERELLE_BASE_URL": "https://passerelle.example.org"}
	if _, _, err := run(t, env, "", "demo"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "", env["PASSERELLE_DATA_DIR"])
	if err != nil {
		t.Fatal(err)
	}
	ws, err := store.NewWorkspaceService(db).FindWorkspaceBySlug(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}), "global-care")
	if err != nil {
		t.Fatal(err)
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	actorOf := func(email string) context.Context {
		u, err := store.NewUserService(db).FindUserByEmail(sys, email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := store.NewAccountService(db).ActorFor(ctx, u.ID, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		return passerelle.NewContextWithActor(ctx, a)
	}
	pasteur, curie := actorOf("pasteur@demo.passerelle.test"), actorOf("curie@demo.passerelle.test")
	ms := store.NewMeetingService(db)
	day := time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC)
	mk := func(c context.Context, title string, start time.Time, vis passerelle.Visibility) *passerelle.Meeting {
		m := &passerelle.Meeting{Title: title, Start: start, End: start.Add(time.Hour), TimeZone: "Asia/Tokyo", Location: "Osaka, =HYPERLINK(\"x\")",
			Visibility: vis, Notes: "shared words"}
		if err := ms.CreateMeeting(c, m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1 := mk(pasteur, "Kansai visit", day, passerelle.VisibilityShared)
	mk(curie, "Curie's own prospect", day.Add(2*time.Hour), passerelle.VisibilityPrivate)
	mk(pasteur, "Next year", day.AddDate(1, 0, 0), passerelle.VisibilityShared)
	s := "Pasteur only: budget"
	if _, err := ms.SetMeetingNotes(pasteur, m1.ID, store.MeetingNotes{Private: &s}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// CSV, as the operator, bounded to 2027.
	out, _, err := run(t, env, "", "export", "meetings", "--format", "csv", "--from", "2027-01-01", "--to", "2028-01-01")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || strings.Join(recs[0], ",") != strings.Join([]string{"id", "uid", "title", "start", "end", "time_zone", "local_start",
		"local_end", "location", "room", "video_url", "status", "origin", "origin_id", "organizations", "organization_ids", "people",
		"person_ids", "attendees", "notes", "private_notes", "outcome", "follow_up", "visibility", "sequence", "created_at", "updated_at"}, ",") {
		t.Fatalf("csv: %d rows, header %v", len(recs), recs[0])
	}
	if r := recs[1]; r[2] != "Kansai visit" || r[3] != "2027-03-10T08:00:00Z" || r[6] != "2027-03-10 17:00" || r[20] != "" ||
		!strings.HasPrefix(r[8], "'=") && !strings.HasPrefix(r[8], "Osaka") {
		t.Errorf("csv row: %v", r)
	}
	if strings.Contains(out, "Pasteur only") {
		t.Errorf("the operator's export carries a member's private notes")
	}
	// JSON as Pasteur's user: its notes, not Curie's private meeting. (From 2021: the
	// demo's partnering events of 2008 and 2020 hold meetings too.)
	out, _, err = run(t, env, "", "export", "meetings", "--format", "json", "--from", "2021-01-01", "--as", "pasteur@demo.passerelle.test")
	if err != nil {
		t.Fatal(err)
	}
	var got []passerelle.Meeting
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].PrivateNotes != s || strings.Contains(out, "Curie's own prospect") {
		t.Errorf("json as pasteur: %d meetings, notes %q", len(got), got[0].PrivateNotes)
	}
	// ICS, as Curie's user, to a file: parsed by a calendar library.
	file := filepath.Join(dir, "m.ics")
	if _, _, err := run(t, env, "", "export", "meetings", "--format", "ics", "--from", "2021-01-01", "--as", "curie@demo.passerelle.test", "--out", file); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	cal, err := ics.ParseCalendar(fh)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 3 {
		t.Errorf("ics: %d events, want 3", n)
	}
	for _, e := range cal.Events() {
		if u := e.GetProperty(ics.ComponentPropertyUrl); u == nil || !strings.HasPrefix(u.Value, "https://passerelle.example.org/meetings/") {
			t.Errorf("ics event without the meeting's URL: %v", u)
		}
	}
	if b, _ := os.ReadFile(file); strings.Contains(string(b), "Pasteur only") || !strings.Contains(string(b), "Curie's own") {
		t.Errorf("ics carries private notes, or lacks Curie's own meeting")
	}
	// Bad input: a clear message naming the flag.
	for _, args := range [][]string{{"--format", "xlsx"}, {"--from", "yesterday"}, {"--as", "nobody@example.org"}} {
		if _, _, err := run(t, env, "", append([]string{"export", "meetings"}, args...)...); err == nil {
			t.Errorf("export meetings %v: no error", args)
		}
	}
}
