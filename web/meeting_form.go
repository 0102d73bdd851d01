package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/store"
)

// meetingFormData is the meeting form: the meeting, its local date and times as the
// form shows them, and the participants' names typed but not yet resolved.
type meetingFormData struct {
	Meeting                 *passerelle.Meeting
	New                     bool
	Date, EndDate, From, To string // in the meeting's zone: 2027-03-10, 09:00
	OrgNames, PeopleNames   string // one per line, added to the ids already chosen
	AttendeeEmails          string
	Zones                   []string
	Statuses                []passerelle.MeetingStatus
	Outcomes                []passerelle.MeetingOutcome
	Return                  string // where to go back after saving (a local path)
	PrivateNotes            string
	// EventMove is the event's move form of a partnering event's meeting: its time and
	// place belong to the event's schedule, so the form shows them without fields and
	// links there ("" for other meetings).
	EventMove string
}

// eventMovePath is the move form of a partnering event's meeting (web/event_move.go),
// "" for a meeting of no event.
func eventMovePath(m *passerelle.Meeting) string {
	if m.Origin != passerelle.OriginEvent || m.OriginID == 0 || m.ID == 0 {
		return ""
	}
	return "/events/" + strconv.FormatInt(m.OriginID, 10) + "/meetings/" + strconv.FormatInt(m.ID, 10) + "/move"
}

// meetingZones are offered in the form's list; any IANA name may be typed.
var meetingZones = []string{"Europe/Paris", "Europe/London", "Europe/Berlin", "Europe/Brussels", "Europe/Copenhagen",
	"Europe/Madrid", "Europe/Rome", "Europe/Stockholm", "Europe/Zurich", "Europe/Warsaw", "Europe/Lisbon", "America/Montreal",
	"America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "America/Mexico_City", "Asia/Tokyo",
	"Asia/Seoul", "Asia/Shanghai", "Asia/Singapore", "Asia/Kolkata", "Asia/Dubai", "Asia/Jerusalem", "Africa/Casablanca",
	"Africa/Johannesburg", "Australia/Sydney", "Pacific/Auckland", "UTC"}

// defaultZone is the zone of the agenda and of a new meeting when the browser has chosen
// none (browserZone): the network's home (the seeds' institutes are French). The form
// lets them change it.
const defaultZone = passerelle.HomeZone

// meetingNew is the form to log or plan a meeting. ?organization= and ?person= preselect
// a participant (the organisation and person pages link here), ?date= the day.
func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) error {
	a := passerelle.ActorFromContext(r.Context())
	zone := browserZone(r)
	loc := mustZone(zone)
	now := s.localNow(r)
	// The current whole hour: a meeting logged just after it was held is edited from there.
	// From 23:00 that hour's meeting would end the next day, and the form would carry an
	// end date that a changed date leaves behind ("the end must come after the start"):
	// the hour before, then.
	// The hour and 09:00 are on the local clock: Truncate works on absolute time (14:30 in
	// Kolkata), and 9 hours after midnight is 10:00 on the day clocks go forward.
	start := time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), 0, 0, 0, loc)
	if start.Add(time.Hour).Format(time.DateOnly) != start.Format(time.DateOnly) {
		start = start.Add(-time.Hour)
	}
	if d, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("date"), loc); err == nil {
		start = time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, loc)
	}
	m := &passerelle.Meeting{TimeZone: zone, Start: start, End: start.Add(time.Hour), Status: passerelle.MeetingPlanned,
		Visibility: passerelle.VisibilityShared, AttendeeIDs: []int64{a.UserID}}
	q := r.URL.Query()
	if id, err := strconv.ParseInt(q.Get("organization"), 10, 64); err == nil {
		if o, err := s.orgs.FindOrganizationByID(r.Context(), id); err == nil {
			m.OrganizationIDs = []int64{o.ID}
			m.Organizations = []passerelle.NamedRef{{ID: o.ID, Name: o.Name}}
			m.Title = o.Name
			if o.Visibility == passerelle.VisibilityPrivate {
				m.Visibility = passerelle.VisibilityPrivate
			}
		}
	}
	if id, err := strconv.ParseInt(q.Get("person"), 10, 64); err == nil {
		if p, err := s.people.FindPersonByID(r.Context(), id); err == nil {
			m.PersonIDs = []int64{p.ID}
			m.People = []passerelle.NamedRef{{ID: p.ID, Name: p.Name()}}
			if m.Title == "" {
				m.Title = p.Name()
			}
			if p.Visibility == passerelle.VisibilityPrivate {
				m.Visibility = passerelle.VisibilityPrivate
			}
		}
	}
	m.Attendees = []string{info(r).email}
	d := newMeetingFormData(m, true)
	d.Return = localReturn(q.Get("return"))
	return s.meetingForm(w, r, d, nil)
}

