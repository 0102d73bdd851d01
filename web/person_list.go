package web

import (
	"net/http"
	"slices"
	"time"

	"passerelle"
	"passerelle/store"
)

type personListData struct {
	Filter passerelle.PersonFilter
	People []*passerelle.Person
	Pager  pager
}

func (s *Server) personList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := passerelle.PersonFilter{Query: q.Get("q"), Country: q.Get("country"), Offset: max(atoi(q.Get("offset")), 0), Limit: 50}
	people, total, err := s.people.FindPeople(r.Context(), f)
	if err != nil {
		return err
	}
	// The list names where each works now: an affiliation that ended is on the person's
	// page, not here.
	today := time.Now().UTC().Format("2006-01-02")
	for _, pe := range people {
		pe.Affiliations = slices.DeleteFunc(pe.Affiliations, func(af *passerelle.Affiliation) bool {
			return af.EndDate != "" && af.EndDate < today
		})
	}
	p := s.newPage(r, "people.title")
	p.Data = personListData{Filter: f, People: people, Pager: pager{Offset: f.Offset, Limit: f.Limit, Total: total, Query: q}}
	return s.render(w, r, "person_list.html", p)
}

type personShowData struct {
	Person   *passerelle.Person
	History  []*passerelle.AuditEntry
	Meetings *passerelle.MeetingHistory
	AffErr   map[string]string
	// Personal-data rights: the consents, the contact owner, and whether the reader
	// answers for the person's data (export, erasure).
	Consents []*passerelle.Consent
	Owner    *passerelle.ContactOwner
	// OwnerIsMe: the reader is the contact owner; CanClearOwner: the reader may remove
	// another user's claim (a coordinator, an administrator).
	OwnerIsMe, CanClearOwner bool
	Bases                    []passerelle.LawfulBasis
	CanHandle                bool
	Merges                   []*store.Merge // merges into this person, newest first
	// MemberNote is the reader's member's private note on the person (nil for a user of
	// no member), MemberName that member's name.
	MemberNote *string
	MemberName string
}

func (s *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	return s.renderPerson(w, r, id, nil, http.StatusOK)
}

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, id int64, affErr map[string]string, code int) error {
	pe, err := s.people.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	hist, err := s.audit.FindAuditEntries(r.Context(), passerelle.AuditFilter{Entity: "person", EntityID: id, Limit: 50})
	if err != nil {
		return err
	}
	mh, err := s.meetings.MeetingHistory(r.Context(), passerelle.MeetingFilter{PersonID: id})
	if err != nil {
		return err
	}
	d := personShowData{Person: pe, History: hist, Meetings: mh, AffErr: affErr, Bases: passerelle.LawfulBases}
	if d.Consents, err = s.people.FindConsents(r.Context(), id); err != nil {
		return err
	}
	if d.Owner, err = s.people.FindContactOwner(r.Context(), id); err != nil {
		return err
	}
	if d.Merges, err = s.people.FindMerges(r.Context(), id); err != nil {
		return err
	}
	if err := s.personNoteLoad(r, &d); err != nil {
		return err
	}
	if a := passerelle.ActorFromContext(r.Context()); a != nil {
		d.CanHandle = a.Role.CanManage() || (pe.Visibility == passerelle.VisibilityPrivate && a.Role.CanWrite() && pe.OwnerMemberID == a.MemberID)
		d.OwnerIsMe = d.Owner != nil && d.Owner.UserID == a.UserID
		d.CanClearOwner = a.Role.CanManage()
	}
	p := s.newPage(r, "")
	p.TitleText = p.L.Person(pe.Name())
	p.Data = d
	return s.renderStatus(w, r, code, "person_show.html", p)
}
