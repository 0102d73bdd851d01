// Package report builds the annual international report of a member or of the network
// (docs/reports.md): Gather reads the year's records through the store's services with
// the actor's scope into a plain Data, and the renderers write it as a print-ready HTML
// page, a PDF or an XLSX workbook. The figures come from a KPIFunc, so that the report
// does not depend on how they are computed.
package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/store"
)

// KPIFunc returns the figures of one filter (the pipeline's KPIs).
type KPIFunc func(ctx context.Context, a *passerelle.Actor, f passerelle.KPIFilter) (passerelle.KPIs, error)

// NoKPIs is a KPIFunc that returns zero figures: for callers that have no figures to give.
func NoKPIs(_ context.Context, _ *passerelle.Actor, f passerelle.KPIFilter) (passerelle.KPIs, error) {
	return passerelle.KPIs{Year: f.Year}, nil
}

// HistoryYears is how many years the charts show, the report's year included.
const HistoryYears = 5

// Data is everything a report shows, already scoped to what the actor may read.
type Data struct {
	Year      int
	Workspace string
	// Member is the member the report is about; nil for the network.
	Member *passerelle.MemberRef
	// Home is the country the member (or most members) are in: missions to it are
	// delegations received, and the map counts the other countries.
	Home    string
	Figures passerelle.KPIs
	// History holds the figures of the HistoryYears years up to Year, oldest first.
	History     []passerelle.KPIs
	Highlights  []passerelle.Msg
	Events      []Event
	Missions    []Mission
	Delegations []Mission
	Agreements  []Agreement
	// Countries counts, per foreign country, the year's activity there: agreements
	// signed with its partners, missions to it, event participants from it.
	Countries map[string]int
	// Sections are the report's written text (store.ReportSectionService): the
	// introduction first, then the titled sections in their writers' order.
	Sections  []*passerelle.ReportSection
	Generated time.Time
}

// Event is a partnering event with days in the year.
type Event struct {
	Slug, Name, Location string
	Start, End           string // first and last day, YYYY-MM-DD
	Participants         int
	Meetings             int // of the year, not cancelled
	Countries            []string
}

// Mission is a prospection mission (or a delegation received) overlapping the year.
type Mission struct {
	Slug, Name, Destination string
	Country                 string // from the destination ("Copenhagen, DK"), if it names one
	Start, End              string
	Targets                 []string // its targets met in the year (a meeting names them) that the reader may see
	// Meetings counts its programme's meetings of the year that the reader may see, not
	// cancelled: linked targets are met together, so it is not the number of targets.
	Meetings int
}

// Agreement is an agreement signed in the year.
type Agreement struct {
	ID         int64
	Title      string
	Type       passerelle.AgreementType
	SignedDate string // YYYY-MM-DD when known, else the year
	Partners   []string
	Countries  []string // the foreign partners' countries
}

// Gather reads the report of year for the member named by memberSlug ("" for the
// actor's own member, or the network for a coordinator or an administrator). A member's
// user may read its own member's report only; the network's is for coordinators and
// administrators. Every read goes through the store's services with the actor's scope.
func Gather(ctx context.Context, db *store.DB, a *passerelle.Actor, year int, memberSlug string, kpis KPIFunc) (*Data, error) {
	if a == nil {
		return nil, passerelle.Errorf(passerelle.EUNAUTHORIZED, "sign in first")
	}
	if year < 1900 || year > 2200 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "not a year: %s", strconv.Itoa(year))
	}
	if kpis == nil {
		kpis = NoKPIs
	}
	ctx = passerelle.NewContextWithActor(ctx, a)
	d := &Data{Year: year, Countries: map[string]int{}, Generated: db.Now()}
	members, memberOrgs, err := loadMembers(ctx, db)
	if err != nil {
		return nil, err
	}
	member, err := chooseMember(a, members, memberOrgs, memberSlug)
	if err != nil {
		return nil, err
	}
	if ws, err := store.NewWorkspaceService(db).FindWorkspaceByID(ctx, a.WorkspaceID); err == nil {
		d.Workspace = ws.Name
	}
	homes := map[string]int{}
	var memberOrgID int64
	if member != nil {
		d.Member = &passerelle.MemberRef{ID: member.ID, Slug: MemberSlug(member.Name), Name: member.Name}
		if o := memberOrgs[member.ID]; o != nil {
			homes[o.Country]++
			memberOrgID = o.ID
		}
	} else {
		for _, o := range memberOrgs {
			homes[o.Country]++
		}
	}
	delete(homes, "")
	for c, n := range homes {
		if n > homes[d.Home] || n == homes[d.Home] && c < d.Home {
			d.Home = c
		}
	}

	f := passerelle.KPIFilter{Year: year}
	if member != nil {
		f.MemberID = member.ID
	}
	for y := year - HistoryYears + 1; y <= year; y++ {
		f.Year = y
		k, err := kpis(ctx, a, f)
		if err != nil {
			return nil, err
		}
		k.Year, k.Member = y, d.Member
		d.History = append(d.History, k)
	}
	d.Figures = d.History[len(d.History)-1]

	if err := d.gatherEvents(ctx, db); err != nil {
		return nil, err
	}
	if err := d.gatherMissions(ctx, db); err != nil {
		return nil, err
	}
	if err := d.gatherAgreements(ctx, db, member, memberOrgID); err != nil {
		return nil, err
	}
	d.highlights()
	var memberID int64
	if member != nil {
		memberID = member.ID
	}
	if d.Sections, err = store.NewReportSectionService(db).FindReportSections(ctx, year, memberID); err != nil {
		return nil, err
	}
	return d, nil
}

