package interchange

import (
	"strings"
	"testing"

	"passerelle"
)

func TestRORToItem(t *testing.T) {
	lat, lng := 43.6, 1.44
	for _, tc := range []struct {
		name  string
		types []string
		kind  passerelle.OrgKind
	}{
		{"university", []string{"education", "funder"}, passerelle.KindUniversity},
		{"hospital", []string{"healthcare"}, passerelle.KindHospital},
		{"lab", []string{"facility"}, passerelle.KindResearchInstitute},
		{"firm", []string{"company"}, passerelle.KindCompany},
		{"ministry", []string{"government", "funder"}, passerelle.KindGovernment},
		{"foundation", []string{"funder"}, passerelle.KindOther},
		{"none", nil, passerelle.KindOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := RORRecord{
				ID: "https://ror.org/02feahw73", Types: tc.types, Country: "FR", City: "Toulouse", Lat: &lat, Lng: &lng,
				Names: []RORName{
					{Value: "Université de Toulouse", Lang: "fr", Types: []string{"ror_display", "label"}},
					{Value: "University of Toulouse", Lang: "en", Types: []string{"label"}},
					{Value: "UT", Types: []string{"acronym"}},
					{Value: "Toulouse University", Types: []string{"alias"}},
				},
				Websites: []string{"https://www.univ-toulouse.fr"},
				Relationships: []RORRelationship{
					{Type: "parent", ID: "https://ror.org/0abcdef12", Label: "Parent"},
					{Type: "successor", ID: "https://ror.org/0abcdef34"},
					{Type: "unknown-kind", ID: "https://ror.org/0abcdef56"},
				},
			}
			it := RORToItem(rec, 7)
			o := it.Organization
			if o.Kind != tc.kind || o.Name != "Université de Toulouse" || it.Line != 7 {
				t.Errorf("kind %s name %q line %d", o.Kind, o.Name, it.Line)
			}
			if len(o.Names) != 1 || o.Names[0] != (passerelle.LocalizedName{Lang: "en", Value: "University of Toulouse"}) {
				t.Errorf("names %v", o.Names)
			}
			if strings.Join(o.Acronyms, ",") != "UT" || strings.Join(o.Aliases, ",") != "Toulouse University" || o.Website != "https://www.univ-toulouse.fr" {
				t.Errorf("acronyms %v aliases %v website %q", o.Acronyms, o.Aliases, o.Website)
			}
			if len(it.Links) != 2 || it.Links[0].Kind != passerelle.LinkParent || it.Links[1].Kind != passerelle.LinkSuccessor {
				t.Errorf("links %+v", it.Links)
			}
			if err := o.Validate(); err != nil {
				t.Errorf("mapped organisation does not validate: %v", err)
			}
		})
	}
}

func TestRORItemsReportsLineAndField(t *testing.T) {
	in := `{"id":"https://ror.org/02feahw73","names":[{"value":"A","types":["ror_display"]}]}
{"id": "https://ror.org/0bad", "names": [
{"id":"https://ror.org/0abcdef12","names":[{"value":"B","types":["ror_display"]}]}
`
	var lines []int
	var errs []string
	for it, err := range RORItems(strings.NewReader(in)) {
		if err != nil {
			lines = append(lines, it.Line)
			errs = append(errs, err.Error())
			continue
		}
		lines = append(lines, it.Line)
	}
	if len(lines) != 3 || lines[1] != 2 || !strings.Contains(errs[0], "names") {
		t.Errorf("lines %v errors %v", lines, errs)
	}
}
