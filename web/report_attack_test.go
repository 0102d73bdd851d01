package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// The reporting and export surfaces attacked as an outsider would (docs/web.md,
// "Attacked as an outsider: reports, figures and exports"): each test keeps a finding.

// TestKPIHostileYear: a year the pages cannot mean is a 422 naming it, never a 500. A
// year past PostgreSQL's timestamps or int4 (/kpis?year=300000, 99999999999) used to
// reach the database and answer 500 there.
func TestKPIHostileYear(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			for _, tc := range []struct {
				path string
				code int
			}{
				{"/kpis?year=2027", http.StatusOK},
				{"/kpis", http.StatusOK},
				{"/kpis?year=300000", http.StatusUnprocessableEntity},
				{"/kpis?year=99999999999", http.StatusUnprocessableEntity},
				{"/kpis?year=9223372036854775807", http.StatusUnprocessableEntity},
				{"/kpis?year=-5", http.StatusUnprocessableEntity},
				{"/kpis?year=20x7", http.StatusUnprocessableEntity},
				{"/kpis/companies?year=2027", http.StatusOK},
				{"/kpis/companies?year=300000", http.StatusUnprocessableEntity},
				{"/kpis/companies?year=9223372036854775807", http.StatusUnprocessableEntity},
				{"/api/v1/kpis?year=300000", http.StatusUnprocessableEntity},
			} {
				res, body := bob.do("GET", tc.path, "", "", tc.path[:5] == "/api/")
				if res.StatusCode != tc.code {
					t.Errorf("%s: %d, want %d\n%.300s", tc.path, res.StatusCode, tc.code, body)
				}
			}
		})
	}
}

// TestAgreementExportHostileYear: an export filtered by a year no agreement can have is
// an export of nothing, as the list shows nothing. Past int4 it reached PostgreSQL and
// answered 500 (the list, which filters in Go, did not).
func TestAgreementExportHostileYear(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			for _, f := range []string{"json", "xlsx", "csv"} {
				for _, y := range []string{"99999999999", "-99999999999", "300000"} {
					path := "/agreements/export?format=" + f + "&year=" + y
					res, body := bob.get(path)
					if res.StatusCode != http.StatusOK || strings.Contains(body, w.agrShr.Title) {
						t.Errorf("%s: %d, want 200 and no agreement\n%.200q", path, res.StatusCode, body)
					}
				}
			}
			if res, _ := bob.get("/agreements?year=99999999999"); res.StatusCode != http.StatusOK {
				t.Errorf("the list: %d", res.StatusCode)
			}
		})
	}
}

// TestDashboardHidesAccountEntries: the users page and the audit log are the managers';
// the dashboard's recent changes, which every reader sees, showed their entries too: who
// was invited (the address, the role), whose role changed, who got a reset link. A
// member or a viewer now reads the changes of records only; a manager reads all.
func TestDashboardHidesAccountEntries(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			const invited = "newbie-invited@example.org"
			coord := w.client(t, "coord")
			res, _ := coord.do("POST", "/invitations", formType, form("email", invited, "role", "member", "member_id", itoa(w.beta.ID)), false)
			if res.StatusCode >= 400 {
				t.Fatalf("invite: %d", res.StatusCode)
			}
			if _, body := coord.get("/"); !strings.Contains(body, invited) {
				t.Error("the coordinator's dashboard lacks the invitation")
			}
			for _, u := range []string{"bob", "viewer", "alice"} {
				_, body := w.client(t, u).get("/")
				recent := between(body, `class="plain audit"`, "</ul>")
				if recent == "" {
					t.Fatalf("%s: no recent changes", u)
				}
				for _, s := range []string{invited, "viewer@example.org", "coord@example.org"} {
					if strings.Contains(recent, s) {
						t.Errorf("%s's dashboard shows %q: %s", u, s, recent)
					}
				}
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestKPIOrganizationNotFound: another member's private organisation, or an id that
// names none, has no figures: 404 on the page, its list and the API alike, as on every
// route (its figures used to tell that it exists).
func TestKPIOrganizationNotFound(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			for _, u := range []string{"bob", "viewer", "coord"} {
				c := w.client(t, u)
				for _, id := range []int64{w.private.ID, 999999} {
					for _, path := range []string{"/kpis?organization_id=", "/kpis/companies?organization_id=", "/api/v1/kpis?organization_id="} {
						res, _ := c.do("GET", path+itoa(id), "", "", strings.HasPrefix(path, "/api/"))
						if res.StatusCode != http.StatusNotFound {
							t.Errorf("%s %s%d: %d, want 404", u, path, id, res.StatusCode)
						}
					}
				}
			}
			alice := w.client(t, "alice")
			if res, _ := alice.get("/kpis?organization_id=" + itoa(w.private.ID)); res.StatusCode != http.StatusOK {
				t.Errorf("alice, her member's private organisation: %d", res.StatusCode)
			}
		})
	}
}

