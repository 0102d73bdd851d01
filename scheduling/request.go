package scheduling

import (
	"fmt"
	"strings"
	"time"

	"passerelle"
	"passerelle/schedule"
	"passerelle/store"
)

// Request is what the job kind "meetings.schedule" is given (its params): who must meet
// whom, when meetings may take place, and where.
type Request struct {
	// Title of each meeting; default: the participants' names joined by " – ".
	Title    string `json:"title,omitempty"`
	Location string `json:"location,omitempty"`
	Clock    Clock  `json:"clock"`
	// Tables are the tables or rooms (each meeting's room); default: one per two
	// participants, "Table 1", "Table 2"…
	Tables []string `json:"tables,omitempty"`
	// Venues, when given, replace Location and Tables: the places of the programme, each
	// with its tables; Travel the minutes needed between two of them (either way; a pair
	// not given takes none). A person's consecutive meetings of a day at two venues are
	// then apart by at least the travel time, in whole slots (a break between them does
	// not count as travel time).
	Venues       []Venue            `json:"venues,omitempty"`
	Travel       []Travel           `json:"travel,omitempty"`
	Participants []Participant      `json:"participants"`
	Meetings     []RequestedMeeting `json:"meetings"`
	// Fairness bounds the difference between two participants' numbers of breaks; absent
	// for none.
	Fairness *int `json:"fairness,omitempty"`
	// TimeLimitSeconds bounds the solve (default 30, at most 600).
	TimeLimitSeconds int    `json:"time_limit_seconds,omitempty"`
	Seed             uint64 `json:"seed,omitempty"`
	// Visibility of the meetings made (and of the job): shared by default.
	Visibility passerelle.Visibility `json:"visibility,omitempty"`
	// Origin and OriginID mark the meetings as a mission's or an event's.
	Origin   passerelle.MeetingOrigin `json:"origin,omitempty"`
	OriginID int64                    `json:"origin_id,omitempty"`
	// PreviousJob, on a re-run after a change, is the job whose schedule to repair: its
	// meetings keep their times unless they must move, and what moved is listed.
	PreviousJob int64 `json:"previous_job,omitempty"`
}

// Venue is a place of the programme: its meetings are at Name, Address, at one of its
// Tables (default 1) tables or rooms, named after the venue ("Hotel", or "Hotel 1",
// "Hotel 2"… for several).
type Venue struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	Tables  int    `json:"tables,omitempty"`
}

// Travel is the time needed between two venues, either way.
type Travel struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Minutes int    `json:"minutes"`
}

// Participant is one agenda: a person of the contact book (who may represent an
// organisation), or an organisation.
type Participant struct {
	Key            string     `json:"key"`
	PersonID       int64      `json:"person_id,omitempty"`
	OrganizationID int64      `json:"organization_id,omitempty"`
	Unavailable    []Interval `json:"unavailable,omitempty"`
}

// Interval is a time someone is not available.
type Interval struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// RequestedMeeting is one meeting to place, between participants named by key.
type RequestedMeeting struct {
	Key      string   `json:"key,omitempty"` // default "m1", "m2"… by position
	With     []string `json:"with"`
	Priority int      `json:"priority,omitempty"` // 1 (default) to 10
	Session  string   `json:"session,omitempty"`  // "", "morning" or "afternoon"
	// AttendeeIDs are the workspace's users who attend (a mission's adviser).
	AttendeeIDs []int64 `json:"attendee_ids,omitempty"`
	// Venues are the venues (by name) where the meeting may take place; empty: any.
	Venues []string `json:"venues,omitempty"`
}

// Limits of one request.
const (
	MaxParticipants = 20000
	MaxMeetings     = 50000
	MaxTables       = 2000
)

