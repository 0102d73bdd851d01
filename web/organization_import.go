package web

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/interchange"
)

// maxOrgImportSize bounds an organisations file imported from the page: the file goes
// back to the browser (base64, in the confirmation form) between the preview and the
// import, so that any server of several may finish it. The command line takes more.
const maxOrgImportSize = 8 << 20

// maxPreviewRows bounds the rows the preview lists beside the ambiguous ones, which it
// always lists (each needs a choice).
const maxPreviewRows = 300

type orgImportData struct {
	Action    string // where the forms post: the page itself
	FileName  string
	Data      string // the file, base64, carried from the preview to the import
	Encoding  string
	Encodings []string
	Ignored   []string // columns no field uses
	Report    *passerelle.OrgImportReport
	Ambiguous []passerelle.OrgRowDecision
	Others    []passerelle.OrgRowDecision // the first maxPreviewRows of the others
	More      int                         // other rows not listed
	Choices   map[int]string
	Already   map[int]bool // lines the preview marks as already there (a mission's targets)
	// Extras are the cells beyond the organisation's, by line (a mission's targets: why,
	// group, availability, venue), shown under each row's name.
	Extras map[int]string
	Done   bool
}

// Extra returns what a line gives beyond its organisation, "" for nothing.
func (d *orgImportData) Extra(line int) string { return d.Extras[line] }

// Choice returns the choice made for a line ("" for none yet), for the radio buttons.
func (d *orgImportData) Choice(line int) string { return d.Choices[line] }

// IsAlready reports whether the preview marks the line as already there.
func (d *orgImportData) IsAlready(line int) bool { return d.Already[line] }

func newOrgImportData(action string) *orgImportData {
	return &orgImportData{Action: action, Encoding: interchange.Encodings[0], Encodings: interchange.Encodings, Choices: map[int]string{}}
}

func (s *Server) organizationImportForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "orgimport.title")
	p.Data = newOrgImportData("/organizations/import")
	return s.render(w, r, "organization_import.html", p)
}

// readImportUpload reads the file of a preview-then-import page into d: the file chosen
// (at most maxOrgImportSize), or, on the confirmation, the one the preview carried back;
// then reads its rows with read (CSV in the encoding chosen, or XLSX). Its errors name
// the form's "file" field.
func readImportUpload(w http.ResponseWriter, r *http.Request, d *orgImportData,
	read func(path, enc string, mapping map[string]string) (*interchange.OrgFile, error)) (*interchange.OrgFile, error) {
	tooBig := passerelle.FieldError("file", "choose a file (.csv or .xlsx) of at most 8 MB")
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxOrgImportSize+1<<20)
	if err := r.ParseMultipartForm(4 * maxOrgImportSize); err != nil {
		return nil, tooBig
	}
	enc, err := interchange.ParseEncoding(r.FormValue("encoding"))
	if err != nil {
		return nil, err
	}
	d.Encoding = enc
	var content []byte
	if file, hdr, err := r.FormFile("file"); err == nil {
		defer file.Close()
		d.FileName = filepath.Base(hdr.Filename)
		buf := make([]byte, maxOrgImportSize+1)
		n, _ := io.ReadFull(file, buf)
		if n > maxOrgImportSize {
			return nil, tooBig
		}
		content = buf[:n]
	} else if data := r.FormValue("data"); data != "" {
		d.FileName = filepath.Base(r.FormValue("file_name"))
		if content, err = base64.StdEncoding.DecodeString(data); err != nil || len(content) > maxOrgImportSize {
			return nil, tooBig
		}
	} else {
		return nil, tooBig
	}
	d.Data = base64.StdEncoding.EncodeToString(content)
	dir, err := os.MkdirTemp("", "passerelle-orgs")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ext := strings.ToLower(filepath.Ext(d.FileName))
	if ext != ".xlsx" {
		ext = ".csv"
	}
	path := filepath.Join(dir, "upload"+ext)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return nil, err
	}
	file, err := read(path, d.Encoding, nil)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.EINVALID {
			return nil, passerelle.FieldError("file", "%v", passerelle.ErrorMsg(err))
		}
		return nil, passerelle.FieldError("file", "not a readable CSV or XLSX file")
	}
	d.Ignored = file.Ignored
	return file, nil
}

// removeUpload removes the temporary files of a multipart form, if one was read.
func removeUpload(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// importChoices reads the choices of the ambiguous rows (fields choice-LINE: a
// candidate's id, new or skip) into d, for the form, and into the import's options.
func importChoices(form url.Values, d *orgImportData) map[int]int64 {
	out := map[int]int64{}
	for k, vs := range form {
		line, err := strconv.Atoi(strings.TrimPrefix(k, "choice-"))
		if !strings.HasPrefix(k, "choice-") || err != nil || len(vs) == 0 {
			continue
		}
		d.Choices[line] = vs[0]
		switch vs[0] {
		case "new":
			out[line] = passerelle.ChoiceNew
		case "skip":
			out[line] = passerelle.ChoiceSkip
		default:
			if id, err := strconv.ParseInt(vs[0], 10, 64); err == nil && id > 0 {
				out[line] = id
			}
		}
	}
	return out
}

// organizationImport previews an organisations file (each row new, matched or ambiguous,
// with the engine's reasons; nothing saved) and, once the user has settled every
// ambiguous row, imports it all or nothing.
func (s *Server) organizationImport(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "orgimport.title")
	d := newOrgImportData("/organizations/import")
	p.Data = d
	fail := func(err error) error {
		p.Errors = p.L.FormErrors(err, "file")
		return s.renderStatus(w, r, status(err), "organization_import.html", p)
	}
	defer removeUpload(r)
	file, err := readImportUpload(w, r, d, interchange.ReadOrgFile)
	if err != nil {
		return fail(err)
	}
	opt := passerelle.OrgImportOptions{DryRun: r.FormValue("step") != "import", Choices: importChoices(r.MultipartForm.Value, d)}
	rep, err := s.orgs.ImportOrganizationRows(r.Context(), file.Rows, opt)
	if err != nil {
		if formErr(err) && !opt.DryRun {
			// Show the preview again with the refusal: the user corrects the choices.
			opt.DryRun = true
			if rep, err2 := s.orgs.ImportOrganizationRows(r.Context(), file.Rows, opt); err2 == nil {
				d.preview(rep)
			}
		}
		return fail(err)
	}
	d.preview(rep)
	d.Done = !opt.DryRun
	if d.Done {
		s.log.Info("organisations imported", "file", d.FileName, "created", rep.Created, "linked", rep.Matched, "skipped", rep.Skipped)
	}
	return s.render(w, r, "organization_import.html", p)
}

func (d *orgImportData) preview(rep *passerelle.OrgImportReport) {
	d.Report = rep
	d.Ambiguous, d.Others, d.More = nil, nil, 0
	for _, row := range rep.Rows {
		switch {
		case row.Decision == passerelle.DecisionAmbiguous:
			d.Ambiguous = append(d.Ambiguous, row)
		case len(d.Others) < maxPreviewRows:
			d.Others = append(d.Others, row)
		default:
			d.More++
		}
	}
}
