package web

import (
	"net/http"
	"time"

	"passerelle"
	"passerelle/store"
)

// availDay is one day of the participant's availability form: its slots, each marked
// when the participant said they cannot meet then, or held by one of their meetings.
type availDay struct {
	Date  string
	Slots []availSlot
}

type availSlot struct {
	Value string // the slot's start, local ("2006-01-02 15:04"), the form's value
	ID    string // the checkbox's id, "away-2027-10-15-0930"
	Label string // its local start and end, "09:30–10:00"
	Away  bool   // marked unavailable (a period of theirs overlaps it)
	Busy  bool   // one of their meetings is then: not to be marked
}

// availabilityDays lays out the event's slots by day for the participant's form.
func availabilityDays(v *store.ParticipantView) []availDay {
	e, zone := v.Event, v.Event.Zone()
	var days []availDay
	for _, sl := range e.Slots() {
		date := sl.Start.In(zone).Format("2006-01-02")
		if len(days) == 0 || days[len(days)-1].Date != date {
			days = append(days, availDay{Date: date})
		}
		a := availSlot{Value: slotValue(sl.Start, zone), ID: "away-" + slotID(sl.Start, zone), Label: sl.Start.In(zone).Format("15:04") + "–" + sl.End.In(zone).Format("15:04")}
		if n := offsetNote(sl.Start, zone); n != "" { // the hour a clock goes back: each is itself
			a.Label += " (" + n[2:] + ")"
		}
		for _, u := range v.Me.Unavailable {
			a.Away = a.Away || u.Start.Before(sl.End) && sl.Start.Before(u.End)
		}
		for _, m := range v.Meetings {
			if m.Meeting.Status != passerelle.MeetingCancelled && m.Meeting.Start.Before(sl.End) && sl.Start.Before(m.Meeting.End) {
				a.Busy = true
			}
		}
		days[len(days)-1].Slots = append(days[len(days)-1].Slots, a)
	}
	return days
}

// participantAvailability saves the times the participant cannot meet (the form's
// ticked slots, in the event's local time): the schedule's next run and the free
// common slots leave them free.
func (s *Server) participantAvailability(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	var away []time.Time
	for _, sv := range r.PostForm["away"] {
		t, err := parseSlot(sv, v.Event.Zone())
		if err != nil {
			return s.renderParticipantHome(w, r, v, passerelle.FieldError("away", "not a meeting time of the event: %s", passerelle.Clip(sv, passerelle.EchoLength)))
		}
		away = append(away, t)
	}
	if err := s.eventService().SetOwnUnavailability(r.Context(), v.Event.WorkspaceID, v.Me.ID, away); err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	return s.redirect(w, r, r.URL.Path[:len(r.URL.Path)-len("/availability")]+"#availability", "flash.event_availability_saved")
}
