package web

import (
	"archive/zip"
	"errors"
	"io"
	"iter"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/interchange"
)

type agrImportData struct {
	FileName  string
	Skip      bool
	Encoding  string   // of CSV files
	Encodings []string // the choices
	Result    *passerelle.AgreementImportResult
	Problems  []importProblemView // the first passerelle.MaxImportProblems
	More      int                 // problems not listed
	Total     int                 // problems in all
	Done      bool                // something was imported
	Ignored   []string            // what the file holds that the import does not read
}

type importProblemView struct {
	Sheet, Field, Message string
	Row                   int
}

// maxZipCSV bounds the CSV files taken from an uploaded ZIP (an export has six).
const maxZipCSV = 50

// maxImportSize bounds an uploaded file; the Atlas's 12,000 agreements make a 13 MB
// workbook.
const maxImportSize = 64 << 20

func (s *Server) agreementImportForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "agr.import.title")
	p.Data = &agrImportData{Encoding: interchange.Encodings[0], Encodings: interchange.Encodings}
	return s.render(w, r, "agreement_import.html", p)
}

// agreementImport reads an uploaded workbook, JSON file, CSV file or ZIP of CSV files
// (in the encoding chosen, for CSV) and imports it all or nothing (unless the user asks to skip the bad rows), listing
// every bad row by sheet, row and field.
func (s *Server) agreementImport(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "agr.import.title")
	d := &agrImportData{Encoding: interchange.Encodings[0], Encodings: interchange.Encodings}
	p.Data = d
	fail := func(err error) error {
		p.Errors = p.L.FormErrors(err, "file")
		return s.renderStatus(w, r, http.StatusUnprocessableEntity, "agreement_import.html", p)
	}
	// The form was read by limitRequest (within maxUploadBody): this finds it read.
	if err := r.ParseMultipartForm(maxFormMemory); err != nil {
		return fail(passerelle.FieldError("file", "choose a file (.xlsx, .json, .csv or .zip of CSV files)"))
	}
	defer r.MultipartForm.RemoveAll()
	d.Skip = r.FormValue("skip_invalid") == "1"
	enc, err := interchange.ParseEncoding(r.FormValue("encoding"))
	if err != nil {
		return fail(err)
	}
	d.Encoding = enc
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(passerelle.FieldError("file", "choose a file (.xlsx, .json, .csv or .zip of CSV files)"))
	}
	defer file.Close()
	d.FileName = hdr.Filename
	dir, err := os.MkdirTemp("", "passerelle-import")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	items, ignored, err := readImportFile(file, hdr.Filename, dir, d.Encoding)
	d.Ignored = ignoredLines(p.L, ignored)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.EINTERNAL {
			err = passerelle.FieldError("file", "%s", err.Error())
		}
		return fail(err)
	}
	res, err := s.agreementStore().ImportAgreements(r.Context(), items, d.Skip)
	d.Result = res
	if res != nil {
		for _, pr := range res.Problems {
			sheet, field, _ := strings.Cut(pr.Field, ".")
			if sheet == "" {
				sheet = "file"
			}
			d.Problems = append(d.Problems, importProblemView{Sheet: p.L.ImportTable(sheet), Row: pr.Line, Field: p.L.ImportField(sheet, field), Message: p.L.Text(pr.Message)})
		}
		d.More, d.Total = res.MoreProblems, res.ProblemCount()
	}
	if err != nil {
		if res == nil || len(res.Problems) == 0 {
			if c := passerelle.ErrorCode(err); c != passerelle.EINVALID {
				return err
			}
			return fail(err)
		}
		return s.renderStatus(w, r, http.StatusUnprocessableEntity, "agreement_import.html", p)
	}
	d.Done = true
	return s.render(w, r, "agreement_import.html", p)
}

