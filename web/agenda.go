package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"passerelle"
	"passerelle/store"
)

// agendaDay is one day of an agenda: its date and the meetings that start on it in
// their own place's time.
type agendaDay struct {
	Date     time.Time
	Today    bool
	Meetings []*passerelle.Meeting
}

type agendaData struct {
	View       string // "list" (the days ahead) or "week"
	Whose      string // "mine", "member" or "all"
	Zone       string
	ZoneInput  string    // the zone field: Zone, or what was typed when it was refused
	Date       time.Time // the first day shown
	Days       []agendaDay
	Prev, Next string // links to the previous and next pages
	Truncated  bool   // more meetings than one page holds
	Zones      []string
	HasMember  bool
	Return     string // this page, for the one-tap buttons to come back to
	Statuses   []passerelle.MeetingStatus
	// Delegations are the incoming delegations whose programme meetings are shown (by
	// mission id): a host member sees the visit in its agenda. WithUs marks the meetings
	// (by id) that meet the reader's member's own record of the directory.
	Delegations map[int64]store.DelegationRef
	WithUs      map[int64]bool
}

// agendaListDays is how far the list view looks ahead, and agendaListMeetings how many
// meetings it shows at most: a network's whole agenda can hold hundreds a fortnight
// (200,000 meetings over ten years: 826 in 14 days, a 650 kB page), so the list then
// ends at the last complete day and "Later" goes on from there.
const (
	agendaListDays     = 14
	agendaListMeetings = 150
)

// agenda is a user's agenda: by default the meetings they attend, from today on, day by
// day, today's first (what a phone shows at a congress), with one tap to mark a meeting
// held or no-show; view=week shows the week of date in seven columns. A meeting belongs
// to the day it starts on in its own place's time; "today" is in the zone tz (default
// the one this browser chose last, else the network's home zone), which the page lets
// the user change. Printable.
func (s *Server) agenda(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a := passerelle.ActorFromContext(r.Context())
	d := agendaData{View: q.Get("view"), Whose: q.Get("whose"), Zone: q.Get("tz"), Zones: meetingZones,
		HasMember: a.MemberID != 0, Statuses: passerelle.MeetingStatuses, Return: r.URL.RequestURI()}
	p := passerelle.Problems{}
	if d.View != "week" {
		d.View = "list"
	}
	switch d.Whose {
	case "member", "all":
	default:
		d.Whose = "mine"
	}
	if d.Whose == "member" && a.MemberID == 0 {
		d.Whose = "mine"
	}
	if d.Zone == "" {
		d.Zone = browserZone(r)
	}
	if d.Zone == "" {
		d.Zone = defaultZone
	}
	loc, err := passerelle.LoadZone(d.Zone)
	if err != nil || d.Zone == "Local" {
		p.Add("tz", "unknown time zone %q (use an IANA name such as Europe/Paris)", d.Zone)
		d.ZoneInput = d.Zone
		d.Zone, loc = defaultZone, mustZone(defaultZone)
	} else if q.Get("tz") != "" {
		http.SetCookie(w, &http.Cookie{Name: "tz", Value: d.Zone, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode})
	}
	y, mo, dd := s.db.Now().In(loc).Date()
	today := time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC)
	d.Date = today
	if v := q.Get("date"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			p.Add("date", "a date such as 2027-03-10")
		} else {
			d.Date = t
		}
	}
	n := agendaListDays
	if d.View == "week" {
		// Weeks begin on Monday, as in Europe's calendars.
		d.Date = d.Date.AddDate(0, 0, -((int(d.Date.Weekday()) + 6) % 7))
		n = 7
	}
	last := d.Date.AddDate(0, 0, n)
	// Dates are calendar days (kept as UTC midnights); a meeting's day is read in its
	// own zone, which is at most 14 hours from UTC: fetch a margin on both sides.
	f := passerelle.MeetingFilter{From: d.Date.Add(-14 * time.Hour), To: last.Add(14 * time.Hour), Limit: 1000}
	if d.View == "list" {
		f.Limit = agendaListMeetings
	}
	switch d.Whose {
	case "mine":
		f.AttendeeID = a.UserID
		// With the visit's meetings with the user's institute, when it hosts a delegation
		// (not in the calendar feed: docs/missions.md). Only a member with its own record
		// can be met: the others keep the plain query.
		if org, err := s.memberOrganization(r); err != nil {
			return err
		} else if org != 0 {
			f.WithMember = a.MemberID
		}
	case "member":
		f.MemberID = a.MemberID
	}
	ms, total, err := s.meetings.FindMeetings(r.Context(), f)
	if err != nil {
		return err
	}
	d.Truncated = total > len(ms)
	if err := s.markDelegations(r, &d, ms); err != nil {
		return err
	}
	next := last
	if d.Truncated && d.View == "list" {
		// A meeting not read starts (UTC) no earlier than the last one read, so its local
		// day is no earlier than that instant's UTC date 12 hours back (no zone is further
		// west): the days before it are complete. Show those, and go on from it.
		cut := ms[len(ms)-1].Start.Add(-12 * time.Hour).UTC()
		if c := time.Date(cut.Year(), cut.Month(), cut.Day(), 0, 0, 0, 0, time.UTC); c.After(d.Date) {
			last, next, d.Truncated = c, c, false
		} else {
			// One day holds more than a page: show what was read of it, and say so.
			last, next = d.Date.AddDate(0, 0, 1), d.Date.AddDate(0, 0, 1)
		}
	}
	byDay := map[time.Time][]*passerelle.Meeting{}
	for _, m := range ms {
		y, mo, dd := m.Start.In(m.MeetingLocation()).Date()
		day := time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC)
		if !day.Before(d.Date) && day.Before(last) {
			byDay[day] = append(byDay[day], m)
		}
	}
	for day := d.Date; day.Before(last); day = day.AddDate(0, 0, 1) {
		// The list shows the days that have meetings, and today always.
		if d.View == "week" || len(byDay[day]) > 0 || day.Equal(today) {
			d.Days = append(d.Days, agendaDay{Date: day, Today: day.Equal(today), Meetings: byDay[day]})
		}
	}
	link := func(t time.Time) string {
		v := url.Values{"date": {t.Format(time.DateOnly)}}
		if d.View == "week" {
			v.Set("view", "week")
		}
		if d.Whose != "mine" {
			v.Set("whose", d.Whose)
		}
		if d.Zone != defaultZone {
			v.Set("tz", d.Zone)
		}
		return "/agenda?" + v.Encode()
	}
	d.Prev, d.Next = link(d.Date.AddDate(0, 0, -n)), link(next)
	if d.ZoneInput == "" {
		d.ZoneInput = d.Zone
	}
	pg := s.newPage(r, "agenda.title")
	pg.Data = d
	code := http.StatusOK
	if err := p.Err(); err != nil {
		pg.Errors = pg.L.FormErrors(err, "_")
		code = http.StatusBadRequest
	}
	return s.renderStatus(w, r, code, "agenda.html", pg)
}

