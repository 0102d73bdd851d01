package interchange

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"passerelle"
)

func TestRORReaderValidation(t *testing.T) {
	base := rorMin("000000001", "A")
	tests := []struct {
		name string
		rec  string
		want string
	}{
		{"missing id", `{"names": [{"value": "A"}]}`, "line 1: id: missing"},
		{"bad id", strings.Replace(base, "https://ror.org/000000001", "https://ror.org/0001", 1), `line 1: id: "https://ror.org/0001" is not a ROR id (https://ror.org/ followed by 9 characters)`},
		{"id not string", `{"id": 12, "names": [{"value": "A"}]}`, "line 1: id: expected a string"},
		{"no names", `{"id": "https://ror.org/000000001", "admin": {}, "names": []}`, "line 1: names: missing"},
		{"empty name", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}, {"value": " "}]}`, "line 1: names[1].value: missing"},
		{"names not array", `{"id": "https://ror.org/000000001", "names": "A"}`, "line 1: names: expected an array"},
		{"lat not number", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}], "locations": [{"geonames_details": {"lat": "45.1", "lng": 5}}]}`,
			"line 1: locations[0].geonames_details.lat: expected a number"},
		{"lat out of range", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}], "locations": [{"geonames_details": {"lat": 91, "lng": 5}}]}`,
			"line 1: locations[0].geonames_details.lat: 91 out of range [-90, 90]"},
		{"lng out of range second location", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}], "locations": [{"geonames_details": {"lat": 1, "lng": 5}}, {"geonames_details": {"lat": 1, "lng": -180.5}}]}`,
			"line 1: locations[1].geonames_details.lng: -180.5 out of range [-180, 180]"},
		{"lat overflow", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}], "locations": [{"geonames_details": {"lat": 1e999}}]}`,
			"line 1: locations[0].geonames_details.lat: number out of range"},
		{"bad country", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}], "locations": [{"geonames_details": {"country_code": "FRA"}}]}`,
			`line 1: locations[0].geonames_details.country_code: "FRA" is not a 2-letter country code`},
		{"established float", `{"id": "https://ror.org/000000001", "names": [{"value": "A"}], "established": 1999.5}`, "line 1: established: expected an integer"},
		{"name types not strings", `{"id": "https://ror.org/000000001", "names": [{"value": "A", "types": [1]}]}`, "line 1: names[0].types[0]: expected a string"},
		{"v1", rorV1, "line 1: ROR schema v1 record is not supported; schema v2 is expected"},
		{"v1 minimal", `{"id": "https://ror.org/000000001", "name": "A"}`, "line 1: ROR schema v1 record is not supported; schema v2 is expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range []string{tt.rec, "[" + tt.rec + "]"} {
				_, err := NewRORReader(strings.NewReader(in)).Next()
				if err == nil || err.Error() != tt.want {
					t.Errorf("input %.20q: got %v, want %s", in, err, tt.want)
				}
			}
		})
	}
	_, err := NewRORReader(strings.NewReader(rorV1)).Next()
	if !errors.Is(err, ErrRORSchemaV1) {
		t.Errorf("v1 error %v does not wrap ErrRORSchemaV1", err)
	}
	_, err = NewRORReader(strings.NewReader(`{"names": [{"value": "A"}]}`)).Next()
	if !errors.Is(err, ErrRORMissing) {
		t.Errorf("missing id error %v does not wrap ErrRORMissing", err)
	}
}

func TestRORRecordFields(t *testing.T) {
	rec, err := NewRORReader(strings.NewReader(rorFull)).Next()
	if err != nil {
		t.Fatal(err)
	}
	lat, lng := 45.17869, 5.71479
	want := RORRecord{
		ID: "https://ror.org/000063q30",
		Names: []RORName{
			{Value: "TIMA", Types: []string{"acronym"}},
			{Value: "TIMA Laboratory", Lang: "en", Types: []string{"alias"}},
			{Value: "Techniques de l'Informatique", Lang: "fr", Types: []string{"label"}},
			{Value: "Techniques of Informatics", Lang: "en", Types: []string{"ror_display", "label"}},
		},
		Types:       []string{"facility", "education"},
		Status:      "active",
		Established: 2003,
		Websites:    []string{"https://tima.example.fr"},
		Wikipedia:   "https://fr.wikipedia.org/wiki/TIMA",
		Country:     "FR",
		City:        "Grenoble",
		Lat:         &lat,
		Lng:         &lng,
		ExternalIDs: map[string][]string{
			"grid":     {"grid.464092.d"},
			"isni":     {"0000 0001 2222 3333", "0000 0004 0383 0608"},
			"wikidata": {"Q30262448"},
		},
		Relationships: []RORRelationship{
			{Type: "parent", ID: "https://ror.org/02rx3b187", Label: "Université Grenoble Alpes"},
			{Type: "predecessor", ID: "https://ror.org/0abcdef12", Label: "Old Lab"},
		},
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("got  %+v\nwant %+v", rec, want)
	}
	if got := rec.DisplayName(); got != "Techniques of Informatics" {
		t.Errorf("DisplayName = %q", got)
	}
	if got := rec.Acronyms(); !reflect.DeepEqual(got, []string{"TIMA"}) {
		t.Errorf("Acronyms = %q", got)
	}
	if got := rec.Aliases(); !reflect.DeepEqual(got, []string{"TIMA Laboratory"}) {
		t.Errorf("Aliases = %q", got)
	}
	wantLabels := []RORName{want.Names[2], want.Names[3]}
	if got := rec.Labels(); !reflect.DeepEqual(got, wantLabels) {
		t.Errorf("Labels = %+v", got)
	}
}

func TestRORDisplayNameFallback(t *testing.T) {
	tests := []struct {
		names []RORName
		want  string
	}{
		{nil, ""},
		{[]RORName{{Value: "X", Types: []string{"acronym"}}}, "X"},
		{[]RORName{{Value: "X", Types: []string{"acronym"}}, {Value: "L", Types: []string{"label"}}}, "L"},
		{[]RORName{{Value: "L", Types: []string{"label"}}, {Value: "D", Types: []string{"ror_display"}}}, "D"},
	}
	for _, tt := range tests {
		if got := (RORRecord{Names: tt.names}).DisplayName(); got != tt.want {
			t.Errorf("DisplayName(%v) = %q, want %q", tt.names, got, tt.want)
		}
	}
}

func TestRORReaderNullsAndDefaults(t *testing.T) {
	in := `{"id": "https://ror.org/000000001", "names": [{"value": "A", "lang": null, "types": null}], "established": null, "locations": [{"geonames_details": {"country_code": null, "lat": null, "lng": null, "name": null}}], "external_ids": [{"type": "fundref", "all": [], "preferred": "501100"}], "links": null}`
	rec, err := NewRORReader(strings.NewReader(in)).Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Established != 0 || rec.Lat != nil || rec.Lng != nil || rec.Country != "" || rec.Websites != nil {
		t.Errorf("unexpected defaults: %+v", rec)
	}
	if !reflect.DeepEqual(rec.ExternalIDs, map[string][]string{"fundref": {"501100"}}) {
		t.Errorf("ExternalIDs = %v", rec.ExternalIDs)
	}
}

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
