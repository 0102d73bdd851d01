package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"passerelle"
)

// AgreementWriter writes agreements page by page as JSON, CSV or XLSX, so that an export
// of the Atlas's 12,000 agreements never holds them all.
//
//   - json: {"agreements": [...]}, every field, as the API gives them.
//   - xlsx: one workbook, one sheet per table (agreements, partners, funding, actions,
//     contacts, volunteers, documents).
//   - csv: with a directory, one file per table (agreements.csv, partners.csv, ...);
//     without one, the agreements table alone, to the writer.
type AgreementWriter struct {
	format  string
	w       io.Writer
	n       int
	csvs    map[string]*csv.Writer
	files   []*os.File
	xlsx    *excelize.File
	streams map[string]*excelize.StreamWriter
	rows    map[string]int
}

// NewAgreementWriter starts an export in format json, csv or xlsx. dir, for csv only,
// is the directory that receives one file per table.
func NewAgreementWriter(w io.Writer, format, dir string) (*AgreementWriter, error) {
	aw := &AgreementWriter{format: format, w: w}
	heads := AgreementHeaders()
	switch format {
	case "json":
		_, err := io.WriteString(w, `{"agreements": [`)
		return aw, err
	case "csv":
		aw.csvs = map[string]*csv.Writer{}
		if dir == "" {
			aw.csvs["agreements"] = csv.NewWriter(w)
		} else {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, err
			}
			for _, s := range AgreementSheets {
				f, err := os.Create(filepath.Join(dir, s+".csv"))
				if err != nil {
					aw.closeFiles()
					return nil, err
				}
				aw.files = append(aw.files, f)
				aw.csvs[s] = csv.NewWriter(f)
			}
		}
		for s, cw := range aw.csvs {
			if err := writeCSV(cw, heads[s]); err != nil {
				return nil, err
			}
		}
		return aw, nil
	case "xlsx":
		aw.xlsx = excelize.NewFile()
		aw.streams, aw.rows = map[string]*excelize.StreamWriter{}, map[string]int{}
		for i, s := range AgreementSheets {
			if i == 0 {
				if err := aw.xlsx.SetSheetName("Sheet1", s); err != nil {
					return nil, err
				}
			} else if _, err := aw.xlsx.NewSheet(s); err != nil {
				return nil, err
			}
			sw, err := aw.xlsx.NewStreamWriter(s)
			if err != nil {
				return nil, err
			}
			aw.streams[s] = sw
			if err := aw.xlsxRow(s, heads[s]); err != nil {
				return nil, err
			}
		}
		return aw, nil
	}
	return nil, passerelle.FieldError("format", "use csv, xlsx or json")
}

// numeric columns are written as numbers in XLSX, so that a spreadsheet can sum them.
var numeric = map[string]bool{"amount": true, "water_amount": true, "year": true, "signed_year": true, "funding_total": true, "phase": true, "action": true, "size": true}

func (aw *AgreementWriter) xlsxRow(sheet string, r []string) error {
	aw.rows[sheet]++
	head := AgreementHeaders()[sheet]
	vals := make([]any, len(r))
	for i, v := range r {
		vals[i] = v
		if aw.rows[sheet] > 1 && numeric[head[i]] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				vals[i] = n
			}
		}
	}
	cellName, err := excelize.CoordinatesToCellName(1, aw.rows[sheet])
	if err != nil {
		return err
	}
	return aw.streams[sheet].SetRow(cellName, vals)
}

