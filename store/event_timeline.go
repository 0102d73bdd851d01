package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"passerelle"
)

// TimelineDay is one day of an event's run-up, in the event's zone: the participants
// who came that day (imported, or registered and confirmed by their link; those waiting
// or gone are not counted) and the meeting requests sent.
type TimelineDay struct {
	Day                    string // YYYY-MM-DD
	Participants, Requests int
}

// eventTimeline counts the event's arrivals and requests by day in its zone, days with
// neither left out, oldest first. Instants are read and bucketed here rather than by a
// date function of each database, which would not agree on the zone.
func eventTimeline(ctx context.Context, q queryer, e *passerelle.Event) ([]TimelineDay, error) {
	zone := e.Zone()
	days := map[string]*TimelineDay{}
	// Each row has a creation and, for a registration, its confirmation: the later day
	// counts. (COALESCE would do it in SQL, but SQLite then returns text, not a time.)
	count := func(query string, add func(*TimelineDay)) error {
		rows, err := q.QueryContext(ctx, query, e.WorkspaceID, e.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at time.Time
			var confirmed sql.NullTime
			if err := rows.Scan(&at, &confirmed); err != nil {
				return err
			}
			if confirmed.Valid {
				at = confirmed.Time
			}
			d, _ := TimelineBucket(at, zone, ScaleDay)
			if days[d] == nil {
				days[d] = &TimelineDay{Day: d}
			}
			add(days[d])
		}
		return rows.Err()
	}
	// A registration arrives when its link confirms it; an imported participant when
	// imported.
	if err := count(`SELECT created_at, confirmed_at FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND `+
		countedSQL(""), func(d *TimelineDay) { d.Participants++ }); err != nil {
		return nil, err
	}
	if err := count(`SELECT created_at, CAST(NULL AS TIMESTAMP) FROM event_requests WHERE workspace_id = $1 AND event_id = $2`,
		func(d *TimelineDay) { d.Requests++ }); err != nil {
		return nil, err
	}
	out := make([]TimelineDay, 0, len(days))
	for _, d := range days {
		out = append(out, *d)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Day < out[b].Day })
	return out, nil
}
