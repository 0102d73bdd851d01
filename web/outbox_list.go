package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"passerelle"
	"passerelle/store"
)

// The outbox's page (docs/events.md, "The outbox"): the workspace's mails to the
// participants of its events, newest first, a page at a time, with what became of each
// and "Send again" for a failed one.

type outboxRow struct {
	*store.OutboxEntry
	Kind    string // in words, in the page's language
	Subject string // an organiser's message's subject, as written
}

type outboxListData struct {
	Mails        []outboxRow
	Events       []*passerelle.Event // the filter's choices
	Status       string
	EventID      int64
	Next         string // the next page's address ("" on the last)
	Paged        bool   // this is not the first page
	First        string // the first page's address, with the same filters
	Self         string // this page's address (its filters as read), where an action comes back to
	NoMailServer bool   // nothing can be sent again: the page says so and offers no button
	Failed       bool   // the event filtered on has failed mails (the page offers to send them all again)
}

// outboxList lists the workspace's outbox, filtered by ?status= and ?event=, paged by
// ?before= (the id of the last mail of the page before).
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.OutboxFilter{Status: q.Get("status")}
	bad := passerelle.Problems{}
	int64Params(r, bad, map[string]*int64{"event": &f.EventID, "before": &f.Before})
	if err := bad.Err(); err != nil {
		return err
	}
	svc := s.eventService()
	mails, next, err := svc.OutboxMails(r.Context(), f)
	if err != nil {
		return err
	}
	events, err := svc.FindEvents(r.Context())
	if err != nil {
		return err
	}
	l := newLocalizer(info(r).lang)
	d := outboxListData{Events: events, Status: f.Status, EventID: f.EventID, Paged: f.Before > 0, NoMailServer: s.opts.Mailer == nil}
	for _, m := range mails {
		row := outboxRow{OutboxEntry: m, Kind: mailKind(l, m.OutboxMail)}
		if m.Kind == store.MailEventAnnouncement {
			var c store.AnnouncementMail
			if json.Unmarshal(m.Data, &c) == nil {
				row.Subject = passerelle.OneLine(c.Subject)
			}
		}
		d.Mails = append(d.Mails, row)
	}
	// The pages' addresses keep the filters (as read, not as typed) and change the cursor.
	at := func(before int64) string {
		v := url.Values{}
		if f.Status != "" {
			v.Set("status", f.Status)
		}
		if f.EventID > 0 {
			v.Set("event", strconv.FormatInt(f.EventID, 10))
		}
		if before > 0 {
			v.Set("before", strconv.FormatInt(before, 10))
		}
		if len(v) == 0 {
			return "/outbox"
		}
		return "/outbox?" + v.Encode()
	}
	d.First, d.Self = at(0), at(f.Before)
	if next > 0 {
		d.Next = at(next)
	}
	if f.EventID > 0 {
		st, err := svc.EventMailStatus(r.Context(), f.EventID)
		if err != nil {
			return err
		}
		d.Failed = len(st.Failed) > 0
	}
	p := s.newPage(r, "outbox.title")
	p.Data = d
	return s.render(w, r, "outbox_list.html", p)
}

// mailKind names an outbox mail's kind in the reader's language, a request's and a
// registration's by what they tell, a survey's reminder by its round; a kind the catalogues do not name (a newer
// process's) is shown as its code.
func mailKind(l *Localizer, m *store.OutboxMail) string {
	k := m.Kind
	if k == store.MailEventRequest || k == store.MailEventRegistration {
		var c struct {
			What string `json:"what"`
		}
		if json.Unmarshal(m.Data, &c) == nil {
			k += "." + c.What
		}
	}
	if k == store.MailEventSurvey {
		var c store.SurveyMail
		if json.Unmarshal(m.Data, &c) == nil && c.FollowUp {
			k += ".later"
		}
	}
	if s, ok := l.cat["outbox.kind."+k]; ok {
		return s
	}
	return m.Kind
}
