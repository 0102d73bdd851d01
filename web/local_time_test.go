package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestLocalNow: "today" and "this year" are read on the store's clock in the browser's
// zone (the agenda's tz cookie, Paris by default), not in UTC: at 23:30 UTC on
// 31 December the reports open on the new year and a consent withdrawn then is withdrawn
// on 1 January. The new meeting form's hours are whole hours of the local clock, also
// in a zone half an hour off UTC and on the day clocks go forward.
func TestLocalNow(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			clock := db.Now
			defer func() { db.Now = clock }()
			pin := func(utc string) {
				at, err := time.Parse(time.RFC3339, utc)
				must(t, err)
				db.Now = func() time.Time { return at }
			}

			pin("2025-12-31T23:30:00Z")
			alice := w.client(t, "alice")
			if res, _ := alice.get("/reports"); res.Header.Get("Location") != "/reports/2026" {
				t.Errorf("reports at 00:30 on 1 January in Paris: %d %s, want /reports/2026", res.StatusCode, res.Header.Get("Location"))
			}
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			people := store.NewPersonService(db)
			c := &passerelle.Consent{PersonID: w.sharedP.ID, Basis: passerelle.BasisConsent, Purpose: "Newsletter", Source: "BIO 2025 registration form", GivenOn: "2025-06-01"}
			must(t, people.AddConsent(sys, c))
			path := "/people/" + id(w.sharedP.ID) + "/consents/" + id(c.ID) + "/withdraw"
			if res, _ := alice.do("POST", path, formType, url.Values{}.Encode(), false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("withdraw: %d", res.StatusCode)
			}
			cs, err := people.FindConsents(sys, w.sharedP.ID)
			must(t, err)
			for _, x := range cs {
				if x.ID == c.ID && x.WithdrawnOn != "2026-01-01" {
					t.Errorf("consent withdrawn on %q, want 2026-01-01 (the day in Paris)", x.WithdrawnOn)
				}
			}

			for _, tc := range []struct{ utc, tz, query, from string }{
				{"2026-12-06T09:17:00Z", "Asia/Kolkata", "", "14:00"}, // 14:47 in Kolkata
				{"2026-12-06T09:17:00Z", "Europe/Paris", "?date=2027-03-28", "09:00"},
				{"2026-12-06T09:17:00Z", "Europe/Paris", "?date=2027-10-31", "09:00"},
			} {
				pin(tc.utc)
				c := w.client(t, "alice")
				c.get("/agenda?tz=" + tc.tz)
				res, body := c.get("/meetings/new" + tc.query)
				if want := `id="f-from" value="` + tc.from + `"`; res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
					t.Errorf("%s in %s%s: %d, the form does not start at %s", tc.utc, tc.tz, tc.query, res.StatusCode, tc.from)
				}
			}
		})
	}
}
