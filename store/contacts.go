package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"passerelle"
)

// ContactService is the network's contact book (docs/missions.md): the people met on
// missions and partnering events — on a meeting, or working for an organisation met —
// with where, when and who met them. Only meetings, people and organisations the actor
// may read are in it.
type ContactService struct{ db *DB }

func NewContactService(db *DB) *ContactService { return &ContactService{db: db} }

// ContactPlace is a mission or an event a contact book can be narrowed to ("who will be
// at X"), with its last day; Upcoming when that day is today or later.
type ContactPlace struct {
	Ref      string // mission:SLUG or event:SLUG
	Name     string
	LastDay  string
	Upcoming bool
}

// contactMeetings is the bound on the meetings a contact book reads.
const contactMeetings = 5000

// ContactPlaces lists the missions and events, upcoming first: those whose last day is
// not before now's date in now's own zone (the web passes the browser's).
func (s *ContactService) ContactPlaces(ctx context.Context, now time.Time) ([]ContactPlace, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT 'mission:' || slug, name, end_date FROM missions WHERE workspace_id = $1
		UNION ALL SELECT 'event:' || e.slug, e.name, COALESCE((SELECT MAX(d.day) FROM event_days d WHERE d.workspace_id = e.workspace_id AND d.event_id = e.id), '')
		FROM events e WHERE e.workspace_id = $1`, a.WorkspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	today := now.Format(time.DateOnly) // the caller's day: the time carries its zone
	var out []ContactPlace
	for rows.Next() {
		var p ContactPlace
		if err := rows.Scan(&p.Ref, &p.Name, &p.LastDay); err != nil {
			return nil, err
		}
		p.Upcoming = p.LastDay >= today
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Upcoming != out[j].Upcoming {
			return out[i].Upcoming
		}
		return out[i].LastDay > out[j].LastDay
	})
	return out, rows.Err()
}

// FindContacts returns the contact book, filtered; each contact with the meetings where
// they were met, newest first.
func (s *ContactService) FindContacts(ctx context.Context, f passerelle.ContactFilter) ([]*passerelle.Contact, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	// The meetings: of missions and events, not cancelled; or those of the place asked.
	w := &where{}
	w.scope(a, "m")
	w.add("m.status <> 'cancelled'")
	var targetOrgs []int64
	if f.At != "" {
		kind, slug, _ := strings.Cut(f.At, ":")
		var originID int64
		switch kind {
		case "mission":
			err = s.db.read.QueryRowContext(ctx, `SELECT id FROM missions WHERE workspace_id = $1 AND slug = $2`, a.WorkspaceID, slug).Scan(&originID)
		case "event":
			err = s.db.read.QueryRowContext(ctx, `SELECT id FROM events WHERE workspace_id = $1 AND slug = $2`, a.WorkspaceID, slug).Scan(&originID)
		default:
			return nil, passerelle.FieldError("at", "mission:SLUG or event:SLUG")
		}
		if err != nil {
			return nil, classify(err, kind)
		}
		w.add("m.origin = ? AND m.origin_id = ?", kind, originID)
		// Whoever works for a target (a mission's) or a participant's organisation (an
		// event's) will be there too, met or not yet.
		q := `SELECT organization_id FROM mission_targets WHERE workspace_id = $1 AND mission_id = $2`
		if kind == "event" {
			q = `SELECT organization_id FROM event_participants WHERE workspace_id = $1 AND event_id = $2 AND organization_id IS NOT NULL
				AND ` + countedSQL("")
		}
		rows, err := s.db.read.QueryContext(ctx, q, a.WorkspaceID, originID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			targetOrgs = append(targetOrgs, id)
		}
		rows.Close()
	} else {
		w.add("m.origin IN ('mission', 'event')")
	}
	meetings := map[int64]*passerelle.ContactMeeting{}
	var ids []int64
	rows, err := s.db.read.QueryContext(ctx, `SELECT m.id, m.title, m.starts_at, m.time_zone, m.location, m.origin, COALESCE(m.origin_id, 0) FROM meetings m`+
		w.String()+fmt.Sprintf(` ORDER BY m.starts_at DESC LIMIT %d`, contactMeetings), w.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		x := &passerelle.ContactMeeting{}
		var origin string
		if err := rows.Scan(&x.MeetingID, &x.Title, &x.Start, &x.TimeZone, &x.Where, &origin, &x.OriginID); err != nil {
			rows.Close()
			return nil, err
		}
		x.Origin, x.By = passerelle.MeetingOrigin(origin), []string{}
		meetings[x.MeetingID] = x
		ids = append(ids, x.MeetingID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Slugs of the missions and events, for the "where".
	slugs := map[string]string{}
	for _, q := range []string{`SELECT 'mission', id, slug FROM missions WHERE workspace_id = $1`, `SELECT 'event', id, slug FROM events WHERE workspace_id = $1`} {
		rows, err := s.db.read.QueryContext(ctx, q, a.WorkspaceID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var kind, slug string
			var id int64
			if err := rows.Scan(&kind, &id, &slug); err != nil {
				rows.Close()
				return nil, err
			}
			slugs[fmt.Sprintf("%s:%d", kind, id)] = slug
		}
		rows.Close()
	}
	for _, x := range meetings {
		x.OriginRef = slugs[fmt.Sprintf("%s:%d", x.Origin, x.OriginID)]
	}
	// Who met them: the users attending.
	met := map[int64][]int64{}     // person -> meetings
	metOrgs := map[int64][]int64{} // meeting -> organisations
	if len(ids) > 0 {
		list := idList(ids)
		rows, err := s.db.read.QueryContext(ctx, `SELECT ma.meeting_id, u.email FROM meeting_attendees ma JOIN users u ON u.id = ma.user_id
			WHERE ma.workspace_id = $1 AND ma.meeting_id IN (`+list+`) ORDER BY ma.position`, a.WorkspaceID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var email string
			if err := rows.Scan(&id, &email); err != nil {
				rows.Close()
				return nil, err
			}
			meetings[id].By = append(meetings[id].By, email)
		}
		rows.Close()
		rows, err = s.db.read.QueryContext(ctx, `SELECT meeting_id, person_id FROM meeting_people WHERE workspace_id = $1 AND meeting_id IN (`+list+`)`, a.WorkspaceID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var mid, pid int64
			if err := rows.Scan(&mid, &pid); err != nil {
				rows.Close()
				return nil, err
			}
			met[pid] = append(met[pid], mid)
		}
		rows.Close()
		rows, err = s.db.read.QueryContext(ctx, `SELECT meeting_id, organization_id FROM meeting_organizations WHERE workspace_id = $1 AND meeting_id IN (`+list+`)`, a.WorkspaceID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var mid, oid int64
			if err := rows.Scan(&mid, &oid); err != nil {
				rows.Close()
				return nil, err
			}
			metOrgs[mid] = append(metOrgs[mid], oid)
		}
		rows.Close()
	}
	// People working for an organisation met (or a target of the place asked).
	orgMeetings := map[int64][]int64{}
	var orgIDs []int64
	for mid, os := range metOrgs {
		for _, o := range os {
			if orgMeetings[o] == nil {
				orgIDs = append(orgIDs, o)
			}
			orgMeetings[o] = append(orgMeetings[o], mid)
		}
	}
	for _, o := range targetOrgs {
		if _, ok := orgMeetings[o]; !ok {
			orgMeetings[o] = []int64{}
			orgIDs = append(orgIDs, o)
		}
	}
	people := map[int64]bool{}
	for pid := range met {
		people[pid] = true
	}
	if len(orgIDs) > 0 {
		rows, err := s.db.read.QueryContext(ctx, `SELECT person_id, organization_id FROM affiliations WHERE workspace_id = $1 AND organization_id IN (`+idList(orgIDs)+`)`, a.WorkspaceID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var pid, oid int64
			if err := rows.Scan(&pid, &oid); err != nil {
				rows.Close()
				return nil, err
			}
			people[pid] = true
			met[pid] = append(met[pid], orgMeetings[oid]...)
		}
		rows.Close()
	}
	if len(people) == 0 {
		return []*passerelle.Contact{}, nil
	}
	pids := make([]int64, 0, len(people))
	for id := range people {
		pids = append(pids, id)
	}
	// The people the actor may read, and their organisations (those it may read).
	pw := &where{}
	pw.scope(a, "p")
	pw.add("p.id IN (" + idList(pids) + ")")
	rows, err = s.db.read.QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name, p.country, p.topics FROM people p`+pw.String(), pw.args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*passerelle.Contact{}
	var out []*passerelle.Contact
	for rows.Next() {
		c := &passerelle.Contact{Organizations: []passerelle.NamedRef{}, Met: []passerelle.ContactMeeting{}}
		var first, last, topics string
		if err := rows.Scan(&c.Person.ID, &first, &last, &c.Country, &topics); err != nil {
			rows.Close()
			return nil, err
		}
		c.Person.Name = strings.TrimSpace(first + " " + last)
		_ = json.Unmarshal([]byte(topics), &c.Topics)
		byID[c.Person.ID] = c
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ow := &where{}
	ow.scope(a, "o")
	ow.add("f.person_id IN (" + idList(pids) + ")")
	rows, err = s.db.read.QueryContext(ctx, `SELECT f.person_id, o.id, o.name, o.country FROM affiliations f
		JOIN organizations o ON o.workspace_id = f.workspace_id AND o.id = f.organization_id`+ow.String()+` ORDER BY o.name`, ow.args...)
	if err != nil {
		return nil, err
	}
	orgCountry := map[int64][]string{}
	for rows.Next() {
		var pid int64
		var o passerelle.NamedRef
		var country string
		if err := rows.Scan(&pid, &o.ID, &o.Name, &country); err != nil {
			rows.Close()
			return nil, err
		}
		if c := byID[pid]; c != nil {
			c.Organizations = append(c.Organizations, o)
			orgCountry[pid] = append(orgCountry[pid], country)
		}
	}
	rows.Close()
	themed := map[int64]bool{}
	if f.Theme != "" {
		rows, err := s.db.read.QueryContext(ctx, `SELECT DISTINCT f.person_id FROM affiliations f JOIN organization_themes t ON t.workspace_id = f.workspace_id
			AND t.organization_id = f.organization_id WHERE f.workspace_id = $1 AND t.theme_code = $2 AND f.person_id IN (`+idList(pids)+`)`, a.WorkspaceID, f.Theme)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var pid int64
			if err := rows.Scan(&pid); err != nil {
				rows.Close()
				return nil, err
			}
			themed[pid] = true
		}
		rows.Close()
	}
	notes, err := memberNotes(ctx, s.db.read, a, pids)
	if err != nil {
		return nil, err
	}
	q := passerelle.Fold(f.Query)
	kept := out[:0]
	for _, c := range out {
		c.Note = notes[c.Person.ID]
		if q != "" && !strings.Contains(passerelle.Fold(c.Person.Name), q) && !strings.Contains(passerelle.Fold(c.Note), q) {
			continue
		}
		if f.Country != "" && c.Country != f.Country && !contains(orgCountry[c.Person.ID], f.Country) {
			continue
		}
		if f.Theme != "" && !themed[c.Person.ID] && !contains(c.Topics, f.Theme) {
			continue
		}
		if f.OrganizationID != 0 {
			found := false
			for _, o := range c.Organizations {
				found = found || o.ID == f.OrganizationID
			}
			if !found {
				continue
			}
		}
		seen := map[int64]bool{}
		for _, mid := range met[c.Person.ID] {
			if x := meetings[mid]; x != nil && !seen[mid] {
				seen[mid] = true
				c.Met = append(c.Met, *x)
			}
		}
		sort.Slice(c.Met, func(i, j int) bool { return c.Met[i].Start.After(c.Met[j].Start) })
		kept = append(kept, c)
	}
	sort.SliceStable(kept, func(i, j int) bool {
		return passerelle.Fold(kept[i].Person.Name) < passerelle.Fold(kept[j].Person.Name)
	})
	if f.Limit > 0 && len(kept) > f.Limit {
		kept = kept[:f.Limit]
	}
	return kept, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
