package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestProjectForms: from a won opportunity a member records its contract in the page
// form (amounts per year, client by name), the figures count it, and it is edited; bad
// input names its field and saves nothing; a save based on an older version is refused
// with the conflict shown; another member may not change it, nor read Alpha's private
// contract; a viewer may not write; an EU project takes its organisations and shares.
func TestProjectForms(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob, alice := w.client(t, "bob"), w.client(t, "alice")
			svc := store.NewPipelineService(db)
			sys := passerelle.NewContextWithActor(t.Context(), passerelle.SystemActor(w.ws.ID))
			count := func() int {
				_, n, err := svc.FindProjects(sys, passerelle.ProjectFilter{Limit: 1000})
				must(t, err)
				return n
			}
			kpi := func(year int) int64 {
				res, b := bob.do("GET", fmt.Sprintf("/api/v1/kpis?year=%d", year), "", "", true)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("kpis: %d %s", res.StatusCode, b)
				}
				var k struct {
					RD int64 `json:"rd_contracts_foreign_cents"`
				}
				must(t, json.Unmarshal([]byte(b), &k))
				return k.RD
			}

			// The board offers the contract on a won card, and the form is filled from it.
			oid := fmt.Sprint(w.oppShr.ID)
			res, _ := bob.do("POST", "/pipeline/"+oid+"/stage", formType, form("stage", "won"), false)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("move to won: %d", res.StatusCode)
			}
			if _, b := bob.get("/pipeline"); !strings.Contains(b, `href="/projects/new?opportunity=`+oid+`"`) {
				t.Error("the won card offers no contract")
			}
			if res, b := bob.get("/projects/new?opportunity=" + oid); res.StatusCode != http.StatusOK || !strings.Contains(b, `value="Shared Visible Lead"`) ||
				!strings.Contains(b, `value="`+sharedOrgName+`"`) {
				t.Fatalf("form from the opportunity: %d", res.StatusCode)
			}
			if res, _ := bob.get("/projects/new?opportunity=" + fmt.Sprint(w.oppPriv.ID)); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob fills a form from alice's private opportunity: %d", res.StatusCode)
			}

			n0, rd0 := count(), kpi(2027)
			post := func(c *client, path string, kv ...string) (*http.Response, string) {
				return c.do("POST", path, formType, formLast(kv...), false)
			}
			contract := func(kv ...string) []string {
				return append([]string{"kind", "rd_contract", "title", "Danish imaging contract", "client", sharedOrgName,
					"amounts[0].year", "2027", "amounts[0].amount", "120 000,50", "amounts[1].year", "2028", "amounts[1].amount", "30000",
					"opportunity_id", oid, "currency", "EUR", "rate", "1", "visibility", "shared"}, kv...)
			}
			if res, _ := post(w.client(t, "viewer"), "/projects", contract()...); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer: %d", res.StatusCode)
			}
			for _, tc := range []struct {
				kv   []string
				want string // in the page
			}{
				{[]string{"amounts[0].amount", "a lot"}, "not an amount"},
				{[]string{"amounts[1].year", "next year"}, "a year such as 2013"},
				{[]string{"amounts[1].year", "2027"}, "a year, each once"},
				{[]string{"client", "No Such Company Ltd"}, "no organisation matches"},
				{[]string{"client", ""}, "an R&amp;D contract needs its client"},
				{[]string{"rate", "0.5"}, "amounts in EUR take the rate 1"},
				{[]string{"title", ""}, "required, at most 1,000 characters"},
				{[]string{"opportunity_id", fmt.Sprint(w.oppPriv.ID)}, "a linked record does not exist or is not yours to see"},
			} {
				// Later values win: the bad one replaces the good one.
				kv := contract(tc.kv...)
				res, b := post(bob, "/projects", kv...)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, tc.want) {
					t.Errorf("%v: %d, want 422 with %q", tc.kv, res.StatusCode, tc.want)
				}
				if !strings.Contains(b, `value="Danish imaging contract"`) && tc.kv[0] != "title" {
					t.Errorf("%v: the form lost what was typed", tc.kv)
				}
			}
			if n := count(); n != n0 {
				t.Fatalf("refused forms saved: %d -> %d projects", n0, n)
			}

			res, _ = post(bob, "/projects", contract()...)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d", res.StatusCode)
			}
			ps, _, err := svc.FindProjects(sys, passerelle.ProjectFilter{OrganizationID: w.shared.ID, Kind: passerelle.KindRDContract})
			must(t, err)
			var p *passerelle.Project
			for _, x := range ps {
				if x.Title == "Danish imaging contract" {
					p = x
				}
			}
			if p == nil || p.MemberID != w.beta.ID || p.ClientID != w.shared.ID || p.ClientCountry != "DK" || p.OpportunityID != w.oppShr.ID ||
				len(p.Amounts) != 2 || p.Amounts[0] != (passerelle.ProjectAmount{Year: 2027, AmountCents: 12_000_050, EURCents: 12_000_050}) ||
				p.Amounts[1].AmountCents != 3_000_000 || p.Version != 1 {
				t.Fatalf("saved: %+v", p)
			}
			if rd := kpi(2027); rd != rd0+12_000_050 {
				t.Errorf("R&D contracts abroad in 2027: %d, want %d", rd, rd0+12_000_050)
			}
			entries, err := store.NewAuditService(db).FindAuditEntries(sys, passerelle.AuditFilter{Entity: "project", EntityID: p.ID})
			must(t, err)
			if len(entries) != 1 || entries[0].Action != "create" {
				t.Errorf("audit: %+v", entries)
			}

			// Edit, then a save based on the old version: refused, the conflict shown.
			path := fmt.Sprintf("/projects/%d", p.ID)
			if res, b := bob.get(path + "/edit"); res.StatusCode != http.StatusOK || !strings.Contains(b, `value="120000.50"`) || !strings.Contains(b, `name="version" value="1"`) {
				t.Fatalf("edit form: %d", res.StatusCode)
			}
			if res, _ := post(bob, path, contract("title", "Danish imaging contract, phase 1", "version", "1")...); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("update: %d", res.StatusCode)
			}
			res, b := post(bob, path, contract("title", "Stale title", "version", "1")...)
			if res.StatusCode != http.StatusConflict || !strings.Contains(b, "someone else saved this record") || !strings.Contains(b, `id="stale-conflict"`) ||
				!strings.Contains(b, "Danish imaging contract, phase 1") || !strings.Contains(b, `name="version" value="2"`) {
				t.Errorf("stale save: %d", res.StatusCode)
			}
			if cur, err := svc.FindProjectByID(sys, p.ID); err != nil || cur.Title != "Danish imaging contract, phase 1" || cur.Version != 2 {
				t.Errorf("after the stale save: %+v %v", cur, err)
			}
			if res, _ := post(alice, path, contract("title", "Alpha's now", "version", "2")...); res.StatusCode != http.StatusForbidden {
				t.Errorf("alice changes beta's contract: %d", res.StatusCode)
			}
			if res, _ := post(alice, path+"/delete"); res.StatusCode != http.StatusForbidden {
				t.Errorf("alice deletes beta's contract: %d", res.StatusCode)
			}
			priv := fmt.Sprintf("/projects/%d", w.projPriv.ID)
			for _, req := range [][2]string{{"GET", priv + "/edit"}, {"POST", priv}, {"POST", priv + "/delete"}} {
				body := ""
				if req[0] == "POST" {
					body = formLast(contract("version", "1")...)
				}
				if res, b := bob.do(req[0], req[1], formType, body, false); res.StatusCode != http.StatusNotFound || strings.Contains(b, privateProjTitle) {
					t.Errorf("bob %s %s: %d", req[0], req[1], res.StatusCode)
				}
			}
			if _, b := bob.get("/projects"); strings.Contains(b, privateProjTitle) || !strings.Contains(b, "Danish imaging contract, phase 1") {
				t.Error("bob's project list")
			}
			if _, b := alice.get("/projects"); !strings.Contains(b, privateProjTitle) {
				t.Error("alice's project list lacks her private contract")
			}

			// The API: same validation, 409 with the current record on an old version.
			api := "/api/v1/projects/" + fmt.Sprint(p.ID)
			if res, b := bob.do("PATCH", api, "application/json", `{"version": 1, "title": "old"}`, true); res.StatusCode != http.StatusConflict || !strings.Contains(b, `"current"`) {
				t.Errorf("API stale: %d %s", res.StatusCode, b)
			}
			if res, b := bob.do("PATCH", api, "application/json", `{"amounts": [{"year": 20, "amount_cents": 5}]}`, true); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, `amounts[0].year`) {
				t.Errorf("API bad year: %d %s", res.StatusCode, b)
			}
			if res, b := bob.do("PATCH", api, "application/json", `{"version": 2, "amounts": [{"year": 2029, "amount_cents": 100}]}`, true); res.StatusCode != http.StatusOK || !strings.Contains(b, `"version":3`) {
				t.Errorf("API update: %d %s", res.StatusCode, b)
			}
			if res, _ := bob.do("GET", "/api/v1/projects/"+fmt.Sprint(w.projPriv.ID), "", "", true); res.StatusCode != http.StatusNotFound {
				t.Errorf("API: bob reads alice's private contract: %d", res.StatusCode)
			}
			if res, b := bob.do("GET", "/api/v1/projects?kind=rd_contract", "", "", true); res.StatusCode != http.StatusOK || strings.Contains(b, privateProjTitle) {
				t.Errorf("API list: %d", res.StatusCode)
			}

			// A shared contract with Alpha's private client: others do not read its name.
			if res, b := alice.do("POST", "/api/v1/projects", "application/json", fmt.Sprintf(`{"kind": "rd_contract", "title": "Shared, private client",
				"client_organization_id": %d, "amounts": [{"year": 2027, "amount_cents": 100}]}`, w.private.ID), true); res.StatusCode != http.StatusCreated || !strings.Contains(b, privateOrgName) {
				t.Fatalf("alice's contract with her private client: %d %s", res.StatusCode, b)
			}
			for _, get := range []string{"/api/v1/projects?kind=rd_contract", "/projects"} {
				if _, b := bob.do("GET", get, "", "", strings.HasPrefix(get, "/api")); !strings.Contains(b, "Shared, private client") || strings.Contains(b, privateOrgName) {
					t.Errorf("bob GET %s: the contract missing or its private client named", get)
				}
			}

			// Beta's EU project with Alpha's private organisation in it: Bob's form does not
			// show it, and his save keeps it.
			mixed := &passerelle.Project{Kind: passerelle.KindEUProject, Title: "Mixed consortium", MemberID: w.beta.ID,
				Participations: []passerelle.Participation{{OrganizationID: w.shared.ID, Role: "coordinator", AmountCents: 100},
					{OrganizationID: w.private.ID, Role: "participant", AmountCents: 200}}}
			must(t, svc.CreateProject(sys, mixed))
			mpath := fmt.Sprintf("/projects/%d", mixed.ID)
			if res, b := bob.get(mpath + "/edit"); res.StatusCode != http.StatusOK || strings.Contains(b, privateOrgName) || !strings.Contains(b, sharedOrgName) {
				t.Errorf("bob's form of the mixed consortium: %d", res.StatusCode)
			}
			if res, _ := post(bob, mpath, "kind", "eu_project", "title", "Mixed consortium, renamed", "version", "1", "visibility", "shared",
				"participations[0].organization", sharedOrgName, "participations[0].organization_id", fmt.Sprint(w.shared.ID),
				"participations[0].role", "coordinator", "participations[0].amount", "1"); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("bob saves the mixed consortium: %d", res.StatusCode)
			}
			if cur, err := svc.FindProjectByID(sys, mixed.ID); err != nil || cur.Title != "Mixed consortium, renamed" || len(cur.Participations) != 2 ||
				cur.Participations[1].OrganizationID != w.private.ID || cur.Participations[1].AmountCents != 200 {
				t.Errorf("after bob's save: %+v %v", cur, err)
			}

			// An EU project with its organisations; one bob may not see is refused by line.
			eu := []string{"kind", "eu_project", "title", "IMAGINE", "programme", "Horizon Europe", "role", "coordinator", "start_date", "2027-01-01",
				"amounts[0].year", "2027", "amounts[0].amount", "500000", "participations[0].organization", "Second Shared Org",
				"participations[0].role", "coordinator", "participations[0].amount", "500 000", "participations[1].organization", sharedOrgName,
				"participations[1].role", "participant", "participations[1].amount", "250000", "visibility", "shared"}
			n1 := count()
			if res, b := post(bob, "/projects", append(eu, "participations[1].organization", privateOrgName, "participations[1].organization_id", fmt.Sprint(w.private.ID))...); res.StatusCode != http.StatusUnprocessableEntity ||
				!strings.Contains(b, "no organisation matches") || strings.Contains(b, privateOrgName+" (") {
				t.Errorf("a participant bob may not see: %d", res.StatusCode)
			}
			if n := count(); n != n1 {
				t.Fatalf("a refused EU project saved")
			}
			if res, _ := post(bob, "/projects", eu...); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("EU project: %d", res.StatusCode)
			}
			ps, _, err = svc.FindProjects(sys, passerelle.ProjectFilter{Kind: passerelle.KindEUProject, OrganizationID: w.shared2.ID})
			must(t, err)
			if len(ps) != 1 || ps[0].Role != "coordinator" || len(ps[0].Participations) != 2 || ps[0].Participations[0].AmountCents != 50_000_000 ||
				ps[0].Participations[1].OrganizationID != w.shared.ID {
				t.Errorf("EU project saved: %+v", ps)
			}
			if res, _ := post(bob, fmt.Sprintf("/projects/%d/delete", p.ID)); res.StatusCode != http.StatusSeeOther {
				t.Errorf("delete: %d", res.StatusCode)
			}
			if _, err := svc.FindProjectByID(sys, p.ID); passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
				t.Errorf("deleted project: %v", err)
			}
		})
	}
}

// formLast is form where a later value replaces an earlier one of the same name.
func formLast(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}
