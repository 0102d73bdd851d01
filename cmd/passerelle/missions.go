package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/missions"
	"passerelle/scheduling"
	"passerelle/store"
)

// runMission is 'passerelle mission plan SLUG': re-plan the mission's programme through
// the scheduling service and print what moved; 'mission import' is runMissionImport.
func runMission(ctx context.Context, a *App, args []string) error {
	if len(args) > 0 && args[0] == "import" {
		return runMissionImport(ctx, a, args[1:])
	}
	if len(args) == 0 || args[0] != "plan" {
		return fmt.Errorf("%w: passerelle mission plan SLUG | mission import SLUG FILE", errUsage)
	}
	var cfg Config
	fs := a.flags("mission plan", &cfg)
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle mission plan SLUG", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	res, err := missions.Plan(sctx, db, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%s: %d of %d meetings placed, %d moved, %d cancelled, %d not placed\n",
		pos[0], res.Placed, res.Requested, len(res.Moved), len(res.Cancelled), len(res.Unplaced))
	for _, m := range res.Moved {
		to := ""
		if m.To != nil {
			to = m.To.Format(time.RFC3339)
		}
		fmt.Fprintf(a.Stdout, "moved: %s (meeting %d) from %s to %s\n", m.Key, m.MeetingID, m.From.Format(time.RFC3339), to)
	}
	for _, m := range res.Cancelled {
		fmt.Fprintf(a.Stdout, "cancelled: %s (meeting %d): %s\n", m.Key, m.MeetingID, m.Reason)
	}
	for _, u := range res.Unplaced {
		fmt.Fprintf(a.Stdout, "not placed: %s: %s\n", u.Key, u.Reason)
	}
	return nil
}

type missionExport struct {
	Slug          string              `json:"slug"`
	Name          string              `json:"name"`
	Start         string              `json:"start"`
	End           string              `json:"end"`
	TimeZone      string              `json:"time_zone"`
	Organizations []missionOrgOut     `json:"organizations"`
	Meetings      []missionMeetingOut `json:"meetings"`
	Debriefs      []debriefOut        `json:"debriefs"`
}

// missionOrgOut is a target: its id and name (the documented shape) and, added, the
// member institutes that want to meet it, each with its reason.
type missionOrgOut struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	WantedBy []wishOut `json:"wanted_by"`
}

type wishOut struct {
	Member passerelle.NamedRef `json:"member"`
	Reason string              `json:"reason"`
}

type missionMeetingOut struct {
	ID            int64    `json:"id"`
	Start         string   `json:"start"`
	End           string   `json:"end"`
	Organizations []int64  `json:"organizations"`
	People        []int64  `json:"people"`
	Advisers      []string `json:"advisers"`
	Venue         struct {
		Name    string `json:"name"`
		Address string `json:"address"`
	} `json:"venue"`
}

type debriefOut struct {
	ID            int64               `json:"id"`
	Member        passerelle.NamedRef `json:"member"`
	Organizations []int64             `json:"organizations"`
}