// ignoredLines says, a line per kind and table, what a file holds that the import does
// not read, as the command line does.
func ignoredLines(l *Localizer, ig *interchange.AgreementIgnored) []string {
	if ig.Empty() {
		return nil
	}
	var out []string
	if len(ig.Sheets) > 0 {
		out = append(out, l.T("agr.import.ignored_sheets", strings.Join(ig.Sheets, ", ")))
	}
	if len(ig.Files) > 0 {
		out = append(out, l.T("agr.import.ignored_files", strings.Join(ig.Files, ", ")))
	}
	for _, s := range interchange.AgreementSheets {
		if cols := ig.Columns[s]; len(cols) > 0 {
			out = append(out, l.T("agr.import.ignored_columns", l.ImportTable(s), strings.Join(cols, ", ")))
		}
		if rows := ig.Beyond[s]; len(rows) > 0 {
			var list []string
			for _, r := range rows[:min(len(rows), 20)] {
				list = append(list, strconv.Itoa(r))
			}
			if len(rows) > 20 {
				list = append(list, "…")
			}
			out = append(out, l.T("agr.import.ignored_cells", l.ImportTable(s), strings.Join(list, ", ")))
		}
	}
	return out
}

// readImportFile reads an upload by its extension, else by its first bytes; a ZIP holds
// the CSV files of an export (agreements.csv, partners.csv, ...).
func readImportFile(f io.Reader, name, dir, enc string) (iter.Seq2[*passerelle.AgreementImportItem, error], *interchange.AgreementIgnored, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".xlsx", ".json", ".csv", ".zip":
	default:
		ext = ""
	}
	base := "upload" + ext
	if ext == ".csv" {
		base = "agreements.csv" // a single CSV file is the agreements table
	}
	path := filepath.Join(dir, base)
	out, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	n, err := io.Copy(out, io.LimitReader(f, maxImportSize+1))
	out.Close()
	if err != nil {
		return nil, nil, err
	}
	if n > maxImportSize {
		return nil, nil, passerelle.FieldError("file", "the file is larger than 64 MB")
	}
	if ext == ".zip" {
		csvDir := filepath.Join(dir, "csv")
		if err := unzipCSV(path, csvDir); err != nil {
			return nil, nil, err
		}
		path = csvDir
	}
	items, ignored, err := interchange.ReadAgreementFile(path, enc)
	if err != nil {
		return nil, nil, importErr(err)
	}
	return items, ignored, nil
}

func importErr(err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return passerelle.FieldError("file", "the ZIP has no agreements.csv")
	}
	if passerelle.ErrorCode(err) == passerelle.EINVALID {
		return passerelle.FieldError("file", "%v", passerelle.ErrorMsg(err))
	}
	return passerelle.FieldError("file", "not a readable agreements file")
}

// unzipCSV extracts the CSV files of a ZIP, by their base names only, at most
// maxZipCSV: the reader then tells the tables (in English or French) from the files it
// does not read, which the page lists.
func unzipCSV(path, dir string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return passerelle.FieldError("file", "not a ZIP file")
	}
	defer zr.Close()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// The CSV files together may hold maxImportSize, as an upload may: a file over it
	// is refused, not cut short or left out without a word.
	n, left := 0, int64(maxImportSize)
	tooBig := passerelle.FieldError("file", "the ZIP's CSV files hold more than 64 MB")
	for _, zf := range zr.File {
		base := filepath.Base(zf.Name)
		if !strings.EqualFold(filepath.Ext(base), ".csv") || strings.HasPrefix(base, ".") {
			continue
		}
		if n++; n > maxZipCSV {
			return passerelle.FieldError("file", "the ZIP holds more than %d CSV files", maxZipCSV)
		}
		if zf.UncompressedSize64 > uint64(left) {
			return tooBig
		}
		rc, err := zf.Open()
		if err != nil {
			return passerelle.FieldError("file", "the ZIP is damaged")
		}
		out, err := os.Create(filepath.Join(dir, base))
		if err != nil {
			rc.Close()
			return err
		}
		w, err := io.Copy(out, io.LimitReader(rc, left+1))
		rc.Close()
		out.Close()
		if err != nil {
			return passerelle.FieldError("file", "the ZIP is damaged")
		}
		if left -= w; left < 0 {
			return tooBig // its header said less than it holds
		}
	}
	return nil
}
