package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle/store"
)

// TestEventAnnounceCounts: the organiser's flash counts the recipients with the
// language's plural (one participant, in French too), and the event's outbox is counted
// as the mails to the participants it now holds (agendas, requests and answers, the
// organiser's messages), not as "changes to their agendas".
func TestEventAnnounceCounts(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventAnnounceCounts(t, db) })
	}
}

func testEventAnnounceCounts(t *testing.T, db *store.DB) {
	// Only Ana has an email.
	f := newReqEvent(t, db, strings.Replace(requestMailEvent, `, "email": "ben@example.org"`, "", 1))
	for _, c := range []struct{ lang, flash, counts string }{
		{"en", "Your message goes out to 1 participant.", "Sent: 0. Waiting to be sent or tried again: 1."},
		{"fr", "Votre message part vers 1 participant.", "Envoyés : 0. En attente d’envoi ou d’un nouvel essai : 2."},
	} {
		coord := f.member(t, "coord")
		if res, _ := coord.do("POST", "/lang", formType, url.Values{"lang": {c.lang}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("lang %s: %d", c.lang, res.StatusCode)
		}
		if res, body := coord.do("POST", "/events/"+f.eid+"/announce", formType, url.Values{"subject": {"Hello"}, "body": {"Hi"}}.Encode(), true); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("announce: %d %s", res.StatusCode, body)
		}
		_, body := coord.get("/events/" + f.eid)
		body = html.UnescapeString(body)
		for _, want := range []string{c.flash, c.counts} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the event's page lacks %q", c.lang, want)
			}
		}
		if strings.Contains(body, "event.") || strings.Contains(body, "flash.") {
			t.Errorf("%s: a raw key on the event's page", c.lang)
		}
	}
}