// Validate checks the request's shape (not the database's records) and fills defaults.
// Every problem names its field, such as meetings[12].with.
func (r *Request) Validate() error {
	p := passerelle.Problems{}
	if err := r.Clock.Prepare(); err != nil {
		return err
	}
	r.Title, r.Location = strings.TrimSpace(r.Title), strings.TrimSpace(r.Location)
	if len(r.Title) > 500 {
		p.Add("title", "at most 500 characters")
	}
	if len(r.Participants) < 2 {
		p.Add("participants", "at least two")
	} else if len(r.Participants) > MaxParticipants {
		p.Add("participants", "at most %d", MaxParticipants)
	}
	if len(r.Meetings) == 0 {
		p.Add("meetings", "required")
	} else if len(r.Meetings) > MaxMeetings {
		p.Add("meetings", "at most %d", MaxMeetings)
	}
	if len(r.Tables) > MaxTables {
		p.Add("tables", "at most %d", MaxTables)
	}
	for i, t := range r.Tables {
		r.Tables[i] = strings.TrimSpace(t)
		if r.Tables[i] == "" || len(r.Tables[i]) > 200 {
			p.Add(fmt.Sprintf("tables[%d]", i), "a name of at most 200 characters")
		}
	}
	venues := map[string]bool{}
	if len(r.Venues) > 50 {
		p.Add("venues", "at most %d", 50)
	}
	for i := range r.Venues {
		v := &r.Venues[i]
		v.Name, v.Address = strings.TrimSpace(v.Name), strings.TrimSpace(v.Address)
		if v.Name == "" || len(v.Name) > 200 || venues[v.Name] {
			p.Add(fmt.Sprintf("venues[%d].name", i), "required, at most 200 characters, each venue once")
		}
		venues[v.Name] = true
		if v.Tables < 0 || v.Tables > MaxTables {
			p.Add(fmt.Sprintf("venues[%d].tables", i), "between %d and %d", 0, MaxTables)
		}
	}
	for i, t := range r.Travel {
		if !venues[t.From] {
			p.Add(fmt.Sprintf("travel[%d].from", i), "no venue %q in the mission", t.From)
		}
		if !venues[t.To] {
			p.Add(fmt.Sprintf("travel[%d].to", i), "no venue %q in the mission", t.To)
		}
		if t.Minutes < 0 || t.Minutes > 600 {
			p.Add(fmt.Sprintf("travel[%d].minutes", i), "between %d and %d", 0, 600)
		}
	}
	if r.TimeLimitSeconds < 0 || r.TimeLimitSeconds > 600 {
		p.Add("time_limit_seconds", "between %d and %d", 1, 600)
	}
	if r.Fairness != nil && *r.Fairness < -1 {
		p.Add("fairness", "-1 (none) or more")
	}
	if r.Visibility == "" {
		r.Visibility = passerelle.VisibilityShared
	}
	if r.Visibility != passerelle.VisibilityShared && r.Visibility != passerelle.VisibilityPrivate {
		p.Add("visibility", "shared or private")
	}
	keys := make(map[string]bool, len(r.Participants))
	for i, pt := range r.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		pt.Key = strings.TrimSpace(pt.Key)
		r.Participants[i].Key = pt.Key
		switch {
		case pt.Key == "":
			p.Add(f+".key", "required")
		case keys[pt.Key]:
			p.Add(f+".key", "%q is used twice", pt.Key)
		}
		keys[pt.Key] = true
		if pt.PersonID <= 0 && pt.OrganizationID <= 0 {
			p.Add(f, "a person_id or an organization_id")
		}
		for k, u := range pt.Unavailable {
			if !u.To.After(u.From) {
				p.Add(fmt.Sprintf("%s.unavailable[%d].to", f, k), "the end must come after the start")
			}
		}
	}
	mkeys := make(map[string]bool, len(r.Meetings))
	for i := range r.Meetings {
		m := &r.Meetings[i]
		f := fmt.Sprintf("meetings[%d]", i)
		if m.Key = strings.TrimSpace(m.Key); m.Key == "" {
			m.Key = fmt.Sprintf("m%d", i+1)
		}
		if mkeys[m.Key] {
			p.Add(f+".key", "%q is used twice", m.Key)
		}
		mkeys[m.Key] = true
		if len(m.With) < 2 {
			p.Add(f+".with", "at least two participants")
		}
		seen := map[string]bool{}
		for _, k := range m.With {
			if !keys[k] {
				p.Add(f+".with", "unknown participant %q", k)
			} else if seen[k] {
				p.Add(f+".with", "%q is named twice", k)
			}
			seen[k] = true
		}
		if m.Priority < 0 || m.Priority > 10 {
			p.Add(f+".priority", "between %d and %d", 1, 10)
		}
		if m.Session != "" && m.Session != "morning" && m.Session != "afternoon" {
			p.Add(f+".session", "morning, afternoon or none")
		}
		for _, v := range m.Venues {
			if !venues[v] {
				p.Add(f+".venues", "no venue %q in the mission", v)
			}
		}
		if len(p) > 20 {
			break // enough to fix first
		}
	}
	if r.Origin != passerelle.OriginNone && r.OriginID <= 0 {
		p.Add("origin_id", "required")
	}
	return p.Err()
}

// CheckRefs checks the participants against the records the actor may read (one query
// per 500 ids), and returns their names by participant index.
func (r *Request) CheckRefs(people, orgs map[int64]store.Ref) ([]string, error) {
	p := passerelle.Problems{}
	names := make([]string, len(r.Participants))
	shared := r.Visibility == passerelle.VisibilityShared
	for i, pt := range r.Participants {
		f := fmt.Sprintf("participants[%d]", i)
		if pt.PersonID > 0 {
			ref, ok := people[pt.PersonID]
			switch {
			case !ok:
				p.Add(f+".person_id", "no such person: %d", pt.PersonID)
			case shared && ref.Private:
				p.Add(f+".person_id", "%s is private: a meeting that names it must be private too", ref.Name)
			}
			names[i] = ref.Name
		}
		if pt.OrganizationID > 0 {
			ref, ok := orgs[pt.OrganizationID]
			switch {
			case !ok:
				p.Add(f+".organization_id", "no such organisation: %d", pt.OrganizationID)
			case shared && ref.Private:
				p.Add(f+".organization_id", "%s is private: a meeting that names it must be private too", ref.Name)
			}
			if names[i] == "" {
				names[i] = ref.Name
			} else if ref.Name != "" {
				names[i] += " (" + ref.Name + ")"
			}
		}
		if len(p) > 20 {
			break
		}
	}
	return names, p.Err()
}

