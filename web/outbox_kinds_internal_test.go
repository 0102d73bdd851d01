package web

import (
	"encoding/json"
	"testing"

	"passerelle/store"
)

// TestOutboxKindsNamed: every kind of mail the outbox holds, a request's by what it
// tells, a survey's reminder by its round, and every status are named in both catalogues, so that the outbox's page
// shows words and never a code; a kind no catalogue names is shown as its code.
func TestOutboxKindsNamed(t *testing.T) {
	kinds := []string{store.MailEventChanges, store.MailEventAgenda, store.MailEventDay, store.MailEventAnnouncement, store.MailEventSurvey, store.MailEventSurvey + ".later"}
	for _, what := range []string{store.RequestReceived, store.RequestAccepted, store.RequestDeclined, store.RequestCancelled} {
		kinds = append(kinds, store.MailEventRequest+"."+what)
	}
	for _, what := range []string{store.PlaceRegistered, store.PlaceWaiting, store.PlaceApproval, store.PlaceLeft, store.PlaceAdmitted, store.PlaceApproved, store.PlaceRemoved, store.NoticeMeetingCancelled} {
		kinds = append(kinds, store.MailEventRegistration+"."+what)
	}
	for lang, cat := range catalogues {
		for _, k := range kinds {
			if _, ok := cat["outbox.kind."+k]; !ok {
				t.Errorf("%s.json lacks outbox.kind.%s", lang, k)
			}
		}
		for _, st := range []string{store.MailPending, store.MailFailed, store.MailSent} {
			if _, ok := cat["outbox.status_"+st]; !ok {
				t.Errorf("%s.json lacks outbox.status_%s", lang, st)
			}
		}
	}
	fr := newLocalizer("fr")
	data, _ := json.Marshal(store.RequestMail{What: store.RequestDeclined})
	for _, c := range []struct {
		m    store.OutboxMail
		want string
	}{
		{store.OutboxMail{Kind: store.MailEventRequest, Data: data}, "Demande de rendez-vous refusée"},
		{store.OutboxMail{Kind: store.MailEventDay, Data: []byte(`{}`)}, "Rendez-vous du lendemain"},
		{store.OutboxMail{Kind: store.MailEventRegistration, Data: []byte(`{"what": "admitted"}`)}, "Place accordée depuis la liste d’attente"},
		{store.OutboxMail{Kind: store.MailEventSurvey, Data: []byte(`{"follow_up": true, "months": 6}`)}, "Relance de l’enquête, des mois après"},
		{store.OutboxMail{Kind: store.MailEventSurvey, Data: []byte(`{"unanswered": 2}`)}, "Relance de l’enquête"},
		{store.OutboxMail{Kind: store.MailEventRequest, Data: []byte(`not json`)}, "event.request"},
		{store.OutboxMail{Kind: "event.future", Data: []byte(`{}`)}, "event.future"},
	} {
		if got := mailKind(fr, &c.m); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.m.Kind, c.m.Data, got, c.want)
		}
	}
}
