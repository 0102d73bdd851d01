package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// statsScaleEvent is an event in Tokyo whose run-up lasts ten months: three
// participants imported on Monday 2026-03-02, a request in July and one sent on New
// Year's Eve at 15:30 UTC, New Year's Day in Tokyo.
func statsScaleEvent(t *testing.T, db *store.DB) (w *world, eid string) {
	t.Helper()
	w = newWorld(t, db)
	clock := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	real := db.Now
	db.Now = func() time.Time { return clock }
	defer func() { db.Now = real }()
	ctx := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	svc := store.NewEventService(db)
	imp, err := interchange.ReadEvent(strings.NewReader(`{"slug": "scale-ev", "name": "Scale partnering", "time_zone": "Asia/Tokyo",
 "meeting_minutes": 30, "tables": 2, "days": [{"date": "2027-03-15", "start": "10:00", "end": "12:00"}],
 "participants": [{"ref": "p1", "name": "One"}, {"ref": "p2", "name": "Two"}, {"ref": "p3", "name": "Three"}]}`))
	must(t, err)
	r, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	ids := map[string]int64{}
	for _, p := range ps {
		ids[p.Ref] = p.ID
	}
	clock = time.Date(2026, 7, 15, 3, 0, 0, 0, time.UTC)
	must(t, svc.SendRequest(context.Background(), w.ws.ID, ids["p1"], "p2", "", ""))
	clock = time.Date(2026, 12, 31, 15, 30, 0, 0, time.UTC)
	must(t, svc.SendRequest(context.Background(), w.ws.ID, ids["p3"], "p1", "", ""))
	return w, id(r.Event.ID)
}

// TestEventStatsScales: the statistics' run-up chart by day, week and month. A run-up
// of ten months is shown by week when no scale is asked; each scale names its first and
// last bucket in the event's zone (the request of New Year's Eve in UTC falls on
// 2027-01-01, in ISO week 2026-W53, in January 2027 in Tokyo), says how it sums, and
// offers the two others as plain links.
func TestEventStatsScales(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventStatsScales(t, db) })
	}
}

func testEventStatsScales(t *testing.T, db *store.DB) {
	w, eid := statsScaleEvent(t, db)
	viewer := w.client(t, "viewer")
	page := "/events/" + eid + "/stats"
	for _, c := range []struct {
		query, scale, current, first, last, hint string
	}{
		{"", "week", "by week", "2026-W10", "2026-W53", "week by week (ISO weeks"},
		{"?scale=week", "week", "by week", "2026-W10", "2026-W53", "week by week (ISO weeks"},
		{"?scale=day", "day", "by day", "2026-03-02", "2027-01-01", "day by day"},
		{"?scale=month", "month", "by month", "2026-03", "2027-01", "month by month"},
	} {
		res, body := viewer.get(page + c.query)
		tl := between(body, `id="event-timeline"`, "</section>")
		if res.StatusCode != http.StatusOK || strings.Count(tl, "<polyline") != 2 {
			t.Errorf("%q: %d %s", c.query, res.StatusCode, tl)
			continue
		}
		if !strings.Contains(tl, `<strong aria-current="page">`+c.current+`</strong>`) || !strings.Contains(tl, ">"+c.first+"</text>") ||
			!strings.Contains(tl, ">"+c.last+"</text>") || !strings.Contains(tl, c.hint) {
			t.Errorf("%q: want %s from %s to %s:\n%s", c.query, c.current, c.first, c.last, tl)
		}
		for _, other := range []string{"day", "week", "month"} {
			link := `<a href="` + page + `?scale=` + other + `">by ` + other + `</a>`
			if strings.Contains(tl, link) == (other == c.scale) {
				t.Errorf("%q: the link to %s offered: %v", c.query, other, other != c.scale)
			}
		}
		if strings.Contains(tl, "<script") {
			t.Errorf("%q: a script in the chart", c.query)
		}
	}
	// In French, the scales and the hint are French.
	res, body := viewer.lang("fr").get(page + "?scale=month")
	if tl := between(body, `id="event-timeline"`, "</section>"); res.StatusCode != http.StatusOK ||
		!strings.Contains(tl, `<strong aria-current="page">par mois</strong>`) || !strings.Contains(tl, "mois après mois") {
		t.Errorf("in French: %d %s", res.StatusCode, tl)
	}
}

// TestEventStatsScaleAttack: another workspace's event is not found at any scale; a
// scale that is not one is refused (422) naming the parameter, its value echoed cut to
// 40 characters and escaped.
func TestEventStatsScaleAttack(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventStatsScaleAttack(t, db) })
	}
}

func testEventStatsScaleAttack(t *testing.T, db *store.DB) {
	w, eid := statsScaleEvent(t, db)
	viewer, other := w.client(t, "viewer"), w.client(t, "otheradmin")
	page := "/events/" + eid + "/stats"
	for _, q := range []string{"", "?scale=day", "?scale=week", "?scale=month", "?scale=bogus"} {
		if res, body := other.get(page + q); res.StatusCode != http.StatusNotFound || strings.Contains(body, "Scale partnering") {
			t.Errorf("another workspace's stats%s: %d", q, res.StatusCode)
		}
	}
	hostile := strings.Repeat("w", 35) + `"><script>alert(1)</script>` + strings.Repeat("Z", 200)
	for _, c := range []struct{ value, echo string }{
		{"year", "not year"},
		{"Week", "not Week"},
		{hostile, "not " + strings.Repeat("w", 35) + "&#34;&gt;&lt;s…"},
	} {
		res, body := viewer.get(page + "?scale=" + url.QueryEscape(c.value))
		main := between(body, "<main", "</main>")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(main, "scale: day, week or month") || !strings.Contains(main, c.echo) {
			t.Errorf("scale %.50q: %d %s", c.value, res.StatusCode, main)
		}
		// The language form's next (URL-encoded) keeps the whole address; the message
		// repeats 40 characters.
		if strings.Contains(body, "<script>alert") || strings.Contains(main, "ZZ") {
			t.Errorf("scale %.50q: echoed whole or unescaped: %s", c.value, main)
		}
	}
}
