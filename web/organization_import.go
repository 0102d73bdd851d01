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
	"unicode/utf8"

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

// importUpload is what every preview-then-import page carries: the file between the
// preview and the import, its character set, the columns ignored and the choices made
// for the ambiguous rows.
type importUpload struct {
	Action    string // where the forms post: the page itself
	FileName  string
	Data      string // the file, base64, carried from the preview to the import
	Encoding  string
	Encodings []string
	Ignored   []string // columns no field uses
	// Above is what the title rows above the header held, skipped; HeaderLine is the
	// header's line then.
	Above      []string
	HeaderLine int
	Choices    map[int]string
	Done       bool
	// Mapping is the columns chosen on screen (field -> header, "" for none) that the
	// forms carry to the next step, so that the import reads the file as previewed.
	Mapping map[string]string
	// The columns mapped on screen: the file's header, each field's column (the
	// header's recognition, or the user's choice), and the fields in order.
	Header  []string
	Columns map[string]string
	Fields  []string
}

// Column returns the column that feeds a field, "" for none.
func (u *importUpload) Column(field string) string { return u.Columns[field] }

// setColumns keeps a file's header and the column of each field for the page to show
// and change, and carries them to the next step.
func (u *importUpload) setColumns(header []string, columns map[string]string) {
	if header == nil {
		return
	}
	u.Header, u.Columns = header, columns
	u.Mapping = map[string]string{}
	for _, f := range u.Fields {
		u.Mapping[f] = columns[f]
	}
}

// orgFields lists the fields of an organisations file, in order.
func orgFields() []string {
	var out []string
	for _, f := range interchange.OrgFields {
		out = append(out, f.Field)
	}
	return out
}

func newImportUpload(action string) importUpload {
	return importUpload{Action: action, Encoding: interchange.Encodings[0], Encodings: interchange.Encodings, Choices: map[int]string{}}
}

// Choice returns the choice made for a line ("" for none yet), for the radio buttons.
func (u *importUpload) Choice(line int) string { return u.Choices[line] }

type orgImportData struct {
	importUpload
	Report    *passerelle.OrgImportReport
	Ambiguous []passerelle.OrgRowDecision
	Others    []passerelle.OrgRowDecision // the first maxPreviewRows of the others
	More      int                         // other rows not listed
	Already   map[int]bool                // lines the preview marks as already there (a mission's targets)
	// Extras are the cells beyond the organisation's, by line (a mission's targets: why,
	// group, availability, venue), shown under each row's name.
	Extras map[int]string
}

// Extra returns what a line gives beyond its organisation, "" for nothing.
func (d *orgImportData) Extra(line int) string { return d.Extras[line] }

// IsAlready reports whether the preview marks the line as already there.
func (d *orgImportData) IsAlready(line int) bool { return d.Already[line] }

func newOrgImportData(action string) *orgImportData {
	d := &orgImportData{importUpload: newImportUpload(action)}
	d.Fields = orgFields()
	return d
}

func (s *Server) organizationImportForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "orgimport.title")
	p.Data = newOrgImportData("/organizations/import")
	return s.render(w, r, "organization_import.html", p)
}

// readImportUpload reads the organisations file of a preview-then-import page into d
// (see readUpload) with the columns chosen on screen (d.Fields), and keeps its header
// and each field's column for the page; when read refuses the file (no name column, a
// bad row), columns offers them from its header so that the user can change them.
func readImportUpload(r *http.Request, d *orgImportData,
	read func(path, enc string, mapping map[string]string) (*interchange.OrgFile, error),
	columns func(path, enc string, mapping map[string]string) ([]string, map[string]string, error)) (*interchange.OrgFile, error) {
	var file *interchange.OrgFile
	err := readUpload(r, &d.importUpload, func(path, enc string) (ignored []string, err error) {
		mapping := formMapping(r, d.Fields)
		if file, err = read(path, enc, mapping); err != nil {
			if h, c, err2 := columns(path, enc, mapping); err2 == nil {
				d.setColumns(h, c)
			}
			return nil, err
		}
		d.setColumns(file.Header, file.Columns)
		d.Above, d.HeaderLine = shortList(file.Above), file.HeaderLine
		return file.Ignored, nil
	})
	return file, err
}

