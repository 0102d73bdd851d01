package passerelle

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EventQuestion is a question the organiser asks on the event's registration page:
// free text, or one of its choices; required or not.
type EventQuestion struct {
	Label    string   `json:"label"`
	Choices  []string `json:"choices,omitempty"` // none: a free-text answer
	Required bool     `json:"required,omitempty"`
}

// EventAnswer is a participant's answer to one question, with the question as it was
// asked (the organiser may reword or reorder the questions later).
type EventAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Bounds of the registration questions.
const (
	maxEventQuestions = 20
	maxQuestionLabel  = 300
	maxQuestionChoice = 200
	maxAnswerLength   = 1000
)

// ParseEventQuestions reads the organiser's questions, one per line: the label, then
// " = " and the choices separated by "|" for a choice question; a leading "*" makes it
// required ("* Sector = Biotech | Medtech | Other"). Blank lines are skipped; problems
// name the line under "questions".
func ParseEventQuestions(text string) ([]EventQuestion, error) {
	p := Problems{}
	var out []EventQuestion
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var q EventQuestion
		if rest, ok := strings.CutPrefix(line, "*"); ok {
			q.Required, line = true, strings.TrimSpace(rest)
		}
		label, choices, isChoice := strings.Cut(line, "=")
		q.Label = strings.TrimSpace(label)
		if isChoice {
			for _, c := range strings.Split(choices, "|") {
				if c = strings.TrimSpace(c); c != "" {
					q.Choices = append(q.Choices, c)
				}
			}
			if len(q.Choices) < 2 || len(q.Choices) > 20 {
				p.Add("questions", "line %d: a choice question has 2 to 20 choices, separated by |", i+1)
			}
			for _, c := range q.Choices {
				if utf8.RuneCountInString(c) > maxQuestionChoice {
					p.Add("questions", "line %d: a choice has at most %d characters", i+1, maxQuestionChoice)
				}
			}
		}
		if q.Label == "" || utf8.RuneCountInString(q.Label) > maxQuestionLabel {
			p.Add("questions", "line %d: a question of 1 to %d characters", i+1, maxQuestionLabel)
		}
		for _, o := range out {
			if strings.EqualFold(o.Label, q.Label) {
				p.Add("questions", "line %d: the question %s is asked twice", i+1, q.Label)
			}
		}
		out = append(out, q)
	}
	if len(out) > maxEventQuestions {
		p.Add("questions", "at most %d questions", maxEventQuestions)
	}
	return out, p.Err()
}

