package web

import (
	"net/http"
	"strconv"

	"passerelle"
)

// The organiser's registration questions (docs/events.md): one per line, free text or
// a choice ("* Sector = Biotech | Medtech"), required with a leading "*". The answers
// show on the event's page and in its exports.

type eventQuestionsData struct {
	Event *passerelle.Event
	Text  string
}

// eventQuestionsForm shows the event's questions as editable lines.
func (s *Server) eventQuestionsForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	qs, err := s.eventService().EventQuestions(r.Context(), e)
	if err != nil {
		return err
	}
	p := s.newPage(r, "event.questions")
	p.Data = eventQuestionsData{Event: e, Text: passerelle.FormatEventQuestions(qs)}
	return s.render(w, r, "event_questions.html", p)
}

// eventQuestionsSave replaces the questions; refused lines come back as typed, each
// problem with its line, nothing saved.
func (s *Server) eventQuestionsSave(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	d := eventQuestionsData{Event: e, Text: r.PostFormValue("questions")}
	qs, err := passerelle.ParseEventQuestions(d.Text)
	if err == nil {
		err = s.eventService().SetEventQuestions(r.Context(), e.ID, qs)
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		p := s.newPage(r, "event.questions")
		p.Errors = p.L.FormErrors(err, "_")
		p.Data = d
		return s.renderStatus(w, r, status(err), "event_questions.html", p)
	}
	return s.redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10)+"#participants", "flash.event_questions_saved")
}