// CountryFigures are the report's activities in one foreign country, as the map counts
// them: agreements signed with its partners, missions to it, events with participants
// from it. Activities is their sum, the map's figure.
type CountryFigures struct {
	Code                                     string
	Agreements, Missions, Events, Activities int
}

// CountryFigures returns the figures of the countries a section is about that the
// report counts (a country with no activity, or the home country, has none).
func (d *Data) CountryFigures(codes []string) []CountryFigures {
	var out []CountryFigures
	for _, c := range codes {
		n := d.Countries[c]
		if n == 0 {
			continue
		}
		f := CountryFigures{Code: c, Activities: n}
		for _, a := range d.Agreements {
			if slices.Contains(a.Countries, c) {
				f.Agreements++
			}
		}
		for _, m := range d.Missions {
			if m.Country == c {
				f.Missions++
			}
		}
		for _, e := range d.Events {
			if slices.Contains(e.Countries, c) {
				f.Events++
			}
		}
		out = append(out, f)
	}
	return out
}

// loadMembers reads the workspace's members and the organisations of those that have
// one the reader may see.
func loadMembers(ctx context.Context, db *store.DB) ([]*passerelle.Member, map[int64]*passerelle.Organization, error) {
	members, err := store.NewWorkspaceService(db).FindMembers(ctx)
	if err != nil {
		return nil, nil, err
	}
	orgs := store.NewOrganizationService(db)
	memberOrgs := map[int64]*passerelle.Organization{}
	for _, m := range members {
		if m.OrganizationID == 0 {
			continue
		}
		if o, err := orgs.FindOrganizationByID(ctx, m.OrganizationID); err == nil {
			memberOrgs[m.ID] = o
		} else if passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
			return nil, nil, err
		}
	}
	return members, memberOrgs, nil
}

// ChooseMember returns the member whose report memberSlug names for the actor, as
// Gather chooses it: nil for the network's, refused (403, 404) as Gather refuses.
func ChooseMember(ctx context.Context, db *store.DB, a *passerelle.Actor, memberSlug string) (*passerelle.MemberRef, error) {
	if a == nil {
		return nil, passerelle.Errorf(passerelle.EUNAUTHORIZED, "sign in first")
	}
	ctx = passerelle.NewContextWithActor(ctx, a)
	members, memberOrgs, err := loadMembers(ctx, db)
	if err != nil {
		return nil, err
	}
	m, err := chooseMember(a, members, memberOrgs, memberSlug)
	if err != nil || m == nil {
		return nil, err
	}
	return &passerelle.MemberRef{ID: m.ID, Slug: MemberSlug(m.Name), Name: m.Name}, nil
}

// Readable reports whether the actor has a report to read: the network's (coordinators,
// administrators) or its own member's. A user attached to no member has none.
func Readable(a *passerelle.Actor) bool {
	return a != nil && (a.System || a.Role.CanManage() || a.MemberID != 0)
}

// chooseMember applies who may read which report.
func chooseMember(a *passerelle.Actor, members []*passerelle.Member, orgs map[int64]*passerelle.Organization, slug string) (*passerelle.Member, error) {
	network := a.System || a.Role.CanManage()
	slug = strings.TrimSpace(slug)
	if slug == "" {
		if network {
			return nil, nil
		}
		for _, m := range members {
			if m.ID == a.MemberID && a.MemberID != 0 {
				return m, nil
			}
		}
		return nil, passerelle.Errorf(passerelle.EFORBIDDEN, "only administrators and coordinators may do this")
	}
	var found *passerelle.Member
	for _, m := range members {
		if MatchesMember(m, orgs[m.ID], slug) {
			found = m
			break
		}
	}
	if found == nil {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "member %s not found", slug)
	}
	if !network && found.ID != a.MemberID {
		return nil, passerelle.Errorf(passerelle.EFORBIDDEN, "you may read the report of your own member only")
	}
	return found, nil
}

