package web

import "testing"

// TestAuditSummary: summaries that hold codes read in the page's language; names typed by
// users, and summaries of no known form, pass through unchanged.
func TestAuditSummary(t *testing.T) {
	fr := newLocalizer("fr")
	cases := []struct{ entity, summary, want string }{
		{"link", "Novo Nordisk A/S parent Novo Holdings", "Novo Nordisk A/S · Maison mère · Novo Holdings"},
		{"link", "Acme member_of EIT Health", "Acme · Membre de · EIT Health"},
		{"membership", "joined as member", "a rejoint comme " + fr.T("role.member")},
		{"membership", "role raised to admin by invitation", "rôle relevé à " + fr.T("role.admin") + " par invitation"},
		{"membership", "invitation as viewer used; role coordinator kept", "invitation comme " + fr.T("role.viewer") + " utilisée ; rôle " + fr.T("role.coordinator") + " conservé"},
		{"membership", "removed from the workspace", "retiré de l'espace de travail"},
		{"invitation", "ana@example.org as coordinator", "ana@example.org, comme " + fr.T("role.coordinator")},
		{"invitation", "ana@example.org as emperor", "ana@example.org as emperor"},
		{"organization", "Institut Pasteur", "Institut Pasteur"},
		{"link", "A name without a kind", "A name without a kind"},
		{"report_section", "2020 · introduction", "2020 · Introduction"},
		{"report_section", "2020 · États-Unis", "2020 · États-Unis"},
	}
	for _, c := range cases {
		if got := fr.Summary(c.entity, c.summary); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.entity, c.summary, got, c.want)
		}
	}
}

func TestAuditSummaryRights(t *testing.T) {
	fr := newLocalizer("fr")
	for summary, want := range map[string]string{
		"consent: invitations":            "Consentement · invitations",
		"consent withdrawn on 2026-11-30": "retiré le 30 novembre 2026",
		"contact owner ana@example.org":   "Demander à ana@example.org avant de contacter cette personne.",
		"no contact owner":                "plus de référent du contact",
		"Ingrid Vesterbygaard":            "Ingrid Vesterbygaard",
	} {
		if got := fr.Summary("person", summary); got != want {
			t.Errorf("%q: %q, want %q", summary, got, want)
		}
	}
}
