package store_test

import (
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// TestEventImportQuestionsAnswersOffers: an import file gives the registration
// questions, the participants' answers (checked against the file's questions, else the
// stored ones) and a request's offer (one of the recipient's) and slot (one of the
// event's); the same file again changes nothing, a file without them keeps them, and
// each bad one is refused with its JSON path and nothing saved.
func TestEventImportQuestionsAnswersOffers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		full := strings.Replace(smallEvent, `"participants": [`, `"questions": [{"label": "Sector", "choices": ["Biotech", "Medtech"], "required": true},
			{"label": "What do you look for?"}],
 "participants": [`, 1)
		full = strings.Replace(full, `"name": "Aiko Tanaka",`, `"name": "Aiko Tanaka", "answers": [{"question": "sector", "answer": "Biotech"},
			{"question": "What do you look for?", "answer": " Licensees "}],`, 1)
		full = strings.Replace(full, `"name": "Jean Dupont",`, `"name": "Jean Dupont", "profile": {"offers": [
			{"ref": "adj", "type": "licensing", "title": "Vaccine adjuvant"}]},`, 1)
		full = strings.Replace(full, `{"from": "p1", "to": "p2", "status": "accepted", "priority": 1}`,
			`{"from": "p1", "to": "p2", "status": "accepted", "priority": 1, "offer": "adj", "slot": "2027-10-15T10:30"}`, 1)
		res, err := svc.ImportEvent(f.system, readEvent(t, full))
		must(t, err)
		check := func(when string) {
			t.Helper()
			qs, err := svc.EventQuestions(f.system, res.Event)
			must(t, err)
			if len(qs) != 2 || qs[0].Label != "Sector" || !qs[0].Required || len(qs[0].Choices) != 2 || len(qs[1].Choices) != 0 {
				t.Errorf("%s: questions %+v", when, qs)
			}
			ps, err := svc.EventParticipants(f.system, res.Event.ID)
			must(t, err)
			if a := ps[0].Answers; len(a) != 2 || a[0] != (passerelle.EventAnswer{Question: "Sector", Answer: "Biotech"}) || a[1].Answer != "Licensees" {
				t.Errorf("%s: answers %+v", when, a)
			}
			rqs, _, err := svc.EventRequests(f.system, res.Event.ID)
			must(t, err)
			want := time.Date(2027, 10, 15, 1, 30, 0, 0, time.UTC) // 10:30 in Tokyo
			for _, r := range rqs {
				if r.From == "p1" && r.To == "p2" && (r.OfferRef != "adj" || !r.Slot.Equal(want)) {
					t.Errorf("%s: request %+v", when, r)
				}
			}
		}
		check("imported")
		// Those who left the required Sector unanswered are accepted, and reported.
		unanswered := func(r *store.EventImportResult) string {
			var out []string
			for _, u := range r.Unanswered {
				out = append(out, u.Ref+":"+u.Question)
			}
			return strings.Join(out, " ")
		}
		if got := unanswered(res); got != "p2:Sector p3:Sector p4:Sector" {
			t.Errorf("unanswered required questions reported: %q", got)
		}
		again, err := svc.ImportEvent(f.system, readEvent(t, full))
		if err != nil || again.Changed() {
			t.Errorf("the same file again: %v %+v", err, again)
		} else if got := unanswered(again); got != "p2:Sector p3:Sector p4:Sector" {
			t.Errorf("unanswered required questions reported again: %q", got)
		}
		// Without questions and answers the stored ones stay (the request's offer and
		// slot are the file's, as its message and priority are: a file keeps them).
		withoutQA := strings.Replace(full, `"questions": [{"label": "Sector", "choices": ["Biotech", "Medtech"], "required": true},
			{"label": "What do you look for?"}],`, ``, 1)
		withoutQA = strings.Replace(withoutQA, `"answers": [{"question": "sector", "answer": "Biotech"},
			{"question": "What do you look for?", "answer": " Licensees "}],`, ``, 1)
		if strings.Contains(withoutQA, `"questions"`) || strings.Contains(withoutQA, `"answers"`) {
			t.Fatal("the file still has questions or answers")
		}
		if again, err := svc.ImportEvent(f.system, readEvent(t, withoutQA)); err != nil || again.Changed() {
			t.Errorf("a file without questions and answers: %v %+v", err, again)
		}
		check("without questions and answers")
		for _, tc := range []struct{ from, to, path string }{
			{`"answer": "Biotech"`, `"answer": "Pharma"`, "participants[0].answers[0].answer"},
			{`"question": "sector"`, `"question": "Budget"`, "participants[0].answers[0].question"},
			{`{"question": "What do you look for?", "answer": " Licensees "}`, `{"question": "SECTOR", "answer": "Medtech"}`, "participants[0].answers[1].question"},
			{`"offer": "adj"`, `"offer": "nope"`, "requests[0].offer"},
			{`"slot": "2027-10-15T10:30"`, `"slot": "2027-10-15T11:00"`, "requests[0].slot"},
			{`"slot": "2027-10-15T10:30"`, `"slot": "tomorrow"`, "requests[0].slot"},
			{`"choices": ["Biotech", "Medtech"]`, `"choices": ["Biotech"]`, "questions[0].choices"},
			{`{"label": "What do you look for?"}`, `{"label": "sector"}`, "questions[1].label"},
			{`"required": true`, `"required": "yes"`, "questions[0].required"},
			{`"choices": ["Biotech", "Medtech"]`, `"choices": ["Biotech", "Biotech "]`, "questions[0].choices[1]"},
		} {
			src := strings.Replace(full, tc.from, tc.to, 1)
			src = strings.Replace(src, `"Jean Dupont"`, `"Jean Dupond"`, 1) // a change that must not be saved
			imp, err := readEventErr(src)
			if err == nil {
				_, err = svc.ImportEvent(f.system, imp)
			}
			if passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("%s: %v", tc.to, err)
			}
		}
		ps, _ := svc.EventParticipants(f.system, res.Event.ID)
		if ps[1].Name != "Jean Dupont" {
			t.Errorf("a refused file saved a change")
		}
		check("after the refused files")
		// Answers checked against the stored questions when the file gives none.
		stored := strings.Replace(withoutQA, `"name": "Ken Sato",`, `"name": "Ken Sato", "answers": [{"question": "Sector", "answer": "Medtech"}],`, 1)
		if _, err := svc.ImportEvent(f.system, readEvent(t, stored)); err != nil {
			t.Fatal(err)
		}
		ps, _ = svc.EventParticipants(f.system, res.Event.ID)
		if len(ps[2].Answers) != 1 || ps[2].Answers[0].Answer != "Medtech" || len(ps[0].Answers) != 2 {
			t.Errorf("answers against the stored questions: %+v %+v", ps[2].Answers, ps[0].Answers)
		}
	})
}

func readEventErr(s string) (*passerelle.EventImport, error) {
	return interchange.ReadEvent(strings.NewReader(s))
}