// readUpload reads the file of a preview-then-import page into u: the file chosen (at
// most maxOrgImportSize), or, on the confirmation, the one the preview carried back;
// then reads its rows with read (CSV in the encoding chosen, or XLSX), which returns the
// columns it ignored. Its errors name the form's "file" field.
func readUpload(r *http.Request, u *importUpload, read func(path, enc string) ([]string, error)) error {
	tooBig := passerelle.FieldError("file", "choose a file (.csv or .xlsx) of at most 8 MB")
	// The form was read by limitRequest (within maxOrgUploadBody): this finds it read.
	if err := r.ParseMultipartForm(maxFormMemory); err != nil {
		return tooBig
	}
	enc, err := interchange.ParseEncoding(r.FormValue("encoding"))
	if err != nil {
		return err
	}
	u.Encoding = enc
	var content []byte
	if file, hdr, err := r.FormFile("file"); err == nil {
		defer file.Close()
		u.FileName = filepath.Base(hdr.Filename)
		buf := make([]byte, maxOrgImportSize+1)
		n, _ := io.ReadFull(file, buf)
		if n > maxOrgImportSize {
			return tooBig
		}
		content = buf[:n]
	} else if data := r.FormValue("data"); data != "" {
		u.FileName = filepath.Base(r.FormValue("file_name"))
		if content, err = base64.StdEncoding.DecodeString(data); err != nil || len(content) > maxOrgImportSize {
			return tooBig
		}
	} else {
		return tooBig
	}
	u.Data = base64.StdEncoding.EncodeToString(content)
	dir, err := os.MkdirTemp("", "passerelle-import")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ext := strings.ToLower(filepath.Ext(u.FileName))
	if ext != ".xlsx" {
		ext = ".csv"
	}
	path := filepath.Join(dir, "upload"+ext)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return err
	}
	ignored, err := read(path, u.Encoding)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.EINVALID {
			return passerelle.FieldError("file", "%v", passerelle.ErrorMsg(err))
		}
		return passerelle.FieldError("file", "not a readable CSV or XLSX file")
	}
	u.Ignored = shortList(ignored)
	return nil
}

// shortList bounds a file's column names shown on a page: the first 50, each cut at
// 100 characters, then an ellipsis; a file may name a thousand columns of a megabyte.
func shortList(names []string) []string {
	const most, long = 50, 100
	out := make([]string, 0, min(len(names), most)+1)
	for _, n := range names[:min(len(names), most)] {
		if utf8.RuneCountInString(n) > long {
			n = string([]rune(n)[:long]) + "…"
		}
		out = append(out, n)
	}
	if len(names) > most {
		out = append(out, "…")
	}
	return out
}

// removeUpload removes the temporary files of a multipart form, if one was read.
func removeUpload(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// importChoices reads the choices of the ambiguous rows (fields PREFIX-LINE, such as
// choice-5: a candidate's id, new or skip) into shown, for the form, and into the
// import's options.
func importChoices(form url.Values, prefix string, shown map[int]string) map[int]int64 {
	out := map[int]int64{}
	for k, vs := range form {
		line, err := strconv.Atoi(strings.TrimPrefix(k, prefix))
		if !strings.HasPrefix(k, prefix) || err != nil || len(vs) == 0 {
			continue
		}
		shown[line] = vs[0]
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
	file, err := readImportUpload(r, d, interchange.ReadOrgFile, interchange.OrgFileColumns)
	if err != nil {
		return fail(err)
	}
	opt := passerelle.OrgImportOptions{DryRun: r.FormValue("step") != "import", Choices: importChoices(r.MultipartForm.Value, "choice-", d.Choices)}
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
