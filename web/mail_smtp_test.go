package web_test

import (
	"bufio"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"

	"passerelle/web"
)

// smtpServer is a one-mail SMTP server of the test: it answers a client as a server
// without extensions would and hands over the message it received.
func smtpServer(t *testing.T) (addr string, got <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	t.Cleanup(func() { ln.Close() })
	ch := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r, w := bufio.NewReader(conn), bufio.NewWriter(conn)
		say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
		say("220 test ESMTP")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 test")
			case strings.HasPrefix(cmd, "DATA"):
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					// A line the client starts with a dot is sent with one more (RFC 5321).
					data.WriteString(strings.TrimPrefix(l, "."))
				}
				ch <- data.String()
				say("250 queued")
			case strings.HasPrefix(cmd, "QUIT"):
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), ch
}

// TestSMTPMailerHeaders: a subject that is not ASCII (a French mail, a Japanese event's
// name) is sent encoded as RFC 2047 asks, and reads back as written; one with a line
// break is refused before anything is sent.
func TestSMTPMailerHeaders(t *testing.T) {
	addr, got := smtpServer(t)
	m, err := web.NewSMTPMailer("smtp://"+addr, "passerelle@example.org")
	must(t, err)
	subject := "Demande de rendez-vous de Léa – バイオジャパン"
	must(t, m.Send(context.Background(), "lea@example.fr", subject, "Bonjour,\nà bientôt."))
	raw := <-got
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	must(t, err)
	h := msg.Header.Get("Subject")
	for _, r := range h {
		if r > 127 {
			t.Fatalf("the subject header is not ASCII: %q", h)
		}
	}
	if dec, err := new(mime.WordDecoder).DecodeHeader(h); err != nil || dec != subject {
		t.Errorf("subject reads back as %q (%v), want %q", dec, err, subject)
	}
	if err := m.Send(context.Background(), "lea@example.fr", "Hi\r\nBcc: x@example.org", "body"); err == nil {
		t.Error("a subject with a line break was sent")
	}
}

// TestSMTPMailerLongLines: no line of a mail is longer than RFC 5322 allows (998
// characters) whatever its text: a subject naming a participant of 300 characters that
// are not ASCII and an event of 500, encoded, and an organiser's message of 10,000
// characters typed as one paragraph. Both read back as written.
func TestSMTPMailerLongLines(t *testing.T) {
	addr, got := smtpServer(t)
	m, err := web.NewSMTPMailer("smtp://"+addr, "passerelle@example.org")
	must(t, err)
	subject := "Demande de rendez-vous de " + strings.Repeat("é", 150) + " – " + strings.Repeat("バ", 166)
	body := "Bonjour,\n" + strings.Repeat("Un long paragraphe sans retour à la ligne. ", 240) + "\nFin."
	must(t, m.Send(context.Background(), "lea@example.fr", subject, body))
	raw := <-got
	for i, l := range strings.Split(raw, "\r\n") {
		if len(l) > 998 {
			t.Fatalf("line %d is %d characters long: %.80q…", i, len(l), l)
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	must(t, err)
	if dec, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || dec != subject {
		t.Errorf("subject reads back as %q (%v)", dec, err)
	}
	var b io.Reader = msg.Body
	if msg.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
		b = quotedprintable.NewReader(msg.Body)
	}
	text, err := io.ReadAll(b)
	must(t, err)
	if got := strings.TrimSuffix(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n"); got != body {
		i := 0
		for i < min(len(got), len(body)) && got[i] == body[i] {
			i++
		}
		t.Errorf("body reads back as %d bytes, want %d; from byte %d: %.60q", len(got), len(body), i, got[i:])
	}
}
