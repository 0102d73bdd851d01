package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// TestOutboxAttack keeps what an outsider tried against the outbox's page and its
// "Send again" (2026-12-07), each as a check:
//   - markup in a participant's name, an organiser's subject and a mail server's answer
//     is shown as text;
//   - an API token does not act on the pages (401), whoever holds it;
//   - a 10,000-character status, repeated and hostile parameters are a 4xx or the first
//     value, never a 500, and the refusal does not repeat what was sent;
//   - "next" leads only to a path of this site;
//   - a mail of the other workspace sent again from its own page leaves this one's alone.
var langNext = regexp.MustCompile(`<input type="hidden" name="next" value="[^"]*">\s*(<button name="lang")`)

func TestOutboxAttack(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testOutboxAttack(t, db) })
	}
}

func testOutboxAttack(t *testing.T, db *store.DB) {
	f := newOutboxWorld(t, db)
	alice := f.member(t, "alice")
	ctx := context.Background()
	// Markup where users and mail servers write.
	n, err := f.svc.Announce(f.ctx, f.r.Event.ID, `<img src=x onerror=alert(1)>`, "Body", store.AnnounceAll)
	must(t, err)
	if n != 2 {
		t.Fatalf("%d announced", n)
	}
	ob := store.NewOutboxService(db)
	due, err := ob.DueMails(ctx, 10)
	must(t, err)
	for _, id := range due {
		_, err := ob.ClaimMail(ctx, id, time.Minute)
		must(t, err)
		must(t, ob.MailNotSent(ctx, id, `<script>alert("smtp")</script>`, 0))
	}
	_, body := alice.get("/outbox")
	for _, raw := range []string{`<img src=x`, `<script>alert`} {
		if strings.Contains(body, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	if !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") || !strings.Contains(body, "&lt;script&gt;alert(&#34;smtp&#34;)&lt;/script&gt;") {
		t.Error("the subject or the server's answer is not shown as text")
	}

	// Tokens are for the API: on a page, nobody is signed in.
	for _, user := range []string{"alice", "viewer", "otheradmin"} {
		c := f.member(t, "")
		c.token = f.w.tokens[user]
		if res, _ := c.do("POST", "/outbox/"+id(f.mails["ana@example.org"])+"/resend", formType, "", true); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s's token on Send again: %d, want 401", user, res.StatusCode)
		}
		if res, _ := c.do("GET", "/outbox", "", "", true); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s's token on the page: %d, want 303 to the sign-in", user, res.StatusCode)
		}
	}

	// Hostile query strings.
	long := strings.Repeat("x", 10000)
	for _, c := range []struct {
		query string
		code  int
	}{
		{"?status=" + long, 422},
		{"?status=failed&status=" + long, 200},
		{"?before=" + strings.Repeat("9", 5000), 422},
		{"?event=" + id(f.r.Event.ID) + "&event=" + f.otherEID, 200},
		{"?event=" + f.otherEID + "&event=" + id(f.r.Event.ID), 404},
		{"?status=%00", 422},
		{"?status=%ff%fe", 422},
		{"?before=%2B5", 200}, // "+5" is a number
		{"?limit=100000000", 200},
	} {
		res, body := alice.get("/outbox" + c.query)
		if res.StatusCode != c.code {
			t.Errorf("/outbox%.60s: %d, want %d", c.query, res.StatusCode, c.code)
		}
		// The language switch of every page keeps the address as it came (escaped);
		// what the outbox's page and its refusal write must not.
		body = langNext.ReplaceAllString(body, "")
		if strings.Contains(body, long[:200]) || strings.Contains(body, "xena@other.example") {
			t.Errorf("/outbox%.60s repeats what was sent or shows another workspace", c.query)
		}
	}
	// Where Send again comes back to: this site only.
	f.mailer.set(true)
	for _, next := range []string{"https://evil.example/", "//evil.example/", `/\evil.example`, "/\t/evil.example", "javascript:alert(1)", " /outbox", long} {
		// Failed again before each try (the server is down: each resend leaves it pending).
		mid := f.mails["ben@example.org"]
		must(t, ob.MailNotSent(ctx, mid, "550", 0))
		res, _ := alice.do("POST", "/outbox/"+id(mid)+"/resend", formType, url.Values{"next": {next}}.Encode(), false)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/outbox?status=failed" {
			t.Errorf("next %.40q: %d → %q", next, res.StatusCode, loc)
		}
	}
}
