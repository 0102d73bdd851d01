package match

import (
	"fmt"
	"testing"
)

// TestMatchCountryNamesAndInitials: a country named in its own language ("Lietuvos") is the
// English adjective ("Lithuanian"); an acronym's record is found among many whose
// initials are two of its letters.
func TestMatchCountryNamesAndInitials(t *testing.T) {
	ix := NewIndex()
	// 120 records whose initials are two of the letters of NuMeA: "nm", "na", "ne", "nu".
	for i := 0; i < 120; i++ {
		ix.Add(&Record{ID: int64(100 + i), Name: fmt.Sprintf("Nantes %c%c%c", "maeu"[i%4], 'a'+i%26, 'a'+i/26), Country: "FR"})
	}
	ix.Add(&Record{ID: 1, Name: "Lithuanian Social Research Centre", Country: "LT", City: "Vilnius"})
	ix.Add(&Record{ID: 2, Name: "Nutrition Metabolism Aquaculture", Country: "FR", City: "Saint-Pée-sur-Nivelle"})
	ix.Add(&Record{ID: 3, Name: "Estonian Academy of Music and Theatre", Country: "EE", City: "Tallinn"})
	ix.Add(&Record{ID: 4, Name: "Centro de Ciência e Tecnologia Têxtil", Country: "PT", City: "Guimarães"})
	ix.Add(&Record{ID: 5, Name: "Universidade do Minho", Country: "PT", City: "Braga"})
	ix.Add(&Record{ID: 6, Name: "Nova Institute", Country: "ZA", City: "Pretoria"})
	ix.Add(&Record{ID: 8, Name: "Chongqing University of Posts and Telecommunications", Country: "CN", City: "Chongqing"})
	ix.Add(&Record{ID: 9, Name: "Huaiyin Institute of Technology", Country: "CN", City: "Huai'an"})
	ix.Add(&Record{ID: 10, Name: "Banana Institute of Technology", Country: "US", City: "Denver"})
	ix.Add(&Record{ID: 11, Name: "Fictional collectivité 00012", Country: "FR"})
	ix.Add(&Record{ID: 12, Name: "Laboratoire Chimie Organique 2", Country: "FR", City: "Paris"})
	ix.Add(&Record{ID: 7, Name: "Nova Institute for Health", Country: "NL", City: "Utrecht"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "Lietuvos Socialinių Tyrimų Centras", Country: "LT", City: "Vilnius"}, Same, 1},
		{Query{Name: "NuMeA", Country: "FR", City: "Saint-Pée-sur-Nivelle"}, Same, 2},
		{Query{Name: "Lietuvos Nacionalinis Muziejus", Country: "LT", City: "Vilnius"}, New, 0}, // only the country in common
		// The name says its country, which the directory's record is of.
		{Query{Name: "Nova Institute, South Africa", Country: "ZA", City: "Pretoria"}, Same, 6},
		{Query{Name: "Nova Institute South Africa", Country: "NL", City: "Utrecht"}, New, 0},
		// A number one digit away is another number; a letter may have a typo.
		{Query{Name: "Fictional collectivité 00021", Country: "FR"}, New, 0},
		{Query{Name: "Fictional colectivité 00012", Country: "FR"}, Same, 11},
		{Query{Name: "Laboratoire Chimie Organique 3", Country: "FR", City: "Paris"}, Ambiguous, 0},
		// Chinese acronyms count one letter a syllable of pinyin.
		{Query{Name: "CQUPT", Country: "CN", City: "Chongqing"}, Same, 8},
		{Query{Name: "HYIT", Country: "CN", City: "Huai'an"}, Same, 9},
		{Query{Name: "BNNIT", Country: "US", City: "Denver"}, New, 0}, // not a Chinese name: Banana is one word
		// A university's unit named after it without a dash: the unit.
		{Query{Name: "Universidade do Minho Centro de Ciência e Tecnologia Têxtil", Country: "PT", City: "Guimarães"}, Same, 4},
		// Two words of the unit's own: not enough to leave the university out.
		{Query{Name: "Universidade do Minho Centro Têxtil", Country: "PT", City: "Braga"}, Ambiguous, 0},
	})
}

