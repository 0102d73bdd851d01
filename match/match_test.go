package match

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"NOVO NORDISK A/S", "novo nordisk"},
		{"Novo Nordisk", "novo nordisk"},
		{"Université de Lyon", "university lyon"},
		{"UniversitÃ© de Lyon", "university lyon"},   // double-encoded once
		{"UniversitÃƒÂ© de Lyon", "university lyon"}, // twice
		{"Universidad de Chile", "university chile"},
		{"University of Chile", "university chile"},
		{"Toyota Motor Co., Ltd.", "toyota motor"},
		{"Kabushiki Kaisha Toshiba", "toshiba"},
		{"Centre National de la Recherche Scientifique (CNRS)", "center national research science"},
		{"東京大学", "tokyo university"},
		{"国立大学法人京都大学", "kyoto university"},
		{"Московский университет", "moscow university"},
		{"T.D.I. Co., Ltd.", "tdi"},
		{"Univrsidade Federal", "university federal"},
		{"GENOPOLE", "genopole"},
		{"ニッセンケン品質評価センター", "nissenken quality evaluation center"}, // katakana romanised
		{"マルダイ", "marudai"},                                       // voicing marks kept
		{"キャノン", "kyanon"},
		{"공주의료원", "gongju medicine center"}, // Hangul romanised
		{"济南市第三人民医院", "jinan city third people hospital"},
		{"Global ISP Sole Proprietorship", "global isp"},
		{"Tarımsal Araştırmalar", "tarimsal research"},         // Turkish dotless ı
		{"Azərbaycan Respublikası", "azerbaijan respublikasi"}, // Azerbaijani ə, the country's own name
		{"", ""},
	} {
		if got := strings.Join(Tokens(c.in), " "); got != c.want {
			t.Errorf("Tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestInitials(t *testing.T) {
	got := Initials("Centre National de la Recherche Scientifique")
	if !reflect.DeepEqual(got, []string{"cnrs", "cndlrs"}) {
		t.Errorf("Initials = %v", got)
	}
	if got := Initials("Genopole"); got != nil {
		t.Errorf("one word makes no initials: %v", got)
	}
}

func TestHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.cnrs.fr/en": "cnrs.fr", "http://CNRS.fr:8080": "cnrs.fr", "cnrs.fr": "cnrs.fr",
		"": "", "localhost": "", "https://user@www2.example.org/?x": "example.org",
	} {
		if got := Host(in); got != want {
			t.Errorf("Host(%q) = %q, want %q", in, got, want)
		}
	}
}

func testIndex() *Index {
	ix := NewIndex()
	for i, r := range []Record{
		{Name: "Novo Nordisk", Country: "DK", City: "Bagsværd", Website: "https://www.novonordisk.com"},
		{Name: "Centre National de la Recherche Scientifique", Country: "FR", City: "Paris"},
		{Name: "Institute of Physics", Country: "GB", City: "London"},
		{Name: "Institute of Physics", Country: "DE", City: "Berlin"},
		{Name: "University of Tokyo", Country: "JP", City: "Tokyo"},
		{Name: "Tokyo University of Science", Country: "JP", City: "Tokyo"},
		{Name: "Genopole", Country: "FR", City: "Évry", ROR: "https://ror.org/04xyz1234"},
		{Name: "Université de Lyon", Country: "FR", City: "Lyon", Acronyms: []string{"UdL"}},
		{Name: "Jemco", Country: "FR"},
		{Name: "Hôpital Saint-Joseph", Country: "FR", City: "Paris"},
		{Name: "Indiana University Health", Country: "US", City: "Indianapolis"},
		{Name: "Technological University of Pereira", Country: "CO", City: "Pereira"},
		{Name: "Chongqing University of Posts and Telecommunications", Country: "CN", City: "Chongqing", Website: "http://www.cqupt.edu.cn"},
		{Name: "LINK - Laboratory for Innovative Key Materials and Structures", Country: "JP", City: "Tsukuba"},
		{Name: "Uniwersytet Warszawski", Country: "PL", City: "Warsaw"},
		{Name: "Institute of Physics", Country: "CZ", City: "Prague"},
	} {
		r.ID = int64(i + 1)
		ix.Add(&r)
	}
	return ix
}