// runExportMission is 'passerelle export mission SLUG --format json'.
func runExportMission(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("export mission", &cfg)
	format := fs.String("format", "json", "json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *format != "json" {
		return fmt.Errorf("%w: passerelle export mission SLUG --format json", errUsage)
	}
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	svc := store.NewMissionService(db)
	m, err := svc.FindMission(sctx, pos[0])
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return err
	}
	out := missionExport{Slug: m.Slug, Name: m.Name, Start: m.StartDate, End: m.EndDate, TimeZone: m.TimeZone,
		Organizations: []missionOrgOut{}, Meetings: []missionMeetingOut{}, Debriefs: []debriefOut{}}
	targets := map[int64]bool{}
	for _, t := range m.Targets {
		o := missionOrgOut{ID: t.OrganizationID, Name: t.Name, WantedBy: []wishOut{}}
		for _, w := range t.WantedBy {
			o.WantedBy = append(o.WantedBy, wishOut{Member: passerelle.NamedRef{ID: w.MemberID, Name: w.Name}, Reason: w.Reason})
		}
		out.Organizations = append(out.Organizations, o)
		targets[t.OrganizationID] = true
	}
	if m.PlanJobID != 0 {
		j, err := store.NewJobService(db).FindJobByID(sctx, m.PlanJobID)
		if err != nil {
			return err
		}
		var res scheduling.Result
		if err := json.Unmarshal(j.Result, &res); err != nil {
			return err
		}
		ids := make([]int64, len(res.Meetings))
		for i, p := range res.Meetings {
			ids[i] = p.MeetingID
		}
		// One read per meeting: FindMeetingByID fills the participants (a programme is
		// a few dozen meetings).
		var list []*passerelle.Meeting
		for _, id := range ids {
			x, err := store.NewMeetingService(db).FindMeetingByID(sctx, id)
			if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
				continue // deleted by hand since
			} else if err != nil {
				return err
			}
			if x.Status != passerelle.MeetingCancelled {
				list = append(list, x)
			}
		}
		slices.SortFunc(list, func(a, b *passerelle.Meeting) int { return a.Start.Compare(b.Start) })
		for _, x := range list {
			mo := missionMeetingOut{ID: x.ID, Start: x.Start.In(loc).Format(time.RFC3339), End: x.End.In(loc).Format(time.RFC3339),
				Organizations: []int64{}, People: append([]int64{}, x.PersonIDs...), Advisers: append([]string{}, x.Attendees...)}
			for _, o := range x.OrganizationIDs {
				if targets[o] {
					mo.Organizations = append(mo.Organizations, o)
				}
			}
			mo.Venue.Name, mo.Venue.Address = x.Location, x.Room
			for _, v := range m.Venues {
				if v.Name == x.Room { // a mission's venue has one table, named after it
					mo.Venue.Name, mo.Venue.Address = v.Name, v.Address
				}
			}
			out.Meetings = append(out.Meetings, mo)
		}
	}
	ds, err := svc.FindDebriefs(sctx, m.ID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		do := debriefOut{ID: d.ID, Member: d.Member, Organizations: []int64{}}
		for _, o := range d.Organizations {
			do.Organizations = append(do.Organizations, o.OrganizationID)
		}
		out.Debriefs = append(out.Debriefs, do)
	}
	enc := json.NewEncoder(a.Stdout)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}

// runMissionImport is 'passerelle mission import SLUG FILE': a list of targets (CSV or
// XLSX: the organisations import's columns, and why, group, availability, venue), each
// row matched against the directory as 'import organizations' does; unless --dry-run,
// the new organisations are created and every row becomes a target, all or nothing.
func runMissionImport(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("mission import", &cfg)
	dry := fs.Bool("dry-run", false, "decide every row (new, match, ambiguous) and save nothing")
	format := fs.String("format", "text", "text, or json: one JSON object per row, in file order")
	enc := fs.String("encoding", "utf-8", "encoding of a CSV file: utf-8, windows-1252 or latin1")
	amb := fs.String("ambiguous", "", "what to do with ambiguous rows: new (create them) or skip; by default the import stops and lists them")
	mapping := mapFlags{}
	fs.Var(mapping, "map", "FIELD=COLUMN: the column of a field (name, country, city, website, ror_id, acronyms, aliases, kind, why, group, availability, venue, members; FIELD= for none); repeatable")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	usage := fmt.Errorf("%w: passerelle mission import SLUG FILE [--dry-run] [--format json] [--map FIELD=COLUMN …] [--ambiguous new|skip]", errUsage)
	if len(pos) != 2 {
		return usage
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format text or json", errUsage)
	}
	file, err := interchange.ReadTargetFile(pos[1], *enc, mapping)
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[1], err)
	}
	printFileNotes(a.Stderr, file.Ignored, file.Sheet, file.OtherSheets, file.HeaderLine, file.Above)
	db, err := a.openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	_, sctx, err := workspace(ctx, db, cfg.Workspace, false)
	if err != nil {
		return err
	}
	svc := store.NewMissionService(db)
	m, err := svc.FindMission(sctx, pos[0])
	if err != nil {
		return err
	}
	rep, err := svc.ImportTargets(sctx, m.ID, file.Rows, passerelle.OrgImportOptions{DryRun: *dry, Ambiguous: *amb})
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[1], err)
	}
	if *format == "json" {
		return printOrgRowsJSON(a, &rep.OrgImportReport)
	}
	printOrgRows(a, &rep.OrgImportReport, *dry)
	if *dry {
		fmt.Fprintf(a.Stdout, "mission %s: %d rows: %d new, %d matched (%d already targets), %d ambiguous; nothing saved\n",
			m.Slug, len(rep.Rows), rep.New, rep.Matched, len(rep.AlreadyTargets), rep.Ambiguous)
		return nil
	}
	fmt.Fprintf(a.Stdout, "mission %s: %d rows: targets %d added, %d updated; organisations %d created, %d filled; %d skipped\n",
		m.Slug, len(rep.Rows), rep.TargetsAdded, rep.TargetsUpdated, rep.Created, rep.Updated, rep.Skipped)
	return nil
}
