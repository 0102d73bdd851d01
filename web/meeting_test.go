package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"passerelle/store"
)

// feed fetches a calendar URL anonymously (the URL is the credential) and parses it
// with an ICS library.
func feed(t *testing.T, w *world, calURL string) (int, *ics.Calendar) {
	t.Helper()
	u, err := url.Parse(calURL)
	must(t, err)
	res, body := w.client(t, "").get(u.Path)
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, nil
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("feed content type %q", ct)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, body)
	}
	return res.StatusCode, cal
}

func eventByUID(cal *ics.Calendar, uid string) []*ics.VEvent {
	var out []*ics.VEvent
	for _, e := range cal.Events() {
		if e.Id() == uid {
			out = append(out, e)
		}
	}
	return out
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func calendarURLOf(t testing.TB, c *client) string {
	t.Helper()
	res, body := c.do("GET", "/api/v1/me", "", "", true)
	var me struct {
		CalendarURL string `json:"calendar_url"`
	}
	if err := json.Unmarshal([]byte(body), &me); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/api/v1/me: %d %s", res.StatusCode, body)
	}
	if !strings.HasPrefix(me.CalendarURL, "http") || !strings.HasSuffix(me.CalendarURL, ".ics") {
		t.Fatalf("calendar_url %q is not an absolute feed URL", me.CalendarURL)
	}
	return me.CalendarURL
}

// TestMeetingAPIAndFeed: a meeting created, moved and cancelled through the API shows in
// its attendees' feeds under one UID with a rising SEQUENCE, then as CANCELLED; another
// member reads neither the private meeting nor sees it in a feed; a rotated feed URL
// is 404; bad input is 422 naming the field.
func TestMeetingAPIAndFeed(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testMeetingAPIAndFeed(t, db) })
	}
}