func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	d := newMeetingFormData(m, false)
	d.Return = localReturn(r.URL.Query().Get("return"))
	return s.meetingForm(w, r, d, nil)
}

func newMeetingFormData(m *passerelle.Meeting, isNew bool) *meetingFormData {
	loc := m.MeetingLocation()
	start, end := m.Start.In(loc), m.End.In(loc)
	d := &meetingFormData{Meeting: m, New: isNew, Date: start.Format(time.DateOnly), From: start.Format("15:04"),
		To: end.Format("15:04"), Zones: meetingZones, Statuses: passerelle.MeetingStatuses, Outcomes: passerelle.MeetingOutcomes,
		AttendeeEmails: strings.Join(m.Attendees, "\n"), PrivateNotes: m.PrivateNotes}
	if end.Format(time.DateOnly) != d.Date {
		d.EndDate = end.Format(time.DateOnly)
	}
	if !isNew {
		d.EventMove = eventMovePath(m)
	}
	return d
}

// meetingForm shows the form, with what the user typed and the errors next to the
// fields when a save failed.
func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request, d *meetingFormData, saveErr error) error {
	title := "meeting.edit"
	if d.New {
		title = "meeting.new"
	}
	p := s.newPage(r, title)
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		code = status(saveErr)
	}
	return s.renderStatus(w, r, code, "meeting_form.html", p)
}

