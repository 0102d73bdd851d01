package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFollowUpReturn: a follow-up added, done or edited on a debrief goes back to the
// debrief (it went back to the mission's page); a refused one keeps the way back; an
// address that is not of this site is ignored.
func TestFollowUpReturn(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			debrief := "/missions/cph/debriefs/" + id(w.debPriv.ID)
			_, page := alice.get(debrief)
			for _, want := range []string{`<input type="hidden" name="return" value="` + debrief + `">`,
				`href="/follow-ups/` + id(w.fuPriv.ID) + `/edit?return=` + strings.ReplaceAll(debrief, "/", "%2f") + `"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the debrief's follow-ups lack %s: %s", want, between(page, `id="follow-ups"`, "</section>"))
				}
			}
			if _, page := alice.get("/follow-ups/" + id(w.fuPriv.ID) + "/edit?return=" + url.QueryEscape(debrief)); !strings.Contains(page, `name="return" value="`+debrief+`"`) ||
				!strings.Contains(page, `<a href="`+debrief+`#follow-ups">`) {
				t.Error("the follow-up's form, opened from the debrief, does not lead back to it")
			}
			for _, c := range []struct {
				name, path string
				form       url.Values
				code       int
				to         string // the redirect, or the refused form's way back
			}{
				{"added", "/follow-ups", url.Values{"mission": {"cph"}, "member_id": {id(w.alpha.ID)}, "title": {"Send the slides"}, "return": {debrief}},
					http.StatusSeeOther, debrief + "#follow-ups"},
				{"done", "/follow-ups/" + id(w.fuPriv.ID) + "/done", url.Values{"done": {"1"}, "return": {debrief}}, http.StatusSeeOther, debrief + "#follow-ups"},
				{"edited", "/follow-ups/" + id(w.fuPriv.ID), url.Values{"title": {"Send the slides again"}, "kind": {"other"}, "return": {debrief}},
					http.StatusSeeOther, debrief + "#follow-ups"},
				{"refused", "/follow-ups", url.Values{"mission": {"cph"}, "member_id": {id(w.alpha.ID)}, "title": {"Call them"}, "owner": {"nobody@example.test"},
					"return": {debrief}}, http.StatusUnprocessableEntity, debrief + "#follow-ups"},
				{"elsewhere", "/follow-ups", url.Values{"mission": {"cph"}, "member_id": {id(w.alpha.ID)}, "title": {"Write"}, "return": {"//evil.example/x"}},
					http.StatusSeeOther, "/missions/cph#follow-ups"},
				{"none", "/follow-ups", url.Values{"mission": {"cph"}, "member_id": {id(w.alpha.ID)}, "title": {"Write again"}},
					http.StatusSeeOther, "/missions/cph#follow-ups"},
			} {
				res, body := alice.do("POST", c.path, formType, c.form.Encode(), false)
				if res.StatusCode != c.code {
					t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.code)
					continue
				}
				if c.code == http.StatusSeeOther {
					if got := res.Header.Get("Location"); got != c.to {
						t.Errorf("%s: back to %q, want %q", c.name, got, c.to)
					}
					continue
				}
				if !strings.Contains(html.UnescapeString(body), `<a href="`+c.to+`">`) || !strings.Contains(body, `name="return" value="`+debrief+`"`) {
					t.Errorf("%s: the refused form lost the way back to %s", c.name, c.to)
				}
			}
		})
	}
}
