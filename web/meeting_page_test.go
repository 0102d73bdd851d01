package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"passerelle/store"
)

// TestMeetingPagesAndHistory: a meeting's page shows it in its zone with its
// participants linked; another member's private meeting is 404 there, and is neither
// listed nor counted in the organisation's and the person's history for that member,
// while its owner sees and counts it; the feed's events point to the meeting's page.
func TestMeetingPagesAndHistory(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testMeetingPagesAndHistory(t, db) })
	}
}

func testMeetingPagesAndHistory(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	alice, bob := w.client(t, "alice"), w.client(t, "bob")
	create := func(c *client, body string) string {
		t.Helper()
		res, got := c.do("POST", "/api/v1/meetings", "application/json", body, true)
		var m struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(got), &m); err != nil || res.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", res.StatusCode, got)
		}
		return id(m.ID)
	}
	with := `"organization_ids":[` + id(w.shared.ID) + `],"person_ids":[` + id(w.sharedP.ID) + `]`
	// Beta's shared meeting, held, bob attending; Alpha's private one, held, alice attending.
	shr := create(bob, `{"title":"Beta Met Them","start":"2027-03-12T09:00:00+01:00","end":"2027-03-12T10:30:00+01:00",
		"time_zone":"Europe/Copenhagen","location":"Bagsværd","room":"Table 7","video_url":"https://meet.example.org/beta",
		"status":"held","notes":"They want a pilot.","outcome":"further_talks","follow_up":"2027-04-01",`+with+`}`)
	priv := create(alice, `{"title":"Alpha Private Talk","start":"2027-03-11T09:00:00+01:00","end":"2027-03-11T10:00:00+01:00",
		"time_zone":"Europe/Copenhagen","status":"held","visibility":"private",`+with+`}`)

	page := func(c *client, path string, want int) string {
		t.Helper()
		res, body := c.get(path)
		if res.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
		return html.UnescapeString(body)
	}

	body := page(bob, "/meetings/"+shr, http.StatusOK)
	for _, s := range []string{"Beta Met Them", "12 March 2027, 09:00–10:30", "Europe/Copenhagen", "Bagsværd", "Table 7",
		`href="https://meet.example.org/beta"`, `href="/organizations/` + id(w.shared.ID) + `">` + sharedOrgName,
		`href="/people/` + id(w.sharedP.ID) + `">Ada Sharedperson`, "bob@example.org", "They want a pilot.",
		"further talks", "1 April 2027", "logged by hand", ">held<"} {
		if !strings.Contains(body, s) {
			t.Errorf("meeting page lacks %q", s)
		}
	}
	if body := page(bob.lang("fr"), "/meetings/"+shr, http.StatusOK); !strings.Contains(body, "12 mars 2027, 09:00–10:30") ||
		!strings.Contains(body, "échanges à poursuivre") {
		t.Errorf("French meeting page lacks the French date or outcome")
	}
	bob.lang("en")
	page(bob, "/meetings/"+priv, http.StatusNotFound)
	if body := page(alice, "/meetings/"+priv, http.StatusOK); !strings.Contains(body, "Alpha Private Talk") {
		t.Errorf("the owner's member does not see its private meeting")
	}

	for _, path := range []string{"/organizations/" + id(w.shared.ID), "/people/" + id(w.sharedP.ID)} {
		// The world's shared meeting (planned, 10 March) is listed too, the oldest.
		body := page(bob, path, http.StatusOK)
		if strings.Contains(body, "Alpha Private Talk") || strings.Contains(body, "/meetings/"+priv+`"`) {
			t.Errorf("%s: bob sees Alpha's private meeting", path)
		}
		if !strings.Contains(body, `href="/meetings/`+shr+`">Beta Met Them`) || !strings.Contains(body, "1 meeting held; 1 member met them") {
			t.Errorf("%s: bob's history lacks the shared meeting or its counts", path)
		}
		body = page(alice, path, http.StatusOK)
		i, j, k := strings.Index(body, "Beta Met Them"), strings.Index(body, "Alpha Private Talk"), strings.Index(body, "Shared Visible Meeting")
		if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
			t.Errorf("%s: alice's history is not every meeting newest first (%d, %d, %d)", path, i, j, k)
		}
		if !strings.Contains(body, "2 meetings held; 2 members met them") {
			t.Errorf("%s: alice's counts are wrong", path)
		}
	}
	if body := page(bob, "/organizations/"+id(w.shared2.ID), http.StatusOK); !strings.Contains(body, "No meeting recorded.") {
		t.Errorf("an organisation without meetings does not say so")
	}

	// Bob's feed: the event's URL is the absolute address of the meeting's page.
	calURL := calendarURLOf(t, bob)
	base := calURL[:strings.Index(calURL, "/calendar/")]
	_, cal := feed(t, w, calURL)
	var found bool
	for _, e := range cal.Events() {
		if prop(e, ics.ComponentPropertySummary) == "Beta Met Them" {
			found = true
			if got := prop(e, ics.ComponentPropertyUrl); got != base+"/meetings/"+shr {
				t.Errorf("feed URL %q, want %q", got, base+"/meetings/"+shr)
			}
		}
	}
	if !found {
		t.Errorf("bob's feed lacks his meeting")
	}
}

// TestMeetingOriginLink: a meeting of a mission's programme links to the mission from
// its page; it only said "a mission's programme". A meeting logged by hand links nowhere.
func TestMeetingOriginLink(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	alice := w.client(t, "alice")
	_, body := alice.get("/meetings/" + id(w.meetPriv.ID))
	if !strings.Contains(body, `<a href="/missions/cph" id="meeting-origin">Copenhagen mission</a>`) {
		t.Errorf("the mission's meeting does not link to it:\n%s", between(body, "Origin", "</dd>"))
	}
	if _, body = alice.get("/meetings/" + id(w.meetShr.ID)); strings.Contains(body, `id="meeting-origin"`) {
		t.Error("a meeting logged by hand links to an origin")
	}
}
