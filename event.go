package passerelle

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// EventStatus is where a partnering event stands.
type EventStatus string

const (
	EventDraft     EventStatus = "draft"     // being prepared, no schedule yet
	EventScheduled EventStatus = "scheduled" // a schedule exists, participants do not see it yet
	EventPublished EventStatus = "published" // participants see their agendas
)

// RequestStatus is where a meeting request between two participants stands.
type RequestStatus string

const (
	RequestPending   RequestStatus = "pending"
	RequestAccepted  RequestStatus = "accepted"
	RequestDeclined  RequestStatus = "declined"
	RequestCancelled RequestStatus = "cancelled"
)

// Valid reports whether s is a known request status.
func (s RequestStatus) Valid() bool {
	switch s {
	case RequestPending, RequestAccepted, RequestDeclined, RequestCancelled:
		return true
	}
	return false
}

// EventPhases are the phases an organiser may date, in their order.
var EventPhases = []string{"registration", "requests", "scheduling", "event", "follow_up"}

// Event is a partnering event: participants from outside the workspace meet one to one
// in pre-arranged meetings that a schedule places on its days, between its breaks, at
// its tables. Days, breaks and phases are local to TimeZone.
type Event struct {
	ID             int64  `json:"id"`
	WorkspaceID    int64  `json:"workspace_id"`
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	Location       string `json:"location,omitempty"`
	TimeZone       string `json:"time_zone"`
	MeetingMinutes int    `json:"meeting_minutes"`
	MaxMeetings    int    `json:"max_meetings,omitempty"` // per participant; 0 for no maximum
	// MaxParticipants caps the participants (imported, or registered and confirmed); a
	// registration confirmed past it joins the waiting list. 0: no maximum.
	MaxParticipants int `json:"max_participants,omitempty"`
	// NotifyEmail is told of each registration confirmed, put on the waiting list or
	// withdrawn ("" for no one): the organiser's address, not a member's account.
	NotifyEmail string `json:"notify_email,omitempty"`
	// Approval: every registration confirmed waits for the organiser's Admit (the
	// waiting list), whatever the places left.
	Approval bool `json:"approval,omitempty"`
	// NotifyLang is the language of its mails, "en" or "fr".
	NotifyLang     string       `json:"notify_lang,omitempty"`
	VideoURL       string       `json:"video_url,omitempty"`       // virtual meetings: each gets this address plus its own room
	FollowUpMonths int          `json:"followup_months,omitempty"` // the survey asks again this long after the last day; 0: DefaultFollowUpMonths
	Status         EventStatus  `json:"status"`
	Days           []EventDay   `json:"days"`
	Tables         []string     `json:"tables"`
	Phases         []EventPhase `json:"phases,omitempty"`
	ScheduledAt    time.Time    `json:"scheduled_at,omitzero"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

// EventDay is one day of meetings: local date and hours, and its breaks.
type EventDay struct {
	Date   string       `json:"date"`  // YYYY-MM-DD
	Start  string       `json:"start"` // HH:MM
	End    string       `json:"end"`
	Breaks []EventBreak `json:"breaks,omitempty"`
}

// EventBreak is a pause in a day (lunch): no meeting overlaps it.
type EventBreak struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// EventPhase dates one phase of the event (dates, YYYY-MM-DD, inclusive).
type EventPhase struct {
	Phase string `json:"phase"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// PhaseClosed says why a phase the organiser dated that opens and closes something (the
// public registration, the participants' meeting requests) takes nothing at now: before
// its first day or after its last (whole days in the event's zone), as an ECONFLICT
// naming the day. Nil within it, for the other phases, and for a phase the event does
// not date: then the organiser's switch (registration) or the event's end (requests)
// decides alone. One message each way, so that each reads whole in every language.
func (e *Event) PhaseClosed(phase string, now time.Time) error {
	day := now.In(e.Zone()).Format("2006-01-02")
	for _, p := range e.Phases {
		if p.Phase != phase {
			continue
		}
		before, after := day < p.Start, day > p.End
		switch {
		case phase == "registration" && before:
			return Errorf(ECONFLICT, "registration opens on %s", p.Start)
		case phase == "registration" && after:
			return Errorf(ECONFLICT, "registration closed on %s", p.End)
		case phase == "requests" && before:
			return Errorf(ECONFLICT, "meeting requests open on %s", p.Start)
		case phase == "requests" && after:
			return Errorf(ECONFLICT, "meeting requests closed on %s", p.End)
		}
		return nil
	}
	return nil
}

// EventOrg is the organisation a participant names when registering; the store matches it
// to the workspace's record (OrganizationID) or creates one.
type EventOrg struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	Website string `json:"website,omitempty"`
}