func TestMatch(t *testing.T) {
	ix := testIndex()
	checkMatches(t, ix, []matchCase{
		{Query{Name: "NOVO NORDISK A/S", Country: "DK"}, Same, 1},
		{Query{Name: "NN", Country: "DK", Website: "novonordisk.com"}, Same, 1},
		{Query{Name: "CNRS", Country: "FR"}, Same, 2},
		{Query{Name: "Institute of Physics", Country: "DE"}, Same, 4},
		{Query{Name: "Institute of Physics", Country: "US"}, New, 0},
		{Query{Name: "東京大学", Country: "JP", City: "Tokyo"}, Same, 5},
		{Query{Name: "Tokyo University of Science", Country: "JP"}, Same, 6},
		{Query{Name: "GENOPOLE", Country: "FR"}, Same, 7},
		{Query{Name: "Something else", ROR: "04xyz1234"}, Same, 7},
		{Query{Name: "Genopoel", Country: "FR"}, Same, 7},
		{Query{Name: "Jeco", Country: "FR"}, New, 0}, // a short word with a typo, alone, is another name
		{Query{Name: "Universite de Lyon", Country: "FR"}, Same, 8},
		{Query{Name: "UniversitÃ© de Lyon"}, Same, 8},
		{Query{Name: "UdL", Country: "FR"}, Same, 8},
		{Query{Name: "Institute of Chemistry", Country: "DE"}, New, 0},
		{Query{Name: "Hopital St Joseph", Country: "FR", City: "Paris"}, Same, 10},
		{Query{Name: "Hôpital Saint-Joseph", Country: "FR", City: "Marseille"}, Ambiguous, 0}, // another city
		{Query{Name: "Université de Lyon Faculté de Médecine", Country: "FR"}, New, 0},
		{Query{Name: "IU Health", Country: "US", City: "Indianapolis"}, Same, 11},                        // initials of two of its words
		{Query{Name: "UTP", Country: "CO", City: "Pereira"}, Same, 12},                                   // Universidad Tecnológica de Pereira
		{Query{Name: "CQUPT", Country: "CN", City: "Chongqing"}, Same, 13},                               // its website's name
		{Query{Name: "Laboratory for Innovative Key Materials and Structures", Country: "JP"}, Same, 14}, // "ACRONYM - name"
		{Query{Name: "Uniwersytetu Warszawskiego", Country: "PL", City: "Warsaw"}, Same, 15},             // another case
		{Query{Name: "Institute of Physics and Technology", Country: "CZ", City: "Prague"}, Ambiguous, 0},
		{Query{Name: "Institute of Physics of Materials", Country: "CZ", City: "Prague"}, Ambiguous, 0},
	})
}

// matchCase is a query and the decision it must get: the record's id for a match.
type matchCase struct {
	q    Query
	want Decision
	id   int64
}

func checkMatches(t *testing.T, ix *Index, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		r := ix.Match(&c.q)
		var id int64
		if r.Best != nil && r.Decision == Same {
			id = r.Best.ID
		}
		if r.Decision != c.want || id != c.id {
			t.Errorf("%+v: %s %d (%+v %+v), want %s %d", c.q, r.Decision, id, r.Best, r.Others, c.want, c.id)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"NOVO NORDISK A/S", "UniversitÃ© de Lyon", "東京大学", "(", "()", "a (B)", "\xff\xfe", "Ã\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		for _, w := range toks {
			if w == "" || strings.ContainsAny(w, " \t") {
				t.Fatalf("Tokens(%q) has the word %q", s, w)
			}
		}
		_ = Initials(s)
		_ = RepairMojibake(s)
		ix := testIndex()
		ix.Match(&Query{Name: s, Aliases: []string{s}, Website: s, City: s})
	})
}

// TestAddAll: the parallel build gives the same index as adding one by one.
func TestAddAll(t *testing.T) {
	words := []string{"Institut", "Université", "Hospital", "Genome", "Paris", "Lyon", "Tokyo", "東京", "Research", "Novo", "Nordisk", "Centre", "Bio"}
	var recs []*Record
	for i := 0; i < 5000; i++ {
		name := words[i%len(words)] + " " + words[(i/3)%len(words)] + " " + words[(i/7)%len(words)] + " " + strings.Repeat("x", i%5)
		recs = append(recs, &Record{ID: int64(i + 1), Name: name, Country: "FR", Acronyms: []string{"A" + words[i%4][:2]}})
	}
	one, all := NewIndex(), NewIndex()
	for _, r := range recs {
		one.Add(r)
	}
	all.AddAll(recs)
	for _, q := range []string{"Institut Paris", "UNIVERSITE LYON xx", "東京 Hospital", "Genome Bio Centre xxx", "AIn"} {
		a, b := one.Match(&Query{Name: q, Country: "FR"}), all.Match(&Query{Name: q, Country: "FR"})
		if a.Decision != b.Decision || (a.Best == nil) != (b.Best == nil) || (a.Best != nil && (a.Best.ID != b.Best.ID || a.Best.Score != b.Best.Score)) {
			t.Errorf("%q: one by one %+v, all %+v", q, a.Best, b.Best)
		}
	}
}

