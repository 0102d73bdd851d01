package web

import (
	"regexp"
	"slices"
	"strings"

	"passerelle"
)

// The audit log keeps a summary written in English by the store when the entry was made;
// these are the ones that hold codes (a role, a link kind), shown in the reader's
// language. Names typed by users pass through as they are.
var (
	auditJoined      = regexp.MustCompile(`^joined as ([a-z]+)$`)
	auditRaised      = regexp.MustCompile(`^role raised to ([a-z]+) by invitation$`)
	auditRoleKept    = regexp.MustCompile(`^invitation as ([a-z]+) used; role ([a-z]+) kept$`)
	auditInvitedAs   = regexp.MustCompile(`^(.+) as ([a-z]+)$`)
	auditBasis       = regexp.MustCompile(`^([a-z_]+): (.+)$`)
	auditWithdrawn   = regexp.MustCompile(`^consent withdrawn on (\d{4}-\d{2}-\d{2})$`)
	auditOwner       = regexp.MustCompile(`^contact owner (.+)$`)
	auditFixedPhrase = map[string]string{
		"no contact owner":           "audit.summary.no_owner",
		"removed from the workspace": "audit.summary.removed",
		"password reset link made":   "audit.summary.reset_link",
	}
)

// A mission's entries: its targets and programme, named by id.
var (
	auditTarget      = regexp.MustCompile(`^target (added|removed): organisation (\d+)$`)
	auditMetTogether = regexp.MustCompile(`^organisations (\d+) and (\d+) met (together|apart)$`)
	auditProgramme   = regexp.MustCompile(`^programme: job (\d+)$`)
	auditTargetsIn   = regexp.MustCompile(`^targets imported: (\d+) added, (\d+) updated, (\d+) organisations created$`)
)

// A partnering event's entries: the event's name (which may hold ": ") before what was done.
var (
	auditEventImport   = regexp.MustCompile(`^(.*): participants \+(\d+) ~(\d+) -(\d+), requests \+(\d+) ~(\d+) -(\d+)$`)
	auditEventSchedule = regexp.MustCompile(`^(.*): schedule, (\d+) meetings created, (\d+) moved, (\d+) unchanged, (\d+) cancelled, (\d+) not placed$`)
	auditEventRemind   = regexp.MustCompile(`^(.*): survey reminders( months later)?, (\d+) participants$`)
	auditEventBooked   = regexp.MustCompile(`^(.*): meeting booked by its participants at a free common slot: (.*)$`)
	auditEventBookedBy = regexp.MustCompile(`^(.*): meeting booked by the organiser: (.*)$`)
	auditEventProfile  = regexp.MustCompile(`^(.*): (profile|availability)$`)
	auditEventResend   = regexp.MustCompile(`^(.*): failed mails sent again, (\d+)$`)
)

// Summary renders an audit entry's summary in the page's language.
func (l *Localizer) Summary(entity, summary string) string {
	if k, ok := auditFixedPhrase[summary]; ok {
		return l.T(k)
	}
	role := func(r string) string { return l.Role(passerelle.Role(r)) }
	switch entity {
	case "membership":
		if m := auditJoined.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.joined", role(m[1]))
		}
		if m := auditRaised.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.raised", role(m[1]))
		}
		if m := auditRoleKept.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.kept", role(m[1]), role(m[2]))
		}
	case "person":
		if m := auditBasis.FindStringSubmatch(summary); m != nil && slices.Contains(passerelle.LawfulBases, passerelle.LawfulBasis(m[1])) {
			return l.T("rights.basis."+m[1]) + " · " + m[2]
		}
		if m := auditWithdrawn.FindStringSubmatch(summary); m != nil {
			return l.T("rights.withdrawn", l.PartialDate(m[1]))
		}
		if m := auditOwner.FindStringSubmatch(summary); m != nil {
			return l.T("rights.ask_first", m[1])
		}
	case "invitation":
		if m := auditInvitedAs.FindStringSubmatch(summary); m != nil && passerelle.Role(m[2]).Valid() {
			return l.T("audit.summary.invited", m[1], role(m[2]))
		}
	case "mission":
		if m := auditTarget.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.target_"+m[1], m[2])
		}
		if m := auditMetTogether.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.met_"+m[3], m[1], m[2])
		}
		if m := auditProgramme.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.programme", m[1])
		}
		if m := auditTargetsIn.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.targets_imported", m[1], m[2], m[3])
		}
	case "event":
		if m := auditEventImport.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.event_import", m[1], m[2], m[3], m[4], m[5], m[6], m[7])
		}
		if m := auditEventSchedule.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.event_schedule", m[1], m[2], m[3], m[4], m[5], m[6])
		}
		if m := auditEventRemind.FindStringSubmatch(summary); m != nil {
			if m[2] != "" {
				return l.T("audit.summary.event_remind_later", m[1], m[3])
			}
			return l.T("audit.summary.event_remind", m[1], m[3])
		}
		if m := auditEventBooked.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.event_booked", m[1], m[2])
		}
		if m := auditEventBookedBy.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.event_booked_by_organiser", m[1], m[2])
		}
		if m := auditEventResend.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.event_resend", m[1], m[2])
		}
	case "event_participant":
		if m := auditEventProfile.FindStringSubmatch(summary); m != nil {
			return l.T("audit.summary.event_"+m[2], m[1])
		}
	case "report_section":
		// "2020 · introduction": the introduction has no title of its own.
		if y, ok := strings.CutSuffix(summary, " · introduction"); ok {
			return y + " · " + l.T("report.text.intro")
		}
	case "debrief":
		if summary == "debrief" {
			return "" // the entity's name says it, in the page's language
		}
	case "link":
		// "From KIND To": the kind is a code between two names, found as a word.
		for _, k := range passerelle.LinkKinds {
			if from, to, ok := strings.Cut(summary, " "+string(k)+" "); ok {
				return from + " · " + l.T("link."+string(k)) + " · " + to
			}
		}
	}
	// An erasure leaves the erased person's English name in the history.
	return strings.ReplaceAll(summary, passerelle.ErasedPersonName, l.Person(passerelle.ErasedPersonName))
}
