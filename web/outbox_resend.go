package web

import (
	"context"
	"net/http"
	"strconv"

	"passerelle"
)

// "Send again" (docs/events.md, "The outbox"): a failed mail, or all the failed mails of
// an event, set back to pending and due at once. Without a mail server nothing could
// send them: refused (409) with nothing changed.

var errNoMailServer = passerelle.Errorf(passerelle.ECONFLICT, "no mail server is configured: nothing can be sent")

// outboxResend sends a failed mail again: set back to pending in the store (audited;
// to its participant's address now, or refused when they are gone: resendTarget),
// then sent within the request, as the other handlers send the mails they wrote; what
// fails again is left to the outbox's sender. It comes back to ?next= (a local path),
// else the failed mails.
func (s *Server) outboxResend(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "mail")
	if err != nil {
		return err
	}
	if s.opts.Mailer == nil {
		// Another workspace's mail, or none, is not found whether or not a server is.
		if _, err := s.eventService().OutboxMail(r.Context(), id); err != nil {
			return err
		}
		return errNoMailServer
	}
	m, err := s.eventService().ResendMail(r.Context(), id)
	if err != nil {
		return err
	}
	sent := s.eventMail(r).Deliver(context.WithoutCancel(r.Context()), []int64{m.ID})
	s.log.Info("outbox mail sent again", "mail", m.ID, "event", m.EventID, "sent", sent == 1)
	flash := "flash.outbox_resent"
	if sent == 0 {
		flash = "flash.outbox_resend_waiting"
	}
	return s.redirectMsg(w, r, resendNext(r, "/outbox?status=failed"), flash, m.Recipient)
}

// eventMailsResend sends every failed mail of the event again. They are left to the
// outbox's sender (within 15 seconds), as publication leaves the agendas: an event of
// thousands whose mails all failed does not hold the page. Those to participants who
// left, were taken off the event or have no email any more stay failed: the flash
// counts them.
func (s *Server) eventMailsResend(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventFromPath(r)
	if err != nil {
		return err
	}
	if s.opts.Mailer == nil {
		return errNoMailServer
	}
	ids, skipped, err := s.eventService().ResendFailedMails(r.Context(), e.ID)
	if err != nil {
		return err
	}
	s.log.Info("failed mails of an event sent again", "event", e.ID, "mails", len(ids), "skipped", skipped)
	next := resendNext(r, "/events/"+strconv.FormatInt(e.ID, 10)+"#mails")
	if skipped > 0 {
		// The organiser learns that some stay failed, and why.
		return s.redirectMsg(w, r, next, "flash.outbox_resent_all_skipped", len(ids), skipped)
	}
	return s.redirectMsg(w, r, next, "flash.outbox_resent_all", len(ids))
}

// resendNext is where a resend comes back to: the form's next, a path of this site,
// else def.
func resendNext(r *http.Request, def string) string {
	if n := r.PostFormValue("next"); n != "" {
		if n = safeNext(n); n != "/" {
			return n
		}
	}
	return def
}
