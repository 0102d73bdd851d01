package web

import (
	"bytes"
	"net/http"

	"passerelle/interchange"
)

// eventExport downloads the event's participants, meetings and statistics as a workbook.
func (s *Server) eventExport(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "event")
	if err != nil {
		return err
	}
	svc := s.eventService()
	e, err := svc.FindEventByID(r.Context(), id)
	if err != nil {
		return err
	}
	ps, err := svc.EventParticipants(r.Context(), e.ID)
	if err != nil {
		return err
	}
	ms, err := svc.EventMeetings(r.Context(), e.ID)
	if err != nil {
		return err
	}
	rows := make([]interchange.EventMeetingRow, len(ms))
	for i, m := range ms {
		rows[i] = interchange.EventMeetingRow{Meeting: m.Meeting, From: m.From, To: m.To}
	}
	x := interchange.NewEventExport(e, ps, rows, s.baseURL(r))
	// The statistics page's figures, themes in the reader's language.
	if x.Statistics, err = svc.EventStatisticsSheet(r.Context(), e, info(r).lang); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := x.WriteXLSX(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.Slug+`.xlsx"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}
