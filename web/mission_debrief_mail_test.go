package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
	"passerelle/web"
)

type failingMailer struct{}

func (failingMailer) Send(context.Context, string, string, string) error {
	return errors.New("mail server down")
}

// TestDebriefSentMailed: without a mail server, a debrief marked sent is saved and the
// page says it was not mailed; with one, marking it sent (here by the organiser) mails
// it to its member's users only, once (saving it again while sent mails nothing); a
// mail that fails leaves the debrief saved and the page says so. Another member's user
// cannot send it (404), and nothing is mailed.
func TestDebriefSentMailed(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			path := "/missions/cph/debriefs/" + id(w.debPriv.ID)
			save := func(c *client, status string) string {
				t.Helper()
				res, body := c.do("POST", path, formType, form("body", "Alpha's findings", "status", status), false)
				if res.StatusCode != http.StatusSeeOther {
					t.Fatalf("save %s: %d %s", status, res.StatusCode, body)
				}
				_, page := c.get(path)
				return page
			}
			if _, page := alice.get(path); !strings.Contains(page, "No mail server is configured") {
				t.Error("the debrief page does not say that sending does not mail")
			}
			if page := save(alice, "sent"); !strings.Contains(page, "it was not mailed: no mail server is configured") {
				t.Error("without a mail server the page does not say the debrief was not mailed")
			}
			save(alice, "draft")

			// A mission named on two lines (an import's cell) is mailed on one: the mail
			// server refuses a line break in the subject.
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			missions := store.NewMissionService(db)
			m, err := missions.FindMission(sys, w.mission.Slug)
			must(t, err)
			m.Name = "Copenhagen\nmission"
			must(t, missions.UpdateMission(sys, m))
			mail, base, _ := mailServer(t, db)
			coord, bob := w.client(t, "coord"), w.client(t, "bob")
			coord.base, bob.base = base, base
			if res, _ := bob.do("POST", path, formType, form("body", "x", "status", "sent"), false); res.StatusCode != http.StatusNotFound {
				t.Errorf("bob sends alice's debrief: %d, want 404", res.StatusCode)
			}
			if len(mail.sent) != 0 {
				t.Fatalf("mailed after a refused save: %v", mail.sent)
			}
			if page := save(coord, "sent"); !strings.Contains(page, "mailed to its member") {
				t.Error("the organiser is not told that the debrief was mailed")
			}
			got := mail.sent["alice@example.org"]
			if len(mail.sent) != 1 || !strings.Contains(got, "Alpha's findings") || !strings.Contains(got, base+path) || !strings.Contains(got, "Copenhagen mission") {
				t.Errorf("mailed %d: alice's mail %q", len(mail.sent), got)
			}
			delete(mail.sent, "alice@example.org")
			save(coord, "sent")
			if len(mail.sent) != 0 {
				t.Errorf("saving a sent debrief again mails it again: %v", mail.sent)
			}
			save(coord, "draft")

			h, err := web.NewServer(db, web.Options{Version: "test", Mailer: failingMailer{}})
			must(t, err)
			srv := httptest.NewServer(h)
			defer srv.Close()
			alice.base = srv.URL
			if page := save(alice, "sent"); !strings.Contains(page, "could not be mailed to everyone") || !strings.Contains(page, `id="debrief-status">sent`) {
				t.Error("a failed mail is not said, or the debrief is not saved as sent")
			}
		})
	}
}
