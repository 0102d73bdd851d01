package web_test

import (
	"html"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// TestCommonSlotsPhaseClosed: once the requests phase the organiser dated has closed,
// the free common slots page says so and offers no "Ask for a meeting then", as the
// participant's page offers no "Request a meeting" (a request posted anyway is 409).
func TestCommonSlotsPhaseClosed(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testCommonSlotsPhaseClosed(t, db) })
	}
}

func testCommonSlotsPhaseClosed(t *testing.T, db *store.DB) {
	yesterday := time.Now().In(time.UTC).AddDate(0, 0, -2).Format("2006-01-02")
	ev := strings.Replace(requestMailEvent, `"days":`, `"phases": [{"phase": "requests", "start": "2020-01-01", "end": "`+yesterday+`"}], "days":`, 1)
	f := newReqEvent(t, db, ev)
	ana := f.participant(t, "ana@example.org", false)
	_, body := ana.get(f.base + "/common?with=b")
	body = html.UnescapeString(body)
	if strings.Contains(body, `name="slot"`) {
		t.Error("the free common slots page offers requests after the requests phase closed")
	}
	if !strings.Contains(body, "meeting requests closed on "+yesterday) || !strings.Contains(body, "2030-03-12 09:00–09:30") {
		t.Errorf("the page does not say requests are closed, or lists no free time:\n%s", body)
	}
}