// Interval is a span of time, as instants.
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// EventParticipant is one person taking part in an event. Ref is the organiser's key for
// them (unique in the event), used by imports and exports.
type EventParticipant struct {
	ID             int64      `json:"id"`
	EventID        int64      `json:"event_id"`
	Ref            string     `json:"ref"`
	Name           string     `json:"name"`
	Email          string     `json:"email,omitempty"`
	Organization   EventOrg   `json:"organization"`
	OrganizationID int64      `json:"organization_id,omitempty"`
	UserID         int64      `json:"user_id,omitempty"` // the workspace's user with this email, if any
	Unavailable    []Interval `json:"unavailable,omitempty"`
	// Profile is what they publish to the other participants; nil when an import's file
	// does not give it (the stored one stays).
	Profile    *EventProfile `json:"profile,omitempty"`
	FeedSecret string        `json:"-"`
	// Answers are their answers to the registration questions (the organiser reads them).
	Answers []EventAnswer `json:"answers,omitempty"`
	// Status is "" for one who takes part; else why they do not (yet): as the
	// organiser's list reads it.
	Status ParticipantStatus `json:"status,omitempty"`
	// WaitlistedAt orders the waiting list (zero for one not on it).
	WaitlistedAt time.Time `json:"waitlisted_at,omitzero"`
}

// ParticipantStatus says why a participant of an event does not take part.
type ParticipantStatus string

const (
	// ParticipantUnconfirmed registered on the public page and has not yet followed the
	// link mailed to confirm their email.
	ParticipantUnconfirmed ParticipantStatus = "unconfirmed"
	// ParticipantWaiting confirmed a registration when the event was full: on its
	// waiting list until a place frees up or the organiser admits them.
	ParticipantWaiting ParticipantStatus = "waiting"
	// ParticipantLeft withdrew from the event.
	ParticipantLeft ParticipantStatus = "left"
	// ParticipantRemoved was taken off the event by the organiser.
	ParticipantRemoved ParticipantStatus = "removed"
)

// EventRequest is a request for a meeting from one participant to another.
type EventRequest struct {
	ID       int64         `json:"id"`
	From     string        `json:"from"` // participant refs
	To       string        `json:"to"`
	FromID   int64         `json:"-"`
	ToID     int64         `json:"-"`
	Status   RequestStatus `json:"status"`
	Priority int           `json:"priority"`
	Message  string        `json:"message,omitempty"`
	OfferRef string        `json:"offer,omitempty"` // the recipient's offer or request it is about, if any
	// Slot is the start of the free common slot it asks for (zero: none); the recipient's
	// acceptance books the meeting there when it is still free.
	Slot time.Time `json:"slot,omitzero"`
}

// EventImport is a whole event as an organiser moves it between tools: the event, its
// participants and their requests. Paths in its errors are those of the JSON file.
type EventImport struct {
	Event        Event
	Participants []*EventParticipant
	Requests     []*EventRequest
	// Questions are the registration questions, when the file gives them (QuestionsSet;
	// else the stored ones stay). A participant's Answers are checked against them (or
	// the stored ones); nil Answers keep the stored answers.
	Questions    []EventQuestion
	QuestionsSet bool
}

var (
	eventSlugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)
	clockRe     = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

// Location returns the event's zone (UTC if unknown; Validate refuses unknown zones).
func (e *Event) Zone() *time.Location {
	if loc, ok := eventZones.Load(e.TimeZone); ok {
		return loc.(*time.Location)
	}
	if loc, err := time.LoadLocation(e.TimeZone); err == nil {
		eventZones.Store(e.TimeZone, loc)
		return loc
	}
	return time.UTC
}

// eventZones keeps the zones loaded by name: time.LoadLocation reads and parses the zone's
// file on each call, and a participant's page asks for its event's zone once per time
// it shows. A Location never changes once loaded; the names are the few events' zones.
var eventZones sync.Map

// DefaultFollowUpMonths is how long after its last day an event's outcome survey asks
// again, when the organiser did not say.
const DefaultFollowUpMonths = 6