// MemberSlug is a member's name as it is written in addresses and on the command line:
// folded (lower case, no accents), words joined by hyphens.
func MemberSlug(name string) string {
	return strings.Join(strings.Fields(passerelle.Fold(name)), "-")
}

// MatchesMember reports whether slug names the member: its id, the slug of its name, or
// the slug of one of its organisation's acronyms ("pasteur-mi").
func MatchesMember(m *passerelle.Member, o *passerelle.Organization, slug string) bool {
	s := MemberSlug(slug)
	if s == "" {
		return false
	}
	if s == strconv.FormatInt(m.ID, 10) || s == MemberSlug(m.Name) {
		return true
	}
	if o != nil {
		for _, acr := range o.Acronyms {
			if s == MemberSlug(acr) {
				return true
			}
		}
	}
	return false
}

func (d *Data) bounds() (from, to string) {
	return fmt.Sprintf("%04d-01-01", d.Year), fmt.Sprintf("%04d-12-31", d.Year)
}

// inYear reports whether a meeting's day, where it takes place, is in the report's year:
// an event or a mission over the new year is in both years' reports, each meeting in one.
func (d *Data) inYear(m *passerelle.Meeting) bool {
	return m.Start.In(m.MeetingLocation()).Year() == d.Year
}

// gatherEvents keeps the workspace's events with a day in the year. Events are the
// network's: a member's report lists them too.
func (d *Data) gatherEvents(ctx context.Context, db *store.DB) error {
	svc := store.NewEventService(db)
	from, to := d.bounds()
	list, err := svc.FindEventsBetween(ctx, from, to)
	if err != nil {
		return err
	}
	for _, e := range list {
		var days []string
		for _, day := range e.Days {
			if day.Date >= from && day.Date <= to {
				days = append(days, day.Date)
			}
		}
		if len(days) == 0 {
			continue
		}
		slices.Sort(days)
		ev := Event{Slug: e.Slug, Name: e.Name, Location: e.Location, Start: days[0], End: days[len(days)-1]}
		ps, err := svc.EventParticipants(ctx, e.ID)
		if err != nil {
			return err
		}
		ev.Participants = len(ps)
		seen := map[string]bool{}
		for _, p := range ps {
			c := p.Organization.Country
			if c != "" && c != d.Home && !seen[c] {
				seen[c] = true
				ev.Countries = append(ev.Countries, c)
				d.Countries[c]++
			}
		}
		slices.Sort(ev.Countries)
		ms, err := svc.EventMeetings(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Meeting.Status != passerelle.MeetingCancelled && d.inYear(m.Meeting) {
				ev.Meetings++
			}
		}
		d.Events = append(d.Events, ev)
	}
	slices.SortFunc(d.Events, func(a, b Event) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Name, b.Name)) })
	return nil
}

// gatherMissions splits the year's missions, but those cancelled, into those abroad and
// the delegations received (a mission of the incoming kind, or one whose destination is
// in the home country).
func (d *Data) gatherMissions(ctx context.Context, db *store.DB) error {
	from, to := d.bounds()
	list, err := store.NewMissionService(db).MissionsBetween(ctx, from, to)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.Status == passerelle.MissionCancelled {
			continue // it did not happen: neither listed nor counted
		}
		x := Mission{Slug: m.Slug, Name: m.Name, Destination: m.Destination, Country: DestinationCountry(m.Destination),
			Start: m.StartDate, End: m.EndDate}
		ms, err := store.NewMissionService(db).MissionMeetings(ctx, m.ID)
		if err != nil {
			return err
		}
		met := map[int64]bool{}
		for _, mt := range ms {
			if mt.Status != passerelle.MeetingCancelled && d.inYear(mt) {
				x.Meetings++
				if mt.Status != passerelle.MeetingNoShow {
					for _, id := range mt.OrganizationIDs {
						met[id] = true
					}
				}
			}
		}
		// The organisations met are the targets one of its meetings of the year names
		// (not cancelled, not a no-show): a target never met is no organisation met.
		for _, t := range m.Targets {
			if met[t.OrganizationID] {
				x.Targets = append(x.Targets, t.Name)
			}
		}
		if m.Kind == passerelle.MissionIncoming || (x.Country != "" && x.Country == d.Home) {
			d.Delegations = append(d.Delegations, x)
			continue
		}
		if x.Country != "" {
			d.Countries[x.Country]++
		}
		d.Missions = append(d.Missions, x)
	}
	return nil
}

