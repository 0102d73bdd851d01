package web_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"passerelle"
	"passerelle/store"
)

// BenchmarkOrganizationListPage measures what one search page costs the server, through
// HTTP on loopback, signed in: 60 matching organisations, the first 50 shown. The
// figures in docs/benchmarks.md (Web) compare template changes with it.
func BenchmarkOrganizationListPage(b *testing.B) {
	db := testDBs(b)["sqlite"]
	w := newWorld(b, db)
	sys := passerelle.NewContextWithActor(b.Context(), passerelle.SystemActor(w.ws.ID))
	orgs := store.NewOrganizationService(db)
	kinds := []passerelle.OrgKind{passerelle.KindCompany, passerelle.KindUniversity, passerelle.KindCluster}
	countries := []string{"FR", "DK", "JP", "AR"}
	for i := 0; i < 60; i++ {
		must(b, orgs.CreateOrganization(sys, &passerelle.Organization{Name: fmt.Sprintf("Benchmark Organisation %d", i),
			Acronyms: []string{fmt.Sprintf("BO%d", i)}, Kind: kinds[i%3], Country: countries[i%4], City: "Lyon"}))
	}
	for _, tc := range []struct{ name, path, hx string }{
		{"page", "/organizations?q=benchmark", ""},
		{"fragment", "/organizations?q=benchmark", "results"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := w.client(b, "alice")
			for b.Loop() {
				req, _ := http.NewRequest("GET", c.base+tc.path, nil)
				if tc.hx != "" { // what htmx sends for the live search
					req.Header.Set("HX-Request", "true")
					req.Header.Set("HX-Target", tc.hx)
				}
				res, err := c.http.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || n < 5000 {
					b.Fatalf("status %d, %d bytes", res.StatusCode, n)
				}
			}
		})
	}
}

// BenchmarkPipelineBoardPage measures the opportunity board with 200 cards, each naming
// two organisations and dating a meeting: the cards read their links (at most 300
// records a board), which a board that showed numbers did not.
func BenchmarkPipelineBoardPage(b *testing.B) {
	db := testDBs(b)["sqlite"]
	w := newWorld(b, db)
	sys := passerelle.NewContextWithActor(b.Context(), passerelle.SystemActor(w.ws.ID))
	orgs := store.NewOrganizationService(db)
	pipe := store.NewPipelineService(db)
	var ids []int64
	for i := 0; i < 100; i++ {
		o := &passerelle.Organization{Name: fmt.Sprintf("Board Partner %d", i), Kind: passerelle.KindCompany, Country: "DK"}
		must(b, orgs.CreateOrganization(sys, o))
		ids = append(ids, o.ID)
	}
	for i := 0; i < 200; i++ {
		must(b, pipe.CreateOpportunity(sys, &passerelle.Opportunity{Title: fmt.Sprintf("Board lead %d", i), MemberID: w.beta.ID,
			OrganizationIDs: []int64{ids[i%100], ids[(i+1)%100]}, MeetingIDs: []int64{w.meetShr.ID}}))
	}
	c := w.client(b, "bob")
	for b.Loop() {
		res, err := c.http.Get(c.base + "/pipeline")
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || n < 50000 {
			b.Fatalf("status %d, %d bytes", res.StatusCode, n)
		}
	}
}
