package web

import (
	"encoding/base64"
	"io"
	"net/http"
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
	Done      bool
}

// Choice returns the choice made for a line ("" for none yet), for the radio buttons.
func (d *orgImportData) Choice(line int) string { return d.Choices[line] }

func (s *Server) organizationImportForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "orgimport.title")
	p.Data = &orgImportData{Encoding: interchange.Encodings[0], Encodings: interchange.Encodings}
	return s.render(w, r, "organization_import.html", p)
}

// organizationImport previews an organisations file (each row new, matched or ambiguous,
// with the engine's reasons; nothing saved) and, once the user has settled every
// ambiguous row, imports it all or nothing.
func (s *Server) organizationImport(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "orgimport.title")
	d := &orgImportData{Encoding: interchange.Encodings[0], Encodings: interchange.Encodings, Choices: map[int]string{}}
	p.Data = d
	fail := func(err error) error {
		p.Errors = p.L.FormErrors(err, "file")
		return s.renderStatus(w, r, status(err), "organization_import.html", p)
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxOrgImportSize+1<<20)
	if err := r.ParseMultipartForm(4 * maxOrgImportSize); err != nil {
		return fail(passerelle.FieldError("file", "choose a file (.csv or .xlsx) of at most 8 MB"))
	}
	defer r.MultipartForm.RemoveAll()
	enc, err := interchange.ParseEncoding(r.FormValue("encoding"))
	if err != nil {
		return fail(err)
	}
	d.Encoding = enc
	var content []byte
	if file, hdr, err := r.FormFile("file"); err == nil {
		defer file.Close()
		d.FileName = filepath.Base(hdr.Filename)
		buf := make([]byte, maxOrgImportSize+1)
		n, _ := io.ReadFull(file, buf)
		if n > maxOrgImportSize {
			return fail(passerelle.FieldError("file", "choose a file (.csv or .xlsx) of at most 8 MB"))
		}
		content = buf[:n]
	} else if data := r.FormValue("data"); data != "" {
		d.FileName = filepath.Base(r.FormValue("file_name"))
		if content, err = base64.StdEncoding.DecodeString(data); err != nil || len(content) > maxOrgImportSize {
			return fail(passerelle.FieldError("file", "choose a file (.csv or .xlsx) of at most 8 MB"))
		}
	} else {
		return fail(passerelle.FieldError("file", "choose a file (.csv or .xlsx) of at most 8 MB"))
	}
	d.Data = base64.StdEncoding.EncodeToString(content)
	dir, err := os.MkdirTemp("", "passerelle-orgs")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ext := strings.ToLower(filepath.Ext(d.FileName))
	if ext != ".xlsx" {
		ext = ".csv"
	}
	path := filepath.Join(dir, "upload"+ext)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return err
	}
	file, err := interchange.ReadOrgFile(path, d.Encoding, nil)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.EINVALID {
			return fail(passerelle.FieldError("file", "%v", passerelle.ErrorMsg(err)))
		}
		return fail(passerelle.FieldError("file", "not a readable CSV or XLSX file"))
	}
	d.Ignored = file.Ignored
	opt := passerelle.OrgImportOptions{DryRun: r.FormValue("step") != "import", Choices: map[int]int64{}}
	for k, vs := range r.MultipartForm.Value {
		line, err := strconv.Atoi(strings.TrimPrefix(k, "choice-"))
		if !strings.HasPrefix(k, "choice-") || err != nil || len(vs) == 0 {
			continue
		}
		d.Choices[line] = vs[0]
		switch vs[0] {
		case "new":
			opt.Choices[line] = passerelle.ChoiceNew
		case "skip":
			opt.Choices[line] = passerelle.ChoiceSkip
		default:
			if id, err := strconv.ParseInt(vs[0], 10, 64); err == nil && id > 0 {
				opt.Choices[line] = id
			}
		}
	}
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