// Write adds a page of agreements.
func (aw *AgreementWriter) Write(as []*passerelle.Agreement) error {
	for _, a := range as {
		aw.n++
		switch aw.format {
		case "json":
			b, err := json.Marshal(a)
			if err != nil {
				return err
			}
			sep := ",\n"
			if aw.n == 1 {
				sep = "\n"
			}
			if _, err := io.WriteString(aw.w, sep); err != nil {
				return err
			}
			if _, err := aw.w.Write(b); err != nil {
				return err
			}
		default:
			for sheet, rows := range AgreementRows(a, strconv.Itoa(aw.n)) {
				for _, r := range rows {
					var err error
					if aw.xlsx != nil {
						err = aw.xlsxRow(sheet, r)
					} else if cw := aw.csvs[sheet]; cw != nil {
						err = writeCSV(cw, r)
					}
					if err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// Close ends the export.
func (aw *AgreementWriter) Close() error {
	switch aw.format {
	case "json":
		_, err := io.WriteString(aw.w, "\n]}\n")
		return err
	case "csv":
		var first error
		for _, cw := range aw.csvs {
			cw.Flush()
			if err := cw.Error(); err != nil && first == nil {
				first = err
			}
		}
		if err := aw.closeFiles(); err != nil && first == nil {
			first = err
		}
		return first
	case "xlsx":
		defer aw.xlsx.Close()
		for _, s := range AgreementSheets {
			if err := aw.streams[s].Flush(); err != nil {
				return err
			}
		}
		_, err := aw.xlsx.WriteTo(aw.w)
		return err
	}
	return nil
}

func (aw *AgreementWriter) closeFiles() error {
	var first error
	for _, f := range aw.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	aw.files = nil
	return first
}

// Limits of a workbook, checked on the ZIP's directory before anything is
// decompressed, so that a small file cannot unpack into gigabytes (a 0.9 MB workbook
// holding one 900 MB cell used to take 5 GB). The Atlas's 12,000 agreements make a
// 13 MB workbook of about 130 MB of XML; spreadsheet XML compresses 5 to 50 times.
const (
	xlsxMaxFile     = 256 << 20 // bytes read from the reader
	xlsxMaxUnzipped = 512 << 20 // all parts, uncompressed
	xlsxMaxRatio    = 200       // uncompressed / compressed, for parts over xlsxRatioFrom
	xlsxRatioFrom   = 1 << 20
	// XLSXMaxCell is Excel's own limit on a cell, in characters.
	XLSXMaxCell = 32767
	// xlsxMaxRun bounds the bytes between two XML tags of a sheet: a cell of
	// XLSXMaxCell characters, each at most 4 bytes or an entity such as &quot;.
	xlsxMaxRun = XLSXMaxCell * 6
	// maxColumns and xlsxMaxCells bound what a sheet's rows hold in memory (maxColumns
	// a CSV row's too): the library pads a row with an empty cell for every column
	// before its last one, so one value in column XFD (16,384) costs 256 KB in 30 bytes
	// of XML, and a few thousand such rows gigabytes. A list has far fewer columns; the
	// cells are counted as held, blank ones included.
	maxColumns   = 1024
	xlsxMaxCells = 10_000_000
	// xlsxMaxRows is a spreadsheet's own limit on rows; a sheet may repeat a row's
	// number, so the rows read are counted.
	xlsxMaxRows = 1 << 20
)

// checkXLSXRow refuses the nth row read of a sheet when it reaches past
// maxColumns, or past a spreadsheet's last row.
func checkXLSXRow(name string, n int, row []string) error {
	if n > xlsxMaxRows {
		return passerelle.Errorf(passerelle.EINVALID, "sheet %s: more than %d rows, the most a spreadsheet holds", name, xlsxMaxRows)
	}
	if len(row) > maxColumns {
		return passerelle.Errorf(passerelle.EINVALID, "sheet %s row %d: a cell in column %s, past column %s: a list has at most %d columns", name, n, columnName(len(row)-1), columnName(maxColumns-1), maxColumns)
	}
	return nil
}

// checkXLSXZip refuses a workbook whose parts are too large or too compressed, from the
// sizes its ZIP directory declares (archive/zip, which excelize reads through, fails a
// part that inflates beyond its declared size). Then it reads the sheets and shared
// strings once, in constant memory, for a run of text too long to be a cell: the XML
// decoder would hold such a token whole.
func checkXLSXZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return passerelle.Errorf(passerelle.EINVALID, "not an XLSX file: %v", err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > xlsxMaxUnzipped {
			return passerelle.Errorf(passerelle.EINVALID, "the workbook unpacks to more than %d MB", xlsxMaxUnzipped>>20)
		}
		if f.UncompressedSize64 > xlsxRatioFrom && f.UncompressedSize64 > xlsxMaxRatio*f.CompressedSize64 {
			return passerelle.Errorf(passerelle.EINVALID, "part %s of the workbook is compressed more than %d times: not a spreadsheet's data", f.Name, xlsxMaxRatio)
		}
	}
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		if !strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedstrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return passerelle.Errorf(passerelle.EINVALID, "not an XLSX file: %v", err)
		}
		long, err := longestText(rc)
		rc.Close()
		if err != nil {
			return passerelle.Errorf(passerelle.EINVALID, "not an XLSX file: %v", err)
		}
		if long > xlsxMaxRun {
			return passerelle.Errorf(passerelle.EINVALID, "part %s of the workbook holds a cell longer than %d characters, the most a spreadsheet allows", f.Name, XLSXMaxCell)
		}
	}
	return nil
}

// longestText returns the longest run of bytes without '<' in r: the longest text or
// tag of an XML document.
func longestText(r io.Reader) (int, error) {
	buf := make([]byte, 64<<10)
	run, long := 0, 0
	for {
		n, err := r.Read(buf)
		for _, c := range buf[:n] {
			if c == '<' {
				run = 0
				continue
			}
			run++
			long = max(long, run)
		}
		if err == io.EOF {
			return long, nil
		}
		if err != nil {
			return long, err
		}
	}
}

// ReadAgreementXLSX reads the sheets of an agreements workbook; sheets that are no
// table are left (readAgreementXLSX lists them). A file that is not a workbook is an
// error, never a crash: the library's own panics on broken files are turned into
// errors. Sizes are checked before anything is decompressed (checkXLSXZip), and rows
// are read one at a time.
func ReadAgreementXLSX(r io.Reader) (map[string]*Table, error) {
	tables, _, err := readAgreementXLSX(r)
	return tables, err
}

// readAgreementXLSX reads the tables of a workbook, each from the sheet with its name
// (agreementSheetNames: the French ones too), and returns the sheets with data that are
// no table. Two sheets for one table are refused: which to read would be a guess.
func readAgreementXLSX(r io.Reader) (tables map[string]*Table, ignored []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			tables, ignored, err = nil, nil, passerelle.Errorf(passerelle.EINVALID, "not a readable XLSX file (%v)", p)
		}
	}()
	data, err := io.ReadAll(io.LimitReader(r, xlsxMaxFile+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > xlsxMaxFile {
		return nil, nil, passerelle.Errorf(passerelle.EINVALID, "the workbook is larger than %d MB", xlsxMaxFile>>20)
	}
	if err := checkXLSXZip(data); err != nil {
		return nil, nil, err
	}
	// Sheets over 16 MB are unpacked to temporary files and streamed from there.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: xlsxMaxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, nil, passerelle.Errorf(passerelle.EINVALID, "not an XLSX file: %v", err)
	}
	defer f.Close()
	tables = map[string]*Table{}
	from := map[string]string{} // table -> sheet
	for _, name := range f.GetSheetList() {
		s := agreementSheet(name)
		if s == "" {
			if has, err := sheetHasData(f, name); err != nil {
				return nil, nil, err
			} else if has {
				ignored = append(ignored, name)
			}
			continue
		}
		if prev, dup := from[s]; dup {
			return nil, nil, passerelle.Errorf(passerelle.EINVALID, "the sheets %q and %q are both the %s table: keep one", prev, name, s)
		}
		from[s] = name
		rows, err := readXLSXSheet(f, data, name)
		if err != nil {
			return nil, nil, err
		}
		t := &Table{Name: s}
		if len(rows) > 0 {
			t.Header, t.Rows = rows[0], rows[1:]
		}
		tables[s] = t
	}
	if tables["agreements"] == nil {
		return nil, nil, passerelle.Errorf(passerelle.EINVALID, "the workbook has no sheet named agreements (sheets: %v)", f.GetSheetList())
	}
	if err := checkAgreementTables(tables); err != nil {
		return nil, nil, err
	}
	return tables, ignored, nil
}

// sheetHasData reports whether a sheet has a cell that is not blank.
func sheetHasData(f *excelize.File, name string) (bool, error) {
	it, err := f.Rows(name)
	if err != nil {
		return false, passerelle.Errorf(passerelle.EINVALID, "sheet %s: %v", name, err)
	}
	defer it.Close()
	cells := 0
	for n := 1; it.Next(); n++ {
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return false, passerelle.Errorf(passerelle.EINVALID, "sheet %s: %v", name, err)
		}
		if err := checkXLSXRow(name, n, row); err != nil {
			return false, err
		}
		if cells += len(row); cells > xlsxMaxCells {
			return false, passerelle.Errorf(passerelle.EINVALID, "sheet %s: more than %d cells by row %d: split the file", name, xlsxMaxCells, n)
		}
		if !blank(row) {
			return true, nil
		}
	}
	return false, it.Error()
}

