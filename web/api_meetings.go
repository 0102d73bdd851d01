package web

import (
	"net/http"
	"strconv"
	"time"

	"passerelle"
)

// meetingBody is what POST and PATCH /api/v1/meetings take: every field optional, so
// that a PATCH changes only those given. Times are RFC 3339 text, read here so that a
// bad one is reported on its field. attendees are users' emails.
type meetingBody struct {
	Title           *string                    `json:"title"`
	Start           *string                    `json:"start"`
	End             *string                    `json:"end"`
	TimeZone        *string                    `json:"time_zone"`
	Location        *string                    `json:"location"`
	Room            *string                    `json:"room"`
	VideoURL        *string                    `json:"video_url"`
	Status          *passerelle.MeetingStatus  `json:"status"`
	OrganizationIDs *[]int64                   `json:"organization_ids"`
	PersonIDs       *[]int64                   `json:"person_ids"`
	Attendees       *[]string                  `json:"attendees"`
	Notes           *string                    `json:"notes"`
	Outcome         *passerelle.MeetingOutcome `json:"outcome"`
	FollowUp        *string                    `json:"follow_up"`
	Visibility      *passerelle.Visibility     `json:"visibility"`
	// Version, on a PATCH, must be the stored one: an older one is refused (409), 0 is
	// no version (422); without it the change applies to the meeting as it is now.
	Version *int64 `json:"version"`
}

// apply copies the given fields onto m.
func (b *meetingBody) apply(m *passerelle.Meeting) error {
	p := passerelle.Problems{}
	instant := func(field string, s *string, dst *time.Time) {
		if s == nil {
			return
		}
		t, err := time.Parse(time.RFC3339, *s)
		if err != nil {
			p.Add(field, "use RFC 3339, such as 2027-03-10T09:00:00+01:00")
			return
		}
		*dst = t
	}
	instant("start", b.Start, &m.Start)
	instant("end", b.End, &m.End)
	if err := p.Err(); err != nil {
		return err
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&m.Title, b.Title)
	set(&m.TimeZone, b.TimeZone)
	set(&m.Location, b.Location)
	set(&m.Room, b.Room)
	set(&m.VideoURL, b.VideoURL)
	set(&m.Notes, b.Notes)
	set(&m.FollowUp, b.FollowUp)
	if b.Status != nil {
		m.Status = *b.Status
	}
	if b.Outcome != nil {
		m.Outcome = *b.Outcome
	}
	if b.Visibility != nil {
		m.Visibility = *b.Visibility
	}
	if b.OrganizationIDs != nil {
		m.OrganizationIDs = *b.OrganizationIDs
	}
	if b.PersonIDs != nil {
		m.PersonIDs = *b.PersonIDs
	}
	if b.Attendees != nil {
		// Emails replace the attendees: the store resolves them.
		m.Attendees, m.AttendeeIDs = *b.Attendees, nil
	}
	return nil
}

func (s *Server) apiMeetingList(w http.ResponseWriter, r *http.Request) error {
	off, limit, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := passerelle.MeetingFilter{Status: passerelle.MeetingStatus(q.Get("status")), Origin: passerelle.MeetingOrigin(q.Get("origin")),
		Country: q.Get("country"), Shared: q.Get("shared") == "1", Offset: off, Limit: limit}
	p := passerelle.Problems{}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(t.name); v != "" {
			var err error
			if *t.dst, err = time.Parse(time.RFC3339, v); err != nil {
				// A date alone means its midnight, UTC.
				if *t.dst, err = time.Parse(time.DateOnly, v); err != nil {
					p.Add(t.name, "use RFC 3339, such as 2027-03-10T09:00:00+01:00")
				}
			}
		}
	}
	for _, t := range []struct {
		name string
		dst  *int64
	}{{"organization_id", &f.OrganizationID}, {"person_id", &f.PersonID}, {"member_id", &f.MemberID}} {
		if v := q.Get(t.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				p.Add(t.name, "a positive number")
			}
			*t.dst = n
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	ms, total, err := s.meetings.FindMeetings(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, newList(ms, total, off, limit))
}

func (s *Server) apiMeetingGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, m)
}

func (s *Server) apiMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	b := &meetingBody{}
	if err := decode(r, b); err != nil {
		return err
	}
	m := &passerelle.Meeting{}
	if err := b.apply(m); err != nil {
		return err
	}
	if err := s.meetings.CreateMeeting(r.Context(), m); err != nil {
		return err
	}
	return created(w, m)
}

// apiMeetingUpdate applies the fields present in the body onto the stored meeting;
// {"status": "cancelled"} cancels it (it stays, and calendars show it cancelled).
func (s *Server) apiMeetingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	m, err := s.meetings.FindMeetingByID(r.Context(), id)
	if err != nil {
		return err
	}
	b := &meetingBody{}
	if err := decode(r, b); err != nil {
		return err
	}
	switch {
	case b.Version == nil:
		m.Version = 0
	case *b.Version <= 0:
		return errBadVersion()
	default:
		m.Version = *b.Version
	}
	if err := b.apply(m); err != nil {
		return err
	}
	if err := s.meetings.UpdateMeeting(r.Context(), m); err != nil {
		return err
	}
	return ok(w, m)
}

func (s *Server) apiMeetingDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "meeting")
	if err != nil {
		return err
	}
	if err := s.meetings.DeleteMeeting(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}
