package web

import (
	"encoding/json"
	"strings"
	"testing"

	"passerelle/store"
)

// TestLeaveNoticeRender: the withdrawal's notice renders each cancelled meeting on one
// line whatever the names typed hold, in the event's time zone, without a table when
// the meeting has none; a mail queued before the list was kept (its JSON has none)
// still renders, saying only that meetings were cancelled, and an empty list says there
// were none.
func TestLeaveNoticeRender(t *testing.T) {
	em := &EventMail{BaseURL: "https://passerelle.example"}
	for _, c := range []struct {
		name, lang, data, want string
	}{
		{"old mail", "en", `{"what": "left", "event": "Bio Japan", "page": "/events/7", "name": "Ana", "org": "Ana Labs", "taken": 2}`,
			"Ana (Ana Labs) has left Bio Japan: their meetings still to come were cancelled.\n\n2 places taken.\n\nThe event's page: https://passerelle.example/events/7\n"},
		{"none", "fr", `{"what": "left", "event": "Bio Japan", "page": "/events/7", "name": "Ana", "taken": 2, "max": 3, "time_zone": "Asia/Tokyo", "cancelled": []}`,
			"Ana s’est retiré de Bio Japan. Il n’avait aucun rendez-vous à venir.\n\nPlaces prises : 2 sur 3.\n\nLa page de l’événement : https://passerelle.example/events/7\n"},
		{"names with line breaks, no table", "en", `{"what": "left", "event": "Bio\r\nJapan", "page": "/events/7", "name": "Ana\r\nBcc: evil@example.org", "taken": 1,
 "time_zone": "Asia/Tokyo", "cancelled": [{"with": "Ben\u2028Okafor", "with_org": "Ben\nCo", "slot": {"start": "2030-03-12T09:00:00Z", "end": "2030-03-12T09:30:00Z", "table": "3\n4"}},
  {"with": "Carl", "slot": {"start": "2030-03-12T14:45:00Z", "end": "2030-03-12T15:15:00Z"}}]}`,
			"Ana Bcc: evil@example.org has left Bio Japan. 2 meetings still to come were cancelled:\n" +
				"- 2030-03-12 18:00–18:30 (Asia/Tokyo), table 3 4: with Ben Okafor (Ben Co)\n" +
				"- 2030-03-12 23:45–00:15 (Asia/Tokyo): with Carl\n\n1 place taken.\n\n"},
		{"one, in French", "fr", `{"what": "left", "event": "Bio Japan", "page": "/events/7", "name": "Ana", "taken": 1, "time_zone": "Europe/Paris",
 "cancelled": [{"with": "Ben", "slot": {"start": "2030-03-12T09:00:00Z", "end": "2030-03-12T09:30:00Z", "table": "2"}}]}`,
			"Ana s’est retiré de Bio Japan. 1 rendez-vous à venir a été annulé :\n- 2030-03-12 10:00–10:30 (Europe/Paris), table 2 : avec Ben\n\n"},
	} {
		var m store.RegistrationMail
		if err := json.Unmarshal([]byte(c.data), &m); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		subject, body, err := em.renderRegistration(newLocalizer(c.lang), m)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if strings.ContainsAny(subject, "\r\n\u2028") {
			t.Errorf("%s: subject %q", c.name, subject)
		}
		if !strings.HasPrefix(body, c.want) {
			t.Errorf("%s: body\n%q\nwant it to begin\n%q", c.name, body, c.want)
		}
	}
}
