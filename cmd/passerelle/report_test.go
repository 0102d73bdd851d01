package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"passerelle"
	"passerelle/store"
)

// TestReportCommand writes the demo's 2020 report in the three formats, a member's by
// its acronym, and refuses bad arguments without writing a file.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PASSERELLE_DATA_DIR": filepath.Join(dir, "data")}
	if _, _, err := run(t, env, "", "demo"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format, member, lang string
		want                 []string
	}{
		{"pdf", "", "en", []string{"%PDF-1.4", "International report 2020", "Biotech Showcase 2020"}},
		{"html", "", "fr", []string{"<!doctype html>", "Rapport international 2020", "Accord entre Genopole et le Life Innovation Center de Kawasaki",
			// The demo's written text, made up and marked so, with the report's figures for the United States.
			"L’année en quelques mots", "Texte inventé pour la démo. En 2020", "<h3>États-Unis</h3>", "États-Unis cette année : accords signés 0, missions 1, événements 2 (actions : 3)."}},
		{"html", "pasteur-mi", "en", []string{"Institut Carnot Pasteur Maladies Infectieuses"}},
		{"xlsx", "", "en", []string{"PK"}},
	} {
		out := filepath.Join(dir, "r-"+tc.member+"."+tc.format)
		args := []string{"report", "--year", "2020", "--format", tc.format, "--out", out, "--lang", tc.lang}
		if tc.member != "" {
			args = append(args, "--member", tc.member)
		}
		if _, _, err := run(t, env, "", args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range tc.want {
			if !strings.Contains(string(b), s) {
				t.Errorf("%s %s: lacks %q", tc.format, tc.member, s)
			}
		}
		if tc.format == "pdf" {
			if path, err := exec.LookPath("pdftotext"); err == nil {
				txt, err := exec.Command(path, out, "-").Output()
				if err != nil || !strings.Contains(string(txt), "2020") || !strings.Contains(string(txt), "Genopole") || !strings.Contains(string(txt), "Texte inventé pour la démo") {
					t.Errorf("pdftotext: %v %.200q", err, txt)
				}
			}
		}
	}
	for _, args := range [][]string{
		{"report", "--format", "pdf", "--out", filepath.Join(dir, "bad1.pdf")},
		{"report", "--year", "2020", "--format", "doc", "--out", filepath.Join(dir, "bad2.pdf")},
		{"report", "--year", "2020", "--member", "nobody", "--out", filepath.Join(dir, "bad3.pdf")},
		{"report", "--year", "2020"},
	} {
		_, _, err := run(t, env, "", args...)
		if err == nil {
			t.Errorf("%v: no error", args)
		}
		if args[len(args)-1] == filepath.Join(dir, "bad3.pdf") && (errors.Is(err, errUsage) || !strings.Contains(err.Error(), "member nobody not found")) {
			t.Errorf("%v: %v", args, err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "bad*")); len(m) > 0 {
		t.Errorf("refused runs wrote %v", m)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".report-*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

// TestReportFiguresRule: the operator reads every record, yet the report's figures
// follow the KPIs' rule as `passerelle kpi` computes them: the network's count what
// members share, a member's its private records too.
func TestReportFiguresRule(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := &passerelle.Workspace{Slug: "w", Name: "W"}
	if err := store.NewWorkspaceService(db).CreateWorkspace(passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true}), w); err != nil {
		t.Fatal(err)
	}
	sys := passerelle.SystemActor(w.ID)
	sctx := passerelle.NewContextWithActor(ctx, sys)
	m := &passerelle.Member{Name: "Institut A"}
	if err := store.NewWorkspaceService(db).CreateMember(sctx, m); err != nil {
		t.Fatal(err)
	}
	pipe := store.NewPipelineService(db)
	for _, p := range []*passerelle.Project{
		{Kind: passerelle.KindLicence, Title: "shared", MemberID: m.ID, Amounts: []passerelle.ProjectAmount{{Year: 2020, AmountCents: 100_00}}},
		{Kind: passerelle.KindLicence, Title: "private", MemberID: m.ID, Visibility: passerelle.VisibilityPrivate,
			Amounts: []passerelle.ProjectAmount{{Year: 2020, AmountCents: 23_00}}},
	} {
		if err := pipe.CreateProject(sctx, p); err != nil {
			t.Fatal(err)
		}
	}
	figures := reportKPIs(db)
	for _, tc := range []struct {
		name   string
		member int64
		want   int64
	}{
		{"the network: shared records only", 0, 100_00},
		{"the member: its private records too", m.ID, 123_00},
	} {
		k, err := figures(ctx, sys, passerelle.KPIFilter{Year: 2020, MemberID: tc.member})
		if err != nil {
			t.Fatal(err)
		}
		cli, err := pipe.KPIs(ctx, kpiReader(w.ID, tc.member), passerelle.KPIFilter{Year: 2020, MemberID: tc.member})
		if err != nil {
			t.Fatal(err)
		}
		if k.Money.PartnershipRevenue != tc.want || cli.Money != k.Money {
			t.Errorf("%s: report %d, kpi %d, want %d", tc.name, k.Money.PartnershipRevenue, cli.Money.PartnershipRevenue, tc.want)
		}
	}
}