// DestinationCountry reads the country code that ends a mission's destination
// ("Copenhagen, DK"), or "".
func DestinationCountry(dest string) string {
	i := strings.LastIndexAny(dest, ",(")
	c := strings.TrimSpace(strings.TrimRight(dest[i+1:], ") "))
	if len(c) != 2 || strings.ToUpper(c) != c || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return ""
	}
	return c
}

// gatherAgreements keeps the agreements signed in the year (their year of first
// signature); a member's report keeps its private ones and those whose partners include
// its organisation (a shared record has no owner).
func (d *Data) gatherAgreements(ctx context.Context, db *store.DB, member *passerelle.Member, memberOrgID int64) error {
	svc := store.NewAgreementService(db)
	const page = 1000
	for off := 0; ; off += page {
		list, total, err := svc.FindAgreements(ctx, passerelle.AgreementFilter{Year: d.Year, Offset: off, Limit: page})
		if err != nil {
			return err
		}
		for _, ag := range list {
			if ag.SignedYear != d.Year {
				continue
			}
			if member != nil && ag.OwnerMemberID != member.ID && !hasPartner(ag, memberOrgID) {
				continue
			}
			x := Agreement{ID: ag.ID, Title: ag.Title, Type: ag.Type, SignedDate: ag.SignedDate}
			if x.SignedDate == "" {
				x.SignedDate = strconv.Itoa(ag.SignedYear)
			}
			seen := map[string]bool{}
			for _, p := range ag.Partners {
				if p.Name != "" {
					x.Partners = append(x.Partners, p.Name)
				}
				if p.Side == passerelle.SideForeign && p.Country != "" && !seen[p.Country] {
					seen[p.Country] = true
					x.Countries = append(x.Countries, p.Country)
					d.Countries[p.Country]++
				}
			}
			d.Agreements = append(d.Agreements, x)
		}
		if off+page >= total {
			break
		}
	}
	slices.SortFunc(d.Agreements, func(a, b Agreement) int {
		return cmp.Or(cmp.Compare(a.SignedDate, b.SignedDate), cmp.Compare(a.Title, b.Title))
	})
	return nil
}

func hasPartner(a *passerelle.Agreement, orgID int64) bool {
	if orgID == 0 {
		return false
	}
	for _, p := range a.Partners {
		if p.OrganizationID == orgID {
			return true
		}
	}
	return false
}

// highlights are the year's headlines, each a catalogue message, from the records.
func (d *Data) highlights() {
	k := d.Figures
	add := func(m passerelle.Msg) { d.Highlights = append(d.Highlights, m) }
	if n := len(d.Agreements); n > 0 {
		var names []string
		for _, a := range d.Agreements {
			names = append(names, a.Title)
		}
		add(passerelle.M("Agreements signed: %d (%s).", n, strings.Join(names, " ; ")))
	}
	if len(d.Events) > 0 || len(d.Missions) > 0 {
		add(passerelle.M("Partnering events: %d; missions abroad: %d.", len(d.Events), len(d.Missions)))
	}
	if n := len(d.Delegations); n > 0 {
		add(passerelle.M("Delegations received: %d.", n))
	}
	if k.Counts.MeetingsHeld > 0 || k.Counts.CompaniesMetAbroad > 0 {
		add(passerelle.M("Meetings held: %d; companies met abroad: %d.", k.Counts.MeetingsHeld, k.Counts.CompaniesMetAbroad))
	}
	if k.Counts.EUProjects > 0 {
		add(passerelle.M("EU collaborative projects: %d, of which %d as coordinator.", k.Counts.EUProjects, k.Counts.EUProjectsCoordinated))
	}
	if n := len(d.Countries); n > 0 {
		add(passerelle.M("Countries of activity: %d.", n))
	}
	if len(d.Highlights) == 0 {
		add(passerelle.M("No international activity recorded this year."))
	}
}

// SortedCountries returns the countries of the map, most active first.
func (d *Data) SortedCountries() []string {
	out := make([]string, 0, len(d.Countries))
	for c := range d.Countries {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(d.Countries[b], d.Countries[a]), cmp.Compare(a, b)) })
	return out
}

// Activity is a row of the events and missions table: an event or a mission abroad.
type Activity struct {
	Event   *Event
	Mission *Mission
	Start   string
	End     string
	Name    string
}

// Activities are the year's events and missions abroad together, by first day.
func (d *Data) Activities() []Activity {
	var out []Activity
	for i := range d.Events {
		e := &d.Events[i]
		out = append(out, Activity{Event: e, Start: e.Start, End: e.End, Name: e.Name})
	}
	for i := range d.Missions {
		m := &d.Missions[i]
		out = append(out, Activity{Mission: m, Start: m.Start, End: m.End, Name: m.Name})
	}
	slices.SortStableFunc(out, func(a, b Activity) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Name, b.Name)) })
	return out
}