// Instance builds the engine's instance: one participant per agenda with the slots
// their unavailability overlaps forbidden, one venue with the tables, the meetings.
// Requested meetings left out (skip) keep their index in the request but are not given
// to the engine; index maps the engine's meetings back to the request's.
func (r *Request) Instance(skip map[int]bool) (in *schedule.Instance, index []int) {
	c := &r.Clock
	in = &schedule.Instance{Name: "passerelle", Days: len(c.days), SlotsPerDay: c.SlotsPerDay(), MorningSlots: c.MorningSlots(),
		Fairness: -1, Venues: []schedule.Venue{{ID: "venue"}}}
	venueOf := map[string]int{}
	if len(r.Venues) > 0 {
		in.Venues = nil
		for i, v := range r.Venues {
			in.Venues = append(in.Venues, schedule.Venue{ID: v.Name, Name: v.Name})
			venueOf[v.Name] = i
		}
		if len(r.Travel) > 0 {
			in.Travel = make([][]int, len(r.Venues))
			for i := range in.Travel {
				in.Travel[i] = make([]int, len(r.Venues))
			}
			for _, t := range r.Travel {
				// Idle slots between two meetings: the travel time, rounded up to slots.
				n := (t.Minutes + c.SlotMinutes - 1) / c.SlotMinutes
				a, b := venueOf[t.From], venueOf[t.To]
				if a != b {
					in.Travel[a][b], in.Travel[b][a] = n, n
				}
			}
		}
	}
	if r.Fairness != nil {
		in.Fairness = *r.Fairness
	}
	if in.MorningSlots == 0 {
		in.MorningSlots = in.SlotsPerDay
	}
	pos := make(map[string]int, len(r.Participants))
	for i, pt := range r.Participants {
		pos[pt.Key] = i
		sp := schedule.Participant{ID: pt.Key}
		seen := map[int]bool{}
		for _, u := range pt.Unavailable {
			for _, s := range c.Overlapping(u.From, u.To) {
				if !seen[s] {
					seen[s] = true
					sp.Forbidden = append(sp.Forbidden, s)
				}
			}
		}
		in.Participants = append(in.Participants, sp)
	}
	names, at := r.tables()
	for i, t := range names {
		in.Tables = append(in.Tables, schedule.Table{ID: t, Venue: at[i]})
	}
	for i, m := range r.Meetings {
		if skip[i] {
			continue
		}
		sm := schedule.Meeting{ID: m.Key, Priority: m.Priority}
		for _, k := range m.With {
			sm.Participants = append(sm.Participants, pos[k])
		}
		switch m.Session {
		case "morning":
			sm.Session = schedule.Morning
		case "afternoon":
			sm.Session = schedule.Afternoon
		}
		for _, v := range m.Venues {
			if vi, ok := venueOf[v]; ok && len(r.Venues) > 0 {
				sm.Venues = append(sm.Venues, vi)
			}
		}
		in.Meetings = append(in.Meetings, sm)
		index = append(index, i)
	}
	return in, index
}

// TableNames returns the request's tables, or the default ones.
func (r *Request) TableNames() []string {
	names, _ := r.tables()
	return names
}

// tables returns the tables' names and, for each, its venue (an index into Venues, 0
// without venues).
func (r *Request) tables() (names []string, venue []int) {
	if len(r.Venues) > 0 {
		for i, v := range r.Venues {
			n := max(1, v.Tables)
			for k := 1; k <= n; k++ {
				name := v.Name
				if n > 1 {
					name = fmt.Sprintf("%s %d", v.Name, k)
				}
				names, venue = append(names, name), append(venue, i)
			}
		}
		return names, venue
	}
	names = r.defaultTables()
	return names, make([]int, len(names))
}

// VenueOfTable returns the venue of a table (a meeting's room), nil without venues.
func (r *Request) VenueOfTable(table string) *Venue {
	names, at := r.tables()
	for i, n := range names {
		if n == table && len(r.Venues) > 0 {
			return &r.Venues[at[i]]
		}
	}
	return nil
}

func (r *Request) defaultTables() []string {
	if len(r.Tables) > 0 {
		return r.Tables
	}
	n := max(1, len(r.Participants)/2)
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Table %d", i+1)
	}
	return out
}
