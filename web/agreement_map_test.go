package web_test

import (
	"strings"
	"testing"
)

// TestAgreementListOrder (issue 20): the results come before the facets and the map, and
// the map has its text alternative, a table of the countries with their counts, and a
// legend swatch for countries without agreements.
func TestAgreementListOrder(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			_, body := w.client(t, "bob").get("/agreements")
			table, facets, m := strings.Index(body, `id="agr-table"`), strings.Index(body, `id="facets"`), strings.Index(body, `id="map"`)
			if table < 0 || facets < table || m < facets {
				t.Errorf("order: table %d, facets %d, map %d", table, facets, m)
			}
			if !strings.Contains(body, `id="map-table"`) || !strings.Contains(body, "Second Shared Org") && !strings.Contains(body, "<td class=\"num\">1</td>") {
				t.Errorf("the map has no table of its countries")
			}
			if !strings.Contains(body, ">no agreement</text>") {
				t.Errorf("the legend lacks the no-data swatch")
			}
		})
	}
}

// TestAgreementSummaryFirst: an agreement's page opens with its partners, status and
// total, before the long facts and texts.
func TestAgreementSummaryFirst(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	_, body := w.client(t, "bob").get("/agreements/" + id(w.agrShr.ID))
	s, f := strings.Index(body, `id="agr-summary"`), strings.Index(body, `id="agr-facts"`)
	if s < 0 || f < s || !strings.Contains(body[s:f], "Second Shared Org") {
		t.Errorf("summary at %d, facts at %d", s, f)
	}
}
