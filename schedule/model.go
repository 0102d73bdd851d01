// Package schedule assigns requested meetings to time slots and tables.
//
// Slots are numbered from 1 in every public type (0 means "none" or "unplaced"), as in the
// B2BSP files and passerelle's JSON; the solver works internally from 0.
package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Session restricts a meeting to a part of the day.
type Session int

const (
	AnySession Session = iota // morning or afternoon
	Morning                   // one of the first MorningSlots slots of its day
	Afternoon                 // after the first MorningSlots slots of its day
)

// Instance is one scheduling problem.
type Instance struct {
	Name         string
	Days         int // at least 1
	SlotsPerDay  int // slots of one day; slots are numbered day by day from 1
	MorningSlots int // the first MorningSlots slots of each day are morning; = SlotsPerDay for one session
	Participants []Participant
	Venues       []Venue
	// Travel[a][b] is the number of idle slots a person needs between a meeting at venue a
	// and the next one at venue b (nil: 0 everywhere).
	Travel [][]int
	Tables []Table
	// Meetings are the requested meetings.
	Meetings []Meeting
	// Fairness is d: the break counts of any two participants differ by at most d; -1 for none.
	Fairness int
	// RequireAll makes every meeting mandatory (B2BSP): a schedule that leaves one out is
	// infeasible rather than worse.
	RequireAll bool
}

// Participant is one person's agenda; a person who represents several linked
// organisations is one participant.
type Participant struct {
	ID            string
	Name          string
	Organisations []string
	// Forbidden slots (1-based): the person is unavailable then (late arrival, early departure,
	// another commitment).
	Forbidden []int
}

// Venue is a building or site.
type Venue struct {
	ID   string
	Name string
}

// Table is a table or room at a venue.
type Table struct {
	ID    string
	Venue int // index into Venues
}

// Meeting is one requested meeting between two or more participants.
type Meeting struct {
	ID           string
	Participants []int // indexes into Instance.Participants
	Priority     int   // weight; 0 counts as 1
	Session      Session
	Fixed        int   // 1-based slot the meeting must take; 0 for none
	After        []int // indexes of meetings that must end strictly before this one starts
	// Venues, if any, are the venues (indexes into Instance.Venues) where the meeting may
	// take place: the host's own site on a mission. Empty means any table.
	Venues []int
}

// Weight is the meeting's priority as used by the objective.
func (m Meeting) Weight() int {
	if m.Priority <= 0 {
		return 1
	}
	return m.Priority
}

// Slots is the total number of slots.
func (in *Instance) Slots() int { return in.Days * in.SlotsPerDay }

// Solution gives each meeting a slot and a table (1-based; 0 when unplaced).
// Table may be nil when tables have not been assigned: only table counts are checked then.
type Solution struct {
	Slot  []int
	Table []int
}

// Validate reports the first structural error of the instance.
func (in *Instance) Validate() error {
	if in.Days < 1 || in.SlotsPerDay < 1 {
		return errors.New("days and slots per day must be at least 1")
	}
	if in.MorningSlots < 0 || in.MorningSlots > in.SlotsPerDay {
		return fmt.Errorf("morning slots %d not in 0..%d", in.MorningSlots, in.SlotsPerDay)
	}
	T := in.Slots()
	for i, p := range in.Participants {
		for _, s := range p.Forbidden {
			if s < 1 || s > T {
				return fmt.Errorf("participant %d: forbidden slot %d not in 1..%d", i+1, s, T)
			}
		}
	}
	for i, t := range in.Tables {
		if len(in.Venues) > 0 && (t.Venue < 0 || t.Venue >= len(in.Venues)) {
			return fmt.Errorf("table %d: venue %d out of range", i+1, t.Venue+1)
		}
	}
	if in.Travel != nil {
		if len(in.Travel) != len(in.Venues) {
			return fmt.Errorf("travel: %d rows for %d venues", len(in.Travel), len(in.Venues))
		}
		for i, r := range in.Travel {
			if len(r) != len(in.Venues) {
				return fmt.Errorf("travel row %d: %d values for %d venues", i+1, len(r), len(in.Venues))
			}
		}
	}
	for i, m := range in.Meetings {
		if len(m.Participants) < 2 {
			return fmt.Errorf("meeting %d: needs at least two participants", i+1)
		}
		seen := map[int]bool{}
		for _, p := range m.Participants {
			if p < 0 || p >= len(in.Participants) {
				return fmt.Errorf("meeting %d: participant %d out of range", i+1, p+1)
			}
			if seen[p] {
				return fmt.Errorf("meeting %d: participant %d listed twice", i+1, p+1)
			}
			seen[p] = true
		}
		if m.Session < AnySession || m.Session > Afternoon {
			return fmt.Errorf("meeting %d: session %d unknown", i+1, m.Session)
		}
		if m.Fixed < 0 || m.Fixed > T {
			return fmt.Errorf("meeting %d: fixed slot %d not in 0..%d", i+1, m.Fixed, T)
		}
		for _, v := range m.Venues {
			if v < 0 || v >= len(in.Venues) {
				return fmt.Errorf("meeting %d: venue %d out of range", i+1, v+1)
			}
		}
		for _, a := range m.After {
			if a < 0 || a >= len(in.Meetings) || a == i {
				return fmt.Errorf("meeting %d: precedence on meeting %d out of range", i+1, a+1)
			}
		}
	}
	return in.precedenceCycle()
}

// precedenceCycle reports a cycle of precedences ("3 after 5 after 3"), which no schedule
// can satisfy: an input mistake to name, not an infeasibility to prove.
func (in *Instance) precedenceCycle() error {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int8, len(in.Meetings))
	var path []int
	var visit func(m int) error
	visit = func(m int) error {
		state[m] = onPath
		path = append(path, m)
		for _, a := range in.Meetings[m].After {
			switch state[a] {
			case onPath:
				i := len(path) - 1
				for path[i] != a {
					i--
				}
				words := make([]string, 0, len(path)-i+1)
				for _, x := range path[i:] {
					words = append(words, strconv.Itoa(x+1))
				}
				words = append(words, strconv.Itoa(a+1))
				return fmt.Errorf("meeting %d: precedences form a cycle (%s)", a+1, strings.Join(words, " after "))
			case unseen:
				if err := visit(a); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		state[m] = done
		return nil
	}
	for m := range in.Meetings {
		if state[m] == unseen {
			if err := visit(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// slotOK says whether 0-based slot t suits the meeting's session.
func (in *Instance) sessionOK(s Session, t int) bool {
	pos := t % in.SlotsPerDay
	switch s {
	case Morning:
		return pos < in.MorningSlots
	case Afternoon:
		return pos >= in.MorningSlots
	}
	return true
}