// FollowUpOpens is when the outcome survey's second round opens: the event's months
// after its last day (midnight in its zone). Zero for an event without days.
func (e *Event) FollowUpOpens() time.Time {
	last := ""
	for _, d := range e.Days {
		last = max(last, d.Date)
	}
	t, err := time.ParseInLocation("2006-01-02", last, e.Zone())
	if err != nil {
		return time.Time{}
	}
	n := e.FollowUpMonths
	if n == 0 {
		n = DefaultFollowUpMonths
	}
	return t.AddDate(0, n, 0)
}

// Ends is when the event's last day ends, in its zone; zero for an event without days.
func (e *Event) Ends() time.Time {
	var out time.Time
	for _, d := range e.Days {
		if t, err := e.LocalTime(d.Date, d.End); err == nil && t.After(out) {
			out = t
		}
	}
	return out
}

// LocalTime reads a local date and clock time (or a local "YYYY-MM-DDTHH:MM[:SS]") in the
// event's zone.
func (e *Event) LocalTime(date, clock string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02 15:04", date+" "+clock, e.Zone())
}

// ParseLocal reads "YYYY-MM-DDTHH:MM" or with seconds, in the event's zone.
func (e *Event) ParseLocal(s string) (time.Time, error) {
	for _, f := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(f, s, e.Zone()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad local time")
}

// Validate normalises and checks the event; problems name the fields as JSON paths.
func (e *Event) Validate() error {
	p := Problems{}
	e.Slug = strings.TrimSpace(e.Slug)
	e.Name = strings.TrimSpace(e.Name)
	if !eventSlugRe.MatchString(e.Slug) {
		p.Add("slug", "lowercase letters, digits and hyphens, at most 100")
	}
	if e.Name == "" {
		p.Add("name", "required")
	} else if len(e.Name) > 500 {
		p.Add("name", "at most 500 characters")
	}
	if len(e.Location) > 500 {
		p.Add("location", "at most 500 characters")
	}
	if _, err := time.LoadLocation(e.TimeZone); err != nil || e.TimeZone == "" || e.TimeZone == "Local" {
		p.Add("time_zone", "unknown time zone: %s", e.TimeZone)
	}
	if e.MeetingMinutes < 5 || e.MeetingMinutes > 480 {
		p.Add("meeting_minutes", "between 5 and 480 minutes")
	}
	if e.MaxMeetings < 0 || e.MaxMeetings > 1000 {
		p.Add("max_meetings", "between 0 (no maximum) and 1000")
	}
	if e.MaxParticipants < 0 || e.MaxParticipants > 100000 {
		p.Add("max_participants", "between 0 (no maximum) and 100000")
	}
	e.NotifyEmail = strings.TrimSpace(e.NotifyEmail)
	if e.NotifyLang != "fr" {
		e.NotifyLang = "en"
	}
	if e.NotifyEmail != "" {
		if a, err := mail.ParseAddress(e.NotifyEmail); err != nil || a.Address != e.NotifyEmail || len(e.NotifyEmail) > 300 {
			p.Add("notify_email", "not an email address: %s", e.NotifyEmail)
		}
	}
	if e.FollowUpMonths < 0 || e.FollowUpMonths > 36 {
		p.Add("followup_months", "between 1 and 36 months (0: the default, %d)", DefaultFollowUpMonths)
	}
	if e.VideoURL != "" {
		if u, err := url.Parse(e.VideoURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("video_url", "not an http(s) address")
		}
	}
	if e.Status == "" {
		e.Status = EventDraft
	}
	if len(e.Tables) == 0 && e.VideoURL == "" {
		p.Add("tables", "at least one table, or a video link for virtual meetings")
	}
	if len(e.Tables) > 10000 {
		p.Add("tables", "at most 10000")
	}
	seenT := map[string]bool{}
	for i, t := range e.Tables {
		t = strings.TrimSpace(t)
		e.Tables[i] = t
		if t == "" || len(t) > 100 || seenT[t] {
			p.Add(fmt.Sprintf("tables[%d]", i), "a table needs a distinct name of at most 100 characters")
		}
		seenT[t] = true
	}
	if len(e.Days) == 0 {
		p.Add("days", "at least one day")
	}
	if len(e.Days) > 60 {
		p.Add("days", "at most 60 days")
	}
	seen := map[string]bool{}
	for i, d := range e.Days {
		at := fmt.Sprintf("days[%d]", i)
		if !IsISODate(d.Date) {
			p.Add(at+".date", "not a date (YYYY-MM-DD): %s", d.Date)
			continue
		}
		if seen[d.Date] {
			p.Add(at+".date", "this day is given twice: %s", d.Date)
		}
		seen[d.Date] = true
		if !clockRe.MatchString(d.Start) {
			p.Add(at+".start", "not a time (HH:MM): %s", d.Start)
			continue
		}
		if !clockRe.MatchString(d.End) {
			p.Add(at+".end", "not a time (HH:MM): %s", d.End)
			continue
		}
		if d.End <= d.Start {
			p.Add(at+".end", "the end must come after the start")
		}
		bs := append([]EventBreak(nil), d.Breaks...)
		for j, b := range bs {
			bat := fmt.Sprintf("%s.breaks[%d]", at, j)
			switch {
			case !clockRe.MatchString(b.Start):
				p.Add(bat+".start", "not a time (HH:MM): %s", b.Start)
			case !clockRe.MatchString(b.End):
				p.Add(bat+".end", "not a time (HH:MM): %s", b.End)
			case b.End <= b.Start:
				p.Add(bat+".end", "the end must come after the start")
			case b.Start < d.Start || b.End > d.End:
				p.Add(bat, "a break must lie within its day's hours")
			}
		}
		sort.Slice(bs, func(a, b int) bool { return bs[a].Start < bs[b].Start })
		for j := 1; j < len(bs); j++ {
			if bs[j].Start < bs[j-1].End {
				p.Add(at+".breaks", "two breaks overlap")
			}
		}
	}
	for i, ph := range e.Phases {
		at := fmt.Sprintf("phases[%d]", i)
		ok := false
		for _, x := range EventPhases {
			ok = ok || x == ph.Phase
		}
		if !ok {
			p.Add(at+".phase", "unknown phase: %s", ph.Phase)
		}
		if !IsISODate(ph.Start) || !IsISODate(ph.End) || ph.End < ph.Start {
			p.Add(at, "a phase needs a start and an end date (YYYY-MM-DD), the end not before the start")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	if len(e.Slots()) == 0 {
		p.Add("days", "no meeting fits in the days' hours between the breaks")
	}
	return p.Err()
}

// EventSlot is one time a meeting may start at, and the day it belongs to.
type EventSlot struct {
	Day   int // index into Days
	Start time.Time
	End   time.Time
}

// Slots is the grid of meeting times: each day from its start, one meeting length after
// another; a slot that would overlap a break starts again at the break's end; none ends
// after the day's end. Times are instants, so a day across a clock change is right.
func (e *Event) Slots() []EventSlot {
	var out []EventSlot
	dur := time.Duration(e.MeetingMinutes) * time.Minute
	if dur <= 0 {
		return nil
	}
	for i, d := range e.Days {
		start, err1 := e.LocalTime(d.Date, d.Start)
		end, err2 := e.LocalTime(d.Date, d.End)
		if err1 != nil || err2 != nil {
			continue
		}
		var breaks []Interval
		for _, b := range d.Breaks {
			bs, err1 := e.LocalTime(d.Date, b.Start)
			be, err2 := e.LocalTime(d.Date, b.End)
			if err1 == nil && err2 == nil {
				breaks = append(breaks, Interval{bs, be})
			}
		}
		t := start
		for !t.Add(dur).After(end) {
			moved := false
			for _, b := range breaks {
				if t.Before(b.End) && b.Start.Before(t.Add(dur)) {
					t, moved = b.End, true
				}
			}
			if moved {
				continue
			}
			out = append(out, EventSlot{Day: i, Start: t, End: t.Add(dur)})
			t = t.Add(dur)
		}
	}
	return out
}

// Overlaps reports whether two intervals share some time.
func (iv Interval) Overlaps(o Interval) bool { return iv.Start.Before(o.End) && o.Start.Before(iv.End) }

// CheckUnavailable sorts a participant's unavailable spans and refuses empty or overlapping
// ones; at is the participant's JSON path.
func (p *EventParticipant) CheckUnavailable(at string) error {
	for i, u := range p.Unavailable {
		if !u.End.After(u.Start) {
			return FieldError(fmt.Sprintf("%s.unavailable[%d].end", at, i), "the end must come after the start")
		}
	}
	sort.Slice(p.Unavailable, func(a, b int) bool { return p.Unavailable[a].Start.Before(p.Unavailable[b].Start) })
	for i := 1; i < len(p.Unavailable); i++ {
		if p.Unavailable[i].Overlaps(p.Unavailable[i-1]) {
			return FieldError(at+".unavailable", "two unavailable periods overlap")
		}
	}
	return nil
}