// TestHostileSizes: a huge word, a long acronym made to branch, many aliases: each
// match stays quick (the test's own time limit is the check).
func TestHostileSizes(t *testing.T) {
	ix := testIndex()
	for i := 0; i < 3000; i++ {
		ix.Add(&Record{ID: int64(100 + i), Name: strings.Repeat("aa ", 12) + "x", Country: "FR"})
	}
	huge := strings.Repeat("z", 200000)
	ix.Add(&Record{ID: 99, Name: strings.Repeat("w ", 100000), Labels: []string{strings.Repeat("word ", 50000)}})
	ix.Match(&Query{Name: strings.Repeat("word ", 50000)})
	long := strings.Repeat("A", 12)
	ix.Match(&Query{Name: huge, Aliases: []string{huge, long}, Acronyms: []string{long, huge}, City: huge, Website: huge})
	// Words that many readings begin, and long runs of kana and Chinese characters.
	ix.Add(&Record{ID: 98, Name: "Kakakakakakakakakakakakakakakab Kanakanakanakana", Country: "JP"})
	ix.Match(&Query{Name: strings.Repeat("加", 12) + " " + strings.Repeat("可", 5000) + " " + strings.Repeat("カ", 5000), Country: "JP"})
	if readsAs(strings.Repeat("加", 12), "kakakakakakakakakakakakakakakab") {
		t.Error("readsAs")
	}
	if got := abbreviates("aaaaaaaaaaab", strings.Fields(strings.Repeat("aaaa ", 12))); got {
		t.Error("abbreviates")
	}
	if !abbreviates("numea", []string{"nutrition", "metabolism", "aquaculture"}) || !abbreviates("mit", []string{"massachusetts", "institute", "of", "technology"}) {
		t.Error("abbreviates misses")
	}
}

// TestMatchAllIsMatch checks that matching on every processor gives, row for row, what
// Match gives one query at a time (the race stage of CI runs it with the detector).
func TestMatchAllIsMatch(t *testing.T) {
	words := []string{"Marine", "Biology", "Applied", "Physics", "Health", "Economics", "Robotics", "Energy", "Water", "Soil", "Forest", "Ocean"}
	kinds := []string{"Institute of", "University of", "Centre for", "Laboratory of"}
	cities := []string{"Lyon", "Brest", "Kyoto", "Porto"}
	ix := NewIndex()
	var recs []*Record
	for i := 0; i < 600; i++ {
		w1, w2 := words[i%len(words)], words[(i/len(words))%len(words)]
		r := &Record{ID: int64(i + 1), Name: fmt.Sprintf("%s %s %s %d", kinds[i%len(kinds)], w1, w2, i/40),
			Country: []string{"FR", "JP", "PT"}[i%3], City: cities[i%len(cities)], Website: fmt.Sprintf("https://www.site%d.org", i%250)}
		recs = append(recs, r)
	}
	ix.AddAll(recs)
	var qs []*Query
	for i, r := range recs {
		if i%2 == 0 {
			continue
		}
		name := r.Name
		switch i % 5 {
		case 1:
			name = strings.ToUpper(name)
		case 3:
			name = name[:3] + name[4:] // a letter dropped
		}
		qs = append(qs, &Query{Name: name, Country: r.Country, City: r.City, Website: r.Website})
	}
	qs = append(qs, &Query{Name: "Institute of Nothing Known"}, nil, &Query{Name: "IMB"})
	got := ix.MatchAll(qs)
	if len(got) != len(qs) {
		t.Fatalf("%d results for %d queries", len(got), len(qs))
	}
	same := 0
	for i, q := range qs {
		var want Result
		if q != nil {
			want = ix.Match(q)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Fatalf("query %d %+v: MatchAll %+v, Match %+v", i, q, got[i], want)
		}
		if want.Decision == Same {
			same++
		}
	}
	if same < len(qs)/2 {
		t.Fatalf("only %d of %d queries matched: the test does not exercise matching", same, len(qs))
	}
}
