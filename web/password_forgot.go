package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"passerelle"
)

type passwordForgotData struct {
	Email  string
	Mail   bool // a mail server is configured: links are sent by e-mail
	Sent   bool
	Error  string
	Expiry string
}

func (s *Server) passwordForgotForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "reset.forgot_title")
	p.Data = passwordForgotData{Mail: s.opts.Mailer != nil}
	return s.render(w, r, "password_forgot.html", p)
}

// passwordForgot mails a reset link. The page says the same thing whether the address
// has an account or not, so that it cannot be used to learn who has one; only the rate
// limit (per address asked and per client) shows, and it counts unknown addresses too.
func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := s.newPage(r, "reset.forgot_title")
	d := passwordForgotData{Mail: s.opts.Mailer != nil, Email: strings.TrimSpace(r.PostFormValue("email"))}
	p.Data = &d
	if s.opts.Mailer == nil {
		return s.render(w, r, "password_forgot.html", p)
	}
	secret, u, err := s.accounts.RequestPasswordReset(ctx, d.Email, clientAddr(r))
	switch code := passerelle.ErrorCode(err); {
	case err == nil:
		link := s.baseURL(r) + "/password/reset/" + secret
		l := newLocalizer(u.Lang)
		body := fmt.Sprintf(l.T("reset.mail_body"), link)
		if err := s.opts.Mailer.Send(ctx, u.Email, l.T("reset.mail_subject"), body); err != nil {
			// Told to nobody but the log: saying so would tell that the account exists.
			s.log.Warn("password reset mail not sent", "user", u.ID, "err", err)
		}
		s.log.Info("password reset requested", "user", u.ID, "addr", clientAddr(r))
	case code == passerelle.ENOTFOUND:
		s.log.Info("password reset for an unknown address", "addr", clientAddr(r))
	case code == passerelle.EBUSY:
		var e *passerelle.Error
		if errors.As(err, &e) && e.RetryAfter > 0 {
			w.Header().Set("Retry-After", retryAfter(err))
		}
		s.log.Warn("password reset rate-limited", "email", d.Email, "addr", clientAddr(r))
		d.Error = p.L.Error(err)
		return s.renderStatus(w, r, http.StatusTooManyRequests, "password_forgot.html", p)
	default:
		return err
	}
	d.Sent = true
	return s.render(w, r, "password_forgot.html", p)
}
