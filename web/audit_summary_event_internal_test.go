package web

import "testing"

// TestAuditSummaryEvent: a partnering event's entries (import, schedule, reminders, a
// slot booked by the participants, a profile) read in the page's language, the event's
// name kept as written even when it holds ": "; a French log showed them in English.
func TestAuditSummaryEvent(t *testing.T) {
	for _, c := range []struct{ lang, entity, summary, want string }{
		{"fr", "event", "Bio-Japan 2027: participants +12 ~3 -1, requests +40 ~2 -0", "Bio-Japan 2027 : participants +12 ~3 -1, demandes +40 ~2 -0"},
		{"fr", "event", "Bio-Japan: Kansai: schedule, 18 meetings created, 2 moved, 5 unchanged, 1 cancelled, 0 not placed",
			"Bio-Japan: Kansai : planning, rendez-vous créés 18, déplacés 2, inchangés 5, annulés 1, non placés 0"},
		{"fr", "event", "Bio-Japan 2027: survey reminders, 30 participants", "Bio-Japan 2027 : relances de l’enquête, participants 30"},
		{"fr", "event", "Bio-Japan 2027: survey reminders months later, 8 participants", "Bio-Japan 2027 : relances de l’enquête des mois après, participants 8"},
		{"fr", "event", "Bio-Japan 2027: meeting booked by the organiser: Aiko – Jean", "Bio-Japan 2027 : rendez-vous réservé par l’organisateur : Aiko – Jean"},
		{"fr", "event", "Bio-Japan 2027: meeting booked by its participants at a free common slot: Aiko – Jean",
			"Bio-Japan 2027 : rendez-vous réservé par ses participants sur un créneau libre commun : Aiko – Jean"},
		{"fr", "event", "Bio-Japan: Kansai: failed mails sent again, 12", "Bio-Japan: Kansai : courriels en échec renvoyés, 12"},
		{"en", "event", "Bio-Japan 2027: failed mails sent again, 1", "Bio-Japan 2027: failed mails sent again, 1"},
		{"fr", "event_participant", "Aiko Tanaka: profile", "Aiko Tanaka : profil"},
		{"fr", "event_participant", "Aiko Tanaka: availability", "Aiko Tanaka : disponibilités"},
		{"en", "event", "Bio-Japan 2027: survey reminders, 30 participants", "Bio-Japan 2027: survey reminders, 30 participants"},
		{"fr", "event", "Bio-Japan 2027", "Bio-Japan 2027"},
		{"fr", "event", "Bio-Japan 2027: Venue change", "Bio-Japan 2027: Venue change"},
	} {
		if got := newLocalizer(c.lang).Summary(c.entity, c.summary); got != c.want {
			t.Errorf("%s %s %q: %q, want %q", c.lang, c.entity, c.summary, got, c.want)
		}
	}
}
