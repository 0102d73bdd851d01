package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"passerelle/store"
)

// TestMeetingHostileInput attacks the meetings API and the calendar feed as an outsider
// would: participants of another workspace or another member's private records must be
// refused exactly like ids and emails that do not exist (no oracle); truncated, huge and
// NUL-carrying bodies are 4xx, never 500, and save nothing; guessed, empty, huge and
// hostile feed secrets are 404.
func TestMeetingHostileInput(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testMeetingHostileInput(t, db) })
	}
}

func testMeetingHostileInput(t *testing.T, db *store.DB) {
	w := newWorld(t, db)
	bob := w.client(t, "bob")
	const when = `"start":"2027-03-10T09:00:00+01:00","end":"2027-03-10T10:00:00+01:00","time_zone":"Europe/Paris"`
	post := func(body string) (int, map[string]any) {
		t.Helper()
		res, got := bob.do("POST", "/api/v1/meetings", "application/json", body, true)
		var v map[string]any
		_ = json.Unmarshal([]byte(got), &v)
		return res.StatusCode, v
	}
	fieldMsg := func(v map[string]any, field string) string {
		e, _ := v["error"].(map[string]any)
		f, _ := e["fields"].(map[string]any)
		s, _ := f[field].(string)
		return s
	}
	count := func() float64 {
		t.Helper()
		res, got := bob.do("GET", "/api/v1/meetings?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", "", "", true)
		var v map[string]any
		if err := json.Unmarshal([]byte(got), &v); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("list: %d %s", res.StatusCode, got)
		}
		n, _ := v["total"].(float64)
		return n
	}
	before := count()

	// Another member's private organisation and a missing id answer alike.
	_, vPriv := post(`{"title":"x",` + when + `,"organization_ids":[` + id(w.private.ID) + `]}`)
	_, vNone := post(`{"title":"x",` + when + `,"organization_ids":[999999999]}`)
	pm, nm := fieldMsg(vPriv, "organization_ids"), fieldMsg(vNone, "organization_ids")
	if pm == "" || strings.ReplaceAll(pm, id(w.private.ID), "N") != strings.ReplaceAll(nm, "999999999", "N") {
		t.Errorf("a private organisation of another member is told apart from a missing one: %q vs %q", pm, nm)
	}
	_, vPriv = post(`{"title":"x",` + when + `,"person_ids":[` + id(w.privateP.ID) + `]}`)
	_, vNone = post(`{"title":"x",` + when + `,"person_ids":[999999999]}`)
	pm, nm = fieldMsg(vPriv, "person_ids"), fieldMsg(vNone, "person_ids")
	if pm == "" || strings.ReplaceAll(pm, id(w.privateP.ID), "N") != strings.ReplaceAll(nm, "999999999", "N") {
		t.Errorf("a private person of another member is told apart from a missing one: %q vs %q", pm, nm)
	}
	// A user of another workspace and an unknown email answer alike.
	other := w.users["otheradmin"].Email
	_, vOther := post(`{"title":"x",` + when + `,"attendees":["` + other + `"]}`)
	_, vNone = post(`{"title":"x",` + when + `,"attendees":["nobody-at-all@example.org"]}`)
	om, nm := fieldMsg(vOther, "attendees"), fieldMsg(vNone, "attendees")
	if om == "" || strings.ReplaceAll(om, other, "E") != strings.ReplaceAll(nm, "nobody-at-all@example.org", "E") {
		t.Errorf("a user of another workspace is told apart from an unknown email: %q vs %q", om, nm)
	}

	for name, body := range map[string]string{
		"truncated": `{"title":"x","start":`,
		"not JSON":  `title=x`,
		"NUL":       `{"title":"a\u0000b",` + when + `}`,
		"huge":      `{"title":"` + strings.Repeat("x", 2<<20) + `",` + when + `}`,
		"array":     `[{"title":"x",` + when + `}]`,
		"trailing":  `{"title":"x",` + when + `} {"title":"y"}`,
	} {
		code, v := post(body)
		if code < 400 || code >= 500 {
			t.Errorf("%s body: %d %v, want a 4xx", name, code, v)
		}
	}
	if after := count(); after != before {
		t.Errorf("refused requests saved meetings: %v before, %v after", before, after)
	}

	anon := w.client(t, "")
	for _, path := range []string{
		"/calendar/x.ics", "/calendar/.ics", "/calendar/", "/calendar/" + strings.Repeat("a", 5000) + ".ics",
		"/calendar/%2e%2e%2fapi%2fv1%2fme.ics", "/calendar/cal_" + strings.Repeat("0", 43) + ".ics",
	} {
		res, body := anon.get(path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %.60s: %d, want 404 (%.80s)", path, res.StatusCode, body)
		}
	}
}