// TestMatchHanVariantsAndKorean: a Chinese name in traditional characters is the
// dictionary's word written in simplified ones and the Japanese form; Korean is
// romanised without the Japanese long vowels (서울 is Seoul); a society may be
// translated as an association.
func TestMatchHanVariantsAndKorean(t *testing.T) {
	ix := NewIndex()
	ix.Add(&Record{ID: 1, Name: "International Center for Materials Physics", Country: "CN", City: "Shenyang"})
	ix.Add(&Record{ID: 2, Name: "Center for Materials Physics", Country: "CN", City: "Shenyang"})
	ix.Add(&Record{ID: 3, Name: "Seoul Digital University", Country: "KR", City: "Seoul"})
	ix.Add(&Record{ID: 4, Name: "Busan Digital University", Country: "KR", City: "Busan"})
	ix.Add(&Record{ID: 5, Name: "Japan Surgical Association", Country: "JP", City: "Tokyo"})
	ix.Add(&Record{ID: 6, Name: "Japan Dental Association", Country: "JP", City: "Tokyo"})
	ix.Add(&Record{ID: 7, Name: "Russian Geographical Society", Country: "RU", City: "St Petersburg"})
	ix.Add(&Record{ID: 8, Name: "Russian Entomological Society", Country: "RU", City: "St Petersburg"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "國際材料物理中心", Country: "CN", City: "Shenyang"}, Same, 1}, // traditional
		{Query{Name: "国际材料物理中心", Country: "CN", City: "Shenyang"}, Same, 1}, // simplified
		{Query{Name: "国際材料物理中心", Country: "CN", City: "Shenyang"}, Same, 1}, // Japanese
		{Query{Name: "서울디지털대학교", Country: "KR", City: "Seoul"}, Same, 3},
		{Query{Name: "日本外科学会", Country: "JP", City: "Tokyo"}, Same, 5},
		{Query{Name: "Русское географическое общество", Country: "RU", City: "St Petersburg"}, Same, 7},
	})
	for _, c := range []struct{ in, want string }{
		{"國際", "international"}, {"国际", "international"}, {"技術", "technology"}, {"技术", "technology"},
		{"學院", "college"}, {"学院", "gakuin"}, {"서울", "seoul"},
		{"Έρευνας", "erevnas"}, {"Ινστιτούτο", "instituto"}, // Greek αυ, ευ, ου
	} {
		if got := fold(c.in); got != c.want {
			t.Errorf("fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMatchOnlyRecordWithWebsite: another name of the only record with the row's website
// is that record, though the names share no word; a unit on one side only is the usual
// case of two organisations on one site, and two records on one site prove nothing.
func TestMatchOnlyRecordWithWebsite(t *testing.T) {
	ix := NewIndex()
	ix.Add(&Record{ID: 1, Name: "Aeronautica Militare", Country: "IT", City: "Rome", Website: "http://www.aeronautica.difesa.it/"})
	ix.Add(&Record{ID: 2, Name: "Université Paris Cité", Country: "FR", City: "Paris", Website: "https://u-paris.fr"})
	ix.Add(&Record{ID: 3, Name: "Royal Victoria Hospital", Country: "CA", City: "Montreal", Website: "https://muhc.ca"})
	ix.Add(&Record{ID: 4, Name: "Hessisches Landesarchiv", Country: "DE", City: "Marburg", Website: "https://landesarchiv.hessen.de"})
	ix.Add(&Record{ID: 5, Name: "Hessisches Hauptstaatsarchiv", Country: "DE", City: "Wiesbaden", Website: "https://landesarchiv.hessen.de"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "Italian Air Force", Country: "IT", City: "Rome", Website: "aeronautica.difesa.it"}, Same, 1},
		{Query{Name: "Italian Air Force", Country: "IT", City: "Rome"}, New, 0},
		// A laboratory on its university's site, a centre on its hospital's.
		{Query{Name: "Centre des Politiques de la Terre", Country: "FR", City: "Paris", Website: "https://u-paris.fr/"}, Ambiguous, 0},
		{Query{Name: "McGill University Health Centre", Country: "CA", City: "Montreal", Website: "muhc.ca"}, Ambiguous, 0},
		// Two records on that site: the website tells them apart from nothing.
		{Query{Name: "Hessian State Archives", Country: "DE", City: "Marburg", Website: "landesarchiv.hessen.de"}, Ambiguous, 0},
	})
}

// TestMatchLetterAtTheEnd: a one-letter word that ends a name names one of several
// ("Site A", "Site D"), even where it is also a stop word elsewhere ("a", "d", "e").
func TestMatchLetterAtTheEnd(t *testing.T) {
	ix := NewIndex()
	ix.Add(&Record{ID: 1, Name: "Org A", Country: "FR"})
	ix.Add(&Record{ID: 2, Name: "Bâtiment E", Country: "FR", City: "Lyon"})
	ix.Add(&Record{ID: 3, Name: "Université de Lyon", Country: "FR", City: "Lyon"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "Org D", Country: "FR"}, New, 0},
		{Query{Name: "ORG A", Country: "FR"}, Same, 1},
		{Query{Name: "Batiment I", Country: "FR", City: "Lyon"}, New, 0},
		{Query{Name: "Batiment E", Country: "FR", City: "Lyon"}, Same, 2},
		{Query{Name: "Universite de Lyon", Country: "FR", City: "Lyon"}, Same, 3},
	})
}

