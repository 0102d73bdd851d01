package web

import "testing"

// TestAuditSummaryMission: a mission's entries (its targets, the programme, a debrief)
// read in the page's language; a French log showed "target added: organisation 12".
func TestAuditSummaryMission(t *testing.T) {
	for _, c := range []struct{ lang, entity, summary, want string }{
		{"fr", "mission", "target added: organisation 12", "cible ajoutée : organisation 12"},
		{"fr", "mission", "target removed: organisation 12", "cible retirée : organisation 12"},
		{"fr", "mission", "organisations 3 and 14 met together", "organisations 3 et 14 rencontrées ensemble"},
		{"fr", "mission", "organisations 3 and 14 met apart", "organisations 3 et 14 rencontrées séparément"},
		{"fr", "mission", "programme: job 7", "programme : tâche 7"},
		{"fr", "mission", "targets imported: 4 added, 1 updated, 2 organisations created", "cibles importées : ajoutées 4, mises à jour 1, organisations créées 2"},
		{"fr", "debrief", "debrief", ""},
		{"en", "mission", "target added: organisation 12", "target added: organisation 12"},
		{"en", "debrief", "debrief", ""},
		{"fr", "mission", "Copenhagen mission", "Copenhagen mission"},
		{"fr", "mission", "target added: organisation twelve", "target added: organisation twelve"},
	} {
		if got := newLocalizer(c.lang).Summary(c.entity, c.summary); got != c.want {
			t.Errorf("%s %s %q: %q, want %q", c.lang, c.entity, c.summary, got, c.want)
		}
	}
}
