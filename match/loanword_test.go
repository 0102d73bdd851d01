package match

import (
	"fmt"
	"testing"
)

func TestSameLoanword(t *testing.T) {
	for _, c := range []struct {
		kana  string
		latin []string
		want  bool
	}{
		{"torakkusu", []string{"trucks"}, true},
		{"bareboru", []string{"volleyball"}, true},
		{"rezatekku", []string{"lasertec"}, true},
		{"pafomansu", []string{"performance"}, true},
		{"materiaruzu", []string{"materials"}, true},
		{"dejitaru", []string{"digital"}, true},
		{"toransupoto", []string{"transport"}, true},
		{"hosupitaru", []string{"hospital"}, true},
		{"enjiniaringushisutemu", []string{"engineering", "system"}, true},
		{"nyukuriasaiensu", []string{"nuclear", "science"}, true},
		{"torakku", []string{"trucking"}, false}, // another word
		{"rabo", []string{"lab"}, false},         // two consonants say too little
		{"gomu", []string{"rubber"}, false},
		{"torakkusu", []string{"tracks", "x1"}, false}, // not a Latin word
	} {
		if got := sameLoanword(c.kana, c.latin...); got != c.want {
			t.Errorf("sameLoanword(%q, %q) = %v (%s, %s)", c.kana, c.latin, got, kanaSkeleton(c.kana), loanSkeleton(c.latin[0]))
		}
	}
}

// TestMatchLoanwords: a label in katakana finds the English name it borrows, among
// records that share its other words, and does not where only kana words agree.
func TestMatchLoanwords(t *testing.T) {
	ix := NewIndex()
	for i := int64(1); i <= 60; i++ {
		ix.Add(&Record{ID: 100 + i, Name: fmt.Sprintf("Japan Association %d", i), Country: "JP"})
	}
	ix.Add(&Record{ID: 1, Name: "Japan Volleyball Association", Country: "JP", City: "Tokyo"})
	ix.Add(&Record{ID: 2, Name: "UD Trucks Corporation (Japan)", Country: "JP", City: "Ageo"})
	ix.Add(&Record{ID: 3, Name: "Japan Trucking Association", Country: "JP", City: "Tokyo"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "公益財団法人日本バレーボール協会", Country: "JP", City: "Tokyo"}, Same, 1},
		{Query{Name: "UDトラックス株式会社", Country: "JP", City: "Ageo"}, Same, 2},
		{Query{Name: "Japan Volleybal Association", Country: "JP", City: "Tokyo"}, Same, 1},
		{Query{Name: "バスケットボール協会", Country: "JP", City: "Osaka"}, New, 0}, // basketball
	})
}
