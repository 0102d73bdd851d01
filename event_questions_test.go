package passerelle

import (
	"strings"
	"testing"
)

func TestEventQuestions(t *testing.T) {
	qs, err := ParseEventQuestions("* Sector = Biotech | Medtech |  Other \n\n  What do you look for?  \r\n")
	if err != nil || len(qs) != 2 || !qs[0].Required || len(qs[0].Choices) != 3 || qs[0].Choices[2] != "Other" ||
		qs[1].Required || qs[1].Label != "What do you look for?" || qs[1].Choices != nil {
		t.Fatalf("parsed %+v, %v", qs, err)
	}
	if got := FormatEventQuestions(qs); got != "* Sector = Biotech | Medtech | Other\nWhat do you look for?" {
		t.Errorf("formatted %q", got)
	}
	for _, bad := range []struct{ text, want string }{
		{"Sector = Biotech", "line 1: a choice question has 2 to 20 choices"},
		{"ok\n* = A | B", "line 2: a question of 1 to"},
		{"Size\nsize", "line 2: the question size is asked twice"},
		{strings.Repeat("q\n", 0) + strings.Repeat("x", 301), "line 1: a question of 1 to 300"},
	} {
		if _, err := ParseEventQuestions(bad.text); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: %v, want %q", bad.text, err, bad.want)
		}
	}
	var many []string
	for i := range 21 {
		many = append(many, "Question "+string(rune('a'+i)))
	}
	if _, err := ParseEventQuestions(strings.Join(many, "\n")); err == nil || !strings.Contains(err.Error(), "at most 20 questions") {
		t.Errorf("21 questions: %v", err)
	}

	for _, tc := range []struct {
		given map[int]string
		want  []EventAnswer
		err   string
	}{
		{map[int]string{0: "Medtech", 1: " partners "}, []EventAnswer{{"Sector", "Medtech"}, {"What do you look for?", "partners"}}, ""},
		{map[int]string{0: "Other"}, []EventAnswer{{"Sector", "Other"}}, ""},
		{map[int]string{1: "partners"}, nil, "q0: required"},
		{map[int]string{0: "medtech"}, nil, "q0: not one of the choices: medtech"},
		{map[int]string{0: "Other", 1: strings.Repeat("é", 1001)}, nil, "q1: at most 1000 characters"},
	} {
		got, err := CheckEventAnswers(qs, tc.given)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: %v, want %q", tc.given, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%v: %+v %v", tc.given, got, err)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%v: %+v, want %+v", tc.given, got, tc.want)
			}
		}
	}
}