// FormatEventQuestions writes questions as ParseEventQuestions reads them.
func FormatEventQuestions(qs []EventQuestion) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		l := q.Label
		if q.Required {
			l = "* " + l
		}
		if len(q.Choices) > 0 {
			l += " = " + strings.Join(q.Choices, " | ")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// CheckEventAnswers checks a registration's answers, given by question index, and
// returns them with their questions (unanswered optional ones left out). A required
// question without an answer, a choice that is not one of the question's, a text too
// long: each named by its form field, "q0", "q1"….
func CheckEventAnswers(qs []EventQuestion, given map[int]string) ([]EventAnswer, error) {
	p := Problems{}
	var out []EventAnswer
	for i, q := range qs {
		field := "q" + strconv.Itoa(i)
		a := strings.TrimSpace(given[i])
		switch {
		case a == "":
			if q.Required {
				p.Add(field, "required")
			}
			continue
		case len(q.Choices) > 0:
			known := false
			for _, c := range q.Choices {
				known = known || c == a
			}
			if !known {
				p.Add(field, "not one of the choices: %s", a)
			}
		case utf8.RuneCountInString(a) > maxAnswerLength:
			p.Add(field, "at most %d characters", maxAnswerLength)
		}
		out = append(out, EventAnswer{Question: q.Label, Answer: a})
	}
	return out, p.Err()
}

// CheckEventQuestions checks questions given whole, as an import file gives them
// (at is their JSON path, "questions"): the rules of ParseEventQuestions, each problem
// named by its path (questions[2].choices). Labels and choices are trimmed.
func CheckEventQuestions(at string, qs []EventQuestion) error {
	if len(qs) > maxEventQuestions {
		return FieldError(at, "at most %d questions", maxEventQuestions)
	}
	for i := range qs {
		q := &qs[i]
		qat := fmt.Sprintf("%s[%d]", at, i)
		q.Label = strings.TrimSpace(q.Label)
		if q.Label == "" || utf8.RuneCountInString(q.Label) > maxQuestionLabel || strings.ContainsAny(q.Label, "\r\n") {
			return FieldError(qat+".label", "a question of 1 to %d characters on one line", maxQuestionLabel)
		}
		for j := range i {
			if strings.EqualFold(qs[j].Label, q.Label) {
				return FieldError(qat+".label", "%s[%d] asks the same question: %s", at, j, q.Label)
			}
		}
		if len(q.Choices) == 0 {
			q.Choices = nil
			continue
		}
		if len(q.Choices) < 2 || len(q.Choices) > 20 {
			return FieldError(qat+".choices", "a choice question has 2 to 20 choices (none: a free-text answer)")
		}
		for j := range q.Choices {
			c := strings.TrimSpace(q.Choices[j])
			if c == "" || utf8.RuneCountInString(c) > maxQuestionChoice || strings.ContainsAny(c, "|\r\n") {
				return FieldError(fmt.Sprintf("%s.choices[%d]", qat, j), "a choice of 1 to %d characters, without |", maxQuestionChoice)
			}
			for k := range j {
				if q.Choices[k] == c {
					return FieldError(fmt.Sprintf("%s.choices[%d]", qat, j), "the choice %s is given twice", c)
				}
			}
			q.Choices[j] = c
		}
	}
	return nil
}

// CheckImportedAnswers checks a participant's answers as an import file gives them (at
// is their JSON path, "participants[3].answers"): each names one of the questions
// (case aside; stored with its label as asked), at most once; a choice question's
// answer is one of its choices; a text has at most 1,000 characters. A required question
// left unanswered is accepted: the file is the organiser's, who may not have asked it.
// Blank answers are dropped.
func CheckImportedAnswers(at string, qs []EventQuestion, as []EventAnswer) ([]EventAnswer, error) {
	out := make([]EventAnswer, 0, len(as))
	seen := map[int]int{}
	for i, a := range as {
		aat := fmt.Sprintf("%s[%d]", at, i)
		label, answer := strings.TrimSpace(a.Question), strings.TrimSpace(a.Answer)
		k := -1
		for j, q := range qs {
			if strings.EqualFold(q.Label, label) {
				k = j
			}
		}
		if k < 0 {
			return nil, FieldError(aat+".question", "no registration question of the event reads %q (give them in the file's questions, or on the event's questions page)", label)
		}
		if j, dup := seen[k]; dup {
			return nil, FieldError(aat+".question", "%s[%d] answers the same question", at, j)
		}
		seen[k] = i
		if answer == "" {
			continue
		}
		q := qs[k]
		if len(q.Choices) > 0 {
			known := false
			for _, c := range q.Choices {
				known = known || c == answer
			}
			if !known {
				return nil, FieldError(aat+".answer", "not one of the choices (%s): %s", strings.Join(q.Choices, ", "), answer)
			}
		} else if utf8.RuneCountInString(answer) > maxAnswerLength {
			return nil, FieldError(aat+".answer", "at most %d characters", maxAnswerLength)
		}
		out = append(out, EventAnswer{Question: q.Label, Answer: answer})
	}
	return out, nil
}

// UnansweredRequired lists the labels of the required questions of qs that the answers
// as leave unanswered (a participant imported from another tool that did not ask them).
func UnansweredRequired(qs []EventQuestion, as []EventAnswer) []string {
	var out []string
	for _, q := range qs {
		if !q.Required {
			continue
		}
		answered := false
		for _, a := range as {
			answered = answered || strings.EqualFold(strings.TrimSpace(a.Question), q.Label) && strings.TrimSpace(a.Answer) != ""
		}
		if !answered {
			out = append(out, q.Label)
		}
	}
	return out
}

// EventUnanswered is a required registration question a participant left unanswered.
type EventUnanswered struct {
	Ref      string `json:"ref"`
	Question string `json:"question"`
}
