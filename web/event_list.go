package web

import (
	"net/http"
	"time"

	"passerelle"
	"passerelle/store"
)

type eventListData struct {
	Events []*passerelle.Event
	Now    time.Time // an event whose last day has ended is marked over
	// Places are each event's participants taking part, maximum and waiting list.
	Places map[int64]store.EventCapacity
}

// eventList lists the workspace's partnering events (docs/events.md).
func (s *Server) eventList(w http.ResponseWriter, r *http.Request) error {
	es, err := s.eventService().FindEvents(r.Context())
	if err != nil {
		return err
	}
	places, err := s.eventService().EventCapacities(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, "event.list_title")
	p.Data = eventListData{Events: es, Now: s.db.Now(), Places: places}
	return s.render(w, r, "event_list.html", p)
}