// readXLSXSheet reads a sheet row by row, as GetRows would (a missing row is an empty
// one), and refuses a cell longer than a spreadsheet allows. Values are read raw (a
// number as stored, not as formatted), but a date cell is read as a date (xlsxDateCells);
// data is the workbook's file.
func readXLSXSheet(f *excelize.File, data []byte, name string) ([][]string, error) {
	dates, err := xlsxDateCells(f, data, name)
	if err != nil {
		return nil, passerelle.Errorf(passerelle.EINVALID, "sheet %s: %v", name, err)
	}
	it, err := f.Rows(name)
	if err != nil {
		return nil, passerelle.Errorf(passerelle.EINVALID, "sheet %s: %v", name, err)
	}
	defer it.Close()
	var out [][]string
	n, cells := 0, 0
	for it.Next() {
		n++
		row, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, passerelle.Errorf(passerelle.EINVALID, "sheet %s row %d: %v", name, n, err)
		}
		if err := checkXLSXRow(name, n, row); err != nil {
			return nil, err
		}
		if cells += len(row); cells > xlsxMaxCells {
			return nil, passerelle.Errorf(passerelle.EINVALID, "sheet %s: more than %d cells by row %d: split the file", name, xlsxMaxCells, n)
		}
		if len(row) == 0 {
			continue
		}
		for i, c := range row {
			if len(c) > XLSXMaxCell && utf8.RuneCountInString(c) > XLSXMaxCell {
				col, _ := excelize.ColumnNumberToName(i + 1)
				return nil, passerelle.Errorf(passerelle.EINVALID, "sheet %s cell %s%d: longer than %d characters, the most a spreadsheet allows", name, col, n, XLSXMaxCell)
			}
		}
		for i := range row {
			if d, ok := dates[xlsxCell{i + 1, n}]; ok && row[i] != "" {
				row[i] = d
			}
		}
		for len(out) < n-1 {
			out = append(out, nil)
		}
		out = append(out, row)
	}
	if err := it.Error(); err != nil {
		return nil, passerelle.Errorf(passerelle.EINVALID, "sheet %s: %v", name, err)
	}
	return out, nil
}