// meetingFromForm reads the form onto m. Date and times are the place's local ones, in
// the zone the form names; participants are the ids kept (checkboxes) and the names
// typed, resolved against what the actor may read.
func (s *Server) meetingFromForm(r *http.Request, m *passerelle.Meeting, d *meetingFormData) error {
	f := r.PostForm
	p := passerelle.Problems{}
	// A partnering event's meeting keeps the time and place the form does not offer
	// (d.EventMove); sent anyway, they reach the store, which refuses a change.
	keep := func(fields ...string) bool {
		for _, name := range fields {
			if _, sent := f[name]; sent {
				return false
			}
		}
		return d.EventMove != ""
	}
	set := func(dst *string, name string) {
		if !keep(name) {
			*dst = f.Get(name)
		}
	}
	m.Title = f.Get("title")
	set(&m.TimeZone, "time_zone")
	m.TimeZone = strings.TrimSpace(m.TimeZone)
	set(&m.Location, "location")
	set(&m.Room, "room")
	set(&m.VideoURL, "video_url")
	m.Status = passerelle.MeetingStatus(f.Get("status"))
	m.Outcome = passerelle.MeetingOutcome(f.Get("outcome"))
	m.FollowUp = f.Get("follow_up")
	if v := f.Get("visibility"); v != "" {
		m.Visibility = passerelle.Visibility(v)
	}
	if d.New {
		m.Notes = f.Get("notes")
	}
	keepWhen := keep("date", "end_date", "from", "to")
	if !keepWhen {
		d.Date, d.EndDate, d.From, d.To = strings.TrimSpace(f.Get("date")), strings.TrimSpace(f.Get("end_date")), f.Get("from"), f.Get("to")
	}
	d.OrgNames, d.PeopleNames, d.AttendeeEmails, d.PrivateNotes = f.Get("organizations"), f.Get("people"), f.Get("attendees"), f.Get("private_notes")
	d.Return = localReturn(f.Get("return"))

	loc, err := passerelle.LoadZone(m.TimeZone)
	if err != nil || m.TimeZone == "" || m.TimeZone == "Local" {
		p.Add("time_zone", "unknown time zone %q (use an IANA name such as Europe/Paris)", m.TimeZone)
		loc = time.UTC
	}
	at := func(field, date, clock string) time.Time {
		if keepWhen {
			if field == "start" {
				return m.Start
			}
			return m.End
		}
		typed := date + " " + strings.TrimSpace(clock)
		t, err := time.ParseInLocation("2006-01-02 15:04", typed, loc)
		if err != nil {
			p.Add(field, "a date and a time such as 2027-03-10 and 09:30")
		} else if t.Format("2006-01-02 15:04") != typed {
			// The hour skipped when the clocks go forward: Go moves it, and the meeting
			// would be saved at another time than the one typed.
			p.Add(field, "%s does not exist in %s on %s: the clocks go forward then", strings.TrimSpace(clock), m.TimeZone, date)
		}
		return t
	}
	m.Start = at("start", d.Date, d.From)
	endDate := d.EndDate
	if endDate == "" {
		endDate = d.Date
	}
	m.End = at("end", endDate, d.To)

	m.OrganizationIDs = formIDs(f["organization_ids"])
	m.PersonIDs = formIDs(f["person_ids"])
	ctx := r.Context()
	// Every name that cannot be resolved is reported, not only the first: the unknown
	// ones together, and the ambiguous ones with their candidates.
	var unknown, several []string
	for _, name := range splitLines(d.OrgNames) {
		id, candidates, err := s.resolveOrgName(ctx, name)
		switch {
		case err != nil:
			return err
		case id != 0:
			if !containsID(m.OrganizationIDs, id) {
				m.OrganizationIDs = append(m.OrganizationIDs, id)
			}
		case len(candidates) == 0:
			unknown = append(unknown, strconv.Quote(name))
		default:
			several = append(several, strconv.Quote(name)+" ("+strings.Join(candidates, "; ")+")")
		}
	}
	if len(unknown) > 0 {
		p.Add("organizations", "no organisation matches %s", strings.Join(unknown, ", "))
	}
	if len(several) > 0 {
		p.Add("organizations_ambiguous", "several organisations match, choose one: %s", strings.Join(several, ", "))
	}
	unknown, several = nil, nil
	for _, name := range splitLines(d.PeopleNames) {
		id, candidates, err := s.resolvePersonName(ctx, name)
		switch {
		case err != nil:
			return err
		case id != 0:
			if !containsID(m.PersonIDs, id) {
				m.PersonIDs = append(m.PersonIDs, id)
			}
		case len(candidates) == 0:
			unknown = append(unknown, strconv.Quote(name))
		default:
			several = append(several, strconv.Quote(name)+" ("+strings.Join(candidates, "; ")+")")
		}
	}
	if len(unknown) > 0 {
		p.Add("people", "no person matches %s", strings.Join(unknown, ", "))
	}
	if len(several) > 0 {
		p.Add("people_ambiguous", "several people match, choose one: %s", strings.Join(several, ", "))
	}
	m.Attendees, m.AttendeeIDs = splitList(d.AttendeeEmails), nil
	return p.Err()
}

