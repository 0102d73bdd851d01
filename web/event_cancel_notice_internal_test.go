package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestCancelNoticeRender: the organiser's notice of a meeting a participant cancelled
// keeps its subject on one line whatever the names hold, says the time in the event's
// time zone (with the offset when the local time repeats), leaves the table out when
// the meeting has none, refuses a notice without its time, and is named in words on
// the outbox page in both languages (TestOutboxKindsNamed lists the others).
func TestCancelNoticeRender(t *testing.T) {
	em := &EventMail{BaseURL: "https://passerelle.example"}
	start := time.Date(2030, 3, 12, 9, 0, 0, 0, time.UTC)
	c := store.RegistrationMail{What: store.NoticeMeetingCancelled, Event: "Bio\r\nJapan", Page: "/events/7",
		Name: "Ana\r\nBcc: evil@example.org", Org: "Ana\nLabs", Country: "ES", With: "Ben\u2028Okafor", WithOrg: "Ben\rCo",
		TimeZone: "Asia/Tokyo", Slot: &store.MailPlacement{Start: start, End: start.Add(30 * time.Minute), Table: "3\n4"}}
	subject, body, err := em.renderRegistration(newLocalizer("en"), c)
	if err != nil {
		t.Fatal(err)
	}
	if passerelle.HasLineBreak(subject) || subject != "Meeting cancelled: Ana Bcc: evil@example.org with Ben Okafor – Bio Japan" {
		t.Errorf("subject %q", subject)
	}
	want := "At Bio Japan, Ana Bcc: evil@example.org (Ana Labs, ES) cancelled their meeting with Ben Okafor (Ben Co) on 2030-03-12 18:00–18:30 (Asia/Tokyo), table 3 4: that table will stand empty then.\n\nThe event's page: https://passerelle.example/events/7\n"
	if body != want {
		t.Errorf("body\n%q\nwant\n%q", body, want)
	}
	c.Slot.Table = ""
	if _, body, _ := em.renderRegistration(newLocalizer("fr"), c); !strings.HasPrefix(body, "À Bio Japan, Ana Bcc: evil@example.org (Ana Labs, ES) a annulé son rendez-vous avec Ben Okafor (Ben Co) du 2030-03-12 18:00–18:30 (Asia/Tokyo).\n\n") {
		t.Errorf("without a table, in French: %q", body)
	}
	// The night the clocks go back in Paris, 02:30 comes twice: the offset says which.
	c.TimeZone, c.Slot.Start, c.Slot.End = "Europe/Paris", time.Date(2030, 10, 27, 0, 30, 0, 0, time.UTC), time.Date(2030, 10, 27, 1, 0, 0, 0, time.UTC)
	if _, body, _ := em.renderRegistration(newLocalizer("en"), c); !strings.Contains(body, "2030-10-27 02:30–02:00 (Europe/Paris, UTC+02:00)") {
		t.Errorf("a repeated hour: %q", body)
	}
	c.Slot = nil
	if _, _, err := em.renderRegistration(newLocalizer("en"), c); err == nil {
		t.Error("a notice without its time rendered")
	}

	data, _ := json.Marshal(store.RegistrationMail{What: store.NoticeMeetingCancelled})
	m := &store.OutboxMail{Kind: store.MailEventRegistration, Data: data}
	for lang, want := range map[string]string{"en": "Meeting cancelled by a participant (to the organiser)", "fr": "Rendez-vous annulé par un participant (à l’organisateur)"} {
		if got := mailKind(newLocalizer(lang), m); got != want {
			t.Errorf("%s: the outbox names it %q", lang, got)
		}
	}
}
