package web

import (
	"net/http"
	"strings"

	"passerelle"
	"passerelle/interchange"
)

// targetImportData is the target import page: the organisations import's preview
// (orgImportData) of the mission's file, and what became of the targets.
type targetImportData struct {
	*orgImportData
	Mission *passerelle.Mission
	Targets *passerelle.TargetImportReport
}

// targetFields lists the fields of a target file, the organisation's then the target's.
func targetFields() []string {
	out := orgFields()
	for _, f := range interchange.TargetFields {
		out = append(out, f.Field)
	}
	return out
}

// formMapping reads the columns chosen on screen ("map-FIELD"; empty: none), nil when
// the form has none (the first preview: the headers are recognised).
func formMapping(r *http.Request, fields []string) map[string]string {
	if r.MultipartForm == nil {
		return nil
	}
	var out map[string]string
	for _, f := range fields {
		if v, ok := r.MultipartForm.Value["map-"+f]; ok && len(v) > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[f] = strings.TrimSpace(v[0])
		}
	}
	return out
}

func (s *Server) newTargetImportData(m *passerelle.Mission) *targetImportData {
	d := &targetImportData{orgImportData: newOrgImportData("/missions/" + m.Slug + "/targets/import"), Mission: m}
	d.Fields = targetFields()
	return d
}

// missionTargetImportForm is the form of a mission's target import.
func (s *Server) missionTargetImportForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.missionService().FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	p := s.newPage(r, "targetimport.title")
	p.Data = s.newTargetImportData(m)
	return s.render(w, r, "mission_target_import.html", p)
}

// missionTargetImport previews a list of targets (CSV or XLSX: each row's organisation
// matched against the directory, new, matched or ambiguous, as the organisations import
// does; nothing saved) and, once the user has settled every ambiguous row, adds them all
// to the mission or nothing.
func (s *Server) missionTargetImport(w http.ResponseWriter, r *http.Request) error {
	svc := s.missionService()
	// The mission first: another workspace's, or none, is not found before any file is read.
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	p := s.newPage(r, "targetimport.title")
	d := s.newTargetImportData(m)
	p.Data = d
	fail := func(err error) error {
		p.Errors = p.L.FormErrors(err, "file")
		return s.renderStatus(w, r, status(err), "mission_target_import.html", p)
	}
	defer removeUpload(r)
	file, err := readImportUpload(r, d.orgImportData, interchange.ReadTargetFile, interchange.TargetColumns)
	if err != nil {
		return fail(err)
	}
	d.Extras = map[int]string{}
	for _, row := range file.Rows {
		var parts []string
		for _, f := range interchange.TargetFields {
			if v := row.Extra[f.Field]; v != "" {
				parts = append(parts, p.L.Field(f.Field)+p.L.T("audit.colon")+v)
			}
		}
		d.Extras[row.Line] = strings.Join(parts, " · ")
	}
	opt := passerelle.OrgImportOptions{DryRun: r.FormValue("step") != "import", Choices: importChoices(r.MultipartForm.Value, "choice-", d.Choices)}
	rep, err := svc.ImportTargets(r.Context(), m.ID, file.Rows, opt)
	if err != nil {
		if formErr(err) && !opt.DryRun {
			// Show the preview again with the refusal: the user corrects the choices.
			opt.DryRun = true
			if rep, err2 := svc.ImportTargets(r.Context(), m.ID, file.Rows, opt); err2 == nil {
				d.show(rep)
			}
		}
		return fail(err)
	}
	d.show(rep)
	d.Done = !opt.DryRun
	if d.Done {
		s.log.Info("mission targets imported", "mission", m.ID, "file", d.FileName, "added", rep.TargetsAdded,
			"updated", rep.TargetsUpdated, "created", rep.Created)
	}
	return s.render(w, r, "mission_target_import.html", p)
}

func (d *targetImportData) show(rep *passerelle.TargetImportReport) {
	d.Targets = rep
	d.preview(&rep.OrgImportReport)
	d.Already = map[int]bool{}
	for _, l := range rep.AlreadyTargets {
		d.Already[l] = true
	}
}
