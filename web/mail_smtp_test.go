package web_test

import (
	"bufio"
	"context"
	"mime"
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
					data.WriteString(l)
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
