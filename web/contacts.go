package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

type contactsData struct {
	Filter   passerelle.ContactFilter
	OrgText  string
	Themes   []*passerelle.Theme
	Places   []store.ContactPlace
	Contacts []contactRow
}

// contactRow is a person of the contact book with the meetings grouped by mission or
// event: thirty meetings at one partnering event made thirty lines alike.
type contactRow struct {
	*passerelle.Contact
	Visits []contactVisit
}

// contactVisit is one line of the "met" column: the meetings with the person at one
// mission or event (a meeting logged by hand is a line of its own), newest first.
type contactVisit struct {
	Latest passerelle.ContactMeeting // the newest meeting, which the line links to
	First  string                    // the first day, when there are several meetings
	Count  int
	Name   string   // the mission's or event's name ("" when unknown)
	By     []string // who attended, any of the meetings
}

// contactVisits groups a person's meetings (newest first) by where they come from, the
// groups in the order of their newest meeting; names maps "mission:SLUG" and
// "event:SLUG" to names.
func contactVisits(met []passerelle.ContactMeeting, names map[string]string) []contactVisit {
	var out []contactVisit
	at := map[string]int{}
	for _, m := range met {
		key := string(m.Origin) + ":" + m.OriginRef
		if i, ok := at[key]; ok && m.Origin != passerelle.OriginNone {
			v := &out[i]
			v.Count++
			v.First = m.Day()
			for _, b := range m.By {
				if !slices.Contains(v.By, b) {
					v.By = append(v.By, b)
				}
			}
			continue
		}
		at[key] = len(out)
		out = append(out, contactVisit{Latest: m, Count: 1, Name: names[key], By: slices.Clone(m.By)})
	}
	for i := range out {
		if out[i].Count == 1 {
			out[i].First = ""
		}
	}
	return out
}

// contactFilter reads the contact book's filters: q, theme, country, organization (an
// id or a name), at (mission:SLUG or event:SLUG).
func (s *Server) contactFilter(r *http.Request) (passerelle.ContactFilter, string, error) {
	v := r.URL.Query()
	f := passerelle.ContactFilter{Query: strings.TrimSpace(v.Get("q")), Theme: v.Get("theme"), Country: v.Get("country"), At: v.Get("at"), Limit: 500}
	org := strings.TrimSpace(v.Get("organization"))
	if id, err := strconv.ParseInt(v.Get("organization_id"), 10, 64); err == nil && id > 0 {
		f.OrganizationID = id
	} else if org != "" {
		id, err := s.resolveOrg(r, org)
		if err != nil {
			return f, org, err
		}
		f.OrganizationID = id
	}
	return f, org, nil
}

// contactList is the network's contact book: the people met on missions and events,
// where, when and by whom; searchable by name, theme, country and organisation, and
// narrowed to who will be at a mission or an event.
func (s *Server) contactList(w http.ResponseWriter, r *http.Request) error {
	svc := store.NewContactService(s.db)
	d := contactsData{}
	var err error
	p := s.newPage(r, "contacts.title")
	var ferr error
	d.Filter, d.OrgText, ferr = s.contactFilter(r)
	if d.Themes, err = s.themes.FindThemes(r.Context()); err != nil {
		return err
	}
	if d.Places, err = svc.ContactPlaces(r.Context(), s.localNow(r)); err != nil {
		return err
	}
	if ferr == nil {
		var cs []*passerelle.Contact
		if cs, ferr = svc.FindContacts(r.Context(), d.Filter); ferr == nil {
			names := map[string]string{}
			for _, pl := range d.Places {
				names[pl.Ref] = pl.Name
			}
			for _, c := range cs {
				d.Contacts = append(d.Contacts, contactRow{Contact: c, Visits: contactVisits(c.Met, names)})
			}
		}
	}
	code := http.StatusOK
	if ferr != nil {
		if c := passerelle.ErrorCode(ferr); c != passerelle.EINVALID && c != passerelle.ENOTFOUND {
			return ferr
		}
		p.Errors = map[string]string{"_": p.L.Error(ferr)}
		code = status(ferr)
	}
	p.Data = d
	return s.renderStatus(w, r, code, "contacts.html", p)
}

// apiContactList is the contact book as JSON.
func (s *Server) apiContactList(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.contactFilter(r)
	if err != nil {
		return err
	}
	l, err := store.NewContactService(s.db).FindContacts(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, list[*passerelle.Contact]{Items: l, Total: len(l)})
}
