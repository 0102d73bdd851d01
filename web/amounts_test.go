package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestPagesWriteAmounts: every page that shows money writes it as the reader's language
// writes numbers, as the figures page does (the pipeline, an opportunity, the projects,
// a mission's budget and an agreement's funding wrote "1250000 EUR" in both languages),
// in euros or in the record's own currency.
func TestPagesWriteAmounts(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newWorld(t, db)
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	pipe := store.NewPipelineService(db)
	euro := &passerelle.Opportunity{Title: "Euro lead", MemberID: w.beta.ID, ExpectedValueCents: 125_000_000, Currency: "EUR"}
	dollar := &passerelle.Opportunity{Title: "Dollar lead", MemberID: w.beta.ID, ExpectedValueCents: 200_000_050, Currency: "USD"}
	must(t, pipe.CreateOpportunity(sys, euro))
	must(t, pipe.CreateOpportunity(sys, dollar))
	must(t, pipe.CreateProject(sys, &passerelle.Project{Kind: passerelle.KindRDContract, Title: "Dollar contract", MemberID: w.beta.ID,
		ClientID: w.shared2.ID, OpportunityID: dollar.ID, Currency: "USD", Rate: "0.5",
		Amounts: []passerelle.ProjectAmount{{Year: 2027, AmountCents: 300_000_000}}}))
	budget := int64(4_500_000_00)
	must(t, store.NewMissionService(db).CreateMission(sys, &passerelle.Mission{Slug: "kansai", Name: "Kansai mission",
		StartDate: "2027-05-10", EndDate: "2027-05-11", TimeZone: "Asia/Tokyo", MeetingMinutes: 60,
		Members: []passerelle.MissionMember{{MemberID: w.beta.ID}}, BudgetCents: &budget, BudgetCurrency: "JPY"}))
	agr := &passerelle.Agreement{Title: "Funded in dollars", Partners: []passerelle.AgreementPartner{{OrganizationID: w.shared2.ID, Side: passerelle.SideFrench}},
		Funding: []passerelle.FundingLine{{Funder: "Foundation", AmountCents: 6_000_000_00, Currency: "USD", Year: 2027}, {Funder: "Ministère", AmountCents: 7_000_000_25, Year: 2027}}}
	must(t, store.NewAgreementService(db).CreateAgreement(sys, agr))

	for _, tc := range []struct {
		lang string
		want map[string][]string // page -> amounts it writes
	}{
		{"en", map[string][]string{
			"/pipeline?member_id=" + id(w.beta.ID): {"1,250,000 €", "2,000,000.50 USD"},
			"/pipeline/" + id(euro.ID):             {"1,250,000 €"},
			"/pipeline/" + id(dollar.ID):           {"2,000,000.50 USD", "3,000,000 USD", "1,500,000 €"},
			"/projects?member_id=" + id(w.beta.ID): {"3,000,000 USD (1,500,000 €)", "100,000 €"},
			"/missions/kansai":                     {"4,500,000 JPY"},
			"/agreements/" + id(agr.ID):            {"6,000,000 USD", "7,000,000.25 €"},
			"/projects?kind=rd_contract&year=2027": {"3,000,000 USD"},
		}},
		{"fr", map[string][]string{
			"/pipeline?member_id=" + id(w.beta.ID): {"1\u00a0250\u00a0000 €", "2\u00a0000\u00a0000,50 USD"},
			"/pipeline/" + id(euro.ID):             {"1\u00a0250\u00a0000 €"},
			"/pipeline/" + id(dollar.ID):           {"2\u00a0000\u00a0000,50 USD", "3\u00a0000\u00a0000 USD", "1\u00a0500\u00a0000 €"},
			"/projects?member_id=" + id(w.beta.ID): {"3\u00a0000\u00a0000 USD (1\u00a0500\u00a0000 €)", "100\u00a0000 €"},
			"/missions/kansai":                     {"4\u00a0500\u00a0000 JPY"},
			"/agreements/" + id(agr.ID):            {"6\u00a0000\u00a0000 USD", "7\u00a0000\u00a0000,25 €"},
			"/projects?kind=rd_contract&year=2027": {"3\u00a0000\u00a0000 USD"},
		}},
	} {
		c := w.client(t, "coord").lang(tc.lang)
		for path, amounts := range tc.want {
			res, body := c.get(path)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", tc.lang, path, res.StatusCode)
				continue
			}
			text := html.UnescapeString(body)
			for _, a := range amounts {
				if !strings.Contains(text, a) {
					t.Errorf("%s %s does not write %q", tc.lang, path, a)
				}
			}
			// The stored figures, as a program writes them, are no longer on the page, but
			// in a form's fields, which read them back.
			text = valueAttrRE.ReplaceAllString(text, "")
			for _, raw := range []string{"1250000", "2000000.50", "3000000", "1500000", "4500000", "6000000", "7000000.25", " EUR"} {
				if strings.Contains(text, raw) {
					t.Errorf("%s %s writes the raw %q", tc.lang, path, raw)
				}
			}
		}
	}
}

var valueAttrRE = regexp.MustCompile(`value="[^"]*"`)
