package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/store"
)

type meetingShowData struct {
	Meeting    *passerelle.Meeting
	Start, End time.Time // in the meeting's zone
	FollowUp   time.Time // zero when none
	CanEdit    bool      // the reader may change the meeting (its shared notes included)
	Attending  bool      // the reader's user attends it (the "I attend" button's state)
	HasMember  bool      // the reader's member keeps private notes
	// OriginName and OriginHref name the mission or the event that produced the
	// meeting and link to it ("" when logged by hand, or gone since).
	OriginName, OriginHref string
	Outcomes               []passerelle.MeetingOutcome
	Statuses               []passerelle.MeetingStatus
	// Form is what the notes form holds: the saved values, or those typed when the form
	// was refused (the facts above it keep showing what is saved).
	Form struct{ Notes, PrivateNotes, Outcome, FollowUp string }
	// EventMove is the event's move form of a partnering event's meeting, for a writer:
	// its time and place are changed there (meeting_form.go).
	EventMove string
	// A mission's meeting has its follow-ups (the reader's member's, or all for the
	// organisers) and the form that adds one: what the adviser agreed in the meeting is
	// written down from its page, not from the mission's.
	Mission       *passerelle.Mission
	FollowUps     []*passerelle.FollowUp
	FollowUpKinds []passerelle.FollowUpKind
	FollowUpOrg   *passerelle.NamedRef // the meeting's only organisation, the form's default
	// Opportunities are those recorded from the meeting that the reader may read: the
	// page said nothing of them, and a second one was recorded for the same lead.
	Opportunities []*passerelle.Opportunity
}

// meetingShow is a meeting's page. Another member's private meeting is not found: the
// store scopes the read.
func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	return s.meetingShowFailed(w, r, id, nil, nil)
}

// meetingShowFailed renders the meeting's page, with the errors of a notes or outcome
// form that could not be saved (nil: none) and what it held (typed).
func (s *Server) meetingShowFailed(w http.ResponseWriter, r *http.Request, id int64, saveErr error, typed url.Values) error {
	if saveErr != nil && passerelle.ErrorCode(saveErr) != passerelle.EINVALID {
		return saveErr
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	loc := m.MeetingLocation()
	p := s.newPage(r, "")
	p.TitleText = m.Title
	a := passerelle.ActorFromContext(r.Context())
	d := meetingShowData{Meeting: m, Start: m.Start.In(loc), End: m.End.In(loc), Outcomes: passerelle.MeetingOutcomes,
		Statuses: passerelle.MeetingStatuses, HasMember: a.MemberID != 0 && a.Role.CanWrite(),
		CanEdit: a.Role.CanWrite() && (m.Visibility == passerelle.VisibilityShared || m.OwnerMemberID == a.MemberID)}
	switch m.Origin {
	case passerelle.OriginMission:
		if x, err := store.NewMissionService(s.db).FindMission(r.Context(), strconv.FormatInt(m.OriginID, 10)); err == nil {
			d.OriginName, d.OriginHref = x.Name, "/missions/"+x.Slug
			d.Mission, d.FollowUpKinds = x, passerelle.FollowUpKinds
			if d.FollowUps, err = store.NewFollowUpService(s.db).FindFollowUps(r.Context(), store.FollowUpFilter{MissionID: x.ID, MeetingID: m.ID}); err != nil {
				return err
			}
			if len(m.Organizations) == 1 {
				d.FollowUpOrg = &passerelle.NamedRef{ID: m.Organizations[0].ID, Name: m.Organizations[0].Name}
			}
		}
	case passerelle.OriginEvent:
		if x, err := s.eventService().FindEventByID(r.Context(), m.OriginID); err == nil {
			d.OriginName, d.OriginHref = x.Name, "/events/"+strconv.FormatInt(x.ID, 10)
		}
	}
	if a.Role.CanWrite() {
		d.EventMove = eventMovePath(m)
	}
	if d.Opportunities, _, err = store.NewPipelineService(s.db).FindOpportunities(r.Context(), passerelle.OpportunityFilter{MeetingID: m.ID, Limit: 20}); err != nil {
		return err
	}
	d.Attending = slices.Contains(m.AttendeeIDs, a.UserID)
	if m.FollowUp != "" {
		d.FollowUp, _ = time.Parse(time.DateOnly, m.FollowUp) // validated on write
	}
	d.Form.Notes, d.Form.PrivateNotes, d.Form.Outcome, d.Form.FollowUp = m.Notes, m.PrivateNotes, string(m.Outcome), m.FollowUp
	if v, ok := typed["notes"]; ok {
		d.Form.Notes = v[0]
	}
	if v, ok := typed["private_notes"]; ok {
		d.Form.PrivateNotes = v[0]
	}
	if _, ok := typed["outcome"]; ok {
		d.Form.Outcome, d.Form.FollowUp = typed.Get("outcome"), typed.Get("follow_up")
	}
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
	}
	return s.renderStatus(w, r, code, "meeting_show.html", p)
}

// MeetingWhen is a meeting's date and times in its own zone, as on its page and in the
// histories: "10 March 2027, 09:00–10:00"; the end's date is given when it differs.
func (l *Localizer) MeetingWhen(m *passerelle.Meeting) string {
	loc := m.MeetingLocation()
	start, end := m.Start.In(loc), m.End.In(loc)
	s := l.Date(start) + ", " + start.Format("15:04") + "–"
	if y1, m1, d1 := start.Date(); y1 != end.Year() || m1 != end.Month() || d1 != end.Day() {
		s += l.Date(end) + ", "
	}
	return s + end.Format("15:04")
}

// MeetingStatus, MeetingOutcome and MeetingOrigin name a meeting's codes in the
// language.
func (l *Localizer) MeetingStatus(s passerelle.MeetingStatus) string {
	return l.T("meeting.status." + string(s))
}

func (l *Localizer) MeetingOutcome(o passerelle.MeetingOutcome) string {
	if o == passerelle.OutcomeNone {
		return l.T("meeting.outcome.none")
	}
	return l.T("meeting.outcome." + string(o))
}

func (l *Localizer) MeetingOrigin(o passerelle.MeetingOrigin) string {
	if o == passerelle.OriginNone {
		return l.T("meeting.origin.none")
	}
	return l.T("meeting.origin." + string(o))
}

var weekdaysFR = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// DayTitle names a day of an agenda: "Wednesday 10 March 2027", "mercredi 10 mars 2027".
func (l *Localizer) DayTitle(t time.Time) string {
	if l.Lang == "fr" {
		return weekdaysFR[t.Weekday()] + " " + l.Date(t)
	}
	return t.Weekday().String() + " " + l.Date(t)
}

// NewMeetingHref is the address of the meeting form with the organisation or the person
// of the page chosen, coming back to the page once saved; "" elsewhere.
func (p *page) NewMeetingHref() string {
	for _, t := range []struct{ prefix, param string }{{"/organizations/", "organization"}, {"/people/", "person"}} {
		if id, ok := strings.CutPrefix(p.Path, t.prefix); ok {
			if _, err := strconv.ParseInt(id, 10, 64); err == nil {
				return "/meetings/new?" + url.Values{t.param: {id}, "return": {p.Path + "#meetings"}}.Encode()
			}
		}
	}
	return ""
}