// TestMatchHeadAndPlaceInitials: an acronym may leave out the complement that a stop
// word starts ("AGYA"), and a name may end with its city ("…, Banda": BUAT); a head of
// two letters, or one that another record's initials share, is not enough.
func TestMatchHeadAndPlaceInitials(t *testing.T) {
	ix := NewIndex()
	ix.Add(&Record{ID: 1, Name: "Arab-German Young Academy of Sciences and Humanities", Country: "DE", City: "Berlin"})
	ix.Add(&Record{ID: 2, Name: "Banda University of Agriculture and Technology, Banda", Country: "IN", City: "Banda"})
	ix.Add(&Record{ID: 3, Name: "Kyoto Institute of Technology", Country: "JP", City: "Kyoto"})
	ix.Add(&Record{ID: 4, Name: "Lyon Catholic University of Medicine", Country: "FR", City: "Lyon"})
	ix.Add(&Record{ID: 5, Name: "Lille Catholic University", Country: "FR", City: "Lyon"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "AGYA", Country: "DE", City: "Berlin"}, Same, 1},
		{Query{Name: "BUAT", Country: "IN", City: "Banda"}, Same, 2},
		{Query{Name: "GYA", Country: "DE", City: "Berlin"}, New, 0}, // not the head's initials
		{Query{Name: "KI", Country: "JP", City: "Kyoto"}, New, 0},
		{Query{Name: "LCU", Country: "FR", City: "Lyon"}, Ambiguous, 0},
	})
}

// TestFacilityName: a Japanese corporation's legal name gives the facility it runs,
// written after the corporation's form and its own name ending in 会; the hospital's
// English name is the facility's.
func TestFacilityName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"社会医療法人杏嶺会上林記念病院", "上林記念病院"},
		{"医療法人宝生会PL病院", "PL病院"},
		{"公益社団法人鹿児島共済会南風病院", "南風病院"},
		{"公益社団法人日本臨床外科学会", ""},          // the 会 ends the name: a society, no facility
		{"医療法人和光会病院", ""},               // "hospital" alone names nothing
		{"一般財団法人新田塚医療福祉センター福井総合病院", ""}, // no 会 after the form
		{"上林記念病院", ""},
		{"Kamibayashi Memorial Hospital", ""},
	} {
		if got := facilityName(tc.in); got != tc.want {
			t.Errorf("facilityName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	ix := NewIndex()
	ix.Add(&Record{ID: 1, Name: "Kamibayashi Memorial Hospital", Country: "JP", City: "Ichinomiya"})
	ix.Add(&Record{ID: 2, Name: "PL Hospital", Country: "JP", City: "Tondabayashi"})
	checkMatches(t, ix, []matchCase{
		{Query{Name: "社会医療法人杏嶺会上林記念病院", Country: "JP", City: "Ichinomiya"}, Same, 1},
		{Query{Name: "医療法人宝生会PL病院", Country: "JP", City: "Tondabayashi"}, Same, 2},
	})
}