func testMeetingAPIAndFeed(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	alice, bob := w.client(t, "alice"), w.client(t, "bob")
	api := func(c *client, method, path, body string) (int, map[string]any) {
		t.Helper()
		ctype := ""
		if body != "" {
			ctype = "application/json"
		}
		res, got := c.do(method, path, ctype, body, true)
		var v map[string]any
		_ = json.Unmarshal([]byte(got), &v)
		return res.StatusCode, v
	}

	for _, tc := range []struct{ body, field string }{
		{`{"title":"x","start":"2027-03-10T10:00:00+01:00","end":"2027-03-10T09:00:00+01:00","time_zone":"Europe/Copenhagen"}`, "end"},
		{`{"title":"x","start":"2027-03-10T09:00:00+01:00","end":"2027-03-10T10:00:00+01:00","time_zone":"Mars/Olympus"}`, "time_zone"},
		{`{"title":"x","start":"2027-03-10 09:00","end":"2027-03-10T10:00:00+01:00"}`, "start"},
		{`{"title":"x","start":"2027-03-10T09:00:00+01:00","end":"2027-03-10T10:00:00+01:00","video_url":"ftp://example.org/x"}`, "video_url"},
		{`{"title":"x","start":"2027-03-10T09:00:00+01:00","end":"2027-03-10T10:00:00+01:00","person_ids":[` + id(w.sharedP.ID) + `,` + id(w.sharedP.ID) + `]}`, "person_ids"},
		{`{"title":"x","start":"2027-03-10T09:00:00+01:00","end":"2027-03-10T10:00:00+01:00","attendees":["nobody@example.org"]}`, "attendees"},
	} {
		code, v := api(alice, "POST", "/api/v1/meetings", tc.body)
		e, _ := v["error"].(map[string]any)
		fields, _ := e["fields"].(map[string]any)
		if code != http.StatusUnprocessableEntity || fields[tc.field] == nil {
			t.Errorf("POST %s: %d %v, want 422 naming %s", tc.body, code, v, tc.field)
		}
	}

	// Private to Alpha: alice attends (the creator, attendees absent).
	code, m := api(alice, "POST", "/api/v1/meetings", `{"title":"Bar meeting Novo","start":"2027-03-10T09:00:00+01:00",
		"end":"2027-03-10T09:45:00+01:00","time_zone":"Europe/Copenhagen","location":"Bagsværd","visibility":"private",
		"video_url":"https://meet.example.org/novo","organization_ids":[`+id(w.private.ID)+`]}`)
	if code != http.StatusCreated || m["id"] == nil {
		t.Fatalf("create: %d %v", code, m)
	}
	mid := strconv.FormatFloat(m["id"].(float64), 'f', 0, 64)
	if a, _ := m["attendees"].([]any); len(a) != 1 || a[0] != "alice@example.org" {
		t.Errorf("attendees %v, want the creator", m["attendees"])
	}
	// Shared, with bob attending too.
	code, sh := api(alice, "POST", "/api/v1/meetings", `{"title":"Shared lunch","start":"2027-03-11T12:00:00+01:00",
		"end":"2027-03-11T13:00:00+01:00","time_zone":"Europe/Copenhagen","attendees":["alice@example.org","bob@example.org"],
		"organization_ids":[`+id(w.shared.ID)+`]}`)
	if code != http.StatusCreated {
		t.Fatalf("create shared: %d %v", code, sh)
	}
	if code, _ := api(bob, "GET", "/api/v1/meetings/"+mid, ""); code != http.StatusNotFound {
		t.Errorf("bob reads alice's private meeting: %d", code)
	}
	if code, _ := api(bob, "PATCH", "/api/v1/meetings/"+mid, `{"status":"cancelled"}`); code != http.StatusNotFound {
		t.Errorf("bob cancels alice's private meeting: %d", code)
	}
	// The world's two meetings and this one start on the 10th; the shared lunch on the 11th.
	code, l := api(alice, "GET", "/api/v1/meetings?from=2027-03-10T00:00:00Z&to=2027-03-11T00:00:00Z", "")
	if code != http.StatusOK || l["total"] != float64(3) {
		t.Errorf("list from/to: %d %v", code, l)
	}
	if code, _ := api(alice, "GET", "/api/v1/meetings?from=yesterday", ""); code != http.StatusUnprocessableEntity {
		t.Errorf("bad from: %d", code)
	}

	aliceURL, bobURL := calendarURLOf(t, alice), calendarURLOf(t, bob)
	if again := calendarURLOf(t, alice); again != aliceURL {
		t.Errorf("calendar_url changed between two reads: %s then %s", aliceURL, again)
	}
	_, cal := feed(t, w, aliceURL)
	evs := eventByUID(cal, m["uid"].(string))
	if len(evs) != 1 {
		t.Fatalf("alice's feed has %d copies of the meeting", len(evs))
	}
	e := evs[0]
	start, err := e.GetStartAt()
	must(t, err)
	end, err := e.GetEndAt()
	must(t, err)
	if want := time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC); !start.Equal(want) || !end.Equal(want.Add(45*time.Minute)) {
		t.Errorf("DTSTART %v DTEND %v", start, end)
	}
	desc := prop(e, ics.ComponentPropertyDescription)
	if prop(e, ics.ComponentPropertySummary) != "Bar meeting Novo" || prop(e, ics.ComponentPropertyLocation) != "Bagsværd" ||
		!strings.Contains(desc, privateOrgName) || !strings.Contains(desc, "https://meet.example.org/novo") ||
		!strings.Contains(desc, "09:00") || !strings.Contains(desc, "Europe/Copenhagen") {
		t.Errorf("entry: summary %q location %q description %q", prop(e, ics.ComponentPropertySummary), prop(e, ics.ComponentPropertyLocation), desc)
	}
	seq0, stamp0 := prop(e, ics.ComponentPropertySequence), prop(e, ics.ComponentPropertyDtstamp)

	// Bob's feed has the shared meeting and never alice's private one.
	_, bcal := feed(t, w, bobURL)
	if len(eventByUID(bcal, m["uid"].(string))) != 0 || len(eventByUID(bcal, sh["uid"].(string))) != 1 {
		t.Errorf("bob's feed: %d events", len(bcal.Events()))
	}

	time.Sleep(1100 * time.Millisecond) // DTSTAMP has whole seconds
	if code, v := api(alice, "PATCH", "/api/v1/meetings/"+mid, `{"start":"2027-03-10T10:00:00+01:00","end":"2027-03-10T10:45:00+01:00"}`); code != http.StatusOK {
		t.Fatalf("move: %d %v", code, v)
	}
	_, cal = feed(t, w, aliceURL)
	e = eventByUID(cal, m["uid"].(string))[0]
	if seq, _ := strconv.Atoi(prop(e, ics.ComponentPropertySequence)); strconv.Itoa(seq) == seq0 || seq != 1 {
		t.Errorf("moved: SEQUENCE %s, was %s", prop(e, ics.ComponentPropertySequence), seq0)
	}
	if prop(e, ics.ComponentPropertyDtstamp) <= stamp0 {
		t.Errorf("moved: DTSTAMP %s not after %s", prop(e, ics.ComponentPropertyDtstamp), stamp0)
	}
	if code, v := api(alice, "PATCH", "/api/v1/meetings/"+mid, `{"status":"cancelled"}`); code != http.StatusOK || v["status"] != "cancelled" {
		t.Fatalf("cancel: %d %v", code, v)
	}
	_, cal = feed(t, w, aliceURL)
	if evs := eventByUID(cal, m["uid"].(string)); len(evs) != 1 || prop(evs[0], ics.ComponentPropertyStatus) != "CANCELLED" ||
		prop(evs[0], ics.ComponentPropertySequence) != "2" {
		t.Errorf("cancelled meeting in the feed: %d entries", len(evs))
	}

	// A new URL from the account page: the old one is 404, the new one works.
	if res, _ := alice.do("POST", "/account/calendar", "", "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rotate: %d", res.StatusCode)
	}
	if code, _ := feed(t, w, aliceURL); code != http.StatusNotFound {
		t.Errorf("old feed URL after rotation: %d, want 404", code)
	}
	newURL := calendarURLOf(t, alice)
	if code, _ := feed(t, w, newURL); newURL == aliceURL || code != http.StatusOK {
		t.Errorf("new feed URL %s: %d", newURL, code)
	}
	if code, _ := feed(t, w, strings.TrimSuffix(newURL, ".ics")); code != http.StatusNotFound {
		t.Errorf("feed URL without .ics: %d, want 404", code)
	}
	if _, body := alice.get("/account"); !strings.Contains(body, newURL) {
		t.Error("the account page does not show the feed URL")
	}

	if code, _ := api(alice, "DELETE", "/api/v1/meetings/"+mid, ""); code != http.StatusNoContent {
		t.Errorf("delete: %d", code)
	}
	if code, _ := api(alice, "GET", "/api/v1/meetings/"+mid, ""); code != http.StatusNotFound {
		t.Errorf("deleted meeting: %d", code)
	}
}
