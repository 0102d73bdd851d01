package store

import (
	"testing"

	"passerelle"
)

// TestScrubberWords: an erased person's name goes where it stands as a word, in any case,
// and nowhere inside another word: erasing "Ana Li" must not turn a note about Lisbon
// into one about "Erased personsbon".
func TestScrubberWords(t *testing.T) {
	s, err := newScrubber(&passerelle.Person{FirstName: "Ana", LastName: "Li", Emails: []string{"ana@li.example"}, Phones: []string{"+33 6 11"}})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"Lunch with Ana Li in Lisbon":           "Lunch with  Erased person in Lisbon",
		"ANA LI: Analysis of the Li-ion cells":  " Erased person: Analysis of the Erased person-ion cells",
		"write to ana@li.example or +33 6 11":   "write to  or ",
		"Élodie Li, Müller's deputy":            "Élodie Erased person, Müller's deputy",
		`{"last_name":"Li","first_name":"Ana"}`: `{"last_name":"Erased person","first_name":""}`,
		"Lili, Alina, Anatole, Li2":             "Lili, Alina, Anatole, Li2",
		"":                                      "",
	} {
		if got := s.replace(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
