package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestMeetingFormAgendaNotes: a meeting logged through the form is stored at the
// local time of its zone, with participants typed by name; bad input names its
// field and saves nothing; the agenda lists it on its day with one-tap status buttons;
// each member's private notes stay its own through the page and the API.
func TestMeetingFormAgendaNotes(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testMeetingFormAgendaNotes(t, db) })
	}
}

func testMeetingFormAgendaNotes(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	alice, bob, viewer := w.client(t, "alice"), w.client(t, "bob"), w.client(t, "viewer")
	form := url.Values{"title": {"Coffee at BIO"}, "date": {"2027-06-15"}, "from": {"09:30"}, "to": {"10:15"},
		"time_zone": {"America/Los_Angeles"}, "location": {"San Diego Convention Center"}, "status": {"held"},
		"organizations": {sharedOrgName}, "people": {"Ada Sharedperson"}, "attendees": {"bob@example.org"},
		"notes": {"Interested in the cluster."}, "private_notes": {"Beta: budget 2 M€"}, "visibility": {"shared"},
		"return": {"/agenda?date=2027-06-15"}}

	count := func() int {
		res, body := bob.do("GET", "/api/v1/meetings", "", "", true)
		var l struct {
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(body), &l); err != nil || res.StatusCode != 200 {
			t.Fatalf("list: %d %s", res.StatusCode, body)
		}
		return l.Total
	}
	before := count()

	// Bad input: each problem named, nothing saved.
	for _, tc := range []struct {
		name, field, value, want string
	}{
		{"end before start", "to", "08:00", "the end must come after the start"},
		{"unknown zone", "time_zone", "Mars/Olympus", "unknown time zone"},
		{"unknown organisation", "organizations", sharedOrgName + "\nNo Such Company Ltd\nNor This One", `no organisation matches &#34;No Such Company Ltd&#34;, &#34;Nor This One&#34;`},
		{"ambiguous organisation", "organizations", "Shared", "several organisations match, choose one: &#34;Shared&#34; ("},
		{"bad time", "from", "9h", "a date and a time such as"},
		{"video not http", "video_url", "ftp://x.example.org", "http or https"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(tc.field, tc.value)
		res, body := bob.do("POST", "/meetings", formType, f.Encode(), false)
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want a form with errors", tc.name, res.StatusCode)
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s: the form does not say %q", tc.name, tc.want)
		}
		if !strings.Contains(body, `value="Coffee at BIO"`) {
			t.Errorf("%s: the form lost what was typed", tc.name)
		}
	}
	if n := count(); n != before {
		t.Fatalf("refused forms saved meetings: %d -> %d", before, n)
	}

	res, _ := bob.do("POST", "/meetings", formType, form.Encode(), false)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/agenda?date=2027-06-15" {
		t.Fatalf("create: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := bob.do("GET", "/api/v1/meetings?from=2027-06-15&to=2027-06-17", "", "", true)
	var list struct {
		Items []struct {
			ID              int64   `json:"id"`
			Start           string  `json:"start"`
			TimeZone        string  `json:"time_zone"`
			OrganizationIDs []int64 `json:"organization_ids"`
			PersonIDs       []int64 `json:"person_ids"`
			Attendees       []string
			Notes           string `json:"notes"`
			PrivateNotes    string `json:"private_notes"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("list after create: %d %s", res.StatusCode, body)
	}
	m := list.Items[0]
	mid := id(m.ID)
	// 09:30 in Los Angeles in June (PDT, UTC-7) is 16:30 UTC.
	if m.Start != "2027-06-15T16:30:00Z" || m.TimeZone != "America/Los_Angeles" || len(m.OrganizationIDs) != 1 ||
		m.OrganizationIDs[0] != w.shared.ID || len(m.PersonIDs) != 1 || m.PersonIDs[0] != w.sharedP.ID ||
		m.Notes != "Interested in the cluster." || m.PrivateNotes != "" {
		t.Errorf("stored meeting: %+v", m)
	}

	// The agenda: on its local day, with the one-tap buttons; the week view too.
	_, body = bob.get("/agenda?date=2027-06-15")
	body = html.UnescapeString(body)
	for _, s := range []string{"Tuesday 15 June 2027", "09:30–10:15", "Coffee at BIO", "San Diego Convention Center",
		sharedOrgName, `id="noshow-` + mid + `"`} {
		if !strings.Contains(body, s) {
			t.Errorf("agenda lacks %q", s)
		}
	}
	if strings.Contains(body, `id="held-`+mid+`"`) {
		t.Errorf("agenda offers to mark held a meeting already held")
	}
	_, body = bob.lang("fr").get("/agenda?view=week&date=2027-06-17")
	bob.lang("en")
	if !strings.Contains(body, "lundi 14 juin 2027") || !strings.Contains(body, "dimanche 20 juin 2027") || !strings.Contains(body, "Coffee at BIO") {
		t.Errorf("the French week view lacks its days or the meeting")
	}
	// Alice attends nothing that day; she sees it among all the meetings she may see.
	if _, body = alice.get("/agenda?date=2027-06-15"); strings.Contains(body, "Coffee at BIO") {
		t.Errorf("alice's own agenda lists bob's meeting")
	}
	if _, body = alice.get("/agenda?date=2027-06-15&whose=all"); !strings.Contains(body, "Coffee at BIO") {
		t.Errorf("alice's agenda of all meetings lacks a shared one")
	}
	if res, _ = bob.get("/agenda?date=2027-02-30"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("agenda of a bad date: %d", res.StatusCode)
	}

	// One tap: no-show, back to the agenda.
	res, _ = bob.do("POST", "/meetings/"+mid+"/status", formType, url.Values{"status": {"no_show"}, "return": {"/agenda?date=2027-06-15"}}.Encode(), false)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/agenda?date=2027-06-15" {
		t.Errorf("one tap: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	// A return address elsewhere is ignored.
	res, _ = bob.do("POST", "/meetings/"+mid+"/status", formType, url.Values{"status": {"held"}, "return": {"//evil.example.org/x"}}.Encode(), false)
	if loc := res.Header.Get("Location"); loc != "/meetings/"+mid {
		t.Errorf("a foreign return address was followed: %q", loc)
	}
	// A viewer may not tap.
	if res, _ = viewer.do("POST", "/meetings/"+mid+"/status", formType, url.Values{"status": {"cancelled"}}.Encode(), false); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer changed the status: %d", res.StatusCode)
	}

	// Private notes: bob's member's (from the form), then alice's through the page.
	_, body = bob.get("/meetings/" + mid)
	if !strings.Contains(html.UnescapeString(body), "Beta: budget 2 M€") {
		t.Errorf("bob's page lacks Beta's private notes")
	}
	res, _ = alice.do("POST", "/meetings/"+mid+"/notes", formType, url.Values{"private_notes": {"Alpha: know their CTO"}}.Encode(), false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("alice's notes: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		c         *client
		want, not string
	}{{alice, "Alpha: know their CTO", "Beta: budget"}, {bob, "Beta: budget 2 M€", "Alpha: know"}} {
		_, body := tc.c.get("/meetings/" + mid)
		_, api := tc.c.do("GET", "/api/v1/meetings/"+mid, "", "", true)
		for _, b := range []string{html.UnescapeString(body), api} {
			if !strings.Contains(b, tc.want) || strings.Contains(b, tc.not) {
				t.Errorf("notes: want %q and not %q", tc.want, tc.not)
			}
		}
	}
	// The API: outcome and notes endpoints; the viewer is refused; bad outcome named.
	res, body = alice.do("PUT", "/api/v1/meetings/"+mid+"/outcome", "application/json", `{"outcome":"negotiation","follow_up":"2027-07-01"}`, true)
	if res.StatusCode != 200 || !strings.Contains(body, `"outcome":"negotiation"`) || !strings.Contains(body, "Alpha: know their CTO") {
		t.Errorf("outcome: %d %s", res.StatusCode, body)
	}
	if res, body = alice.do("PUT", "/api/v1/meetings/"+mid+"/outcome", "application/json", `{"outcome":"won"}`, true); res.StatusCode != 422 && res.StatusCode != 400 || !strings.Contains(body, "outcome") {
		t.Errorf("bad outcome: %d %s", res.StatusCode, body)
	}
	if res, _ = viewer.do("PUT", "/api/v1/meetings/"+mid+"/notes", "application/json", `{"notes":"x"}`, true); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer wrote notes: %d", res.StatusCode)
	}
	res, body = bob.do("PUT", "/api/v1/meetings/"+mid+"/notes", "application/json", `{"private_notes":"Beta: budget 3 M€","notes":"Shared text"}`, true)
	if res.StatusCode != 200 || !strings.Contains(body, "Beta: budget 3 M€") || !strings.Contains(body, "Shared text") {
		t.Errorf("notes API: %d %s", res.StatusCode, body)
	}
	// Alice's private meeting: bob's notes on it are not found.
	if res, _ = bob.do("PUT", "/api/v1/meetings/"+id(w.meetPriv.ID)+"/notes", "application/json", `{"private_notes":"x"}`, true); res.StatusCode != http.StatusNotFound {
		t.Errorf("bob's notes on Alpha's private meeting: %d", res.StatusCode)
	}

	// Edit keeps participants kept by checkbox; the organisation page links to the form.
	_, body = bob.get("/meetings/" + mid + "/edit")
	if !strings.Contains(body, `name="organization_ids" value="`+id(w.shared.ID)+`" checked`) || !strings.Contains(body, `value="09:30"`) {
		t.Errorf("the edit form lacks the organisation or the local time")
	}
	_, body = bob.get("/organizations/" + id(w.shared.ID))
	if !strings.Contains(html.UnescapeString(body), "/meetings/new?organization="+id(w.shared.ID)) {
		t.Errorf("the organisation page has no link to log a meeting")
	}
	_, body = bob.get("/meetings/new?organization=" + id(w.shared.ID))
	if !strings.Contains(body, `name="organization_ids" value="`+id(w.shared.ID)+`" checked`) {
		t.Errorf("the form does not preselect the organisation")
	}
	// Bob cannot preselect Alpha's private organisation: it is not found, so not named.
	if _, body = bob.get("/meetings/new?organization=" + id(w.private.ID)); strings.Contains(body, privateOrgName) {
		t.Errorf("the form names another member's private organisation")
	}
}

// TestMeetingFormLateHour: a meeting logged in the last hour of the day is offered within
// that day, with no end date, so that changing its date alone still saves (the form had
// carried the next day as end date from 23:00, Paris time).
func TestMeetingFormLateHour(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			clock := db.Now
			defer func() { db.Now = clock }()
			for _, tc := range []struct{ utc, from, to string }{
				{"2026-12-06T22:30:00Z", "22:00", "23:00"}, // 23:30 in Paris
				{"2026-12-06T21:10:00Z", "22:00", "23:00"},
				{"2026-12-06T08:05:00Z", "09:00", "10:00"},
			} {
				at, _ := time.Parse(time.RFC3339, tc.utc)
				db.Now = func() time.Time { return at }
				res, body := alice.do("GET", "/meetings/new", "", "", false)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", tc.utc, res.StatusCode)
				}
				for _, want := range []string{`id="f-from" value="` + tc.from + `"`, `id="f-to" value="` + tc.to + `"`, `name="end_date" value=""`} {
					if !strings.Contains(body, want) {
						t.Errorf("%s: the form lacks %s", tc.utc, want)
					}
				}
			}
		})
	}
}

// TestBrowserZone: the zone a browser chose on the agenda (its tz cookie) is the new
// meeting form's zone and hours, and the day the dashboard calls today; without one,
// Paris. At 23:30 UTC it is already the next day in Paris and in Tokyo, so a follow-up
// due on the UTC day is overdue there.
func TestBrowserZone(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			clock := db.Now
			defer func() { db.Now = clock }()
			at, _ := time.Parse(time.RFC3339, "2026-12-06T23:30:00Z")
			db.Now = func() time.Time { return at }
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			must(t, store.NewFollowUpService(db).CreateFollowUp(sys, &passerelle.FollowUp{MemberID: w.alpha.ID, Title: "Send the minutes", DueDate: "2026-12-06"}))
			for _, tc := range []struct{ tz, zone, from, to string }{
				{"", "Europe/Paris", "00:00", "01:00"},           // 00:30 in Paris
				{"Asia/Tokyo", "Asia/Tokyo", "08:00", "09:00"},   // 08:30 in Tokyo
				{"Nowhere/Else", "Asia/Tokyo", "08:00", "09:00"}, // refused: the last good choice stays
			} {
				if tc.tz != "" {
					alice.do("GET", "/agenda?tz="+tc.tz, "", "", false)
				}
				res, body := alice.do("GET", "/meetings/new", "", "", false)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", tc.tz, res.StatusCode)
				}
				for _, want := range []string{`id="f-zone" value="` + tc.zone + `"`, `id="f-from" value="` + tc.from + `"`, `id="f-to" value="` + tc.to + `"`} {
					if !strings.Contains(body, want) {
						t.Errorf("%s: the form lacks %s", tc.tz, want)
					}
				}
				_, body = alice.do("GET", "/", "", "", false)
				i := strings.Index(body, "Send the minutes")
				if i < 0 {
					t.Fatalf("%s: the dashboard lacks the follow-up", tc.tz)
				}
				if !strings.Contains(body[max(0, i-300):i], `class="badge private"`) {
					t.Errorf("%s: a follow-up due yesterday (in %s) is not marked overdue", tc.tz, tc.zone)
				}
			}
		})
	}
}

// TestMeetingFormClockChange: a time that does not exist in the meeting's zone that day
// (the spring-forward hour) is refused on its field, nothing saved; it was saved an hour
// off (02:30–03:30 in New York on 14 March 2027 became 01:30–03:30).
func TestMeetingFormClockChange(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			for _, tc := range []struct {
				zone, date, from, to string
				saved                bool
			}{
				{"America/New_York", "2027-03-14", "02:30", "03:30", false},
				{"America/New_York", "2027-03-14", "01:00", "02:15", false},
				{"Europe/Paris", "2027-03-28", "02:00", "04:00", false},
				{"America/New_York", "2027-03-14", "01:00", "03:00", true}, // one hour long, across the change
				{"Asia/Tokyo", "2027-03-14", "02:30", "03:30", true},
			} {
				title := "Clock change " + tc.zone + " " + tc.from
				res, body := alice.do("POST", "/meetings", formType, form("title", title, "date", tc.date, "from", tc.from, "to", tc.to,
					"time_zone", tc.zone, "visibility", "shared"), false)
				if tc.saved {
					if res.StatusCode != http.StatusSeeOther {
						t.Errorf("%s %s–%s: %d, want saved", tc.zone, tc.from, tc.to, res.StatusCode)
					}
					continue
				}
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "does not exist in "+tc.zone) {
					t.Errorf("%s %s–%s: %d, want refused: %s", tc.zone, tc.from, tc.to, res.StatusCode, between(body, `id="form-errors"`, "</div>"))
				}
				if !strings.Contains(body, `id="f-from" value="`+tc.from+`"`) {
					t.Errorf("%s %s: the refused form lost the time typed", tc.zone, tc.from)
				}
			}
		})
	}
}

// TestMeetingNotesRefusedKeepsText: the notes form refused for a bad follow-up date
// comes back with the notes, the outcome and the date as typed, nothing saved, and the
// page's facts still show what is saved (the form came back empty: the text was lost).
func TestMeetingNotesRefusedKeepsText(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			path := "/meetings/" + id(w.meetShr.ID)
			res, body := bob.do("POST", path+"/notes", formType, form("notes", "They want a joint proposal", "private_notes", "Beta: budget 2 M",
				"outcome", "negotiation", "follow_up", "2027-02-30"), false)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("bad follow-up date: %d", res.StatusCode)
			}
			for _, want := range []string{`id="f-notes" rows="5">They want a joint proposal</textarea>`, `id="f-private-notes" rows="4">Beta: budget 2 M</textarea>`,
				`<option value="negotiation" selected>`, `name="follow_up" value="2027-02-30"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the refused form lost %s", want)
				}
			}
			if strings.Contains(body, `id="meeting-notes">They want`) {
				t.Error("the page shows the refused notes as saved")
			}
			if _, body := bob.get(path); strings.Contains(body, "They want a joint proposal") || strings.Contains(body, "Beta: budget 2 M") {
				t.Error("a refused form saved its notes")
			}
		})
	}
}