// markDelegations fills the agenda's delegations and the meetings with the reader's
// member, for the meetings of incoming delegations' programmes.
func (s *Server) markDelegations(r *http.Request, d *agendaData, ms []*passerelle.Meeting) error {
	var ids []int64
	for _, m := range ms {
		if m.Origin == passerelle.OriginMission && m.OriginID != 0 {
			ids = append(ids, m.OriginID)
		}
	}
	var err error
	if d.Delegations, err = s.missionService().IncomingDelegations(r.Context(), ids); err != nil || len(d.Delegations) == 0 {
		return err
	}
	org, err := s.memberOrganization(r)
	if err != nil || org == 0 {
		return err
	}
	d.WithUs = map[int64]bool{}
	for _, m := range ms {
		if _, ok := d.Delegations[m.OriginID]; ok && m.Origin == passerelle.OriginMission && slices.Contains(m.OrganizationIDs, org) {
			d.WithUs[m.ID] = true
		}
	}
	return nil
}

// memberOrganization is the directory record of the reader's member, 0 without one.
func (s *Server) memberOrganization(r *http.Request) (int64, error) {
	a := passerelle.ActorFromContext(r.Context())
	if a == nil || a.MemberID == 0 {
		return 0, nil
	}
	ms, err := s.workspaces.FindMembers(r.Context())
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		if m.ID == a.MemberID {
			return m.OrganizationID, nil
		}
	}
	return 0, nil
}

// browserZone is the zone chosen last on this browser's agenda, else defaultZone. It is
// remembered in a cookie, not the account: a phone abroad wants the place it is in, the
// office computer the office's. The agenda, the new meeting form and the dashboard's
// "today" follow it.
func browserZone(r *http.Request) string {
	if c, err := r.Cookie("tz"); err == nil {
		if _, err := passerelle.LoadZone(c.Value); err == nil && c.Value != "Local" {
			return c.Value
		}
	}
	return defaultZone
}

// localNow is the store's clock in the browser's zone: what "today" and "this year" mean
// to the user reading the page (23:30 UTC on 31 December is already the new year in
// Paris).
func (s *Server) localNow(r *http.Request) time.Time {
	return s.db.Now().In(mustZone(browserZone(r)))
}

func mustZone(name string) *time.Location {
	loc, err := passerelle.LoadZone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}
