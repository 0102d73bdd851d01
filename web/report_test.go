package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/store"
)

// TestReportPage: each reader gets the report its role allows, with what it may see:
// Alice's private agreement in her own report only, Bob refused Alpha's, the
// coordinator's network view without Alpha's private records; the downloads are a PDF
// and a workbook; the page's inline style is allowed by its hash alone.
func TestReportPage(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			agrs := store.NewAgreementService(db)
			const private, shared = "Alpha Private Accord 2027", "Beta Shared Accord 2027"
			must(t, agrs.CreateAgreement(sys, &passerelle.Agreement{Title: private, SignedYear: 2027, Visibility: passerelle.VisibilityPrivate,
				OwnerMemberID: w.alpha.ID, Partners: []passerelle.AgreementPartner{{OrganizationID: w.private.ID, Side: passerelle.SideForeign}}}))
			must(t, agrs.CreateAgreement(sys, &passerelle.Agreement{Title: shared, SignedYear: 2027, OwnerMemberID: w.beta.ID,
				Partners: []passerelle.AgreementPartner{{OrganizationID: w.shared2.ID, Side: passerelle.SideForeign}}}))

			for _, tc := range []struct {
				user, path string
				code       int
				has, not   []string
			}{
				{"alice", "/reports/2027", 200, []string{private, "Institut Alpha", "International report 2027"}, []string{shared}},
				// Beta is no partner of the shared agreement (a shared record has no owner): not in its report.
				{"bob", "/reports/2027", 200, []string{"Institut Beta"}, []string{private, shared}},
				{"bob", "/reports/2027?member=institut-alpha", 403, nil, []string{private}},
				{"viewer", "/reports/2027", 200, []string{"Institut Beta"}, []string{private}},
				{"coord", "/reports/2027", 200, []string{shared, "Institut Alpha"}, []string{private}},
				{"coord", "/reports/2027?member=institut-alpha", 200, nil, []string{private, shared}},
				{"alice", "/reports/20x7", 404, nil, nil},
				{"alice", "/reports/2027?format=doc", 404, nil, nil},
			} {
				res, body := w.client(t, tc.user).get(tc.path)
				if res.StatusCode != tc.code {
					t.Errorf("%s %s: %d, want %d", tc.user, tc.path, res.StatusCode, tc.code)
				}
				for _, s := range tc.has {
					if !strings.Contains(body, s) {
						t.Errorf("%s %s: page lacks %q", tc.user, tc.path, s)
					}
				}
				for _, s := range tc.not {
					if strings.Contains(body, s) {
						t.Errorf("%s %s: page shows %q", tc.user, tc.path, s)
					}
				}
				if tc.code == 200 {
					// The browser allows the inline style sheet only if its hash is the one sent.
					csp := res.Header.Get("Content-Security-Policy")
					_, css, _ := strings.Cut(body, "<style>")
					css, _, _ = strings.Cut(css, "</style>")
					sum := sha256.Sum256([]byte(css))
					if !strings.Contains(csp, "style-src 'self' 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") ||
						strings.Contains(csp, "unsafe-inline") || strings.Count(body, "<style") != 1 || strings.Contains(body, " style=") {
						t.Errorf("%s %s: CSP %q does not allow the page's one style sheet", tc.user, tc.path, csp)
					}
				}
			}

			alice := w.client(t, "alice")
			if res, _ := alice.get("/reports"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/reports/20") {
				t.Errorf("/reports: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if res, _ := alice.get("/reports/2026?year=2027&member=institut-alpha"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/reports/2027?member=institut-alpha" {
				t.Errorf("the form's year: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			res, body := alice.get("/reports/2027?format=pdf")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-1.4") ||
				!strings.Contains(body, "("+private+")") || strings.Contains(body, shared) {
				t.Errorf("PDF download: %d %s %.20q", res.StatusCode, res.Header.Get("Content-Type"), body)
			}
			res, body = alice.get("/reports/2027?format=xlsx")
			wb, err := excelize.OpenReader(strings.NewReader(body))
			if res.StatusCode != 200 || err != nil {
				t.Fatalf("XLSX download: %d %v", res.StatusCode, err)
			}
			rows, _ := wb.GetRows(wb.GetSheetList()[4])
			if len(rows) != 2 || rows[1][1] != private {
				t.Errorf("XLSX agreements: %q", rows)
			}
		})
	}
}

// TestReportYears: the report's year list goes back to the oldest meeting the reader may
// see, mission or event; it stopped at ten years, which left a network's older missions
// out of reach but by the address. Another member's private meeting does not move it.
func TestReportYears(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	meetings := store.NewMeetingService(w.db)
	old := time.Date(2003, 5, 6, 9, 0, 0, 0, time.UTC)
	must(t, meetings.CreateMeeting(sys, &passerelle.Meeting{Title: "Old shared meeting", Start: old, End: old.Add(time.Hour), TimeZone: "UTC"}))
	older := time.Date(1998, 5, 6, 9, 0, 0, 0, time.UTC)
	must(t, meetings.CreateMeeting(sys, &passerelle.Meeting{Title: "Older private meeting", Start: older, End: older.Add(time.Hour), TimeZone: "UTC",
		Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}))
	for _, tc := range []struct {
		user       string
		has, hasnt string
	}{
		{"bob", `<option value="2003">`, `<option value="2002">`},
		{"alice", `<option value="1998">`, `<option value="1997">`},
	} {
		_, body := w.client(t, tc.user).get("/reports/2026")
		if !strings.Contains(body, tc.has) || strings.Contains(body, tc.hasnt) {
			t.Errorf("%s: the year list should go back to %s and no further:\n%s", tc.user, tc.has, between(body, `id="report-year"`, "</select>"))
		}
	}
}