// TestDashboardPlurals: the dashboard's counts take the language's plural: a French
// reader read "1 personnes" on a card and "et 1 autres" after a run of two changes.
func TestDashboardPlurals(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	// Bob's newest changes are a run of two organisations created, and he sees one person.
	for _, name := range []string{"Run One Org", "Run Two Org"} {
		must(t, store.NewOrganizationService(w.db).CreateOrganization(sys, &passerelle.Organization{Name: name, Kind: passerelle.KindCompany}))
	}
	for _, tc := range []struct {
		lang       string
		has, hasnt []string
	}{
		{"fr", []string{"</span> personne</a>", "et 1 autre</span>", "</span> organisations</a>"}, []string{"personnes</a>", "autres</span>"}},
		{"en", []string{"</span> person</a>", "and 1 more of them</span>", "</span> organisations</a>"}, []string{"people</a>"}},
	} {
		bob := w.client(t, "bob")
		bob.do("POST", "/lang", formType, form("lang", tc.lang), false)
		_, body := bob.get("/")
		for _, s := range tc.has {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the dashboard lacks %q", tc.lang, s)
			}
		}
		for _, s := range tc.hasnt {
			if strings.Contains(body, s) {
				t.Errorf("%s: the dashboard shows %q", tc.lang, s)
			}
		}
	}
}

// TestKPICompaniesInFrench: the list behind "companies met abroad" names countries in
// the reader's language and, empty, says that no company was met; it showed the codes
// ("DK") and "No change recorded", the history's words, in both languages.
func TestKPICompaniesInFrench(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	bob := w.client(t, "bob")
	bob.do("POST", "/lang", formType, form("lang", "fr"), false)
	_, body := bob.get("/kpis/companies")
	if list := between(body, `id="companies-met"`, "</table>"); !strings.Contains(list, "Aucune entreprise") || strings.Contains(list, "modification") {
		t.Errorf("the empty list: %s", list)
	}
	m, err := store.NewMeetingService(w.db).FindMeetingByID(sys, w.meetShr.ID)
	must(t, err)
	m.Status = passerelle.MeetingHeld
	must(t, store.NewMeetingService(w.db).UpdateMeeting(sys, m))
	_, body = bob.get("/kpis/companies")
	if list := between(body, `id="companies-met"`, "</table>"); !strings.Contains(list, "<td>Danemark</td>") || strings.Contains(list, ">DK<") {
		t.Errorf("the list: %s", list)
	}
}

// TestAuditShowsNoRawAction: the log names every action; "not a duplicate" showed as
// "audit.action.not_duplicate" (also a job cancelled, a mission's programme planned).
func TestAuditShowsNoRawAction(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	must(t, store.NewOrganizationService(w.db).MarkNotDuplicate(sys, w.shared.ID, w.shared2.ID))
	_, err := store.NewJobService(w.db).CancelJob(sys, w.jobShr.ID)
	must(t, err)
	for _, lang := range []string{"en", "fr"} {
		coord := w.client(t, "coord")
		coord.do("POST", "/lang", formType, form("lang", lang), false)
		for _, path := range []string{"/audit", "/"} {
			if _, body := coord.get(path); strings.Contains(body, "audit.action.") {
				t.Errorf("%s %s shows a raw key: %s", lang, path, between(body, "audit.action.", "<"))
			}
		}
	}
}
