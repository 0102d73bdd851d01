package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMissionFormErrorLabels: the mission form's list of problems names each field as
// the form labels it, in the reader's language; the budget, its currency and the
// agreement served were named by their codes ("budget: an amount such as 12500").
func TestMissionFormErrorLabels(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			base := url.Values{"kind": {"outgoing"}, "status": {"draft"}, "name": {"Montréal mission"}, "slug": {"mtl"}, "time_zone": {"America/Toronto"},
				"start_date": {"2027-05-10"}, "end_date": {"2027-05-12"}, "day_start": {"09:00"}, "day_end": {"17:00"}, "meeting_minutes": {"45"},
				"budget_currency": {"EUR"}}
			for _, c := range []struct{ lang, field, value, want string }{
				{"en", "budget", "lots", "<li>Budget: "},
				{"fr", "budget", "lots", "<li>Budget\u00a0: "},
				{"en", "budget_currency", "euro", "<li>Currency: "},
				{"fr", "budget_currency", "euro", "<li>Devise\u00a0: "},
				{"en", "agreement", "Nothing Like It", "<li>Agreement served: "},
				{"fr", "agreement", "Nothing Like It", "<li>Accord servi\u00a0: "},
			} {
				if res, _ := bob.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang: %d", res.StatusCode)
				}
				v := url.Values{}
				for k, x := range base {
					v[k] = x
				}
				v.Set(c.field, c.value)
				res, body := bob.do("POST", "/missions", formType, v.Encode(), false)
				if summary := between(body, `id="error-summary"`, "</div>"); res.StatusCode == http.StatusSeeOther || !strings.Contains(summary, c.want) {
					t.Errorf("%s %s=%q: %d, the summary does not say %q: %s", c.lang, c.field, c.value, res.StatusCode, c.want, summary)
				}
			}
		})
	}
}

// TestMissionFormAllProblems: a mission form refused for an organiser that matches
// nothing also names the mission's own problems (its end before its start, its slug);
// they were named only on the next try, once the organiser was found.
func TestMissionFormAllProblems(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			bob := w.client(t, "bob")
			v := url.Values{"kind": {"outgoing"}, "status": {"draft"}, "name": {"Montréal mission"}, "slug": {"mtl mission"}, "time_zone": {"America/Toronto"},
				"start_date": {"2027-05-12"}, "end_date": {"2027-05-10"}, "day_start": {"09:00"}, "day_end": {"17:00"}, "meeting_minutes": {"45"},
				"budget_currency": {"EUR"}, "organiser": {"Nothing Like It Org"}}
			res, body := bob.do("POST", "/missions", formType, v.Encode(), false)
			summary := between(body, `id="error-summary"`, "</div>")
			for _, want := range []string{"<li>Organiser: no organisation matches", "the end must not come before the start", "required: letters, digits and dashes"} {
				if res.StatusCode == http.StatusSeeOther || !strings.Contains(summary, want) {
					t.Errorf("%d: the summary lacks %q: %s", res.StatusCode, want, summary)
				}
			}
			if !strings.Contains(body, `value="mtl mission"`) || !strings.Contains(body, `value="2027-05-10"`) {
				t.Error("the refused form lost what was typed")
			}
		})
	}
}
