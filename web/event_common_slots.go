package web

import (
	"net/http"
	"strings"

	"passerelle"
)

// A participant's free common slots with another participant (docs/events.md): the
// times still to come at which both are free and a table is, each with a button that
// asks for a meeting then; the other's acceptance books it.

type commonSlotsData struct {
	Event         *passerelle.Event
	WorkspaceSlug string
	Other         *passerelle.EventParticipant
	Slots         []moveSlot
	// RequestsClosed says why no request can be sent now; the times are listed
	// without the button that asks for them.
	RequestsClosed string
}

// participantCommon lists the free common slots of the signed-in participant and the
// participant ?with= names (a ref of the same event; another event's is not found).
func (s *Server) participantCommon(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	other, slots, err := s.eventService().CommonSlots(r.Context(), v.Event.WorkspaceID, v.Me.ID, strings.TrimSpace(r.URL.Query().Get("with")))
	if err != nil {
		return err
	}
	d := commonSlotsData{Event: v.Event, WorkspaceSlug: r.PathValue("workspace"), Other: other,
		RequestsClosed: requestsClosed(v.Event, s.db.Now(), newLocalizer(info(r).lang))}
	loc := v.Event.Zone()
	for _, sl := range slots {
		d.Slots = append(d.Slots, moveSlot{Value: slotValue(sl.Start, loc), Label: slotLabel(sl.Start, sl.End, loc), ID: slotID(sl.Start, loc)})
	}
	p := s.newPage(r, "event.common_title")
	p.Data = d
	return s.render(w, r, "event_common_slots.html", p)
}
