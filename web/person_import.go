package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"passerelle"
	"passerelle/interchange"
)

// personImportData is the contact list import page: the file carried from the preview
// to the import, each row's decision, and the choices of the ambiguous rows (the
// person in Choices, the organisation of a row whose organisation is unclear in
// OrgChoices).
type personImportData struct {
	importUpload
	OrgChoices map[int]string
	Report     *passerelle.PersonImportReport
	Ambiguous  []passerelle.PersonRowDecision
	Others     []passerelle.PersonRowDecision // the first maxPreviewRows of the others
	More       int                            // other rows not listed
	// Details tell apart the candidates of the ambiguous rows, who often share a name: a
	// person's emails and organisations, an organisation's city and country; by id.
	PersonDetails, OrgDetails map[int64]string
}

func newPersonImportData() *personImportData {
	d := &personImportData{importUpload: newImportUpload("/people/import"), OrgChoices: map[int]string{}}
	for _, f := range interchange.PersonFields {
		d.Fields = append(d.Fields, f.Field)
	}
	return d
}

// OrgChoice returns the organisation chosen for a line ("" for none yet).
func (d *personImportData) OrgChoice(line int) string { return d.OrgChoices[line] }

// PersonDetail and OrgDetail describe a candidate ("" when there is nothing to say).
func (d *personImportData) PersonDetail(id int64) string { return d.PersonDetails[id] }
func (d *personImportData) OrgDetail(id int64) string    { return d.OrgDetails[id] }

// describeCandidates fills the details of the ambiguous rows' candidates, read as the
// user may see them (the candidates are people and organisations they see).
func (s *Server) describeCandidates(ctx context.Context, d *personImportData, l *Localizer) {
	d.PersonDetails, d.OrgDetails = map[int64]string{}, map[int64]string{}
	for _, row := range d.Ambiguous {
		for _, c := range row.Candidates {
			if _, ok := d.PersonDetails[c.ID]; ok {
				continue
			}
			p, err := s.people.FindPersonByID(ctx, c.ID)
			if err != nil {
				continue
			}
			parts := slices.Clone(p.Emails)
			for _, a := range p.Affiliations {
				parts = append(parts, a.OrganizationName)
			}
			d.PersonDetails[c.ID] = strings.Join(parts, " · ")
		}
		if row.Organization == nil {
			continue
		}
		for _, c := range row.Organization.Candidates {
			if _, ok := d.OrgDetails[c.ID]; ok {
				continue
			}
			o, err := s.orgs.FindOrganizationByID(ctx, c.ID)
			if err != nil {
				continue
			}
			var parts []string
			for _, v := range []string{o.City, l.Country(o.Country)} {
				if v != "" {
					parts = append(parts, v)
				}
			}
			d.OrgDetails[c.ID] = strings.Join(parts, ", ")
		}
	}
}

// Reasons are a row's reasons but those the page shows in their own column: the earlier
// row of the same person, the candidates of an unclear organisation.
func (d *personImportData) Reasons(row passerelle.PersonRowDecision) []string {
	var out []string
	for _, r := range row.Reasons {
		if row.SameAsLine > 0 && strings.HasPrefix(r, "same person as line ") ||
			row.Organization != nil && len(row.Organization.Candidates) > 0 && strings.HasPrefix(r, "organisation ") {
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s *Server) personImportForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "personimport.title")
	p.Data = newPersonImportData()
	return s.render(w, r, "person_import.html", p)
}

// personImport previews a contact list (each row's person new, matched or ambiguous in
// the contact book, its organisation in the directory; nothing saved) and, once the
// user has settled every ambiguous row, imports it all or nothing.
func (s *Server) personImport(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "personimport.title")
	d := newPersonImportData()
	p.Data = d
	fail := func(err error) error {
		p.Errors = p.L.FormErrors(err, "file")
		return s.renderStatus(w, r, status(err), "person_import.html", p)
	}
	defer removeUpload(r)
	var file *interchange.PersonFile
	err := readUpload(r, &d.importUpload, func(path, enc string) (ignored []string, err error) {
		mapping := formMapping(r, d.Fields)
		if file, err = interchange.ReadPersonFile(path, enc, mapping); err != nil {
			// Refused (no name column, a bad row): the columns are offered to change.
			if h, c, err2 := interchange.PersonFileColumns(path, enc, mapping); err2 == nil {
				d.setColumns(h, c)
			}
			return nil, err
		}
		d.setColumns(file.Header, file.Columns)
		d.Above, d.HeaderLine = shortList(file.Above), file.HeaderLine
		return file.Ignored, nil
	})
	if err != nil {
		return fail(err)
	}
	form := r.MultipartForm.Value
	opt := passerelle.PersonImportOptions{DryRun: r.FormValue("step") != "import",
		Choices: importChoices(form, "choice-", d.Choices), OrgChoices: importChoices(form, "org-", d.OrgChoices)}
	rep, err := s.people.ImportPersonRows(r.Context(), file.Rows, opt)
	if err != nil {
		if formErr(err) && !opt.DryRun {
			// Show the preview again with the refusal: the user corrects the choices.
			opt.DryRun = true
			if rep, err2 := s.people.ImportPersonRows(r.Context(), file.Rows, opt); err2 == nil {
				d.preview(rep)
				s.describeCandidates(r.Context(), d, p.L)
			}
		}
		return fail(err)
	}
	d.Done = !opt.DryRun
	d.preview(rep)
	if !d.Done {
		s.describeCandidates(r.Context(), d, p.L)
	}
	if d.Done {
		s.log.Info("contact list imported", "file", d.FileName, "created", rep.Created, "updated", rep.Updated,
			"skipped", rep.Skipped, "organizations_created", rep.OrgsCreated)
	}
	return s.render(w, r, "person_import.html", p)
}

// preview sorts the rows: the ambiguous ones to settle (before the import), then the
// others, at most maxPreviewRows of them.
func (d *personImportData) preview(rep *passerelle.PersonImportReport) {
	d.Report = rep
	d.Ambiguous, d.Others, d.More = nil, nil, 0
	for _, row := range rep.Rows {
		switch {
		case row.Decision == passerelle.DecisionAmbiguous && !d.Done:
			d.Ambiguous = append(d.Ambiguous, row)
		case len(d.Others) < maxPreviewRows:
			d.Others = append(d.Others, row)
		default:
			d.More++
		}
	}
}
