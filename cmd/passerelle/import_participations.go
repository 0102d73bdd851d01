package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// setFlags collects repeated --set FIELD=VALUE.
type setFlags map[string]string

func (m setFlags) String() string { return fmt.Sprint(map[string]string(m)) }
func (m setFlags) Set(s string) error {
	f, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(f) == "" {
		return fmt.Errorf("use FIELD=VALUE, e.g. country=DE")
	}
	m[strings.ToLower(strings.TrimSpace(f))] = strings.TrimSpace(v)
	return nil
}

// runImportParticipations reads a participations file (CSV or XLSX; CORDIS open data
// without --map) and saves its EU projects and organisations, all or nothing
// (docs/pipeline.md).
func runImportParticipations(ctx context.Context, a *App, args []string) error {
	var cfg Config
	fs := a.flags("import participations", &cfg)
	dry := fs.Bool("dry-run", false, "do the whole import, then save nothing and print what it would do")
	format := fs.String("format", "text", "text, or json: the report as one JSON object")
	amb := fs.String("ambiguous", "", "what to do with organisations that match several records: new (create them) or skip; by default the import stops and lists them")
	projects := fs.String("projects", "", "a CORDIS project file to join for titles, programmes, calls and dates (default: the file beside FILE with 'organizations' replaced by 'projects')")
	mapping, set := mapFlags{}, setFlags{}
	fs.Var(mapping, "map", "FIELD=COLUMN: the column of a field (project_id, acronym, title, programme, call, topic, start, end, organization_name, organization_id, country, role, amount_eur); repeatable")
	fs.Var(set, "set", "FIELD=VALUE: the value of a field the file lacks (country=DE); repeatable")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: passerelle import participations FILE [--map FIELD=COLUMN …] [--set FIELD=VALUE …] [--projects FILE] [--dry-run] [--ambiguous new|skip]", errUsage)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format text or json", errUsage)
	}
	file, err := interchange.ReadParticipationsFile(pos[0], interchange.ParticipationOptions{Mapping: mapping, Set: set, ProjectsFile: *projects})
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	if len(file.Ignored) > 0 {
		fmt.Fprintf(a.Stderr, "ignored columns: %s\n", strings.Join(file.Ignored, ", "))
	}
	if file.ProjectsFile != "" {
		fmt.Fprintf(a.Stderr, "projects joined from %s\n", file.ProjectsFile)
	}
	var rep *passerelle.ParticipationImportReport
	var w *passerelle.Workspace
	err = importInto(ctx, a, &cfg, *dry, func(db *store.DB, ws *passerelle.Workspace, sctx context.Context) (err error) {
		w = ws
		rep, err = store.NewPipelineService(db).ImportParticipations(sctx, file.Rows, passerelle.ParticipationImportOptions{DryRun: *dry, Ambiguous: *amb})
		return err
	})
	if err != nil {
		return fmt.Errorf("import %s: %w", pos[0], err)
	}
	if *format == "json" {
		return json.NewEncoder(a.Stdout).Encode(rep)
	}
	listed := 0
	for _, d := range rep.Decisions {
		if d.Decision == passerelle.DecisionNew && d.SameAsLine == 0 || listed >= 50 {
			continue
		}
		switch {
		case d.Decision == passerelle.DecisionMatch:
			fmt.Fprintf(a.Stdout, "line %d: %s: matches %s (id %d, %.2f)\n", d.Line, d.Name, d.Match.Name, d.Match.ID, d.Score)
		case d.Decision == passerelle.DecisionAmbiguous:
			fmt.Fprintf(a.Stdout, "line %d: %s: ambiguous, %s\n", d.Line, d.Name, d.Action)
		default:
			fmt.Fprintf(a.Stdout, "line %d: %s: same as line %d\n", d.Line, d.Name, d.SameAsLine)
		}
		listed++
	}
	verb := "created"
	if *dry {
		verb = "would create"
	}
	fmt.Fprintf(a.Stdout, "workspace %s: %d rows, %d projects: %s %d, updated %d, unchanged %d (%d with a member's organisation); %d organisations: %d new, %d matched, %d skipped\n",
		w.Slug, rep.Rows, rep.Projects, verb, rep.ProjectsCreated, rep.ProjectsUpdated, rep.ProjectsUnchanged, rep.MemberProjects,
		rep.Organizations, rep.OrganizationsNew, rep.OrganizationsMatched, rep.OrganizationsSkipped)
	if *dry {
		fmt.Fprintln(a.Stdout, "dry run: nothing saved")
	}
	return nil
}