// columnName is the spreadsheet's name of the column at index i (from 0): A, B, ... AA.
func columnName(i int) string {
	c, _ := excelize.ColumnNumberToName(i + 1)
	return c
}

// OpenAgreementFile reads an agreements file of any kind: a workbook (.xlsx), JSON, a
// CSV file or a directory of CSV files; by extension, else by its first bytes. enc is
// the encoding of CSV files ("" for UTF-8, see Encodings); JSON is always UTF-8.
func OpenAgreementFile(path, enc string) (iter.Seq2[*passerelle.AgreementImportItem, error], error) {
	items, _, err := ReadAgreementFile(path, enc)
	return items, err
}

// ReadAgreementFile is OpenAgreementFile that also returns what the file holds and the
// import does not read (nil for JSON, whose unknown keys encoding/json drops).
func ReadAgreementFile(path, enc string) (iter.Seq2[*passerelle.AgreementImportItem, error], *AgreementIgnored, error) {
	if _, err := ParseEncoding(enc); err != nil {
		return nil, nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	var tables map[string]*Table
	var sheets, files []string
	data := []byte(nil)
	if !st.IsDir() {
		if data, err = os.ReadFile(path); err != nil {
			return nil, nil, err
		}
	}
	kind := strings.ToLower(filepath.Ext(path))
	switch {
	case st.IsDir():
		tables, files, err = readAgreementCSVFiles(path, enc)
	case kind == ".xlsx" || bytes.HasPrefix(data, []byte("PK\x03\x04")):
		tables, sheets, err = readAgreementXLSX(bytes.NewReader(data))
	case kind == ".json" || bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) || bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")):
		list, err := agreementsJSONList(data)
		if err != nil {
			return nil, nil, err
		}
		return agreementsFromJSON(list), nil, nil
	default:
		tables, files, err = readAgreementCSVFiles(path, enc)
	}
	if err != nil {
		return nil, nil, err
	}
	ig := IgnoredInTables(tables)
	ig.Sheets, ig.Files = sheets, files
	return AgreementItems(tables), ig, nil
}
