package match

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestPersonWords(t *testing.T) {
	for _, c := range []struct {
		first, last string
		want        []string
	}{
		{"Jérôme", "DUPONT", []string{"jerome", "dupont"}},
		{"JÃ©rÃ´me", "Dupont", []string{"jerome", "dupont"}}, // double-encoded UTF-8
		{"Jean-Pierre", "Lévy", []string{"jean", "pierre", "levy"}},
		{"Dr. Siobhán", "O'Brien", []string{"siobhan", "obrien"}},
		{"", "J. Smith", []string{"j", "smith"}},
		{"Иван", "Петров", []string{"ivan", "petrov"}},
	} {
		if got := PersonWords(c.first, c.last); !slices.Equal(got, c.want) {
			t.Errorf("%q %q: %q, want %q", c.first, c.last, got, c.want)
		}
	}
}

func TestCompareNames(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want nameKind
	}{
		{"john smith", "smith john", nameSame},
		{"j smith", "john smith", nameInitials},
		{"smith j", "john smith", nameInitials},
		{"j p dupont", "jean pierre dupont", nameInitials},
		{"john paul smith", "john smith", nameMore},
		{"john smtih", "john smith", nameClose},
		{"jon smith", "john smith", nameNone}, // short words: another name
		{"john smith", "jane smith", nameNone},
		{"j smith", "k smith", nameNone},
		{"j s", "john smith", nameNone}, // initials only
		{"john smyth", "jon smith", nameNone},
		{"ann lee", "ann leo", nameNone}, // short words: another name, not a typo
	} {
		if got := compareNames(PersonWords(c.a, ""), PersonWords(c.b, "")); got != c.want {
			t.Errorf("%q ~ %q: %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestOrgDomain(t *testing.T) {
	for in, want := range map[string]string{
		"j.smith@paris.inserm.fr": "inserm.fr",
		"someone@ox.ac.uk":        "ox.ac.uk",
		"x@gmail.com":             "",
		"x@yahoo.co.uk":           "",
		"x@hotmail.fr":            "",
		"not an address":          "",
	} {
		if got := orgDomain(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestMatchPeople(t *testing.T) {
	const inserm, cnrs, novo = 1, 2, 3
	ix := NewPersonIndex()
	for i, r := range []PersonRecord{
		{FirstName: "John", LastName: "Smith", Emails: []string{"john.smith@novonordisk.com"}, OrgIDs: []int64{novo}},
		{FirstName: "Marie", LastName: "Martin", OrgIDs: []int64{inserm}},
		{FirstName: "Jérôme", LastName: "Lévy", Emails: []string{"Jerome.Levy@inserm.fr"}},
		{FirstName: "Akira", LastName: "Tanaka"},
		{FirstName: "Contact", LastName: "Genopole", Emails: []string{"contact@genopole.fr"}},
		{FirstName: "Ana", LastName: "Lopez Garcia", OrgIDs: []int64{cnrs}},
	} {
		r.ID = int64(i + 1)
		ix.Add(&r)
	}
	for _, c := range []struct {
		name string
		q    PersonRecord
		want Decision
		id   int64
		why  string // the first reason
	}{
		{"same email, other case", PersonRecord{FirstName: "J.", LastName: "Smith", Emails: []string{"JOHN.SMITH@novonordisk.com"}}, Same, 1, "same email"},
		{"LAST First at the same organisation", PersonRecord{FirstName: "SMITH", LastName: "John", OrgIDs: []int64{novo}}, Same, 1, "same name at the same organisation"},
		{"initial at the same organisation", PersonRecord{LastName: "J. Smith", OrgIDs: []int64{novo}}, Same, 1, "initials of the name"},
		{"same email domain", PersonRecord{FirstName: "John", LastName: "Smith", Emails: []string{"jsm@novonordisk.com"}}, Same, 1, "same name"},
		{"namesake at another organisation", PersonRecord{FirstName: "John", LastName: "Smith", OrgIDs: []int64{cnrs}}, New, 0, ""},
		{"namesake at another email domain", PersonRecord{FirstName: "John", LastName: "Smith", Emails: []string{"john.smith@cnrs.fr"}}, New, 0, ""},
		{"same common name, nothing else", PersonRecord{FirstName: "Marie", LastName: "Martin"}, Ambiguous, 0, "same name"},
		{"common name at another organisation", PersonRecord{FirstName: "Marie", LastName: "Martin", OrgIDs: []int64{cnrs}}, New, 0, ""},
		{"common name at the same organisation", PersonRecord{FirstName: "marie", LastName: "MARTIN", OrgIDs: []int64{inserm}}, Same, 2, "same name at the same organisation"},
		{"another first name", PersonRecord{FirstName: "Jane", LastName: "Smith", OrgIDs: []int64{novo}}, New, 0, ""},
		{"accents and a subdomain", PersonRecord{FirstName: "Jerome", LastName: "LEVY", Emails: []string{"jlevy@paris.inserm.fr"}}, Same, 3, "same name"},
		{"double-encoded UTF-8", PersonRecord{FirstName: "JÃ©rÃ´me", LastName: "LÃ©vy", Emails: []string{"jerome.levy@inserm.fr"}}, Same, 3, "same email"},
		{"webmail says nothing", PersonRecord{FirstName: "Akira", LastName: "Tanaka", Emails: []string{"akira@gmail.com"}}, Ambiguous, 0, "same name"},
		{"a shared address under another name", PersonRecord{FirstName: "Paul", LastName: "Durand", Emails: []string{"contact@genopole.fr"}}, Ambiguous, 0, "same email"},
		{"a name more at the same organisation", PersonRecord{FirstName: "Ana María", LastName: "López García", OrgIDs: []int64{cnrs}}, Same, 6, "a name more"},
		{"a typo at the same organisation", PersonRecord{FirstName: "John", LastName: "Smtih", OrgIDs: []int64{novo}}, Same, 1, "close name"},
	} {
		r := ix.Match(&c.q)
		var id int64
		if r.Best != nil && r.Decision == Same {
			id = r.Best.ID
		}
		why := ""
		if r.Best != nil {
			why = r.Best.Reasons[0]
		}
		if r.Decision != c.want || id != c.id || (c.why != "" && why != c.why) {
			t.Errorf("%s: %s %d %+v, want %s %d (%s)", c.name, r.Decision, id, r.Best, c.want, c.id, c.why)
		}
	}
}

// TestMatchPeopleLeavesItselfOut: a record matched against the index that holds it
// does not find itself, only its duplicate.
func TestMatchPeopleLeavesItselfOut(t *testing.T) {
	ix := NewPersonIndex()
	a := &PersonRecord{ID: 7, FirstName: "Ada", LastName: "Lovelace", Emails: []string{"ada@example.org"}}
	b := &PersonRecord{ID: 9, FirstName: "A.", LastName: "LOVELACE", Emails: []string{"ADA@example.org"}}
	ix.Add(a)
	ix.Add(b)
	r := ix.Match(a)
	if r.Best == nil || r.Best.ID != 9 || len(r.Others) != 0 {
		t.Errorf("%+v", r)
	}
}

// TestCommonNameBlocking: a name too common to bring candidates alone still meets its
// namesake at the same organisation.
func TestCommonNameBlocking(t *testing.T) {
	ix := NewPersonIndex()
	for i := range MaxNamePosting + 10 {
		ix.Add(&PersonRecord{ID: int64(i + 1), FirstName: "Jean", LastName: "Martin", OrgIDs: []int64{int64(1000 + i)}})
	}
	r := ix.Match(&PersonRecord{FirstName: "J.", LastName: "Martin", OrgIDs: []int64{1005}})
	if r.Decision != Same || r.Best.ID != 6 {
		t.Errorf("%s %+v", r.Decision, r.Best)
	}
	if r := ix.Match(&PersonRecord{FirstName: "Jean", LastName: "Martin"}); r.Best != nil {
		t.Errorf("a common name alone: %+v", r.Best)
	}
}

// TestPersonIndexRestrict: an index restricted to some queries' candidates answers those
// queries exactly as the whole index does, also for a name too common to count alone,
// and holds fewer records.
func TestPersonIndexRestrict(t *testing.T) {
	var recs []*PersonRecord
	for i := range 600 {
		last := []string{"Martin", "Dupont", "Tanaka", "Nielsen"}[i%4]
		if i%3 == 0 {
			last = fmt.Sprintf("Name%d", i) // rare names
		}
		recs = append(recs, &PersonRecord{ID: int64(i + 1), FirstName: []string{"Jean", "Marie", "Aiko"}[i%3], LastName: last,
			Emails: []string{fmt.Sprintf("p%d@org%d.example", i, i%7)}, OrgIDs: []int64{int64(i % 7)}})
	}
	qs := []*PersonRecord{
		{FirstName: "Jean", LastName: "Name0"},
		{FirstName: "Marie", LastName: "DUPONT", OrgIDs: []int64{1}},
		{FirstName: "J.", LastName: "Martin"},
		{FirstName: "Nobody", LastName: "Here", Emails: []string{"p5@org5.example"}},
		{FirstName: "Aiko", LastName: "Tanaka", Emails: []string{"aiko@org2.example"}},
	}
	whole, some := NewPersonIndex(), NewPersonIndex()
	some.Restrict(qs)
	for _, r := range recs {
		whole.Add(r)
		some.Add(r)
	}
	if len(some.Records()) >= len(whole.Records()) {
		t.Errorf("restricted index holds %d of %d records", len(some.Records()), len(whole.Records()))
	}
	for _, q := range qs {
		a, b := whole.Match(q), some.Match(q)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s %s: whole %+v, restricted %+v", q.FirstName, q.LastName, a, b)
		}
	}
}

// TestPersonKeysOfAHostileName: a name of many thousand words makes a bounded number of
// keys (each save stores them), the same as its first words.
func TestPersonKeysOfAHostileName(t *testing.T) {
	words := make([]string, 50000)
	for i := range words {
		words[i] = string(rune('a'+i%26)) + string(rune('a'+i/26%26))
	}
	long := PersonStoredKeys(&PersonRecord{FirstName: "Jean", LastName: strings.Join(words, " ")})
	short := PersonStoredKeys(&PersonRecord{FirstName: "Jean", LastName: strings.Join(words[:maxNameWords-1], " ")})
	if len(long) != len(short) || len(long) > maxNameWords*maxNameWords {
		t.Errorf("%d keys for a name of %d words, %d for its first %d", len(long), len(words)+1, len(short), maxNameWords)
	}
}