func formIDs(vs []string) []int64 {
	var out []int64
	for _, v := range vs {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && !containsID(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func containsID(xs []int64, x int64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func splitLines(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "\n") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// localReturn keeps a return address only when it is a path of this site, so that a
// crafted link cannot send the user elsewhere after saving.
func localReturn(s string) string {
	u, err := url.Parse(s)
	if err != nil || s == "" || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(s, "//") ||
		strings.ContainsAny(s, "\\\r\n") {
		return ""
	}
	return u.RequestURI()
}

// resolveOrgName finds the one organisation a typed name means: an exact name (case and
// accents aside), a ROR identifier, or the only match of a search. Otherwise id is 0 and
// candidates lists the matches (none: nothing matches).
func (s *Server) resolveOrgName(ctx context.Context, name string) (id int64, candidates []string, err error) {
	f := passerelle.OrganizationFilter{Query: name, Limit: 6}
	if strings.Contains(name, "ror.org/") {
		f = passerelle.OrganizationFilter{RORID: name, Limit: 6}
	}
	orgs, total, err := s.orgs.FindOrganizations(ctx, f)
	if err != nil {
		return 0, nil, err
	}
	for _, o := range orgs {
		if passerelle.Fold(o.Name) == passerelle.Fold(name) {
			return o.ID, nil, nil
		}
		c := o.Name
		if o.Country != "" {
			c += ", " + o.Country
		}
		candidates = append(candidates, c)
	}
	if total == 1 {
		return orgs[0].ID, nil, nil
	}
	return 0, candidates, nil
}

// resolvePersonName is resolveOrgName for people: "First Last" or the only match.
func (s *Server) resolvePersonName(ctx context.Context, name string) (id int64, candidates []string, err error) {
	people, total, err := s.people.FindPeople(ctx, passerelle.PersonFilter{Query: name, Limit: 6})
	if err != nil {
		return 0, nil, err
	}
	for _, p := range people {
		if passerelle.Fold(p.Name()) == passerelle.Fold(name) {
			return p.ID, nil, nil
		}
		candidates = append(candidates, p.Name())
	}
	if total == 1 {
		return people[0].ID, nil, nil
	}
	return 0, candidates, nil
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	m := &passerelle.Meeting{Visibility: passerelle.VisibilityShared}
	d := &meetingFormData{Meeting: m, New: true, Zones: meetingZones, Statuses: passerelle.MeetingStatuses, Outcomes: passerelle.MeetingOutcomes}
	if err := s.meetingFromForm(r, m, d); err != nil {
		return s.meetingForm(w, r, d, err)
	}
	if err := s.meetings.CreateMeeting(r.Context(), m); err != nil {
		return s.meetingSaveFailed(w, r, d, err)
	}
	if strings.TrimSpace(d.PrivateNotes) != "" {
		if _, err := s.meetings.SetMeetingNotes(r.Context(), m.ID, store.MeetingNotes{Private: &d.PrivateNotes}); err != nil {
			return err
		}
	}
	return s.redirect(w, r, meetingReturn(d, m), "flash.saved")
}

func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	d := newMeetingFormData(m, false)
	if err := s.meetingFromForm(r, m, d); err != nil {
		return s.meetingForm(w, r, d, err)
	}
	if err := s.meetings.UpdateMeeting(r.Context(), m); err != nil {
		return s.meetingSaveFailed(w, r, d, err)
	}
	return s.redirect(w, r, meetingReturn(d, m), "flash.saved")
}

// meetingSaveFailed shows the form again when the store refused the input; other
// errors (not found, forbidden) are pages of their own.
func (s *Server) meetingSaveFailed(w http.ResponseWriter, r *http.Request, d *meetingFormData, err error) error {
	if c := passerelle.ErrorCode(err); c == passerelle.EINVALID || c == passerelle.ECONFLICT {
		return s.meetingForm(w, r, d, err)
	}
	return err
}

func meetingReturn(d *meetingFormData, m *passerelle.Meeting) string {
	if d.Return != "" {
		return d.Return
	}
	return "/meetings/" + strconv.FormatInt(m.ID, 10)
}

func (s *Server) meetingDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	if err := s.meetings.DeleteMeeting(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/agenda", "flash.deleted")
}
