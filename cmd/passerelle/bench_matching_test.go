package main

import (
	"testing"

	"passerelle/interchange"
)

func TestNonLatin(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"東京大学", true},
		{"Πανεπιστήμιο Θεσσαλίας", true},
		{"Tōkyō Daigaku", false},
		{"CNRS 123", false},
		{"IHU 東京", false}, // three letters against two characters
		{"東京大学 IHU", true},
		{"IHU Tokyo 東京", false},
		{"", false},
	} {
		if got := nonLatin(c.s); got != c.want {
			t.Errorf("nonLatin(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// The cross-script negatives: only a non-Latin label, of an organisation outside the
// base, that shares two words with a base organisation of its country.
func TestScriptNegatives(t *testing.T) {
	rec := func(id, country, display string, labels ...string) interchange.RORRecord {
		r := interchange.RORRecord{ID: id, Country: country, Websites: []string{"https://" + id + ".example/"},
			Names: []interchange.RORName{{Value: display, Types: []string{"ror_display"}}}}
		for _, l := range labels {
			r.Names = append(r.Names, interchange.RORName{Value: l, Types: []string{"label"}})
		}
		return r
	}
	base := []baseRow{{ror: "in-base", name: "Tokyo Medical Association", country: "JP"}}
	recs := []interchange.RORRecord{
		rec("in-base", "JP", "Tokyo Medical Association", "東京都医師会"),
		rec("latin-label", "JP", "Japan Medical Association of Surgeons", "Association médicale du Japon"),
		rec("one-word", "JP", "Japan Dental Association", "日本歯科協会"),
		rec("other-country", "CN", "Chinese Medical Association", "中华医学会"),
		rec("kept", "JP", "Japan Society for Oriental Medicine", "Nihon Toyo Igakkai", "一般社団法人日本東洋医学会"),
	}
	got := scriptNegatives(recs, base, 10, false)
	if len(got) != 1 || got[0].name != "一般社団法人日本東洋医学会" || got[0].kind != "negative" || got[0].truth != "" ||
		got[0].source != "Tokyo Medical Association" || got[0].website != "" {
		t.Fatalf("scriptNegatives = %+v, want the one Japanese label of the organisation outside the base", got)
	}
	if got := scriptNegatives(recs, base, 10, true); len(got) != 1 || got[0].website != "https://kept.example/" {
		t.Errorf("with every website: %+v", got)
	}
	if got := scriptNegatives(recs, base, 0, false); len(got) != 0 {
		t.Errorf("n = 0: %+v", got)
	}
}
