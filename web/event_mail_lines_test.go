package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passerelle/store"
)

// TestEventMailLineBreaks: what participants and organisers type cannot break a mail's
// lines where they are named: a name, an organisation or an event's name holding line
// breaks of any kind (CR, LF, NEL, U+2028, U+2029, a vertical tab) reads on one line in
// the subject and in the text of the other participant's mail, so that it can neither
// add a header nor start a paragraph of its own; and the sender's email is in no mail
// to another. The organiser's subject is one line in every sense too.
func TestEventMailLineBreaks(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventMailLineBreaks(t, db) })
	}
}

func testEventMailLineBreaks(t *testing.T, db *store.DB) {
	ev := strings.Replace(requestMailEvent, `"name": "Request partnering"`, `"name": "Request\u2028partnering"`, 1)
	ev = strings.Replace(ev, `"name": "Ana Ruiz"`, `"name": "Ana\u2028Bcc: x@evil.example\u0085Ruiz\u000bX"`, 1)
	ev = strings.Replace(ev, `"name": "Ana Labs"`, `"name": "Ana Labs\u2029\r\n\r\nYour password expired"`, 1)
	f := newReqEvent(t, db, ev)
	ana := f.participant(t, "ana@example.org", false)
	if res, body := ana.do("POST", f.base+"/requests", formType, url.Values{"to": {"b"}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.StatusCode, body)
	}
	sent, _ := f.mailer.set(false)
	got := sent["ben@example.org"]
	if len(got) != 1 {
		t.Fatalf("Ben got %d mails", len(got))
	}
	subject, body, _ := strings.Cut(got[0], "\n")
	if want := "Meeting request from Ana Bcc: x@evil.example Ruiz X – Request partnering"; subject != want {
		t.Errorf("subject %q, want %q", subject, want)
	}
	if want := "Ana Bcc: x@evil.example Ruiz X (Ana Labs Your password expired) asks to meet you at Request partnering."; !strings.Contains(body, want) {
		t.Errorf("Ben's mail lacks %q:\n%s", want, body)
	}
	if strings.ContainsAny(got[0], "\u2028\u2029\u0085\v\r") || strings.Contains(got[0], "ana@example.org") {
		t.Errorf("Ben's mail: %q", got[0])
	}
	// The organiser's subject with a line separator is refused as a subject with a line
	// break is.
	c := f.member(t, "coord")
	res, _ := c.do("POST", "/events/"+f.eid+"/announce", formType, url.Values{"subject": {"Hello\u2028Bcc: x@evil.example"}, "body": {"Hi"}}.Encode(), true)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a subject with U+2028: %d", res.StatusCode)
	}
	if res, body := c.do("POST", "/events/"+f.eid+"/announce", formType, url.Values{"subject": {"Hello"}, "body": {"Hi"}}.Encode(), true); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("announce: %d %s", res.StatusCode, body)
	}
	sent, _ = f.mailer.set(false)
	for to, ms := range sent {
		if subject, _, _ := strings.Cut(ms[0], "\n"); subject != "[Request partnering] Hello" {
			t.Errorf("%s's announcement subject %q", to, subject)
		}
	}
}

// TestEventSigninMailOneLine: the registration's sign-in link is mailed under a subject
// on one line when the event's name (an organiser's import) holds a line break; the
// mail server refused it, and the registrant never got in.
func TestEventSigninMailOneLine(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			f := newReqEvent(t, db, strings.Replace(requestMailEvent, `"name": "Request partnering"`, `"name": "Request\r\npartnering"`, 1))
			must(t, f.svc.SetRegistrationOpen(f.ctx, f.r.Event.ID, true))
			anon := &client{t: t, base: f.srv.URL, http: &http.Client{}}
			form := url.Values{"name": {"Léa"}, "email": {"lea@example.fr"}, "organization": {"Léa SAS"}, "country": {"FR"}}
			if res, body := anon.do("POST", f.base+"/register", formType, form.Encode(), false); res.StatusCode != http.StatusOK {
				t.Fatalf("register: %d %s", res.StatusCode, body)
			}
			sent, _ := f.mailer.set(false)
			if m := sent["lea@example.fr"]; len(m) != 1 || strings.ContainsAny(strings.SplitN(m[0], "\n", 2)[0], "\r") ||
				!strings.HasSuffix(strings.SplitN(m[0], "\n", 2)[0], " Request partnering") {
				t.Errorf("the sign-in mail: %q", m)
			}
		})
	}
}
