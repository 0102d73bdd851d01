package store

import (
	"context"
	"sync"

	"passerelle"
)

// An event's directory is what every participant's page shows of the others: their ref,
// name, organisation and profile, in the order they joined (a self-registered one once
// confirmed), with the profiles ready for
// the recommendations. A BIO-size event has 3,500 participants: reading and parsing them
// all on each page view was most of the page's cost (docs/benchmarks.md, "Events"), for
// data that changes a few times an hour. So each server keeps the directory of the
// events being viewed and reads it again only when it changed: the migration 00027
// stamps every participant written (inserted, or what the page shows of them changed)
// with an increasing number, and a directory holds while the event's count of
// participants and highest stamp are those it was read with: one read of an index per
// view. That also sees the writes of other processes (an import from the command line)
// and needs nothing from the code that writes participants. The candidates of a search
// and of the recommendations stay the whole event, as before: the results are the same.

// eventDirectory is one event's directory as read. It is shared by all the views of
// the event: nothing in it may be changed.
type eventDirectory struct {
	count, stamp int64
	all          []*passerelle.EventParticipant // Ref, Name, Organization, Profile only
	byRef        map[string]*passerelle.EventParticipant
	recommender  *passerelle.Recommender
}

// directoryCache holds the directories of the events being viewed, at most
// maxDirectories; a load holds its event's lock, so that the page views that find a
// directory stale at the same moment read it once.
type directoryCache struct {
	mu    sync.Mutex
	byEvt map[int64]*directorySlot
}

type directorySlot struct {
	mu  sync.Mutex
	dir *eventDirectory
}

const maxDirectories = 32

// eventDirectory returns the event's directory, read again if its participants changed.
func (s *EventService) eventDirectory(ctx context.Context, ws, eventID int64) (*eventDirectory, error) {
	var count, stamp int64
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(change_seq), 0) FROM event_participants
		WHERE workspace_id = $1 AND event_id = $2`, ws, eventID).Scan(&count, &stamp); err != nil {
		return nil, err
	}
	c := &s.db.directories
	c.mu.Lock()
	if c.byEvt == nil {
		c.byEvt = map[int64]*directorySlot{}
	}
	slot := c.byEvt[eventID]
	if slot == nil {
		if len(c.byEvt) >= maxDirectories {
			for id := range c.byEvt { // any one: events viewed at once are few
				delete(c.byEvt, id)
				break
			}
		}
		slot = &directorySlot{}
		c.byEvt[eventID] = slot
	}
	c.mu.Unlock()
	slot.mu.Lock()
	defer slot.mu.Unlock()
	if d := slot.dir; d != nil && d.count == count && d.stamp == stamp {
		return d, nil
	}
	d, err := loadEventDirectory(ctx, s.db.read, ws, eventID)
	if err != nil {
		return nil, err
	}
	slot.dir = d
	return d, nil
}

// loadEventDirectory reads the event's directory; its count and stamp are those of the
// rows read, so that a write between the check and the read only makes the next view
// read it again.
func loadEventDirectory(ctx context.Context, q queryer, ws, eventID int64) (*eventDirectory, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, ref, name, org_name, org_country, org_website, profile, change_seq,
		NOT (`+countedSQL("")+`) FROM event_participants WHERE workspace_id = $1 AND event_id = $2 ORDER BY id`, ws, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d := &eventDirectory{byRef: map[string]*passerelle.EventParticipant{}}
	profiles := map[string]*passerelle.EventProfile{}
	for rows.Next() {
		// Only what the event publishes of them: no email, no ids.
		p := &passerelle.EventParticipant{}
		var prof string
		var id, stamp int64
		var unconfirmed bool
		if err := rows.Scan(&id, &p.Ref, &p.Name, &p.Organization.Name, &p.Organization.Country, &p.Organization.Website, &prof, &stamp,
			&unconfirmed); err != nil {
			return nil, err
		}
		d.count++
		d.stamp = max(d.stamp, stamp)
		if unconfirmed {
			// A registration counts once its link confirms the email (Signin stamps it
			// then): a typo, or anyone's email typed by anyone, is not shown to the others;
			// nor one on the waiting list or gone (admit and LeaveEvent stamp the row).
			continue
		}
		p.Profile = parseProfile(prof)
		d.all = append(d.all, p)
		d.byRef[p.Ref] = p
		profiles[p.Ref] = p.Profile
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d.recommender = passerelle.NewRecommender(profiles)
	return d, nil
}
