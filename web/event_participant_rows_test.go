package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle/interchange"
	"passerelle/store"
	"passerelle/web"
)

// TestParticipantRowsCache: the list of participants on a participant's page is kept
// rendered between views (event_participant_rows.go). After each change, every
// viewer's list on the server that keeps it is the one a new server renders, and shows
// the change: another viewer (their own row left out, the other's in), a profile
// edited, a request sent (its status instead of the form, for both of them and no one
// else), the other language and back, and another event whose participants have the
// same refs and whose requests are closed (no forms).
func TestParticipantRowsCache(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testParticipantRowsCache(t, db) })
	}
}

func testParticipantRowsCache(t *testing.T, db *store.DB) {
	f := newReqEvent(t, db, requestMailEvent)
	ana, ben := f.participant(t, "ana@example.org", true), f.participant(t, "ben@example.org", true)
	// others is the list on c's page, from the world's server (which keeps the rows)
	// and from a new one (which renders them afresh); the two must be the same. The
	// cookie jar does not tell ports apart, so c's session goes to both.
	others := func(c *client, base string) string {
		t.Helper()
		h, err := web.NewServer(db, web.Options{Version: "test"})
		must(t, err)
		fresh := httptest.NewServer(h)
		defer fresh.Close()
		var lists [2]string
		for i, srv := range []string{c.base, fresh.URL} {
			cc := *c
			cc.base = srv
			res, body := cc.get(base)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("page: %d", res.StatusCode)
			}
			from := strings.Index(body, `<section id="others"`)
			if from < 0 {
				t.Fatalf("no list of participants on the page")
			}
			list, _, _ := strings.Cut(body[from:], "</section>")
			lists[i] = list
		}
		if lists[0] != lists[1] {
			t.Fatalf("the list kept differs from the list rendered anew:\n%s\n---\n%s", lists[0], lists[1])
		}
		return lists[0]
	}
	check := func(what, list string, want, not []string) {
		t.Helper()
		for _, s := range want {
			if !strings.Contains(list, s) {
				t.Errorf("%s: no %q", what, s)
			}
		}
		for _, s := range not {
			if strings.Contains(list, s) {
				t.Errorf("%s: %q", what, s)
			}
		}
	}

	check("Ana's list", others(ana, f.base), []string{`id="participant-b"`, `id="participant-c"`, `id="about-b"`, "Vaccine adjuvant",
		`id="request-b"`, `id="request-c"`, `href="` + f.base + `/common?with=b"`, "Request a meeting",
		"<th>Country</th>", "<td>Germany</td>"}, []string{`id="participant-a"`, "<td>DE</td>"})
	check("Ben's list", others(ben, f.base), []string{`id="participant-a"`, "Ana Labs", `id="request-a"`, `id="request-c"`},
		[]string{`id="participant-b"`, "Vaccine adjuvant"})

	// Ben edits his offer: Ana's list shows the new title.
	if res, body := ben.do("POST", f.base+"/profile", formType, url.Values{"summary": {"Adjuvants for mRNA"},
		"offers[0].kind": {"offer"}, "offers[0].type": {"technology_offer"}, "offers[0].title": {"Cold chain"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile: %d %s", res.StatusCode, body)
	}
	check("Ana's list after Ben's profile", others(ana, f.base), []string{"Cold chain", "Adjuvants for mRNA", `id="about-b"`},
		[]string{"Vaccine adjuvant"})

	// Ana asks Ben: both see its status instead of the form, and still Carl's form.
	if res, body := ana.do("POST", f.base+"/requests", formType, url.Values{"to": {"b"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.StatusCode, body)
	}
	check("Ana's list after her request", others(ana, f.base), []string{`id="between-b"`, "Request: pending", `id="request-c"`},
		[]string{`id="request-b"`, `id="about-b"`})
	check("Ben's list after Ana's request", others(ben, f.base), []string{`id="between-a"`, `id="request-c"`},
		[]string{`id="request-a"`})

	// In French, and back in English.
	ana.do("POST", "/lang", formType, "lang=fr", false)
	check("Ana's list in French", others(ana, f.base), []string{"Demande : en attente", "Demander un rendez-vous", "Créneaux libres en commun", "<th>Pays</th>", "<td>Allemagne</td>"},
		[]string{"Request a meeting", "Free common slots"})
	ana.do("POST", "/lang", formType, "lang=en", false)
	check("Ana's list in English again", others(ana, f.base), []string{"Request a meeting", "Free common slots"},
		[]string{"Demander un rendez-vous"})

	// Another event, the same refs, its requests closed: its own names, no forms.
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	ev := strings.NewReplacer(`"req-ev"`, `"req-ev2"`, "Ben Okafor", "Ben Second", `"days":`,
		`"phases": [{"phase": "requests", "start": "2020-01-01", "end": "`+yesterday+`"}], "days":`).Replace(requestMailEvent)
	g := newReqEventIn(t, f, ev)
	ana2 := g.participant(t, "ana@example.org", true)
	check("Ana's list at the closed event", others(ana2, g.base), []string{"Ben Second", `href="` + g.base + `/common?with=b"`},
		[]string{"Ben Okafor", `id="request-b"`, `id="about-b"`, f.base + "/"})
	check("Ana's list at the first event", others(ana, f.base), []string{"Ben Okafor", `id="request-c"`}, []string{"Ben Second"})
}

// newReqEventIn imports another event into f's workspace, served by f's servers.
func newReqEventIn(t *testing.T, f *reqEvent, ev string) *reqEvent {
	t.Helper()
	g := *f
	imp, err := interchange.ReadEvent(strings.NewReader(ev))
	must(t, err)
	g.r, err = f.svc.ImportEvent(f.ctx, imp)
	must(t, err)
	g.eid, g.base = id(g.r.Event.ID), "/e/"+f.w.ws.Slug+"/"+g.r.Event.Slug
	return &g
}
