package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// jsonInstance is passerelle's own instance format (documented in docs/scheduler.md).
type jsonInstance struct {
	Name         string            `json:"name,omitempty"`
	Days         int               `json:"days"`
	SlotsPerDay  int               `json:"slots_per_day"`
	MorningSlots int               `json:"morning_slots"`
	Fairness     *int              `json:"fairness,omitempty"`
	RequireAll   bool              `json:"require_all,omitempty"`
	Venues       []jsonVenue       `json:"venues,omitempty"`
	Travel       [][]int           `json:"travel,omitempty"`
	Tables       []jsonTable       `json:"tables"`
	Participants []jsonParticipant `json:"participants"`
	Meetings     []jsonMeeting     `json:"meetings"`
}

type jsonVenue struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

type jsonTable struct {
	ID    string `json:"id"`
	Venue string `json:"venue,omitempty"`
}

type jsonParticipant struct {
	ID            string   `json:"id"`
	Name          string   `json:"name,omitempty"`
	Organisations []string `json:"organisations,omitempty"`
	Forbidden     []int    `json:"forbidden,omitempty"`
}

type jsonMeeting struct {
	ID           string   `json:"id"`
	Participants []string `json:"participants"`
	Priority     int      `json:"priority,omitempty"`
	Session      string   `json:"session,omitempty"`
	Fixed        int      `json:"fixed,omitempty"`
	After        []string `json:"after,omitempty"`
	Venues       []string `json:"venues,omitempty"`
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// lineOf finds the line of the first occurrence of "id" in the data, to point at the
// object an error is about; 0 when not found.
func lineOf(data []byte, id string) int {
	q, _ := json.Marshal(id)
	if i := bytes.Index(data, q); i >= 0 {
		return lineAt(data, int64(i))
	}
	return 0
}

// ReadJSON reads passerelle's JSON instance. Meetings name their participants by
// participant id or by the id of an organisation the participant represents.
func ReadJSON(r io.Reader) (*Instance, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var ji jsonInstance
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ji); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("line %d: %v", lineAt(data, se.Offset), se)
		case errors.As(err, &te):
			return nil, fmt.Errorf("line %d: %s: expected %v, got %s", lineAt(data, te.Offset), te.Field, te.Type, te.Value)
		}
		return nil, fmt.Errorf("instance: %v", err)
	}
	in := &Instance{Name: ji.Name, Days: ji.Days, SlotsPerDay: ji.SlotsPerDay, MorningSlots: ji.MorningSlots,
		Fairness: -1, RequireAll: ji.RequireAll, Travel: ji.Travel}
	if ji.Fairness != nil {
		in.Fairness = *ji.Fairness
	}
	if in.Days == 0 {
		in.Days = 1
	}
	if in.MorningSlots == 0 {
		in.MorningSlots = in.SlotsPerDay
	}
	venue := map[string]int{}
	for i, v := range ji.Venues {
		if _, dup := venue[v.ID]; dup || v.ID == "" {
			return nil, fmt.Errorf("line %d: venues[%d].id: empty or repeated %q", lineOf(data, v.ID), i, v.ID)
		}
		venue[v.ID] = i
		in.Venues = append(in.Venues, Venue(v))
	}
	if len(in.Venues) == 0 {
		in.Venues = []Venue{{ID: "main"}}
		venue[""] = 0
	}
	for i, t := range ji.Tables {
		v, ok := venue[t.Venue]
		if !ok {
			if t.Venue != "" || len(ji.Venues) > 1 {
				return nil, fmt.Errorf("line %d: tables[%d].venue: unknown venue %q", lineOf(data, t.ID), i, t.Venue)
			}
			v = 0
		}
		in.Tables = append(in.Tables, Table{ID: t.ID, Venue: v})
	}
	who := map[string]int{}
	for i, p := range ji.Participants {
		if _, dup := who[p.ID]; dup || p.ID == "" {
			return nil, fmt.Errorf("line %d: participants[%d].id: empty or repeated %q", lineOf(data, p.ID), i, p.ID)
		}
		who[p.ID] = i
		for _, o := range p.Organisations {
			if j, dup := who[o]; dup && j != i {
				return nil, fmt.Errorf("line %d: participants[%d].organisations: %q already belongs to another participant", lineOf(data, p.ID), i, o)
			}
			who[o] = i
		}
		in.Participants = append(in.Participants, Participant(p))
	}
	mid := map[string]int{}
	for i, m := range ji.Meetings {
		if _, dup := mid[m.ID]; dup {
			return nil, fmt.Errorf("line %d: meetings[%d].id: repeated %q", lineOf(data, m.ID), i, m.ID)
		}
		if m.ID != "" {
			mid[m.ID] = i
		}
	}
	for i, m := range ji.Meetings {
		// The line is looked up only for a message: a search of the file per meeting
		// made reading a large event quadratic.
		ln := func() int { return lineOf(data, m.ID) }
		mt := Meeting{ID: m.ID, Priority: m.Priority, Fixed: m.Fixed}
		for _, w := range m.Participants {
			p, ok := who[w]
			if !ok {
				return nil, fmt.Errorf("line %d: meetings[%d].participants: unknown participant or organisation %q", ln(), i, w)
			}
			mt.Participants = append(mt.Participants, p)
		}
		switch m.Session {
		case "", "any":
		case "morning":
			mt.Session = Morning
		case "afternoon":
			mt.Session = Afternoon
		default:
			return nil, fmt.Errorf("line %d: meetings[%d].session: %q is not any, morning or afternoon", ln(), i, m.Session)
		}
		for _, a := range m.After {
			j, ok := mid[a]
			if !ok {
				return nil, fmt.Errorf("line %d: meetings[%d].after: unknown meeting %q", ln(), i, a)
			}
			mt.After = append(mt.After, j)
		}
		for _, v := range m.Venues {
			j, ok := venue[v]
			if !ok || v == "" {
				return nil, fmt.Errorf("line %d: meetings[%d].venues: unknown venue %q", ln(), i, v)
			}
			mt.Venues = append(mt.Venues, j)
		}
		in.Meetings = append(in.Meetings, mt)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	return in, nil
}

