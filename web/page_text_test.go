package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passerelle"
	"passerelle/locales"
	"passerelle/store"
)

// TestPagesShowNoRawKeys renders the main pages in both languages as a signed-in
// coordinator and fails if what a reader sees holds a catalogue key ("entity.agreement",
// "agr.type.x") or a code that should have been named ("local_authority"): the two ways a
// missing or unused translation shows.
func TestPagesShowNoRawKeys(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testPagesShowNoRawKeys(t, db) })
	}
}

func testPagesShowNoRawKeys(t *testing.T, db *store.DB) {
	w := newAgreementWorld(t, db)
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	funded := &passerelle.Agreement{Title: "Funded convention", Type: passerelle.TypeMemorandum, Status: passerelle.StatusSuspended,
		Theme: "health.biotech", Partners: []passerelle.AgreementPartner{{OrganizationID: w.shared2.ID, Side: passerelle.SideFrench}},
		Funding: []passerelle.FundingLine{{Funder: "Ministère", AmountCents: 100, Category: "state"},
			{Funder: "Grand Poitiers", AmountCents: 200, Category: "local_authority"},
			{Funder: "Commission", AmountCents: 300, Category: "eu"},
			{Funder: "Fondation", AmountCents: 400, Category: "fondation d'entreprise"}},
		Phases: []passerelle.Phase{{Title: "Phase 1", Status: passerelle.ActionInProgress}}}
	must(t, store.NewAgreementService(db).CreateAgreement(sys, funded))

	prefixes := map[string]bool{}
	for k := range locales.Catalogue("en") {
		p, _, _ := strings.Cut(k, ".")
		prefixes[p] = true
	}
	pages := []string{"/", "/organizations", "/organizations/" + id(w.world.shared.ID), "/people", "/people/" + id(w.sharedP.ID),
		"/agreements", "/agreements/" + id(funded.ID), "/agreements/" + id(w.shared.ID), "/agreements/" + id(funded.ID) + "/edit",
		"/themes", "/audit", "/search?q=funded", "/pipeline", "/projects", "/projects/new", "/projects/new?opportunity=" + id(w.oppShr.ID),
		"/projects/" + id(w.projShr.ID) + "/edit", "/kpis", "/kpis?country=DE", "/kpis/companies", "/pipeline/" + id(w.oppShr.ID)}
	want := map[string][]string{ // the funding categories, named
		"en": {"State", "Local authority", "European Union", "fondation d'entreprise"},
		"fr": {"État", "Collectivité territoriale", "Union européenne", "fondation d'entreprise"},
	}
	for _, lang := range locales.Languages {
		c := w.client(t, "coord").lang(lang)
		for _, path := range pages {
			res, body := c.get(path)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", lang, path, res.StatusCode)
				continue
			}
			for _, tok := range shownWords(body) {
				if raw := rawKey(tok, prefixes); raw != "" {
					t.Errorf("%s %s shows %s %q", lang, path, raw, tok)
				}
			}
			if path == "/agreements/"+id(funded.ID) {
				for _, c := range passerelle.FundingCategories {
					if strings.Contains(body, "<td>"+c+"</td>") {
						t.Errorf("%s %s shows the funding category code %q", lang, path, c)
					}
				}
				for _, s := range want[lang] {
					if !strings.Contains(html.UnescapeString(body), "<td>"+s+"</td>") {
						t.Errorf("%s %s lacks the funding category %q", lang, path, s)
					}
				}
			}
		}
	}
}

var (
	hiddenRE = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	shownRE  = regexp.MustCompile(`(?i)\s(?:placeholder|title|aria-label|label|alt)="([^"]*)"`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	keyRE    = regexp.MustCompile(`^([a-z]+)\.[a-z0-9_.]*[a-z0-9_]$`)
	codeRE   = regexp.MustCompile(`^[a-z]+(?:_[a-z]+)+$`)
)

// shownWords returns the words of a page that a reader sees: its text and the attributes
// a browser shows, without scripts and styles.
func shownWords(body string) []string {
	body = hiddenRE.ReplaceAllString(body, " ")
	var text []string
	for _, m := range shownRE.FindAllStringSubmatch(body, -1) {
		text = append(text, m[1])
	}
	text = append(text, tagRE.ReplaceAllString(body, " "))
	return strings.FieldsFunc(html.UnescapeString(strings.Join(text, " ")), func(r rune) bool {
		return strings.ContainsRune(" \t\r\n\u00a0\u202f,;:()[]«»\"'·!?…", r)
	})
}

// rawKey says what a shown word is if it is a catalogue key or a code, else "".
func rawKey(w string, prefixes map[string]bool) string {
	w = strings.TrimRight(w, ".")
	if m := keyRE.FindStringSubmatch(w); m != nil && prefixes[m[1]] {
		return "the catalogue key"
	}
	if codeRE.MatchString(w) {
		return "the code"
	}
	return ""
}
