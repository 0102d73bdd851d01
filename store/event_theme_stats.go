package store

import (
	"context"
	"sort"

	"passerelle"
)

// ThemeStat is one theme's figures in an event's statistics (docs/events.md): the
// requests and meetings where either side's profile names the theme, each counted once
// per theme however many sides name it.
type ThemeStat struct {
	Theme    string // the theme's code
	Requests int    // meeting requests, any status
	Held     int    // meetings held
	// Further counts the meetings that led further: an outcome beyond "no further
	// contact" said by either side in either round of the survey, or recorded by a member.
	Further int
}

// EventThemeStats counts, for each theme of the participants' profiles, the event's
// requests, meetings held and meetings that led further; most requested first. Readers
// of the event's workspace; another workspace's event is ENOTFOUND.
func (s *EventService) EventThemeStats(ctx context.Context, eventID int64) ([]ThemeStat, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	ws := a.WorkspaceID
	if _, err := findEvent(ctx, s.db.read, ws, "e.id = $2", eventID); err != nil {
		return nil, err
	}
	ps, err := loadEventParticipants(ctx, s.db.read, ws, eventID)
	if err != nil {
		return nil, err
	}
	themes := map[string][]string{} // by participant ref
	for _, p := range ps {
		if p.Profile != nil {
			themes[p.Ref] = p.Profile.Themes
		}
	}
	stats := map[string]*ThemeStat{}
	// each calls f once for every theme of either side.
	each := func(from, to string, f func(*ThemeStat)) {
		seen := map[string]bool{}
		for _, t := range append(append([]string(nil), themes[from]...), themes[to]...) {
			if seen[t] {
				continue
			}
			seen[t] = true
			st := stats[t]
			if st == nil {
				st = &ThemeStat{Theme: t}
				stats[t] = st
			}
			f(st)
		}
	}
	rqs, err := loadEventRequests(ctx, s.db.read, ws, eventID, "")
	if err != nil {
		return nil, err
	}
	for _, r := range rqs {
		each(r.From, r.To, func(st *ThemeStat) { st.Requests++ })
	}
	further := map[int64]bool{}
	for _, table := range []string{outcomeTable(false), outcomeTable(true)} {
		rows, err := s.db.read.QueryContext(ctx, `SELECT DISTINCT o.meeting_id FROM `+table+` o `+answeredMeeting+`
			WHERE o.workspace_id = $1 AND o.event_id = $2 AND o.outcome <> $3`, ws, eventID, string(passerelle.OutcomeNoFurtherContact))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			further[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.read.QueryContext(ctx, eventMeetingQuery+` WHERE em.workspace_id = $1 AND em.event_id = $2`, ws, eventID)
	if err != nil {
		return nil, err
	}
	ms, err := scanEventMeetings(rows)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		held := m.Meeting.Status == passerelle.MeetingHeld
		led := further[m.Meeting.ID] || m.Meeting.Outcome != passerelle.OutcomeNone && m.Meeting.Outcome != passerelle.OutcomeNoFurtherContact
		if held || led {
			each(m.From, m.To, func(st *ThemeStat) {
				if held {
					st.Held++
				}
				if led {
					st.Further++
				}
			})
		}
	}
	out := make([]ThemeStat, 0, len(stats))
	for _, st := range stats {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Requests != out[j].Requests {
			return out[i].Requests > out[j].Requests
		}
		return out[i].Theme < out[j].Theme
	})
	return out, nil
}
