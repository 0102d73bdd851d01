package web

import (
	"net/http"
	"time"

	"passerelle/store"
)

// planSlot is one slot of the table plan: every table, with its meeting or free.
type planSlot struct {
	Start, End time.Time // in the event's zone
	Rows       []planRow
}

type planRow struct {
	Table   string
	Meeting *store.EventMeeting // nil: the table is free
}

type eventPlanData struct {
	eventCheckinData
	Plan []planSlot
}

// eventTablePlan is the printable table plan for the floor staff: one day, slot by slot
// (each of the day's slots, even empty), each table with the two sides meeting there
// and their organisations, or free. A slot does not break across printed pages.
func (s *Server) eventTablePlan(w http.ResponseWriter, r *http.Request) error {
	d, err := s.eventDay(r)
	if err != nil {
		return err
	}
	e := d.Event
	loc := e.Zone()
	byStart := map[int64]checkinSlot{}
	for _, sl := range d.Slots {
		byStart[sl.Start.Unix()] = sl
	}
	pd := eventPlanData{eventCheckinData: d}
	for _, sl := range e.Slots() {
		st := sl.Start.In(loc)
		if st.Format(time.DateOnly) != d.Day {
			continue
		}
		ps := planSlot{Start: st, End: sl.End.In(loc)}
		atTable := map[string]*store.EventMeeting{}
		var extra []*store.EventMeeting
		for _, m := range byStart[st.Unix()].Meetings {
			if m.Meeting.Room == "" || atTable[m.Meeting.Room] != nil {
				extra = append(extra, m)
				continue
			}
			atTable[m.Meeting.Room] = m
		}
		for _, t := range e.Tables {
			ps.Rows = append(ps.Rows, planRow{Table: t, Meeting: atTable[t]})
			delete(atTable, t)
		}
		// Rooms that are not tables of the event (video rooms of a virtual event).
		for _, m := range byStart[st.Unix()].Meetings {
			if atTable[m.Meeting.Room] == m {
				ps.Rows = append(ps.Rows, planRow{Table: m.Meeting.Room, Meeting: m})
			}
		}
		for _, m := range extra {
			ps.Rows = append(ps.Rows, planRow{Table: m.Meeting.Room, Meeting: m})
		}
		pd.Plan = append(pd.Plan, ps)
	}
	p := s.newPage(r, "")
	p.TitleText = e.Name
	p.Data = pd
	return s.render(w, r, "event_tableplan.html", p)
}
