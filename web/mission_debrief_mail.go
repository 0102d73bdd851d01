package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

// mailDebrief mails a debrief just marked sent to its recipients (its member's users,
// MissionService.DebriefRecipients), each in their language, and returns the flash
// message that tells the sender what happened. Without a mail server nothing is mailed
// and the page says so; a mail that fails is logged and the debrief stays saved.
func (s *Server) mailDebrief(r *http.Request, d *debriefData) string {
	ctx := r.Context()
	x, m := d.Debrief, d.Mission
	if s.opts.Mailer == nil {
		s.log.Info("debrief sent (no mail server configured: not mailed)", "debrief", x.ID, "mission", m.ID)
		return "flash.debrief_not_mailed"
	}
	users, err := s.missionService().DebriefRecipients(ctx, m.ID, x.ID)
	if err != nil {
		s.log.Warn("debrief not mailed", "debrief", x.ID, "err", err)
		return "flash.debrief_mail_failed"
	}
	if len(users) == 0 {
		return "flash.debrief_no_recipients"
	}
	// Only names the member's users may read: a shared organisation or one of the
	// member's own (the sender, an organiser, may read more).
	var orgs []string
	for _, o := range x.Organizations {
		org, err := s.orgs.FindOrganizationByID(ctx, o.OrganizationID)
		if err != nil || (org.Visibility != passerelle.VisibilityShared && org.OwnerMemberID != x.Member.ID) {
			continue
		}
		line := "- " + passerelle.OneLine(org.Name)
		if o.Interest != "" {
			line += ": " + passerelle.OneLine(o.Interest)
		}
		orgs = append(orgs, line)
	}
	link := s.baseURL(r) + "/missions/" + m.Slug + "/debriefs/" + strconv.FormatInt(x.ID, 10)
	// Names typed on several lines (an import's cell) are written on one: a line break
	// in the subject is refused by the mail server, and one in the text starts a
	// paragraph of its own.
	member, mission := passerelle.OneLine(x.Member.Name), passerelle.OneLine(m.Name)
	failed := 0
	for _, u := range users {
		l := newLocalizer(u.Lang)
		var b strings.Builder
		b.WriteString(l.T("debrief.mail_intro", member, mission, m.StartDate, m.EndDate))
		b.WriteString("\n\n")
		if len(orgs) > 0 {
			b.WriteString(l.T("debrief.organizations") + ":\n" + strings.Join(orgs, "\n") + "\n\n")
		}
		if body := strings.TrimSpace(x.Body); body != "" {
			b.WriteString(body + "\n\n")
		}
		b.WriteString(l.T("debrief.mail_link") + " " + link + "\n")
		if err := s.opts.Mailer.Send(ctx, u.Email, l.T("debrief.title", member, mission), b.String()); err != nil {
			s.log.Warn("debrief mail not sent", "debrief", x.ID, "user", u.ID, "err", err)
			failed++
		}
	}
	s.log.Info("debrief mailed", "debrief", x.ID, "mission", m.ID, "recipients", len(users), "failed", failed)
	if failed > 0 {
		return "flash.debrief_mail_failed"
	}
	return "flash.debrief_mailed"
}