// WriteJSON writes in passerelle's JSON instance format.
func WriteJSON(w io.Writer, in *Instance) error {
	ji := jsonInstance{Name: in.Name, Days: in.Days, SlotsPerDay: in.SlotsPerDay, MorningSlots: in.MorningSlots,
		RequireAll: in.RequireAll, Travel: in.Travel}
	f := in.Fairness
	ji.Fairness = &f
	for _, v := range in.Venues {
		ji.Venues = append(ji.Venues, jsonVenue(v))
	}
	for i, t := range in.Tables {
		id := t.ID
		if id == "" {
			id = fmt.Sprintf("t%d", i+1)
		}
		jt := jsonTable{ID: id}
		if len(in.Venues) > 0 {
			jt.Venue = in.Venues[t.Venue].ID
		}
		ji.Tables = append(ji.Tables, jt)
	}
	for _, p := range in.Participants {
		ji.Participants = append(ji.Participants, jsonParticipant(p))
	}
	ids := make([]string, len(in.Meetings))
	for i, m := range in.Meetings {
		ids[i] = m.ID
		if ids[i] == "" {
			ids[i] = fmt.Sprintf("m%d", i+1)
		}
	}
	for i, m := range in.Meetings {
		jm := jsonMeeting{ID: ids[i], Priority: m.Priority, Fixed: m.Fixed}
		for _, p := range m.Participants {
			jm.Participants = append(jm.Participants, in.Participants[p].ID)
		}
		switch m.Session {
		case Morning:
			jm.Session = "morning"
		case Afternoon:
			jm.Session = "afternoon"
		}
		for _, a := range m.After {
			jm.After = append(jm.After, ids[a])
		}
		for _, v := range m.Venues {
			jm.Venues = append(jm.Venues, in.Venues[v].ID)
		}
		ji.Meetings = append(ji.Meetings, jm)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(ji)
}

// SolutionJSON is the JSON form of a result, meeting by meeting.
type SolutionJSON struct {
	Status   string              `json:"status"`
	Placed   int                 `json:"placed"`
	Breaks   int                 `json:"breaks"`
	Meetings []SolutionMeetingJS `json:"meetings"`
}

// SolutionMeetingJS is one meeting's place in a SolutionJSON.
type SolutionMeetingJS struct {
	ID     string `json:"id"`
	Slot   int    `json:"slot"`
	Day    int    `json:"day,omitempty"`
	Table  string `json:"table,omitempty"`
	Reason string `json:"unplaced_reason,omitempty"`
}

// WriteSolutionJSON writes a result meeting by meeting, with table ids and the reason for
// each unplaced meeting.
func WriteSolutionJSON(w io.Writer, in *Instance, res *Result) error {
	out := SolutionJSON{Status: string(res.Status), Placed: res.Placed, Breaks: res.Breaks}
	why := map[int]string{}
	for _, u := range res.Unplaced {
		why[u.Meeting] = u.Reason
	}
	for i, m := range in.Meetings {
		sm := SolutionMeetingJS{ID: m.ID, Slot: res.Solution.Slot[i], Reason: why[i]}
		if sm.Slot > 0 {
			sm.Day = (sm.Slot-1)/in.SlotsPerDay + 1
			if res.Solution.Table != nil && res.Solution.Table[i] > 0 {
				sm.Table = in.Tables[res.Solution.Table[i]-1].ID
			}
		}
		out.Meetings = append(out.Meetings, sm)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}
